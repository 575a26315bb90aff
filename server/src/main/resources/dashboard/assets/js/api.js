// The JSON API, called with the session cookie (sent by the browser, never readable here) and the
// session's CSRF token on every request that changes something.

/** The signed-in session: tenant, key prefix, links, CSRF token, geo credit; null when signed out. */
export const session = { info: null };

/** An error answer of the API: {status, code, message, field}. */
export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

/** Listeners told when the session has ended (a 401 from any call). */
const endedListeners = [];
export function onSessionEnded(fn) {
  endedListeners.push(fn);
}

/**
 * Calls the API. body: an object (sent as JSON), or undefined; with opts.contentType, a Blob (such
 * as a chosen File) sent as it is with that type. Returns the parsed JSON, null for an empty
 * answer, or a Blob when opts.blob is set. Throws ApiError for any error answer.
 */
export async function api(method, path, body, opts = {}) {
  const headers = { Accept: opts.blob ? '*/*' : 'application/json' };
  const raw = opts.contentType !== undefined;
  if (body !== undefined) headers['Content-Type'] = raw ? opts.contentType : 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && session.info?.csrfToken) {
    headers['X-CSRF-Token'] = session.info.csrfToken;
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined || raw ? body : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: opts.signal,
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'The service cannot be reached. Check the connection and try again.');
  }
  if (!response.ok) {
    let error = { code: 'http_' + response.status, message: `The service answered ${response.status}.` };
    try {
      const json = await response.json();
      if (json && json.error) error = json.error;
    } catch { /* not JSON: keep the generic message */ }
    if (response.status === 401 && path !== '/api/v1/session') {
      session.info = null;
      endedListeners.forEach((fn) => fn());
    }
    if (response.status === 429) {
      const retry = response.headers.get('Retry-After');
      if (retry) error.message += ` (retry in ${retry} s)`;
    }
    throw new ApiError(response.status, error.code, error.message, error.field);
  }
  if (opts.blob) return response.blob();
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/**
 * Loads the current session, if the browser has one; resolves to the session info or null. Signed
 * out is an answer ({signedIn: false}), not a 401, so a signed-out load logs no error.
 */
export async function loadSession() {
  const info = await api('GET', '/api/v1/session');
  session.info = info && info.signedIn ? info : null;
  return session.info;
}

export async function signIn(apiKey) {
  session.info = await api('POST', '/api/v1/session', { apiKey });
  return session.info;
}

export async function signOut() {
  try {
    await api('DELETE', '/api/v1/session');
  } finally {
    session.info = null;
  }
}

/** The exact string a dynamic code with this slug encodes (what the service will put in the image). */
export function encodedFor(slug) {
  const links = session.info.links;
  return links.encodedPrefix + (links.upperCase ? slug.toUpperCase() : slug);
}

/** A query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
