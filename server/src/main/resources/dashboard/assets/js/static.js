// Static codes: the data itself goes into the image (no redirect, no scans counted). Pick a payload
// type, fill its form, watch the preview, download the image as SVG, PNG or PDF. The service turns
// the typed fields into the text to encode (POST /api/v1/qr); nothing here encodes a payload.
import { h, replace, field, showFieldError, clearFieldErrors, toast, markInvalid, whileBusy } from './dom.js';
import { api } from './api.js';
import { styleFields, previewBox } from './code-new.js';

/**
 * The form of each payload type. Fields carry the API's names; an array is a row of fields side by
 * side (one column on a phone); `list` repeats a field (the vCard's phones and e-mails); `group`
 * nests fields in an object of the body (the vCard's address). `trim: false` keeps spaces that
 * matter (a WiFi name or password, free text); `prompt` says what the preview waits for: the
 * required fields, one of `anyOf`, and whatever `ready` adds.
 */
const TYPES = {
  url: {
    label: 'Web address (URL)',
    prompt: 'Enter a web address to see the preview.',
    fields: [{ name: 'url', label: 'Web address', type: 'url', required: true, placeholder: 'https://example.com/',
      autocomplete: 'url', hint: 'Starts with http:// or https://.' }],
  },
  text: {
    label: 'Text',
    prompt: 'Enter some text to see the preview.',
    fields: [{ name: 'text', label: 'Text', type: 'textarea', rows: 5, required: true, trim: false,
      hint: 'Encoded exactly as typed; scanners show it and offer to copy it.' }],
  },
  vcard: {
    label: 'Contact card (vCard)',
    prompt: 'Enter a name to see the preview.',
    anyOf: ['name', 'givenName', 'familyName'],
    fields: [
      [{ name: 'givenName', label: 'Given name', autocomplete: 'given-name' },
        { name: 'familyName', label: 'Family name', autocomplete: 'family-name' }],
      { name: 'name', label: 'Full name (optional)', autocomplete: 'name',
        hint: 'As the contact list shows it; left empty, the given and family name.' },
      [{ name: 'org', label: 'Organisation', autocomplete: 'organization' },
        { name: 'title', label: 'Job title', autocomplete: 'organization-title' }],
      { name: 'phones', label: 'Phone', type: 'tel', list: 'phone', autocomplete: 'tel' },
      { name: 'emails', label: 'Email', type: 'email', list: 'email', autocomplete: 'email' },
      { name: 'url', label: 'Website', type: 'url', placeholder: 'https://example.com/', autocomplete: 'url' },
      { group: 'address', legend: 'Address', fields: [
        { name: 'street', label: 'Street', autocomplete: 'street-address' },
        [{ name: 'postcode', label: 'Postcode', autocomplete: 'postal-code' },
          { name: 'city', label: 'City', autocomplete: 'address-level2' }],
        [{ name: 'region', label: 'Region', autocomplete: 'address-level1' },
          { name: 'country', label: 'Country', autocomplete: 'country-name' }],
      ] },
      { name: 'note', label: 'Note', type: 'textarea', rows: 3, trim: false },
    ],
  },
  wifi: {
    label: 'WiFi network',
    prompt: 'Enter the network name (SSID) and its password to see the preview.',
    // the preview waits for the password too, rather than greet the SSID with "needs a password"
    ready: (get) => get('security').value === 'nopass' || get('password').value !== '',
    fields: [
      { name: 'ssid', label: 'Network name (SSID)', required: true, trim: false, autocomplete: 'off', spellcheck: 'false',
        autocapitalize: 'off' },
      [{ name: 'security', label: 'Security', type: 'select',
        options: [['WPA', 'WPA, WPA2 or WPA3'], ['WEP', 'WEP (old routers)'], ['nopass', 'None (open network)']] },
      { name: 'password', label: 'Password', trim: false, autocomplete: 'off', spellcheck: 'false', autocapitalize: 'off',
        hint: 'WPA: 8 to 63 characters. Spaces count.' }],
      { name: 'hidden', label: 'Hidden network (does not broadcast its name)', type: 'checkbox' },
    ],
  },
  email: {
    label: 'Email',
    prompt: 'Enter the recipient’s address to see the preview.',
    fields: [
      { name: 'to', label: 'To', type: 'email', required: true, placeholder: 'name@example.com', autocomplete: 'off' },
      { name: 'subject', label: 'Subject (optional)', autocomplete: 'off' },
      { name: 'body', label: 'Message (optional)', type: 'textarea', rows: 4, trim: false },
    ],
  },
  sms: {
    label: 'Text message (SMS)',
    prompt: 'Enter the phone number to see the preview.',
    fields: [
      { name: 'phone', label: 'Phone number', type: 'tel', required: true, placeholder: '+41 44 668 18 00', autocomplete: 'off',
        hint: 'With the country code for people abroad; spaces, dashes, dots and parentheses are dropped.' },
      { name: 'message', label: 'Message (optional)', type: 'textarea', rows: 3, trim: false },
    ],
  },
  tel: {
    label: 'Phone call',
    prompt: 'Enter the phone number to see the preview.',
    fields: [{ name: 'phone', label: 'Phone number', type: 'tel', required: true, placeholder: '+41 44 668 18 00',
      autocomplete: 'off', hint: 'With the country code for people abroad; spaces, dashes, dots and parentheses are dropped.' }],
  },
  geo: {
    label: 'Place (geo coordinates)',
    prompt: 'Enter a latitude and a longitude to see the preview.',
    fields: [
      [{ name: 'latitude', label: 'Latitude', type: 'number', step: 'any', min: -90, max: 90, required: true,
        placeholder: '46.9480', hint: 'Degrees, north positive.' },
      { name: 'longitude', label: 'Longitude', type: 'number', step: 'any', min: -180, max: 180, required: true,
        placeholder: '7.4474', hint: 'Degrees, east positive.' }],
      { name: 'altitude', label: 'Altitude in metres (optional)', type: 'number', step: 'any' },
    ],
    locate: true,
  },
};

