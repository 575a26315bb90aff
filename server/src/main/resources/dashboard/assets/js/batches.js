// Batches: many dynamic codes from one CSV file. The form sends the file as it is (text/csv) with
// the options in the query; a batch's own page (#/batches/{id}, so that a reload or a shared link
// keeps following it) polls its progress, lists the rows that failed and offers the ZIP of the
// images; the list shows the tenant's recent batches.
import { h, replace, field, toast, when, count, showFieldError, clearFieldErrors, markInvalid, whileBusy } from './dom.js';
import { api, query } from './api.js';
import { styleFields } from './code-new.js';

/** How often a running batch is asked for its progress, and the list for its running batches. */
const POLL_MS = 400;
const LIST_POLL_MS = 2000;
/** After a failed poll (the service restarting, the network gone), the next try waits longer. */
const RETRY_MS = 2000;
/** The rate is the rows done over about the last few seconds, so that it follows the job's pace. */
const RATE_WINDOW_MS = 5000;
const LIST_LIMIT = 20;
const EXAMPLE_CSV = '/assets/batch-example.csv';
const FORMATS = [['svg', 'SVG (vector)', true], ['png', 'PNG (picture)', true], ['pdf', 'PDF (print)', false]];
const COLUMNS = [
  ['destination', 'Required. Where a scan goes: an http:// or https:// address. You can change it later.'],
  ['slug', 'Optional. A vanity slug (letters, digits and -); left empty, the service picks a random id.'],
  ['label', 'Optional. The name the dashboard shows for the code.'],
  ['tags', 'Optional. Separated by | (or by commas, with the cell in quotes).'],
];
const OUTCOME = { running: 'Running', done: 'Done', partial: 'Done with errors', failed: 'Failed' };

const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

export async function render(view, [id]) {
  return id ? renderBatch(view, id) : renderList(view);
}

/**
 * What became of a batch, as people read it: a batch the service finished ("done") but whose every
 * row failed made nothing, so it is shown as failed; one with some failed rows as done with errors.
 */
function outcome(batch) {
  if (batch.status !== 'done') return batch.status;
  if (batch.failed > 0 && batch.created === 0) return 'failed';
  return batch.failed > 0 ? 'partial' : 'done';
}

function statusBadge(batch) {
  const state = outcome(batch);
  return h('span', { class: `badge status-${state}` }, OUTCOME[state] || batch.status);
}

/** The ZIP, when it holds images: a batch that made no code has only its manifest, whose errors the page lists. */
function hasImages(batch) {
  return Boolean(batch.archive) && batch.created > 0;
}

/** Rows with an outcome, as a whole percentage that reads 100 only when every row has one. */
function percent(batch) {
  return batch.total ? Math.floor((batch.done * 100) / batch.total) : 100;
}

