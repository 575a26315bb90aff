// Static codes: the data itself in the image (no redirect, no scans counted). Pick a payload type,
// fill its form, watch the preview, download as SVG, PNG or PDF.
import { h, replace, field, debounce, showFieldError, clearFieldErrors, toast } from './dom.js';
import { api } from './api.js';
import { styleFields, previewBox } from './code-new.js';

/** The form of each payload type: its fields as the API names them. */
const TYPES = {
  url: { label: 'URL', fields: [{ name: 'url', label: 'Web address', type: 'url', required: true, placeholder: 'https://example.com' }] },
  text: { label: 'Text', fields: [{ name: 'text', label: 'Text', type: 'textarea', required: true }] },
  vcard: {
    label: 'Contact (vCard)',
    fields: [
      { name: 'givenName', label: 'Given name' }, { name: 'familyName', label: 'Family name' },
      { name: 'org', label: 'Organisation' }, { name: 'title', label: 'Job title' },
      { name: 'phones', label: 'Phone', type: 'tel', list: true }, { name: 'emails', label: 'Email', type: 'email', list: true },
      { name: 'url', label: 'Website', type: 'url' },
      { name: 'street', label: 'Street', group: 'address' }, { name: 'city', label: 'City', group: 'address' },
      { name: 'region', label: 'Region', group: 'address' }, { name: 'postcode', label: 'Postcode', group: 'address' },
      { name: 'country', label: 'Country', group: 'address' },
      { name: 'note', label: 'Note', type: 'textarea' },
    ],
  },
  wifi: {
    label: 'WiFi network',
    fields: [
      { name: 'ssid', label: 'Network name (SSID)', required: true },
      { name: 'security', label: 'Security', type: 'select', options: [['WPA', 'WPA/WPA2/WPA3'], ['WEP', 'WEP'], ['nopass', 'None (open)']] },
      { name: 'password', label: 'Password', type: 'text', autocomplete: 'off' },
      { name: 'hidden', label: 'Hidden network', type: 'checkbox' },
    ],
  },
  email: {
    label: 'Email',
    fields: [{ name: 'to', label: 'To', type: 'email', required: true }, { name: 'subject', label: 'Subject' },
      { name: 'body', label: 'Message', type: 'textarea' }],
  },
  sms: { label: 'SMS', fields: [{ name: 'phone', label: 'Phone number', type: 'tel', required: true },
    { name: 'message', label: 'Message', type: 'textarea' }] },
  tel: { label: 'Phone call', fields: [{ name: 'phone', label: 'Phone number', type: 'tel', required: true }] },
  geo: {
    label: 'Place (geo)',
    fields: [{ name: 'latitude', label: 'Latitude', type: 'number', step: 'any', min: -90, max: 90, required: true },
      { name: 'longitude', label: 'Longitude', type: 'number', step: 'any', min: -180, max: 180, required: true },
      { name: 'altitude', label: 'Altitude (m, optional)', type: 'number', step: 'any' }],
  },
};

function input(spec, index) {
  const id = `s-${spec.name}${index ? `-${index}` : ''}`;
  const attrs = { name: spec.name, id, required: spec.required, placeholder: spec.placeholder, autocomplete: spec.autocomplete };
  if (spec.type === 'textarea') return h('textarea', { ...attrs, rows: 3 });
  if (spec.type === 'select') {
    return h('select', attrs, spec.options.map(([value, label]) => h('option', { value }, label)));
  }
  if (spec.type === 'checkbox') return h('input', { ...attrs, type: 'checkbox', role: 'switch' });
  return h('input', { ...attrs, type: spec.type || 'text', step: spec.step, min: spec.min, max: spec.max,
    inputmode: spec.type === 'number' ? 'decimal' : undefined });
}

