// Analytics, for one code (#/codes/<id>/analytics) or for the whole tenant (#/analytics): totals,
// scans over time (humans and bots), breakdowns by source, device, OS, browser, place, referrer, bot
// and (tenant-wide) code, over a date range and interval in the browser's time zone. Every chart's
// numbers are also in a table; every name the API gives is shown as text.
import { h, replace, field, count, browserZone, showFieldError, clearFieldErrors, debounce, localDate } from './dom.js';
import { api, query, session } from './api.js';

const PRESETS = [
  { key: '24h', label: '24 hours', hours: 24 },
  { key: '7d', label: '7 days', days: 7 },
  { key: '30d', label: '30 days', days: 30 },
  { key: '90d', label: '90 days', days: 90 },
];
/** The range shown first: the API's own default for a day interval. */
const DEFAULT_PRESET = '30d';
const REFRESH_MS = 30_000;
/** Rows of a breakdown shown before "Show all", and bars in its chart. */
const TOP = 10;
/** Slices of a doughnut before the rest become "Other". */
const SLICES = 7;
/** Tenant-wide: the top codes whose labels are read (one GET each, kept for the page's life). */
const CODE_LABELS = 20;
/** Above this many buckets, the series table lists only the buckets with scans. */
const SERIES_ROWS = 200;
const COLOURS = ['#0172ad', '#e07a00', '#2e7d32', '#8e44ad', '#c62828', '#00838f', '#6d4c41', '#ad1457', '#7c8a00'];
const OTHER_COLOUR = '#8a8a8a';

// ---- dates, in the browser's zone (the zone sent as tz) ----

/** A YYYY-MM-DD string as the local midnight that starts it, or null. */
function parseDate(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s || '');
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(d.getTime()) ? null : d;
}

function addDays(s, n) {
  const d = parseDate(s);
  d.setDate(d.getDate() + n);
  return localDate(d);
}

function today() {
  return localDate(new Date());
}

// ---- names of the API's keys ----

const regionNames = (() => {
  try {
    return new Intl.DisplayNames(['en'], { type: 'region' });
  } catch {
    return null;
  }
})();

/** An ISO alpha-2 code as a country's English name; 'unknown' as Unknown; anything else as itself. */
export function countryName(code) {
  if (!code || code === 'unknown') return 'Unknown';
  try {
    return (regionNames && regionNames.of(code.toUpperCase())) || code;
  } catch {
    return code; // not a well-formed region code
  }
}

const capitalised = (k) => (k === 'unknown' ? 'Unknown' : k.charAt(0).toUpperCase() + k.slice(1));
const SOURCE_NAMES = { qr: 'QR code scans', link: 'Link clicks' };
const sourceName = (k) => SOURCE_NAMES[k] || capitalised(k);
const referrerName = (k) => (k === 'direct' ? 'Direct (no referrer)' : k);

/** Text with any http(s) URL in it as a link; the text itself only ever as text nodes. */
function linkified(text) {
  return text.split(/(https?:\/\/[^\s,;)]+)/).filter(Boolean).map((part) => (/^https?:\/\//.test(part)
    ? h('a', { href: part, rel: 'noopener noreferrer', target: '_blank' }, part)
    : part));
}

function percent(n, of) {
  if (!of || !n) return '0 %';
  const p = (n / of) * 100;
  if (p < 0.1) return '< 0.1 %';
  return `${p < 10 ? p.toFixed(1) : Math.round(p)} %`;
}

/** The share as text, and as a bar whose width is set through the CSSOM (no style attribute: CSP). */
function shareCell(n, of) {
  const bar = h('span', { class: 'share-bar' });
  bar.style.width = `${of ? Math.min(100, (n / of) * 100) : 0}%`;
  return h('td', { class: 'num share' }, h('span', { class: 'share-track', 'aria-hidden': 'true' }, bar), ' ', percent(n, of));
}