/** A duration in seconds as people say it: under a second, 2.5 s, 12 s, 3 min, 1 h 5 min. */
function duration(seconds) {
  if (seconds < 1) return 'under a second';
  if (seconds < 10) return `${decimal.format(seconds)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function imagesOf(batch) {
  return batch.formats.map((f) => (f === 'png' ? `PNG ${batch.sizes.map((s) => `${s} px`).join(', ')}` : f.toUpperCase()))
    .join(' · ');
}

function zipLink(batch, text, attrs) {
  return h('a', { href: batch.archive, download: true, ...attrs }, text);
}

// ---- #/batches: the upload form and the recent batches ----

async function renderList(view) {
  const upload = uploadForm();
  const list = h('div', { class: 'table-wrap', id: 'batch-list' });
  replace(view,
    h('h1', {}, 'Batches'),
    h('p', { class: 'muted' }, 'Many dynamic codes at once from a CSV file, and all their images in one ZIP.'),
    h('div', { class: 'split' }, upload, columnsHelp()),
    h('section', { 'aria-labelledby': 'recent-title' }, h('h2', { id: 'recent-title' }, 'Recent batches'), list));

  let timer = null;
  let controller = null;
  let disposed = false;
  async function load() {
    controller = new AbortController();
    list.setAttribute('aria-busy', 'true');
    try {
      const { items } = await api('GET', '/api/v1/batches' + query({ limit: LIST_LIMIT }), undefined, { signal: controller.signal });
      if (disposed) return;
      replace(list, batchTable(items));
      if (items.some((b) => b.status === 'running')) timer = setTimeout(load, LIST_POLL_MS);
    } catch (e) {
      if (e.name === 'AbortError' || disposed) return;
      replace(list, h('p', { class: 'error', role: 'alert' }, e.message));
    } finally {
      list.removeAttribute('aria-busy');
    }
  }
  await load();
  return () => {
    disposed = true;
    clearTimeout(timer);
    controller.abort();
  };
}

function columnsHelp() {
  return h('aside', { 'aria-labelledby': 'columns-title', class: 'batch-help' },
    h('h2', { id: 'columns-title' }, 'The CSV file'),
    h('p', {}, 'UTF-8, a header row naming the columns, then one code a row. Commas separate the values ',
      '(semicolons or tabs work too).'),
    h('dl', { class: 'columns' }, COLUMNS.map(([name, text]) => [h('dt', {}, h('code', {}, name)), h('dd', {}, text)])),
    h('p', {}, h('a', { href: EXAMPLE_CSV, download: 'qrly-batch-example.csv', id: 'batch-example' }, 'Download an example CSV')),
    h('p', { class: 'muted' }, 'A row that cannot become a code (a bad address, a slug already taken) fails alone; ',
      'the others are made. The ZIP holds the images and manifest.csv, a line per row with its code or its error.'));
}

function uploadForm() {
  const file = h('input', { type: 'file', name: 'csv', id: 'batch-file', accept: '.csv,text/csv', required: true });
  const formatBoxes = FORMATS.map(([value, , on]) => h('input', { type: 'checkbox', name: 'formats', value,
    id: `batch-format-${value}`, checked: on, 'aria-describedby': 'batch-formats-error' }));
  const formats = h('fieldset', { id: 'batch-formats', class: 'batch-formats' },
    h('legend', {}, 'Formats'),
    formatBoxes.map((box, i) => h('label', { for: box.id }, box, FORMATS[i][1])),
    h('small', { class: 'field-error', id: 'batch-formats-error', hidden: true }));
  const png = formatBoxes[1];
  const sizes = h('input', { type: 'text', name: 'sizes', id: 'batch-sizes', value: '300', inputmode: 'numeric',
    autocomplete: 'off', spellcheck: 'false' });
  const look = styleFields();
  const tags = h('input', { type: 'text', name: 'tags', id: 'batch-tags', placeholder: 'spring-campaign, print', autocomplete: 'off' });
  const submit = h('button', { type: 'submit', id: 'batch-submit' }, 'Upload and make the codes');
  const form = h('form', { id: 'batch-form', novalidate: true },
    field('CSV file', file, 'Up to 10,000 rows, with the columns that “The CSV file” explains.'),
    formats,
    field('PNG widths in pixels', sizes, 'From 64 to 4096; up to 4, separated by commas.'),
    look.fieldset,
    field('Tags for every code (optional)', tags, 'Added to each row’s own tags. Separated by commas.'),
    submit);

  const syncSizes = () => { sizes.disabled = !png.checked; };
  png.addEventListener('change', syncSizes);
  syncSizes();

  /** Puts an API error beside its input: the file's own errors, its size and row count go to the file input. */
  function place(error) {
    if (error.field === 'formats') {
      markInvalid(formats, error.message);
      formatBoxes[0].focus();
      return true;
    }
    const aboutFile = error.field === 'csv' || error.field === 'items' || error.code === 'body_too_large';
    return showFieldError(form, aboutFile ? { field: 'csv', message: error.message } : error);
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const chosen = formatBoxes.filter((box) => box.checked).map((box) => box.value);
    if (!file.files.length) {
      showFieldError(form, { field: 'csv', message: 'Choose a CSV file.' });
      return;
    }
    if (!chosen.length) {
      // the service would take no formats for its default ones
      place({ field: 'formats', message: 'Choose at least one format.' });
      return;
    }
    const { errorCorrection, style } = look.value();
    const list = (text) => text.split(',').map((t) => t.trim()).filter(Boolean).join(',');
    const options = query({ formats: chosen.join(','), sizes: png.checked ? list(sizes.value) : '', errorCorrection, ...style,
      tags: list(tags.value) });
    try {
      const batch = await whileBusy(submit, () => api('POST', '/api/v1/batches' + options, file.files[0], { contentType: 'text/csv' }));
      toast(`Batch accepted: ${count(batch.total)} rows`);
      location.hash = `#/batches/${batch.id}`;
    } catch (e) {
      if (!place(e)) toast(e.message, 'error');
    }
  });
  return form;
}

