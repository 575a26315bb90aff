// Building the page without ever parsing a string as HTML: every text a user or the API supplied
// goes in as a text node or an attribute value, so it cannot become markup.

/**
 * Creates an element. attrs: plain attributes; `class`; `on<event>` functions become listeners;
 * `dataset` an object; boolean true/false add or omit the attribute. Children: nodes, strings
 * (as text), numbers, arrays of those, and null/false (skipped).
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Like h, for SVG elements. */
export function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (name === 'value' && 'value' in el) {
      el.value = value;
    } else if (name === 'checked' || name === 'selected') {
      el[name] = Boolean(value);
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
}

/** Appends children (see h) to a node. */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces a node's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** A short-lived message in the page's live region, read out by screen readers. */
export function toast(message, kind = 'info') {
  const box = document.getElementById('toast');
  const note = h('p', { class: `toast ${kind}` }, message);
  box.append(note);
  setTimeout(() => note.remove(), kind === 'error' ? 8000 : 4000);
}

/** A labelled input with a slot for its error message. */
export function field(label, input, hint) {
  const id = input.id || (input.id = `f-${input.name || Math.random().toString(36).slice(2)}`);
  const error = h('small', { class: 'field-error', id: `${id}-error`, hidden: true });
  input.setAttribute('aria-describedby', `${id}-error`);
  return h('label', { for: id }, label, input, hint ? h('small', {}, hint) : null, error);
}

/** Shows the API's field error next to the input named by it, or returns false if there is none. */
export function showFieldError(form, error) {
  clearFieldErrors(form);
  if (!error || !error.field) return false;
  const name = error.field.split('.').pop().replace(/\[\d+\]$/, '');
  const input = form.querySelector(`[name="${CSS.escape(name)}"]`);
  if (!input) return false;
  markInvalid(input, error.message);
  input.focus();
  return true;
}

/** Marks an input invalid and shows the message in its error slot (see field), leaving the focus where it is. */
export function markInvalid(input, message) {
  input.setAttribute('aria-invalid', 'true');
  const slot = document.getElementById(`${input.id}-error`);
  if (slot) {
    slot.textContent = message;
    slot.hidden = false;
  }
}

/** Runs work with the button disabled and marked busy, so that a form is not sent twice. */
export async function whileBusy(button, work) {
  button.setAttribute('aria-busy', 'true');
  button.disabled = true;
  try {
    return await work();
  } finally {
    button.removeAttribute('aria-busy');
    button.disabled = false;
  }
}

export function clearFieldErrors(form) {
  form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  form.querySelectorAll('.field-error').forEach((el) => { el.hidden = true; el.textContent = ''; });
}

/** Waits until fn has not been called for ms, then calls it with the latest arguments. */
export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const number = new Intl.NumberFormat();

/** A timestamp in the browser's locale and zone, in a <time> element. */
export function when(iso) {
  if (!iso) return '—';
  return h('time', { datetime: iso }, dateTime.format(new Date(iso)));
}

export function count(n) {
  return number.format(n ?? 0);
}

const pad = (n) => String(n).padStart(2, '0');

/** A date as YYYY-MM-DD in the browser's zone (what a date input holds). */
export function localDate(d) {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** An ISO instant as a datetime-local input's value in the browser's zone, or '' for none. */
export function localDateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return `${localDate(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The browser's IANA time zone. */
export function browserZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Copies text to the clipboard; falls back to selecting it for the user. */
export async function copyText(text, fallbackNode) {
  try {
    await navigator.clipboard.writeText(text);
    toast('Copied to the clipboard');
  } catch {
    if (fallbackNode) {
      const range = document.createRange();
      range.selectNodeContents(fallbackNode);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }
    toast('Press Ctrl+C to copy the selected link');
  }
}