const PHONE_KINDS = [['cell', 'Mobile'], ['work', 'Work'], ['home', 'Home'], ['fax', 'Fax']];
const FORMATS = [['png', 'PNG (picture)'], ['svg', 'SVG (vector)'], ['pdf', 'PDF (print)']];
const PNG_MIN = 64;
const PNG_MAX = 4096;

let ids = 0;
/** A unique element id: ids stay unique when several types' forms are kept and lists grow. */
function nextId(name) {
  ids += 1;
  return `s-${name}-${ids}`;
}

/** The input element for one field spec. */
function input(spec) {
  const attrs = { name: spec.name, id: nextId(spec.name), required: spec.required, placeholder: spec.placeholder,
    autocomplete: spec.autocomplete, spellcheck: spec.spellcheck, autocapitalize: spec.autocapitalize };
  if (spec.type === 'textarea') return h('textarea', { ...attrs, rows: spec.rows || 3 });
  if (spec.type === 'select') return h('select', attrs, spec.options.map(([value, label]) => h('option', { value }, label)));
  if (spec.type === 'checkbox') return h('input', { ...attrs, type: 'checkbox', role: 'switch' });
  return h('input', { ...attrs, type: spec.type || 'text', step: spec.step, min: spec.min, max: spec.max,
    inputmode: spec.type === 'number' ? 'decimal' : undefined });
}

/** A field's value as the API wants it, or undefined to leave it out. */
function valueOf(spec, el) {
  if (spec.type === 'checkbox') return el.checked ? true : undefined;
  if (el.disabled) return undefined;
  const raw = el.value;
  if (raw.trim() === '') return undefined;
  if (spec.type === 'number') return Number(raw);
  return spec.trim === false ? raw : raw.trim();
}

/**
 * A repeatable field (phones with their kind, e-mail addresses): rows with a remove button, and
 * a button to add one more. filled() lists the filled rows in the order they are sent, so that
 * an error about phones[1] finds its input.
 */