function batchTable(items) {
  if (!items.length) return h('p', { class: 'empty' }, 'No batches yet: upload a CSV file to make the first.');
  return h('table', { class: 'cards striped' },
    h('caption', { class: 'visually-hidden' }, 'Your recent batches, newest first'),
    h('thead', {}, h('tr', {}, ['Started', 'Status', 'Rows', 'Codes made', 'Rows failed', 'Images']
      .map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, items.map((b) => h('tr', { dataset: { id: b.id } },
      h('td', {}, h('a', { href: `#/batches/${b.id}`, class: 'batch-link' }, when(b.createdAt)), h('small', { class: 'muted batch-id' }, b.id)),
      h('td', { 'data-label': 'Status' }, statusBadge(b), b.status === 'running' ? ` ${percent(b)} %` : null),
      h('td', { class: 'num', 'data-label': 'Rows' }, count(b.total)),
      h('td', { class: 'num', 'data-label': 'Codes made' }, count(b.created)),
      h('td', { class: 'num', 'data-label': 'Rows failed' }, count(b.failed)),
      h('td', { 'data-label': 'Images' }, hasImages(b) ? zipLink(b, 'ZIP', { class: 'zip-link', 'aria-label': `ZIP of batch ${b.id}` }) : '—')))));
}

// ---- #/batches/{id}: one batch, followed while it runs ----

async function renderBatch(view, id) {
  const path = `/api/v1/batches/${encodeURIComponent(id)}`;
  let batch = await api('GET', path);

  const badge = h('span', {});
  const bar = h('progress', { id: 'batch-progress', 'aria-labelledby': 'progress-title' });
  const summary = h('p', { id: 'batch-summary' });
  // what a screen reader is told: the progress in steps of a tenth, then the outcome
  const spoken = h('p', { id: 'batch-spoken', class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  const detail = h('p', { id: 'batch-detail', class: 'muted' });
  const trouble = h('p', { class: 'error', id: 'batch-poll-error', hidden: true });
  const download = h('p', { id: 'batch-download-slot' });
  const finished = h('dd', {}, '—');
  const errors = h('section', { id: 'batch-errors', 'aria-labelledby': 'errors-title' });
  replace(view,
    h('p', {}, h('a', { href: '#/batches' }, '← Batches')),
    h('div', { class: 'page-head' }, h('h1', { id: 'batch-title' }, `Batch ${batch.id}`), badge),
    h('section', { 'aria-labelledby': 'progress-title', class: 'batch-progress' },
      h('h2', { id: 'progress-title', class: 'visually-hidden' }, 'Progress'),
      bar, summary, spoken, detail, trouble, download),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Started'), h('dd', {}, when(batch.createdAt)),
      h('dt', {}, 'Finished'), finished,
      h('dt', {}, 'Rows'), h('dd', {}, count(batch.total)),
      h('dt', {}, 'Images'), h('dd', {}, imagesOf(batch)),
      h('dt', {}, 'Error correction'), h('dd', {}, batch.errorCorrection)),
    errors);

  const samples = []; // [ms, rows done] while running, reaching about RATE_WINDOW_MS back
  let errorsShown = null;

  /** Rows a second over the window, or null until a second has passed with rows done in it. */
  function rate() {
    const now = performance.now();
    samples.push([now, batch.done]);
    while (samples.length > 2 && now - samples[1][0] >= RATE_WINDOW_MS) samples.shift();
    const [then, doneThen] = samples[0];
    const seconds = (now - then) / 1000;
    return seconds >= 1 && batch.done > doneThen ? (batch.done - doneThen) / seconds : null;
  }

  function say(text) {
    if (text !== spoken.textContent) spoken.textContent = text;
  }

  function draw() {
    replace(badge, statusBadge(batch));
    bar.max = Math.max(batch.total, 1);
    bar.value = batch.done;
    const pct = percent(batch);
    if (batch.status === 'running') {
      summary.textContent = 'Making the codes…';
      say(`${Math.floor(pct / 10) * 10} % of the rows done`);
      const perSecond = rate();
      const parts = [`${count(batch.done)} of ${count(batch.total)} rows (${pct} %)`];
      if (batch.done === batch.total) {
        parts.push('writing the ZIP…');
      } else if (perSecond) {
        const left = (batch.total - batch.done) / perSecond;
        parts.push(`${decimal.format(perSecond)} rows a second`, left < 1 ? 'almost done' : `about ${duration(left)} left`);
      } else if (batch.done === 0) {
        parts.push('starting…');
      }
      detail.textContent = parts.join(' · ');
    } else {
      const made = `${count(batch.created)} ${batch.created === 1 ? 'code' : 'codes'} made`;
      const failed = `${count(batch.failed)} ${batch.failed === 1 ? 'row' : 'rows'} failed`;
      const state = outcome(batch);
      summary.textContent = batch.status === 'failed' ? `The batch failed: ${batch.failure}`
        : state === 'failed' ? `Failed: no codes made; ${batch.failed === 1 ? 'the only row' : `all ${count(batch.failed)} rows`} failed (see why below).`
          : `Done: ${made}, ${failed}.`;
      say(summary.textContent);
      summary.classList.toggle('error', state === 'failed');
      const took = (Date.parse(batch.finishedAt) - Date.parse(batch.createdAt)) / 1000;
      detail.textContent = `${count(batch.done)} of ${count(batch.total)} rows in ${duration(Math.max(took, 0))}`
        + (batch.status === 'failed' ? ` (${made}, ${failed})` : '');
      replace(finished, when(batch.finishedAt));
    }
    replace(download, hasImages(batch) ? [zipLink(batch, 'Download the ZIP', { role: 'button', id: 'batch-download' }),
      h('small', { class: 'muted' }, `The images of every code made (${imagesOf(batch)}) and manifest.csv, a line per row `,
        'with its code or its error.')] : null);
    drawErrors();
  }

  function drawErrors() {
    const key = `${batch.failed}/${batch.errors.length}`;
    if (key === errorsShown) return;
    errorsShown = key;
    if (!batch.failed) {
      replace(errors);
      return;
    }
    const more = batch.failed > batch.errors.length;
    replace(errors,
      h('h2', { id: 'errors-title' }, 'Rows that failed'),
      more ? h('p', { class: 'muted', id: 'errors-more' }, `The first ${count(batch.errors.length)} of ${count(batch.failed)} `,
        'failed rows are listed; manifest.csv in the ZIP has every row.') : null,
      h('div', { class: 'table-wrap' }, h('table', { class: 'batch-errors cards striped' },
        h('caption', { class: 'visually-hidden' }, 'Rows that failed, with the reason'),
        h('thead', {}, h('tr', {}, ['Row', 'Line', 'Field', 'Message'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, batch.errors.map((e) => h('tr', { dataset: { row: e.row } },
          h('td', { class: 'num', 'data-label': 'Row' }, e.row),
          h('td', { class: 'num', 'data-label': 'Line' }, e.line ?? '—'),
          h('td', { 'data-label': 'Field' }, e.field ? h('code', {}, e.field) : 'the row'),
          h('td', { class: 'message' }, e.message)))))));
  }

  let timer = null;
  let controller = null;
  let disposed = false;
  async function poll() {
    controller = new AbortController();
    try {
      batch = await api('GET', path, undefined, { signal: controller.signal });
    } catch (e) {
      if (e.name === 'AbortError' || disposed) return;
      trouble.textContent = `${e.message} Trying again…`;
      trouble.hidden = false;
      timer = setTimeout(poll, RETRY_MS);
      return;
    }
    if (disposed) return;
    trouble.hidden = true;
    draw();
    if (batch.status === 'running') timer = setTimeout(poll, POLL_MS);
  }

  draw();
  if (batch.status === 'running') timer = setTimeout(poll, POLL_MS);
  return () => {
    disposed = true;
    clearTimeout(timer);
    if (controller) controller.abort();
  };
}