/** The form's fields for one type, and a function that reads them into the API's body. */
function typeForm(type, onChange) {
  const spec = TYPES[type];
  const box = h('div', { class: 'static-fields' });
  const lists = {};
  for (const f of spec.fields) {
    if (f.list) {
      const holder = h('div', { class: 'list-field' });
      lists[f.name] = holder;
      const add = () => {
        const n = holder.querySelectorAll('input').length;
        const el = input(f, n);
        holder.append(field(n ? `${f.label} ${n + 1}` : f.label, el));
        return el;
      };
      add();
      box.append(holder, h('button', { type: 'button', class: 'secondary outline small add-more', onclick: () => add().focus() },
        `Add another ${f.label.toLowerCase()}`));
    } else if (f.type === 'checkbox') {
      const el = input(f);
      box.append(h('label', { for: el.id }, el, ' ', f.label));
    } else {
      box.append(field(f.label, input(f)));
    }
  }
  box.addEventListener('input', onChange);
  box.addEventListener('change', onChange);

  function read() {
    const body = { type };
    const address = {};
    for (const f of spec.fields) {
      if (f.list) {
        const values = [...lists[f.name].querySelectorAll('input')].map((el) => el.value.trim()).filter(Boolean);
        if (values.length) body[f.name] = f.name === 'phones' ? values.map((number) => ({ number })) : values;
        continue;
      }
      const el = box.querySelector(`[name="${f.name}"]`);
      if (f.type === 'checkbox') {
        if (el.checked) body[f.name] = true;
        continue;
      }
      const value = el.value.trim();
      if (value === '') continue;
      const typed = f.type === 'number' ? Number(value) : value;
      if (f.group) address[f.name] = typed;
      else body[f.name] = typed;
    }
    if (Object.keys(address).length) body.address = address;
    return body;
  }

  /** Whether the required fields have something, so that a preview is worth asking for. */
  function ready() {
    return spec.fields.filter((f) => f.required).every((f) => box.querySelector(`[name="${f.name}"]`).value.trim() !== '');
  }

  return { box, read, ready };
}

export async function render(view) {
  const typeSelect = h('select', { id: 'static-type', name: 'type' },
    Object.entries(TYPES).map(([value, spec]) => h('option', { value }, spec.label)));
  const look = styleFields();
  const preview = previewBox('Preview of the static QR code');
  const format = h('select', { id: 'static-format', name: 'format' },
    h('option', { value: 'png' }, 'PNG'), h('option', { value: 'svg' }, 'SVG'), h('option', { value: 'pdf' }, 'PDF'));
  const size = h('input', { id: 'static-size', name: 'size', type: 'number', min: 64, max: 4096, step: 1, value: 600, inputmode: 'numeric' });
  const download = h('button', { type: 'submit', id: 'static-download' }, 'Download');
  const fields = h('div', {});
  const form = h('form', { id: 'static-form', novalidate: true },
    field('Type', typeSelect, 'The data goes into the image itself: it cannot be changed later and scans are not counted.'),
    fields, look.fieldset,
    h('fieldset', { class: 'grid' }, h('legend', {}, 'Download'), field('Format', format), field('PNG size (px)', size)),
    download);
  replace(view, h('h1', {}, 'Static code'),
    h('div', { class: 'split' }, form, h('aside', {}, h('h2', {}, 'Preview'), preview.box)));

  let current = null;
  const refresh = debounce(async () => {
    clearFieldErrors(form);
    if (!current.ready()) {
      return;
    }
    const error = await preview.update({ ...current.read(), ...look.value() });
    if (error) showFieldError(form, error);
  }, 250);

  function switchType() {
    current = typeForm(typeSelect.value, refresh);
    replace(fields, current.box);
    refresh();
  }
  typeSelect.addEventListener('change', switchType);
  look.inputs.forEach((el) => el.addEventListener('input', refresh));
  format.addEventListener('change', () => { size.disabled = format.value !== 'png'; });
  switchType();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const body = { ...current.read(), ...look.value(), format: format.value };
    if (format.value === 'png') body.size = Number(size.value);
    download.setAttribute('aria-busy', 'true');
    download.disabled = true;
    try {
      const blob = await api('POST', '/api/v1/qr', body, { blob: true });
      const url = URL.createObjectURL(blob);
      const link = h('a', { href: url, download: `qr-${typeSelect.value}${format.value === 'png' ? `-${size.value}` : ''}.${format.value}`, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      toast('Downloaded');
    } catch (e) {
      if (!showFieldError(form, e)) toast(e.message, 'error');
    } finally {
      download.removeAttribute('aria-busy');
      download.disabled = false;
    }
  });
  return preview.dispose;
}
