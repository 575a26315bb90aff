// The dashboard's shell: sign-in, navigation, and a hash router that loads one page module at a time.
// Each page module exports render(main, params) and may return a function that cleans up.
import { h, replace, toast, showFieldError, field, whileBusy } from './dom.js';
import { ApiError, loadSession, onSessionEnded, session, signIn, signOut } from './api.js';

const routes = [
  { path: /^#?\/?$/, nav: 'codes', load: () => import('./codes.js') },
  { path: /^#\/new$/, nav: 'new', load: () => import('./code-new.js') },
  { path: /^#\/codes\/([A-Za-z0-9_-]+)$/, nav: 'codes', load: () => import('./code.js') },
  { path: /^#\/codes\/([A-Za-z0-9_-]+)\/analytics$/, nav: 'codes', load: () => import('./analytics.js') },
  { path: /^#\/analytics$/, nav: 'analytics', load: () => import('./analytics.js') },
  { path: /^#\/static$/, nav: 'static', load: () => import('./static.js') },
  { path: /^#\/batches$/, nav: 'batches', load: () => import('./batches.js') },
  { path: /^#\/batches\/([A-Za-z0-9]+)$/, nav: 'batches', load: () => import('./batches.js') },
];

const main = document.getElementById('main');
let cleanup = null;
let generation = 0;

async function route() {
  const mine = ++generation;
  if (cleanup) {
    try { cleanup(); } catch { /* a page's cleanup must not stop navigation */ }
    cleanup = null;
  }
  if (!session.info) {
    showSignIn();
    return;
  }
  const hash = (location.hash || '#/').split('?')[0];
  const match = routes.map((r) => ({ r, m: hash.match(r.path) })).find((x) => x.m);
  setNav(match ? match.r.nav : null);
  if (!match) {
    replace(main, h('h1', {}, 'Not found'), h('p', {}, 'There is no such page. ', h('a', { href: '#/' }, 'Back to your codes')));
    focusHeading();
    return;
  }
  replace(main, h('p', { 'aria-busy': 'true' }, 'Loading…'));
  try {
    const page = await match.r.load();
    if (mine !== generation) return;
    const view = h('div', { class: 'page' });
    replace(main, view);
    const done = await page.render(view, match.m.slice(1));
    if (mine !== generation) {
      if (typeof done === 'function') done();
      return;
    }
    cleanup = typeof done === 'function' ? done : null;
    focusHeading();
  } catch (e) {
    if (mine !== generation) return;
    if (e instanceof ApiError && e.status === 401) return; // the sign-in page is on its way
    replace(main, h('h1', {}, 'Something went wrong'), h('p', { class: 'error' }, e.message || String(e)),
      h('p', {}, h('a', { href: '#/' }, 'Back to your codes')));
  }
}

function focusHeading() {
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }
}

function setNav(current) {
  const nav = document.getElementById('nav');
  nav.hidden = !session.info;
  nav.querySelectorAll('[data-nav]').forEach((a) => {
    if (a.dataset.nav === current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  const who = document.getElementById('who');
  who.textContent = session.info
    ? `Signed in to ${session.info.tenant.name} with key ${session.info.keyPrefix}${session.info.admin ? ' (admin)' : ''}`
    : 'Not signed in';
}

function showSignIn() {
  setNav(null);
  const key = h('input', { name: 'apiKey', id: 'api-key', type: 'password', autocomplete: 'current-password',
    required: true, placeholder: 'qrly_…', spellcheck: 'false' });
  const submit = h('button', { type: 'submit', id: 'sign-in' }, 'Sign in');
  const form = h('form', { id: 'sign-in-form', novalidate: true },
    field('API key', key, 'The key printed on the first start, or one an admin issued you. It is sent once; the browser then keeps a session cookie.'),
    submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!key.value.trim()) {
      showFieldError(form, { field: 'apiKey', message: 'Enter your API key.' });
      return;
    }
    try {
      await whileBusy(submit, () => signIn(key.value));
      key.value = '';
      toast(`Signed in to ${session.info.tenant.name}`);
      if (!location.hash || location.hash === '#/sign-in') location.hash = '#/';
      route();
    } catch (e) {
      if (!showFieldError(form, e)) showFieldError(form, { field: 'apiKey', message: e.message });
    }
  });
  replace(main, h('article', { class: 'sign-in' }, h('h1', {}, 'Sign in to qrly'), form));
  key.focus();
}

document.getElementById('sign-out').addEventListener('click', async () => {
  try {
    await signOut();
    toast('Signed out');
  } catch (e) {
    toast(e.message, 'error');
  }
  route();
});

onSessionEnded(() => {
  toast('Your session has ended; sign in again.', 'error');
  route();
});

window.addEventListener('hashchange', route);

(async () => {
  try {
    await loadSession();
  } catch (e) {
    replace(main, h('h1', {}, 'The service cannot be reached'), h('p', {}, e.message));
    return;
  }
  route();
})();
