// Creating a dynamic code, with a live preview of the image as the options change.
import { h, replace, field, debounce, showFieldError, clearFieldErrors, toast, whileBusy } from './dom.js';
import { api, encodedFor } from './api.js';

/** What a new random id looks like, for the preview before the service picks one (same length, same QR size). */
const PLACEHOLDER_ID = 'XXXXXXXX';

/** The style inputs shared with the static-code page: error correction, colours, quiet zone. */
export function styleFields(initial = {}) {
  const ecl = h('select', { name: 'errorCorrection', id: 'f-ecl' },
    ['L', 'M', 'Q', 'H'].map((l) => h('option', { value: l }, {
      L: 'L (7 %)', M: 'M (15 %)', Q: 'Q (25 %)', H: 'H (30 %)' }[l])));
  ecl.value = initial.errorCorrection || 'M';
  const fg = h('input', { type: 'color', name: 'foreground', id: 'f-fg', value: initial.foreground || '#000000' });
  const bg = h('input', { type: 'color', name: 'background', id: 'f-bg', value: initial.background || '#ffffff' });
  const margin = h('input', { type: 'number', name: 'margin', id: 'f-margin', min: 0, max: 16, step: 1,
    value: initial.margin ?? 4, inputmode: 'numeric' });
  const fieldset = h('fieldset', { class: 'grid style-fields' },
    h('legend', {}, 'Look'),
    field('Error correction', ecl, 'How much of the code can be damaged and still scan.'), field('Foreground', fg), field('Background', bg),
    field('Quiet zone (modules)', margin));
  return {
    fieldset,
    inputs: [ecl, fg, bg, margin],
    value: () => ({
      errorCorrection: ecl.value,
      style: { foreground: fg.value.toUpperCase(), background: bg.value.toUpperCase(), margin: Number(margin.value) },
    }),
  };
}

/**
 * A preview box that renders data through POST /api/v1/qr as SVG. update(body, caption) re-renders;
 * identical requests are answered from the service's content-hash cache.
 */
export function previewBox(alt) {
  const img = h('img', { alt, id: 'preview-image', width: 240, height: 240, hidden: true });
  const note = h('p', { class: 'muted preview-note', id: 'preview-note' }, 'The preview appears here.');
  const box = h('figure', { class: 'preview', 'aria-live': 'polite' }, img, h('figcaption', {}, note));
  let url = null;
  let controller = null;
  async function update(body, caption = '') {
    if (controller) controller.abort();
    controller = new AbortController();
    box.setAttribute('aria-busy', 'true');
    try {
      const blob = await api('POST', '/api/v1/qr', { ...body, format: 'svg' }, { blob: true, signal: controller.signal });
      if (url) URL.revokeObjectURL(url);
      url = URL.createObjectURL(blob);
      img.src = url;
      img.hidden = false;
      box.dataset.ready = 'true';
      note.textContent = caption;
      note.classList.remove('error');
      return null;
    } catch (e) {
      if (e.name === 'AbortError') return null;
      img.hidden = true;
      delete box.dataset.ready;
      note.textContent = e.message;
      note.classList.add('error');
      return e;
    } finally {
      box.removeAttribute('aria-busy');
    }
  }
  return { box, update, dispose: () => { if (controller) controller.abort(); if (url) URL.revokeObjectURL(url); } };
}

/** A datetime-local value (browser's zone) as an ISO instant, or null. */
export function localToIso(value) {
  return value ? new Date(value).toISOString() : null;
}

export async function render(view) {
  const destination = h('input', { type: 'url', name: 'destination', id: 'f-destination', required: true,
    placeholder: 'https://example.com/menu', autocomplete: 'url' });
  const slug = h('input', { type: 'text', name: 'slug', id: 'f-slug', placeholder: 'random', autocapitalize: 'characters',
    spellcheck: 'false', maxlength: 64 });
  const label = h('input', { type: 'text', name: 'label', id: 'f-label', maxlength: 200, placeholder: 'Table tents, spring' });
  const tags = h('input', { type: 'text', name: 'tags', id: 'f-tags', placeholder: 'spring-campaign, lunch' });
  const expires = h('input', { type: 'datetime-local', name: 'expiresAt', id: 'f-expires' });
  const maxScans = h('input', { type: 'number', name: 'maxScans', id: 'f-max-scans', min: 1, step: 1, inputmode: 'numeric',
    placeholder: 'no limit' });
  const look = styleFields();
  const preview = previewBox('Preview of the QR code');
  const encoded = h('code', { id: 'preview-encoded' });
  const submit = h('button', { type: 'submit', id: 'create-code' }, 'Create code');
  const form = h('form', { id: 'new-code-form', novalidate: true },
    field('Destination', destination, 'Where a scan goes. You can change it at any time; the image stays the same.'),
    h('div', { class: 'grid' },
      field('Vanity slug (optional)', slug, 'Letters, digits and - ; matched case-insensitively.'),
      field('Label (optional)', label)),
    field('Tags (optional)', tags, 'Separated by commas.'),
    h('div', { class: 'grid' }, field('Expires (optional)', expires), field('Max human scans (optional)', maxScans)),
    look.fieldset,
    submit);
  replace(view,
    h('h1', {}, 'New code'),
    h('div', { class: 'split' }, form,
      h('aside', {}, h('h2', {}, 'Preview'), preview.box, h('p', { class: 'muted' }, 'Encodes ', encoded))));

  const refresh = debounce(() => {
    const text = encodedFor(slug.value.trim() || PLACEHOLDER_ID);
    encoded.textContent = text;
    preview.update({ data: text, ...look.value() },
      slug.value.trim() ? '' : 'The service picks a random id like this one.');
  }, 200);
  [slug, ...look.inputs].forEach((input) => input.addEventListener('input', refresh));
  refresh();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const body = { destination: destination.value.trim(), ...look.value() };
    if (slug.value.trim()) body.slug = slug.value.trim();
    if (label.value.trim()) body.label = label.value.trim();
    const tagList = tags.value.split(',').map((t) => t.trim()).filter(Boolean);
    if (tagList.length) body.tags = tagList;
    if (expires.value) body.expiresAt = localToIso(expires.value);
    if (maxScans.value !== '') body.maxScans = Number(maxScans.value);
    try {
      const code = await whileBusy(submit, () => api('POST', '/api/v1/codes', body));
      toast(`Created ${code.shortUrl}`);
      location.hash = `#/codes/${code.id}`;
    } catch (e) {
      if (!showFieldError(form, e)) toast(e.message, 'error');
    }
  });
  destination.focus();
  return preview.dispose;
}
