// One code: its image and downloads, the short link, its destination and history (with rollback),
// its details, deactivate/reactivate and delete.
import { h, replace, field, toast, when, copyText, showFieldError, clearFieldErrors, localDateTime, whileBusy } from './dom.js';
import { api } from './api.js';
import { stateBadge } from './codes.js';
import { localToIso } from './code-new.js';

const PNG_SIZES = [300, 600, 1024, 2048];

export async function render(view, [id]) {
  let code = await api('GET', `/api/v1/codes/${encodeURIComponent(id)}`);
  let history = await api('GET', `/api/v1/codes/${encodeURIComponent(id)}/history`);
  const base = `/api/v1/codes/${encodeURIComponent(id)}`;

  async function patch(changes, message) {
    code = await api('PATCH', base, changes);
    if ('destination' in changes) history = await api('GET', `${base}/history`);
    toast(message);
    draw();
  }

  function draw() {
    const name = code.label || code.slug;
    const slugFile = code.slug.toLowerCase();
    const downloads = h('ul', { class: 'downloads', 'aria-label': 'Downloads' },
      h('li', {}, h('a', { href: `${base}/image?format=svg`, download: `${slugFile}.svg`, id: 'download-svg' }, 'SVG')),
      PNG_SIZES.map((size) => h('li', {}, h('a', { href: `${base}/image?format=png&size=${size}`,
        download: `${slugFile}-${size}.png`, id: `download-png-${size}` }, `PNG ${size} px`))),
      h('li', {}, h('a', { href: `${base}/image?format=pdf`, download: `${slugFile}.pdf`, id: 'download-pdf' }, 'PDF')));
    const link = h('code', { id: 'short-link' }, code.shortUrl);

    const destination = h('input', { type: 'url', name: 'destination', id: 'f-destination', value: code.destination, required: true });
    const saveDestination = h('button', { type: 'submit', id: 'save-destination' }, 'Change destination');
    const destinationForm = h('form', { id: 'destination-form', novalidate: true },
      field('Destination', destination, 'Takes effect on the very next scan; the printed code stays the same.'), saveDestination);
    destinationForm.addEventListener('submit', (e) => submitForm(e, destinationForm, saveDestination, () => {
      if (destination.value.trim() === code.destination) return null;
      return [{ destination: destination.value.trim() }, 'Destination changed'];
    }));

    const historyList = h('ol', { class: 'history', id: 'history' }, history.map((entry, i) => h('li', {},
      h('a', { href: entry.destination, rel: 'noopener noreferrer nofollow', target: '_blank', class: 'history-destination' },
        entry.destination),
      h('small', {}, ' ', when(entry.changedAt), entry.changedBy ? ` by ${entry.changedBy}` : ''),
      i === 0 ? h('span', { class: 'badge' }, 'current') : h('button', { type: 'button', class: 'secondary outline small rollback',
        'aria-label': `Restore ${entry.destination}`,
        onclick: () => patch({ destination: entry.destination }, 'Earlier destination restored').catch((err) => toast(err.message, 'error')) },
      'Restore'))));

    const label = h('input', { type: 'text', name: 'label', id: 'f-label', value: code.label || '', maxlength: 200 });
    const tags = h('input', { type: 'text', name: 'tags', id: 'f-tags', value: code.tags.join(', ') });
    const expires = h('input', { type: 'datetime-local', name: 'expiresAt', id: 'f-expires', value: localDateTime(code.expiresAt) });
    const maxScans = h('input', { type: 'number', name: 'maxScans', id: 'f-max-scans', min: 1, value: code.maxScans ?? '' });
    const saveDetails = h('button', { type: 'submit', class: 'secondary', id: 'save-details' }, 'Save details');
    const detailsForm = h('form', { id: 'details-form', novalidate: true },
      h('div', { class: 'grid' }, field('Label', label), field('Tags', tags, 'Separated by commas.')),
      h('div', { class: 'grid' }, field('Expires', expires), field('Max human scans', maxScans)), saveDetails);
    detailsForm.addEventListener('submit', (e) => submitForm(e, detailsForm, saveDetails, () => [{
      label: label.value.trim() || null,
      tags: tags.value.split(',').map((t) => t.trim()).filter(Boolean),
      expiresAt: localToIso(expires.value),
      maxScans: maxScans.value === '' ? null : Number(maxScans.value),
    }, 'Details saved']));

    const deleteDialog = h('dialog', { id: 'delete-dialog', 'aria-labelledby': 'delete-title' }, h('article', {},
      h('h2', { id: 'delete-title' }, `Delete ${name}?`),
      h('p', {}, 'Scans of the printed code will answer 410 Gone from now on, and its slug stays taken. This cannot be undone.'),
      h('footer', {},
        h('button', { type: 'button', class: 'secondary', onclick: () => deleteDialog.close() }, 'Cancel'),
        h('button', { type: 'button', class: 'danger', id: 'confirm-delete', onclick: async () => {
          try {
            await api('DELETE', base);
            deleteDialog.close();
            toast(`Deleted ${name}`);
            location.hash = '#/';
          } catch (err) {
            toast(err.message, 'error');
          }
        } }, 'Delete'))));

    const toggle = code.active
      ? h('button', { type: 'button', class: 'secondary', id: 'deactivate',
        onclick: () => patch({ active: false }, 'Deactivated: scans now answer 410 Gone').catch((err) => toast(err.message, 'error')) },
      'Deactivate')
      : h('button', { type: 'button', id: 'reactivate', disabled: code.state === 'deleted',
        onclick: () => patch({ active: true }, 'Reactivated').catch((err) => toast(err.message, 'error')) }, 'Reactivate');

    replace(view,
      h('p', {}, h('a', { href: '#/' }, '← Codes')),
      h('div', { class: 'page-head' }, h('h1', { id: 'code-title' }, name), stateBadge(code)),
      h('div', { class: 'split' },
        h('section', { 'aria-labelledby': 'image-title' },
          h('h2', { id: 'image-title', class: 'visually-hidden' }, 'Image'),
          h('figure', { class: 'preview' }, h('img', { src: code.images.svg, alt: `QR code for ${code.shortUrl}`, width: 240, height: 240, id: 'code-image' })),
          h('h3', {}, 'Download'), downloads),
        h('section', {},
          h('h2', {}, 'Short link'),
          h('p', { class: 'short' }, link, ' ', h('button', { type: 'button', class: 'secondary outline small', id: 'copy-link',
            onclick: () => copyText(code.shortUrl, link) }, 'Copy')),
          h('p', { class: 'muted' }, 'The image encodes ', h('code', {}, code.encoded), '. Scans of the image and clicks on the link are counted apart.'),
          h('p', {}, h('a', { href: `#/codes/${code.id}/analytics`, role: 'button', class: 'outline', id: 'open-analytics' }, 'Analytics')),
          h('dl', { class: 'facts' },
            h('dt', {}, 'Created'), h('dd', {}, when(code.createdAt)),
            h('dt', {}, 'Expires'), h('dd', {}, code.expiresAt ? when(code.expiresAt) : 'never'),
            h('dt', {}, 'Max human scans'), h('dd', {}, code.maxScans ?? 'no limit'),
            h('dt', {}, 'Error correction'), h('dd', {}, code.errorCorrection)))),
      h('section', {}, h('h2', {}, 'Destination'), destinationForm, h('h3', {}, 'History'), historyList),
      h('section', {}, h('h2', {}, 'Details'), detailsForm),
      h('section', { class: 'danger-zone' }, h('h2', {}, 'State'),
        h('p', {}, code.active ? 'Scans are redirected.' : 'Scans answer 410 Gone.'),
        h('div', { class: 'actions' }, toggle, code.state === 'deleted' ? null
          : h('button', { type: 'button', class: 'danger outline', id: 'delete', onclick: () => deleteDialog.showModal() }, 'Delete…'))),
      deleteDialog);
  }

  async function submitForm(event, form, button, changes) {
    event.preventDefault();
    clearFieldErrors(form);
    const next = changes();
    if (!next) return;
    try {
      await whileBusy(button, () => patch(next[0], next[1]));
    } catch (err) {
      if (!showFieldError(form, err)) toast(err.message, 'error');
    }
  }

  draw();
}