function listField(spec) {
  const holder = h('div', { class: 'list-field' });
  const rows = [];
  const noun = spec.label.toLowerCase();
  const addButton = h('button', { type: 'button', class: 'secondary outline small add-more' }, `Add another ${noun}`);

  function renumber() {
    rows.forEach((row, i) => {
      row.caption.textContent = rows.length > 1 ? `${spec.label} ${i + 1}` : spec.label;
      if (row.remove) row.remove.setAttribute('aria-label', `Remove ${noun} ${i + 1}`);
      if (row.kindCaption) row.kindCaption.textContent = rows.length > 1 ? `Kind of phone ${i + 1}` : 'Kind';
    });
  }

  function add() {
    const el = input(spec);
    const caption = h('span', {}, spec.label);
    const row = { el, caption, node: null, kind: null, kindCaption: null, remove: null };
    const parts = [field(caption, el)];
    if (spec.list === 'phone') {
      row.kind = h('select', { name: 'phoneType', id: nextId('phoneType') },
        PHONE_KINDS.map(([value, label]) => h('option', { value }, label)));
      row.kindCaption = h('span', {}, 'Kind');
      parts.push(field(row.kindCaption, row.kind));
    }
    if (rows.length > 0) {
      row.remove = h('button', { type: 'button', class: 'secondary outline small remove' }, 'Remove');
      row.remove.addEventListener('click', () => {
        const at = rows.indexOf(row);
        rows.splice(at, 1);
        row.node.remove();
        renumber();
        (rows[at - 1] || rows[0]).el.focus();
        holder.dispatchEvent(new Event('input', { bubbles: true }));
      });
      parts.push(row.remove);
    } else {
      // keeps the first row as wide as the others; invisible, so neither focusable nor read out
      parts.push(h('button', { type: 'button', class: 'secondary outline small remove placeholder', tabindex: -1,
        'aria-hidden': 'true', disabled: true }, 'Remove'));
    }
    row.node = h('div', { class: `list-row${spec.list === 'phone' ? ' with-kind' : ''}` }, parts);
    rows.push(row);
    holder.append(row.node);
    renumber();
    return row;
  }

  addButton.addEventListener('click', () => add().el.focus());
  add();
  const filled = () => rows.filter((row) => row.el.value.trim() !== '');
  return {
    node: h('div', { class: 'list-group' }, holder, addButton),
    filled,
    read() {
      const rowsToSend = filled();
      if (!rowsToSend.length) return undefined;
      return spec.list === 'phone'
        ? rowsToSend.map((row) => ({ number: row.el.value.trim(), type: row.kind.value }))
        : rowsToSend.map((row) => row.el.value.trim());
    },
  };
}

/** The form of one type: its fields, a reader of the API body, and where an error of the API goes. */
function typeForm(type) {
  const spec = TYPES[type];
  const singles = []; // [spec, element, group]
  const lists = {};

  function build(fields, group) {
    return fields.map((f) => {
      if (Array.isArray(f)) return h('div', { class: 'grid' }, build(f, group));
      if (f.group) return h('fieldset', { class: 'address' }, h('legend', {}, f.legend), build(f.fields, f.group));
      if (f.list) {
        lists[f.name] = listField(f);
        return lists[f.name].node;
      }
      const el = input(f);
      singles.push([f, el, group]);
      if (f.type === 'checkbox') return h('label', { for: el.id, class: 'check' }, el, ' ', f.label);
      return field(f.label, el, f.hint);
    });
  }

  const box = h('div', { class: 'static-fields', dataset: { type } }, build(spec.fields));
  const byName = (name) => singles.find(([f]) => f.name === name)?.[1];

  // WiFi: an open network has no password, so the field is off while "None" is chosen.
  const security = byName('security');
  if (type === 'wifi') {
    const password = byName('password');
    const sync = () => { password.disabled = security.value === 'nopass'; };
    security.addEventListener('change', sync);
    sync();
  }

  // Geo: the browser's own position, where it offers one (secure pages only).
  if (spec.locate && 'geolocation' in navigator && window.isSecureContext) {
    const here = h('button', { type: 'button', class: 'secondary outline small', id: 'static-locate' }, 'Use my current location');
    here.addEventListener('click', () => {
      here.setAttribute('aria-busy', 'true');
      navigator.geolocation.getCurrentPosition((position) => {
        here.removeAttribute('aria-busy');
        const { latitude, longitude, altitude } = position.coords;
        byName('latitude').value = latitude.toFixed(6);
        byName('longitude').value = longitude.toFixed(6);
        if (altitude !== null && altitude !== undefined) byName('altitude').value = Math.round(altitude);
        box.dispatchEvent(new Event('input', { bubbles: true }));
      }, (error) => {
        here.removeAttribute('aria-busy');
        toast(error.code === error.PERMISSION_DENIED ? 'The browser was not allowed to tell the location.'
          : 'The browser could not tell the location.', 'error');
      }, { enableHighAccuracy: true, timeout: 15000 });
    });
    box.append(h('p', {}, here));
  }

  function read() {
    const body = { type };
    const groups = {};
    for (const [f, el, group] of singles) {
      const value = valueOf(f, el);
      if (value === undefined) continue;
      if (group) (groups[group] ||= {})[f.name] = value;
      else body[f.name] = value;
    }
    Object.assign(body, groups);
    for (const [name, list] of Object.entries(lists)) {
      const value = list.read();
      if (value !== undefined) body[name] = value;
    }
    return body;
  }

  /** Whether the form has what a preview needs, so that no request is made just to be told so. */
  function ready() {
    const filled = (name) => {
      const el = byName(name);
      return el && el.value.trim() !== '' && !(el.validity && el.validity.badInput);
    };
    const required = singles.filter(([f]) => f.required).every(([f]) => filled(f.name));
    return required && (!spec.anyOf || spec.anyOf.some(filled)) && (!spec.ready || spec.ready(byName));
  }

  /**
   * The input an API error is about. The API names fields as it read them: "url",
   * "address.city", "phones[1].number", "emails[0]", "style.foreground"; an error about one of a
   * vCard's phones or e-mails may name the list alone ("phones"), and then the input whose value
   * the message quotes is the one.
   */
  function locate(fieldPath, message) {
    const path = String(fieldPath).split('.');
    const head = path[0].match(/^([^[\]]+)(?:\[(\d+)\])?$/) || [null, path[0], undefined];
    let name = head[1];
    let index = head[2] === undefined ? null : Number(head[2]);
    const leaf = path[path.length - 1].replace(/\[\d+\]$/, '');
    if (name === 'phones') {
      name = leaf === 'type' ? 'phoneType' : 'phones';
    } else if (path.length > 1) {
      name = leaf;
    }
    const listName = name === 'phoneType' ? 'phones' : name;
    if (lists[listName]) {
      const rows = lists[listName].filled();
      if (!rows.length) return null;
      let row = index !== null ? rows[index] : null;
      if (!row) row = rows.find((r) => message && message.includes(`'${r.el.value.trim()}'`)) || rows[0];
      return name === 'phoneType' ? row.kind : row.el;
    }
    return byName(name) || null;
  }

  return { box, read, ready, locate, prompt: spec.prompt };
}

