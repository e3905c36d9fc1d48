// The REST API client: every page reads and writes through here. Errors come back as RFC 9457 problem details;
// showProblem puts each named field's message beside its control.
import {h, replace} from './dom.js';

// Absolute URLs built from the origin: a page opened as http://user:password@host/... has credentials in its base
// URL, and fetch refuses URLs that carry credentials.
const BASE = new URL('api/v1/', window.location.origin + window.location.pathname).href;

/** A refusal from the REST API: the HTTP status and the problem details (or a stand-in when there were none). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/**
 * Calls the REST API. path: relative to /api/v1 (e.g. "apis?q=echo"); options: {method, body (JSON), ifMatch,
 * raw (a string body)}. Resolves to {status, json, etag}; rejects with an ApiError.
 */
export async function call(path, {method = 'GET', body, ifMatch} = {}) {
  const headers = {Accept: 'application/json, application/problem+json'};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (ifMatch) {
    headers['If-Match'] = ifMatch;
  }
  let response;
  try {
    response = await fetch(BASE + path, {
      method,
      headers,
      body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
      credentials: 'same-origin',
    });
  } catch (e) {
    throw new ApiError(0, {title: 'The server cannot be reached', detail: String(e.message || e)});
  }
  const type = response.headers.get('Content-Type') || '';
  const json = type.includes('json') && response.status !== 204 ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    throw new ApiError(response.status, json && typeof json === 'object' ? json : {
      title: response.status === 401 ? 'Not signed in' : `HTTP ${response.status}`,
      detail: response.status === 401 ? 'sign in to use the portal' : response.statusText,
    });
  }
  return {status: response.status, json, etag: response.headers.get('ETag')};
}

export const get = path => call(path);
export const post = (path, body, ifMatch) => call(path, {method: 'POST', body, ifMatch});
export const put = (path, body, ifMatch) => call(path, {method: 'PUT', body, ifMatch});
export const del = (path, ifMatch) => call(path, {method: 'DELETE', ifMatch});

/** Encodes a path segment (API ids such as "EchoWebSocket:1.0"). */
export const seg = value => encodeURIComponent(value);

/** Removes the messages showProblem put in a form. */
export function clearProblem(form) {
  for (const error of form.querySelectorAll('.field-error')) {
    error.hidden = true;
    error.textContent = '';
  }
  for (const control of form.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
  }
  const summary = form.querySelector('.problem');
  if (summary) {
    summary.remove();
  }
}

/**
 * Shows a problem in a form: each error whose field has a control (a .field with data-field) appears inline under
 * it, the control is marked invalid and the first one gets the focus; the rest, and the problem's detail, appear
 * in a summary at the top of the form.
 */
export function showProblem(form, error) {
  clearProblem(form);
  const problem = error instanceof ApiError ? error.problem : {title: 'Error', detail: String(error)};
  const unplaced = [];
  let first = null;
  for (const {field, message} of problem.errors || []) {
    const wrapper = fieldWrapper(form, field);
    if (!wrapper) {
      unplaced.push(`${field}: ${message}`);
      continue;
    }
    const slot = wrapper.querySelector('.field-error');
    slot.textContent = slot.textContent ? `${slot.textContent}; ${message}` : message;
    slot.hidden = false;
    const control = wrapper.querySelector('input, select, textarea');
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      first = first || control;
    }
  }
  const placed = (problem.errors || []).length - unplaced.length;
  const summary = problemBox(placed > 0 && unplaced.length === 0
    ? {title: problem.title, detail: `see the message${placed === 1 ? '' : 's'} beside the field${
      placed === 1 ? '' : 's'}`} : problem, unplaced);
  form.prepend(summary);
  (first || summary).focus();
}

/** A problem as a block of text: title, detail and any errors not shown elsewhere. */
export function problemBox(problem, errors = (problem.errors || []).map(e => `${e.field}: ${e.message}`)) {
  return h('div', {className: 'problem', role: 'alert', tabindex: '-1'},
      h('strong', {}, problem.title || 'Error'),
      problem.detail ? h('span', {}, ` — ${problem.detail}`) : null,
      errors.length ? h('ul', {}, errors.map(e => h('li', {}, e))) : null);
}

/** Shows an error in place of a page's content. */
export function showError(container, error) {
  const problem = error instanceof ApiError ? error.problem : {title: 'Error', detail: String(error)};
  replace(container, problemBox(problem));
}

function fieldWrapper(form, field) {
  // "endpoint.url" is shown beside "endpoint.url", else beside "endpoint"; "plans[0]" beside "plans".
  const candidates = [field, field.replace(/\[\d+\]$/, ''), field.split('.')[0]];
  for (const name of candidates) {
    const wrapper = [...form.querySelectorAll('.field')].find(w => w.dataset.field === name);
    if (wrapper) {
      return wrapper;
    }
  }
  return null;
}
