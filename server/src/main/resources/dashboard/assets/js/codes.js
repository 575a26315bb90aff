// The codes list: search, tag filter, sort, cursor pages, and each code's scans today, in all and
// over the last 14 days.
import { h, replace, svg, debounce, count, when, browserZone, field } from './dom.js';
import { api, query } from './api.js';

const PAGE_SIZE = 25;
const TREND_DAYS = 14;

/** A small line of daily scans, with the numbers in its accessible name. */
export function sparkline(values) {
  const width = 96;
  const height = 28;
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`);
  const total = values.reduce((a, b) => a + b, 0);
  return svg('svg', { class: 'sparkline', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img',
    'aria-label': `${total} human scans over the last ${values.length} days: ${values.join(', ')}` },
  svg('polyline', { points: points.join(' '), fill: 'none', stroke: 'currentColor', 'stroke-width': 1.5 }));
}

export function stateBadge(code) {
  const labels = { active: 'Active', expired: 'Expired', deactivated: 'Deactivated', deleted: 'Deleted', exhausted: 'Used up' };
  return h('span', { class: `badge state-${code.state}` }, labels[code.state] || code.state);
}

export async function render(view) {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const search = h('input', { type: 'search', name: 'q', id: 'codes-q', placeholder: 'Label, slug or destination',
    value: params.get('q') || '' });
  const tag = h('input', { type: 'text', name: 'tag', id: 'codes-tag', placeholder: 'any tag', value: params.get('tag') || '' });
  const sort = h('select', { name: 'sort', id: 'codes-sort' },
    h('option', { value: 'newest' }, 'Newest first'),
    h('option', { value: 'oldest' }, 'Oldest first'),
    h('option', { value: 'label' }, 'Label A–Z'));
  sort.value = params.get('sort') || 'newest';
  const filters = h('form', { class: 'filters', role: 'search', onsubmit: (e) => { e.preventDefault(); reload(); } },
    field('Search', search), field('Tag', tag), field('Sort', sort));
  const table = h('div', { class: 'table-wrap' });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' });
  replace(view,
    h('div', { class: 'page-head' }, h('h1', {}, 'Codes'), h('a', { href: '#/new', role: 'button', id: 'new-code' }, 'New code')),
    filters, table, pager);

  let cursors = [null]; // cursors[i] opens page i
  let page = 0;
  let controller = null;

  async function load() {
    if (controller) controller.abort();
    controller = new AbortController();
    const signal = controller.signal;
    table.setAttribute('aria-busy', 'true');
    try {
      const listing = await api('GET', '/api/v1/codes' + query({ limit: PAGE_SIZE, cursor: cursors[page],
        q: search.value.trim(), tag: tag.value.trim(), sort: sort.value }), undefined, { signal });
      cursors[page + 1] = listing.nextCursor;
      let activity = {};
      if (listing.items.length) {
        try {
          const ids = listing.items.map((c) => c.id).join(',');
          activity = (await api('GET', '/api/v1/stats/activity' + query({ ids, days: TREND_DAYS, tz: browserZone() }),
            undefined, { signal })).codes;
        } catch (e) {
          if (e.name === 'AbortError') throw e;
          activity = null; // the list still shows; the counts say they could not be read
        }
      }
      showTable(listing.items, activity);
      showPager(listing.nextCursor);
    } catch (e) {
      if (e.name === 'AbortError') return;
      replace(table, h('p', { class: 'error', role: 'alert' }, e.message));
    } finally {
      table.removeAttribute('aria-busy');
    }
  }

  function showTable(items, activity) {
    if (!items.length) {
      const filtered = search.value.trim() || tag.value.trim();
      replace(table, h('p', { class: 'empty' }, filtered ? 'No code matches these filters.' : 'No codes yet. ',
        filtered ? null : h('a', { href: '#/new' }, 'Create your first code')));
      return;
    }
    const rows = items.map((code) => {
      const a = activity ? activity[code.id] : null;
      const today = a ? count(a.today.humans) : '—';
      const total = a ? count(a.total.humans) : '—';
      return h('tr', { dataset: { id: code.id } },
        h('td', {}, h('a', { href: `#/codes/${code.id}`, class: 'code-label' }, code.label || code.slug),
          code.tags.length ? h('div', { class: 'tags' }, code.tags.map((t) => h('span', { class: 'tag' }, t))) : null),
        h('td', {}, h('code', { class: 'short-link', title: code.shortUrl }, code.shortUrl.replace(/^https?:\/\//, ''))),
        h('td', { class: 'destination' }, h('span', { title: code.destination }, code.destination)),
        h('td', {}, stateBadge(code)),
        h('td', { class: 'num', 'data-label': 'Today' }, today),
        h('td', { class: 'num', 'data-label': 'Total' }, total),
        h('td', {}, a ? sparkline(a.trend) : null));
    });
    replace(table, h('table', { class: 'codes striped' },
      h('caption', { class: 'visually-hidden' }, 'Your codes; scans count humans only'),
      h('thead', {}, h('tr', {}, ['Label', 'Short link', 'Destination', 'State', 'Today', 'Total', `${TREND_DAYS} days`]
        .map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows)),
    activity === null ? h('p', { class: 'muted' }, 'Scan counts could not be read just now.') : null);
  }

  function showPager(next) {
    replace(pager,
      h('button', { type: 'button', class: 'secondary', disabled: page === 0, onclick: () => { page -= 1; load(); } }, '← Previous'),
      h('span', {}, `Page ${page + 1}`),
      h('button', { type: 'button', class: 'secondary', id: 'next-page', disabled: !next, onclick: () => { page += 1; load(); } }, 'Next →'));
  }

  function reload() {
    cursors = [null];
    page = 0;
    const q = query({ q: search.value.trim(), tag: tag.value.trim(), sort: sort.value === 'newest' ? '' : sort.value });
    history.replaceState(null, '', `#/${q}`);
    load();
  }

  const typed = debounce(reload, 250);
  search.addEventListener('input', typed);
  tag.addEventListener('input', typed);
  sort.addEventListener('change', reload);
  await load();
  return () => controller && controller.abort();
}