export async function render(view) {
  const typeSelect = h('select', { id: 'static-type', name: 'type' },
    Object.entries(TYPES).map(([value, spec]) => h('option', { value }, spec.label)));
  const look = styleFields();
  const preview = previewBox('Preview of the static QR code');
  const previewImage = preview.box.querySelector('img');
  const previewNote = preview.box.querySelector('.preview-note');

  const capacityText = h('p', {});
  const lowerButton = h('button', { type: 'button', class: 'secondary small', id: 'static-lower-ecl' },
    'Use error correction L (holds the most)');
  const capacity = h('div', { class: 'capacity-error', id: 'static-capacity', tabindex: -1, hidden: true },
    h('strong', {}, 'Too much data for one QR code'), capacityText, lowerButton);

  const format = h('select', { id: 'static-format', name: 'format' }, FORMATS.map(([value, label]) => h('option', { value }, label)));
  const size = h('input', { id: 'static-size', name: 'size', type: 'number', min: PNG_MIN, max: PNG_MAX, step: 1, value: 600,
    inputmode: 'numeric', required: true });
  const download = h('button', { type: 'submit', id: 'static-download' }, 'Download');
  const fieldsSlot = h('div', { id: 'static-fields' });

  const form = h('form', { id: 'static-form', class: 'split static-page', novalidate: true },
    h('div', { class: 'static-main' },
      field('Type of content', typeSelect),
      fieldsSlot,
      look.fieldset),
    h('aside', { class: 'static-aside', 'aria-labelledby': 'static-preview-heading' },
      h('h2', { id: 'static-preview-heading' }, 'Preview'),
      capacity,
      preview.box,
      h('fieldset', { class: 'static-download' },
        h('legend', {}, 'Download'),
        h('div', { class: 'grid' },
          field('Format', format),
          field('Size in pixels', size, `PNG only: ${PNG_MIN} to ${PNG_MAX}. SVG and PDF scale to any size.`)),
        download)));
  replace(view,
    h('h1', {}, 'Static code'),
    h('p', { class: 'muted' }, 'The data goes into the image itself: it cannot be changed after printing, and scans are not ',
      'counted. For a code you can redirect later and whose scans are counted, make a ', h('a', { href: '#/new' }, 'dynamic code'), '.'),
    form);

  const forms = {}; // kept per type, so that going back to a type finds what was typed
  let current = null;
  let seq = 0;
  let disposed = false;
  const downloads = new Set();

  function clearErrors() {
    clearFieldErrors(form);
    capacity.hidden = true;
    capacityText.textContent = '';
  }

  function showCapacity(message) {
    capacityText.textContent = message;
    lowerButton.hidden = look.value().errorCorrection === 'L';
    capacity.hidden = false;
  }

  /** Puts an API error where it belongs: the capacity box, next to its input, or false if neither. */
  function place(error, focus) {
    if (!error || !error.field) return false;
    if (error.field === 'data') {
      showCapacity(error.message);
      if (focus) capacity.focus();
      return true;
    }
    // the vCard's and the type's own names first; then the look and download inputs ("style.margin", "size")
    const leaf = error.field.split('.').pop().replace(/\[\d+\]$/, '');
    const el = current.locate(error.field, error.message) || form.querySelector(`[name="${CSS.escape(leaf)}"]`);
    if (!el) return false;
    markInvalid(el, error.message);
    if (focus) el.focus();
    return true;
  }

  function blankPreview(message) {
    previewImage.hidden = true;
    delete preview.box.dataset.ready;
    previewNote.textContent = message;
    previewNote.classList.remove('error');
  }

  /** Renders the preview now; errors go next to their inputs without taking the focus. */
  async function renderPreview() {
    if (disposed) return;
    const mine = ++seq;
    if (!current.ready()) {
      clearErrors();
      blankPreview(current.prompt);
      return;
    }
    const asked = current;
    const error = await preview.update({ ...current.read(), ...look.value() });
    if (disposed) return;
    // The box shows the last answer that was not overtaken by a newer request; when the type has
    // since been switched or the form emptied, that answer is stale: blank the box again.
    if (asked !== current || !current.ready()) {
      blankPreview(current.prompt);
      return;
    }
    if (mine !== seq) return;
    clearErrors();
    if (error && error.field === 'data') {
      showCapacity(error.message);
      previewNote.textContent = 'No preview: the data does not fit (see above).';
    } else if (error) {
      place(error, false);
    }
  }

  // The preview follows the typing once it pauses (like dom.js's debounce, but a download can
  // settle a pending preview first, so that a late preview does not wipe the download's error).
  let timer = null;
  const refresh = () => {
    clearTimeout(timer);
    timer = setTimeout(() => { timer = null; renderPreview(); }, 300);
  };
  async function settlePreview() {
    if (timer === null) return;
    clearTimeout(timer);
    timer = null;
    await renderPreview();
  }

  function switchType() {
    const type = typeSelect.value;
    if (!forms[type]) {
      forms[type] = typeForm(type);
      forms[type].box.addEventListener('input', refresh);
      forms[type].box.addEventListener('change', refresh);
    }
    current = forms[type];
    replace(fieldsSlot, current.box);
    clearErrors();
    blankPreview(current.prompt);
    refresh();
  }

  typeSelect.addEventListener('change', switchType);
  look.inputs.forEach((el) => {
    el.addEventListener('input', refresh);
    el.addEventListener('change', refresh);
  });
  lowerButton.addEventListener('click', () => {
    const ecl = look.inputs[0];
    ecl.value = 'L';
    ecl.dispatchEvent(new Event('input', { bubbles: true }));
    ecl.focus();
  });
  const syncSize = () => { size.disabled = format.value !== 'png'; };
  format.addEventListener('change', syncSize);
  syncSize();
  switchType();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    await settlePreview();
    clearErrors();
    const kind = format.value;
    const body = { ...current.read(), ...look.value(), format: kind };
    if (kind === 'png') {
      const px = Number(size.value);
      if (size.value === '' || !Number.isInteger(px) || px < PNG_MIN || px > PNG_MAX) {
        showFieldError(form, { field: 'size', message: `Enter a whole number of pixels from ${PNG_MIN} to ${PNG_MAX}.` });
        return;
      }
      body.size = px;
    }
    try {
      const blob = await whileBusy(download, () => api('POST', '/api/v1/qr', body, { blob: true }));
      if (disposed) return;
      const name = `qr-${body.type}${kind === 'png' ? `-${body.size}` : ''}.${kind}`;
      const url = URL.createObjectURL(blob);
      downloads.add(url);
      const link = h('a', { href: url, download: name, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => { URL.revokeObjectURL(url); downloads.delete(url); }, 10_000);
      toast(`Downloaded ${name}`);
    } catch (e) {
      if (disposed) return;
      if (!place(e, true)) toast(e.message, 'error');
    }
  });

  return () => {
    disposed = true;
    clearTimeout(timer);
    preview.dispose();
    downloads.forEach((url) => URL.revokeObjectURL(url));
  };
}