function sortedEntries(counts) {
  // sorted here too: object keys that look like integers (an all-digit code id) lose the API's order
  return Object.entries(counts || {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export async function render(view, [id]) {
  const tenantWide = !id;
  const zone = browserZone();
  const ChartJs = globalThis.Chart; // loaded by index.html before the modules run; the tables stand in without it
  let code = null;
  if (!tenantWide) {
    try {
      code = await api('GET', `/api/v1/codes/${encodeURIComponent(id)}`);
    } catch (e) {
      if (e.status === 401) throw e;
      replace(view, h('p', {}, h('a', { href: '#/' }, '← Codes')), h('h1', {}, 'Analytics'),
        h('p', { class: 'error', role: 'alert', id: 'stats-error' }, e.message));
      return undefined;
    }
  }
  const name = code ? code.label || code.slug : null;
  const statsPath = tenantWide ? '/api/v1/stats' : `/api/v1/codes/${encodeURIComponent(id)}/stats`;
  const pagePath = tenantWide ? '#/analytics' : `#/codes/${id}/analytics`;

  // ---- the range: a preset (rolling, computed at each load) or chosen dates ----

  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const state = { preset: null, from: '', to: '', interval: 'day', tag: '' };
  if (params.has('from') || params.has('to')) {
    state.from = params.get('from') || '';
    state.to = params.get('to') || '';
  } else {
    state.preset = PRESETS.some((p) => p.key === params.get('range')) ? params.get('range') : DEFAULT_PRESET;
  }
  const interval = params.get('interval');
  state.interval = interval === 'hour' || interval === 'day' ? interval : state.preset === '24h' ? 'hour' : 'day';
  state.tag = tenantWide ? params.get('tag') || '' : '';

  /** The range as API parameters (from, to) and as instants and dates for the page and the export. */
  function range() {
    const preset = PRESETS.find((p) => p.key === state.preset);
    if (preset && preset.hours) {
      const start = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - (preset.hours - 1) * 3_600_000);
      return { from: start.toISOString(), fromInstant: start.toISOString(), fromDate: localDate(start), toDate: today() };
    }
    if (preset) {
      const from = addDays(today(), -(preset.days - 1));
      return { from, fromInstant: parseDate(from).toISOString(), fromDate: from, toDate: today() };
    }
    const out = { fromDate: state.from, toDate: state.to };
    if (state.from) {
      out.from = state.from; // a bad one (typed into the address) is the API's to reject, next to the field
      const d = parseDate(state.from);
      if (d) out.fromInstant = d.toISOString();
    }
    if (state.to) {
      if (!parseDate(state.to)) {
        out.to = state.to;
      } else if (state.to < today()) { // the To date is included: the range ends when the next day starts
        out.to = addDays(state.to, 1);
        out.toInstant = parseDate(out.to).toISOString();
      } // today or later: up to now
    }
    return out;
  }

  // ---- the form ----

  const fromInput = h('input', { type: 'date', name: 'from', id: 'range-from' });
  const toInput = h('input', { type: 'date', name: 'to', id: 'range-to' });
  const intervalSelect = h('select', { name: 'interval', id: 'range-interval' },
    h('option', { value: 'hour' }, 'Hour'), h('option', { value: 'day' }, 'Day'));
  const tagInput = tenantWide
    ? h('input', { type: 'text', name: 'tag', id: 'range-tag', placeholder: 'all codes', autocomplete: 'off', spellcheck: 'false' })
    : null;
  if (tagInput) tagInput.value = state.tag;
  const presetButtons = PRESETS.map((p) => h('button', { type: 'button', id: `range-${p.key}`, dataset: { preset: p.key },
    onclick: () => choosePreset(p.key) }, p.label));
  const refresh = h('button', { type: 'button', id: 'refresh', class: 'secondary', onclick: () => load() }, 'Refresh');
  const auto = h('input', { type: 'checkbox', role: 'switch', id: 'auto-refresh', checked: true });
  const updated = h('small', { id: 'updated', class: 'muted' });
  const form = h('form', { id: 'range-form', class: 'range-form', novalidate: true, 'aria-label': 'Range' },
    h('div', { role: 'group', class: 'range-presets', 'aria-label': 'Last' }, presetButtons),
    h('div', { class: 'grid range-fields' },
      field('From', fromInput), field('To (included)', toInput), field('Interval', intervalSelect),
      tagInput ? field('Tag', tagInput) : null),
    h('div', { class: 'range-actions' },
      h('button', { type: 'submit', id: 'range-apply' }, 'Apply'), refresh,
      h('label', { for: 'auto-refresh' }, auto, 'Refresh every 30 s'), updated),
    h('p', { class: 'muted range-zone', id: 'range-zone' }, 'Days and hours are in ', h('strong', {}, zone),
      ', this browser\'s time zone.'));

  function syncForm() {
    const r = range();
    fromInput.value = r.fromDate && parseDate(r.fromDate) ? r.fromDate : '';
    toInput.value = r.toDate && parseDate(r.toDate) ? r.toDate : '';
    intervalSelect.value = state.interval;
    for (const button of presetButtons) {
      const on = button.dataset.preset === state.preset;
      button.setAttribute('aria-pressed', String(on));
      button.className = on ? '' : 'secondary outline';
    }
  }

  function choosePreset(key) {
    state.preset = key;
    state.interval = key === '24h' ? 'hour' : 'day';
    syncForm();
    load();
  }

  /** A date typed or picked: the range is the chosen dates from now on (applied with Apply). */
  const chooseDates = () => {
    state.preset = null;
    for (const button of presetButtons) {
      button.setAttribute('aria-pressed', 'false');
      button.className = 'secondary outline';
    }
  };
  fromInput.addEventListener('input', chooseDates);
  toInput.addEventListener('input', chooseDates);
  intervalSelect.addEventListener('change', () => form.requestSubmit());
  if (tagInput) tagInput.addEventListener('input', debounce(() => form.requestSubmit(), 400));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    if (!state.preset) {
      state.from = fromInput.value;
      state.to = toInput.value;
    }
    state.interval = intervalSelect.value;
    if (tagInput) state.tag = tagInput.value.trim();
    if (!state.preset && state.from && state.to && state.from > state.to) {
      showFieldError(form, { field: 'from', message: 'From must be on or before To.' });
      return;
    }
    load();
  });

  // ---- the page ----

  const exportLink = code
    ? h('a', { id: 'export-csv', role: 'button', class: 'outline', href: '#', download: `scans-${code.slug.toLowerCase()}.csv` },
      'Export CSV')
    : null;
  const errorBox = h('div', { id: 'stats-error', role: 'alert' });
  const results = h('div', { id: 'results' });
  replace(view,
    code ? h('p', {}, h('a', { href: `#/codes/${code.id}`, id: 'back-to-code' }, `← ${name}`)) : null,
    h('div', { class: 'page-head' },
      h('h1', { id: 'analytics-title' }, code ? `Analytics: ${name}` : 'Analytics'),
      exportLink),
    h('p', { class: 'muted' }, code
      ? ['Scans of ', h('code', {}, code.shortUrl), ' and of its printed code.']
      : `Every code of ${session.info?.tenant?.name || 'this tenant'}, or those with a tag.`),
    form, errorBox, results);
  syncForm();

  let controller = null;
  let seq = 0;
  let lastKey = null;
  let valid = true; // false after the API rejected the range: no auto-refresh until it changes
  let charts = [];
  const expanded = new Set(); // breakdowns whose every row is shown, kept across refreshes
  let seriesOpen = !ChartJs;
  const labels = new Map(); // tenant-wide: code id → label, or null when it could not be read

  function destroyCharts() {
    charts.forEach((c) => c.destroy());
    charts = [];
  }

  function exportHref(codeId, r, stats) {
    const from = r.fromInstant || (stats && stats.from ? new Date(stats.from).toISOString() : undefined);
    return `/api/v1/codes/${encodeURIComponent(codeId)}/scans${query({ format: 'csv', from, to: r.toInstant })}`;
  }

  function writeHash() {
    const q = query(state.preset
      ? { range: state.preset, interval: state.interval, tag: state.tag }
      : { from: state.from, to: state.to, interval: state.interval, tag: state.tag });
    if (location.hash !== pagePath + q && location.hash.split('?')[0] === pagePath) history.replaceState(null, '', pagePath + q);
  }

  async function readLabels(ids, signal) {
    const missing = ids.filter((codeId) => !labels.has(codeId));
    await Promise.all(missing.map(async (codeId) => {
      try {
        const c = await api('GET', `/api/v1/codes/${encodeURIComponent(codeId)}`, undefined, { signal });
        labels.set(codeId, c.label || c.slug);
      } catch (e) {
        if (e.name === 'AbortError' || e.status === 401) throw e;
        if (e.status === 404) labels.set(codeId, null); // other errors: tried again at the next load
      }
    }));
  }

  async function load({ quiet = false } = {}) {
    if (controller) controller.abort();
    controller = new AbortController();
    const { signal } = controller;
    const mine = ++seq;
    const r = range();
    if (!quiet) {
      clearFieldErrors(form);
      results.setAttribute('aria-busy', 'true');
      refresh.setAttribute('aria-busy', 'true');
    }
    writeHash();
    try {
      const stats = await api('GET', statsPath + query({ from: r.from, to: r.to, interval: state.interval, tz: zone,
        tag: tenantWide ? state.tag : undefined }), undefined, { signal });
      if (tenantWide) await readLabels(sortedEntries(stats.byCode).slice(0, CODE_LABELS).map(([k]) => k), signal);
      if (mine !== seq) return;
      valid = true;
      replace(errorBox);
      updated.textContent = `Updated ${new Date().toLocaleTimeString()}`;
      if (exportLink) {
        exportLink.href = exportHref(code.id, r, stats);
        exportLink.setAttribute('download', `scans-${code.slug.toLowerCase()}-${r.fromDate || 'start'}-to-${r.toDate || today()}.csv`);
      }
      const key = JSON.stringify(stats);
      if (quiet && key === lastKey) return; // nothing new: leave the page (and the reader's place in it) alone
      lastKey = key;
      show(stats, r);
    } catch (e) {
      if (e.name === 'AbortError' || mine !== seq) return;
      if (e.status === 401) return; // the sign-in page is on its way
      if (quiet) { // keep what is shown; say it is not fresh
        replace(errorBox, h('p', { class: 'error' }, `Could not refresh: ${e.message}`));
        return;
      }
      destroyCharts();
      lastKey = null;
      if (e.status === 400) {
        valid = false;
        if (!showFieldError(form, e)) replace(errorBox, h('p', { class: 'error' }, e.message));
        else replace(errorBox);
        replace(results, h('p', { class: 'muted' }, 'Choose a valid range to see the scans.'));
      } else {
        replace(errorBox, h('p', { class: 'error' }, e.message));
        replace(results);
      }
    } finally {
      if (mine === seq) {
        results.removeAttribute('aria-busy');
        refresh.removeAttribute('aria-busy');
      }
    }
  }

  // ---- what the answer shows ----

  function show(stats, r) {
    destroyCharts();
    const jobs = []; // charts are made once their canvas is in the page and has a size
    const colours = themeColours();
    const bucketFormat = timeFormat(stats.interval || state.interval);
    const first = stats.series.length ? bucketFormat.format(new Date(stats.series[0].t)) : r.fromDate;
    const last = r.toInstant ? timeFormat('day').format(parseDate(r.toDate)) : 'now';
    const summary = h('p', { id: 'range-summary' }, `From ${first} to ${last}, by ${
      stats.interval || state.interval}${tenantWide && state.tag ? `, codes tagged “${state.tag}”` : ''}.`);
    const kpis = h('div', { class: 'kpis', id: 'kpis' },
      kpi('total', 'Scans', stats.total),
      kpi('humans', 'Humans', stats.humans),
      kpi('bots', 'Bots', stats.bots),
      kpi('unique', 'Unique humans (per day)', stats.uniqueHumans));
    const kpiNote = h('p', { class: 'muted', id: 'bots-note' }, 'Bots (link previews, crawlers, monitors) are counted apart '
      + 'from people: Humans, Unique humans and every breakdown below count human scans only, except Bots, which lists '
      + 'the bot scans by bot. Unique humans counts each visitor once per code and day.');
    if (!stats.total) {
      replace(results, summary, kpis, h('p', { class: 'empty', id: 'no-scans' }, 'No scans in this range.'),
        h('p', { class: 'muted empty-hint' }, 'Try a longer range, or scan the code: a scan shows here within seconds.'));
      return;
    }

    const humans = stats.humans;
    const sections = [];
    sections.push(seriesSection(stats, bucketFormat, colours, jobs));
    if (tenantWide) {
      sections.push(h('div', { class: 'charts' }, breakdown({ key: 'code', title: 'Codes', header: 'Code', counts: stats.byCode,
        of: humans, ofLabel: 'human scans', chart: 'bar', name: (k) => labels.get(k) || k,
        cell: (k) => h('th', { scope: 'row', class: 'key' }, h('a', { href: `#/codes/${encodeURIComponent(k)}` }, labels.get(k) || k),
          labels.get(k) ? h('small', { class: 'muted' }, ' ', k) : null),
        extra: { header: 'Open', cell: (k) => h('td', { class: 'links' },
          h('a', { href: `#/codes/${encodeURIComponent(k)}/analytics` }, 'Analytics'), ' · ',
          h('a', { href: exportHref(k, r, stats), download: `scans-${k.toLowerCase()}.csv`, class: 'export-code' }, 'CSV')) },
        note: 'Human scans; the raw scans of each code can be exported as CSV.' }, colours, jobs)));
    }
    sections.push(h('div', { class: 'charts' },
      breakdown({ key: 'source', title: 'QR code scans vs link clicks', header: 'Source', counts: stats.bySource, of: humans,
        ofLabel: 'human scans', chart: 'doughnut', name: sourceName,
        note: 'A scan of the printed code opens its upper-case link; the shared link is lower-case.' }, colours, jobs),
      breakdown({ key: 'device', title: 'Devices', header: 'Device', counts: stats.byDevice, of: humans, ofLabel: 'human scans',
        chart: 'doughnut', name: capitalised }, colours, jobs)));
    const place = h('div', { class: 'charts' },
      breakdown({ key: 'country', title: 'Countries', header: 'Country', counts: stats.byCountry, of: humans,
        ofLabel: 'human scans', chart: 'bar', name: countryName,
        extra: { header: 'Code', cell: (k) => h('td', {}, k === 'unknown' ? '—' : h('code', {}, k)) } }, colours, jobs),
      breakdown({ key: 'city', title: 'Cities', header: 'City', counts: stats.byCity, of: humans, ofLabel: 'human scans',
        chart: 'bar', empty: 'No city is known for the scans in this range.',
        note: 'Scans whose city is not known are left out.' }, colours, jobs));
    const onlyUnknown = Object.keys(stats.byCountry || {}).every((k) => k === 'unknown');
    sections.push(h('section', { class: 'places', 'aria-label': 'Places' }, place,
      session.info && session.info.geoCredit
        ? h('p', { class: 'credit', id: 'geo-credit' }, linkified(session.info.geoCredit))
        : onlyUnknown ? h('p', { class: 'credit', id: 'geo-missing' }, 'Places are unknown: the service has no geo database.') : null));
    sections.push(h('div', { class: 'charts' },
      breakdown({ key: 'os', title: 'Operating systems', header: 'OS', counts: stats.byOs, of: humans, ofLabel: 'human scans',
        chart: 'bar' }, colours, jobs),
      breakdown({ key: 'browser', title: 'Browsers', header: 'Browser', counts: stats.byBrowser, of: humans,
        ofLabel: 'human scans', chart: 'bar' }, colours, jobs)));
    sections.push(h('div', { class: 'charts' },
      breakdown({ key: 'referrer', title: 'Referrers', header: 'Referrer', counts: stats.byReferrer, of: humans,
        ofLabel: 'human scans', chart: 'bar', name: referrerName,
        note: 'The host of the page a link was clicked on; a scanned QR code has none.' }, colours, jobs),
      breakdown({ key: 'bot', title: 'Bots', header: 'Bot', counts: stats.byBot, of: stats.bots, ofLabel: 'bot scans',
        chart: 'bar', colour: colours.bots, empty: 'No bot scans in this range.',
        note: 'Counted apart from humans: these scans are in none of the other breakdowns.' }, colours, jobs)));

    replace(results, summary, kpis, kpiNote, sections);
    if (ChartJs) {
      for (const job of jobs) {
        try {
          charts.push(job());
        } catch (e) {
          console.error('a chart could not be drawn', e); // its table still has the numbers
        }
      }
    }
  }

  function kpi(key, label, value) {
    return h('div', { class: 'kpi', id: `kpi-${key}` }, h('strong', { dataset: { value: String(value ?? 0) } }, count(value)),
      h('span', {}, label));
  }

  function themeColours() {
    const root = getComputedStyle(document.documentElement);
    const v = (name, fallback) => root.getPropertyValue(name).trim() || fallback;
    return {
      text: getComputedStyle(view).color || '#555',
      grid: v('--pico-muted-border-color', 'rgba(128,128,128,.25)'),
      humans: v('--pico-primary', COLOURS[0]),
      bots: v('--qr-warn', COLOURS[1]),
    };
  }

  function timeFormat(unit) {
    const options = unit === 'hour'
      ? { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }
      : { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' };
    try {
      return new Intl.DateTimeFormat(undefined, { ...options, timeZone: zone });
    } catch {
      return new Intl.DateTimeFormat(undefined, options);
    }
  }

  function seriesSection(stats, format, colours, jobs) {
    const unit = stats.interval || state.interval;
    const series = stats.series;
    const labelsOf = series.map((b) => format.format(new Date(b.t)));
    let busiest = 0;
    series.forEach((b, i) => { if (b.humans + b.bots > series[busiest].humans + series[busiest].bots) busiest = i; });
    const aria = `Scans per ${unit} from ${labelsOf[0]} to ${labelsOf[labelsOf.length - 1]}: ${count(stats.humans)} humans and `
      + `${count(stats.bots)} bots in all; the busiest ${unit} was ${labelsOf[busiest]} with ${count(series[busiest].humans)} humans `
      + `and ${count(series[busiest].bots)} bots. The table below lists every ${unit}.`;
    const canvas = h('canvas', { id: 'chart-series', role: 'img', 'aria-label': aria }, aria);
    const sparse = series.length > SERIES_ROWS;
    const rows = series.map((b, i) => (sparse && !b.humans && !b.bots ? null : h('tr', { dataset: { t: b.t } },
      h('th', { scope: 'row' }, h('time', { datetime: b.t }, labelsOf[i])),
      h('td', { class: 'num', dataset: { value: String(b.humans) } }, count(b.humans)),
      h('td', { class: 'num', dataset: { value: String(b.bots) } }, count(b.bots)))));
    const details = h('details', { open: seriesOpen, id: 'series-details' },
      h('summary', {}, `Scans per ${unit} as a table`),
      h('div', { class: 'table-wrap' }, h('table', { id: 'series', class: 'striped' },
        h('caption', {}, sparse ? `Every ${unit} with scans (the others had none)` : `Scans per ${unit}`),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, unit === 'hour' ? 'Hour starting' : 'Day'),
          h('th', { scope: 'col', class: 'num' }, 'Humans'), h('th', { scope: 'col', class: 'num' }, 'Bots'))),
        h('tbody', {}, rows))));
    details.addEventListener('toggle', () => { seriesOpen = details.open; });
    jobs.push(() => new ChartJs(canvas, {
      type: 'bar',
      data: {
        labels: labelsOf,
        datasets: [
          { label: 'Humans', data: series.map((b) => b.humans), backgroundColor: colours.humans, stack: 'scans' },
          { label: 'Bots', data: series.map((b) => b.bots), backgroundColor: colours.bots, stack: 'scans' },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        plugins: { legend: { labels: { color: colours.text } } },
        scales: {
          x: { stacked: true, ticks: { color: colours.text, maxRotation: 0, autoSkip: true }, grid: { display: false } },
          y: { stacked: true, beginAtZero: true, ticks: { color: colours.text, precision: 0 }, grid: { color: colours.grid } },
        },
      },
    }));
    return h('section', { class: 'series', 'aria-labelledby': 'series-title' },
      h('h2', { id: 'series-title' }, 'Scans over time'),
      ChartJs ? h('div', { class: 'chart-box wide' }, canvas) : null,
      details);
  }

  /**
   * One breakdown: a heading, a chart of its top entries (bar or doughnut) and a table of every entry
   * (the first TOP shown, the rest behind "Show all"), with each one's share of `of`.
   */
  function breakdown(spec, colours, jobs) {
    const { key, title, header, counts, of, ofLabel, chart, extra, note, empty } = spec;
    const nameOf = spec.name || ((k) => k);
    const entries = sortedEntries(counts);
    const tableId = `by-${key}`;
    const head = h('h3', { id: `${tableId}-title` }, title);
    if (!entries.length) {
      return h('section', { class: 'breakdown', 'aria-labelledby': `${tableId}-title` }, head,
        h('p', { class: 'muted', id: tableId }, empty || 'None in this range.'), note ? h('p', { class: 'credit' }, note) : null);
    }
    const open = expanded.has(key);
    const rows = entries.map(([k, n], i) => h('tr', { dataset: { key: k }, hidden: !open && i >= TOP },
      spec.cell ? spec.cell(k) : h('th', { scope: 'row', class: 'key' }, nameOf(k)),
      extra ? extra.cell(k) : null,
      h('td', { class: 'num', dataset: { value: String(n) } }, count(n)),
      shareCell(n, of)));
    const table = h('table', { id: tableId, class: 'striped' },
      h('caption', { class: 'visually-hidden' }, `${title}: ${ofLabel}`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, header), extra ? h('th', { scope: 'col' }, extra.header) : null,
        h('th', { scope: 'col', class: 'num' }, 'Scans'), h('th', { scope: 'col', class: 'num' }, `Share of ${ofLabel}`))),
      h('tbody', {}, rows));
    let more = null;
    if (entries.length > TOP) {
      more = h('button', { type: 'button', class: 'secondary outline small show-all', 'aria-controls': tableId,
        'aria-expanded': String(open) }, open ? `Show the top ${TOP}` : `Show all ${entries.length}`);
      more.addEventListener('click', () => {
        const now = !expanded.has(key);
        if (now) expanded.add(key);
        else expanded.delete(key);
        rows.forEach((row, i) => { row.hidden = !now && i >= TOP; });
        more.setAttribute('aria-expanded', String(now));
        more.textContent = now ? `Show the top ${TOP}` : `Show all ${entries.length}`;
      });
    }
    let box = null;
    if (ChartJs && chart) {
      const top = chart === 'doughnut' && entries.length > SLICES + 1
        ? [...entries.slice(0, SLICES), ['Other', entries.slice(SLICES).reduce((a, [, n]) => a + n, 0)]]
        : entries.slice(0, TOP);
      const names = top.map(([k], i) => (chart === 'doughnut' && i === SLICES ? 'Other' : nameOf(k)));
      const spoken = top.slice(0, 5).map(([, n], i) => `${names[i]} ${count(n)} (${percent(n, of)})`).join(', ');
      const rest = entries.length - Math.min(5, top.length);
      const aria = `${title}, ${ofLabel}: ${spoken}${rest > 0 ? `, and ${rest} more` : ''}. The table below has every number.`;
      const canvas = h('canvas', { id: `chart-${key}`, role: 'img', 'aria-label': aria }, aria);
      box = h('div', { class: `chart-box ${chart}` }, canvas);
      jobs.push(() => new ChartJs(canvas, chart === 'doughnut' ? {
        type: 'doughnut',
        data: { labels: names, datasets: [{ label: ofLabel, data: top.map(([, n]) => n), borderWidth: 1,
          backgroundColor: top.map((_, i) => (names[i] === 'Other' && i === SLICES ? OTHER_COLOUR : COLOURS[i % COLOURS.length])) }] },
        options: { animation: false, responsive: true, maintainAspectRatio: false,
          plugins: { legend: { position: 'right', labels: { color: colours.text, boxWidth: 12 } } } },
      } : {
        type: 'bar',
        data: { labels: names, datasets: [{ label: ofLabel, data: top.map(([, n]) => n), backgroundColor: spec.colour || colours.humans,
          maxBarThickness: 28 }] },
        options: { animation: false, responsive: true, maintainAspectRatio: false, indexAxis: 'y',
          plugins: { legend: { display: false } },
          scales: {
            x: { beginAtZero: true, ticks: { color: colours.text, precision: 0 }, grid: { color: colours.grid } },
            y: { ticks: { color: colours.text, autoSkip: false }, grid: { display: false } },
          } },
      }));
    }
    return h('section', { class: 'breakdown', 'aria-labelledby': `${tableId}-title` }, head, box,
      h('div', { class: 'table-wrap' }, table), more, note ? h('p', { class: 'credit' }, note) : null);
  }

  // ---- refreshing ----

  const timer = setInterval(() => {
    if (auto.checked && valid && !document.hidden) load({ quiet: true });
  }, REFRESH_MS);

  await load();
  return () => {
    clearInterval(timer);
    if (controller) controller.abort();
    destroyCharts();
  };
}
