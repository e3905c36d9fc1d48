// The test console: connects the browser's own WebSocket to an API through the gateway (same host as the portal),
// with a key or token, query parameters and subprotocols of your choice; sends text or binary; logs every event
// with its time.
import {get, showError} from './api.js';
import {h, replace, field, clock, announce} from './dom.js';

// Where the gateway's key-auth and jwt policies look for credentials in a browser's handshake (browsers cannot set
// headers on a WebSocket handshake): see valve-plugin/docs/policies/key-auth.md and jwt.md.
const CREDENTIALS = {none: null, key: 'apikey', token: 'access_token'};

export async function render(main, {params: [chosenId]}) {
  replace(main, h('h1', {}, 'Test console'));
  let apis;
  try {
    apis = (await get('apis')).json.items.filter(api => ['PUBLISHED', 'DEPRECATED'].includes(api.lifecycle));
  } catch (e) {
    main.append(h('div'));
    showError(main.lastChild, e);
    return null;
  }
  if (apis.length === 0) {
    main.append(h('p', {}, 'No API is published yet: publish one to test it here.'));
    return null;
  }
  const names = [...new Set(apis.map(api => api.name))];
  const chosen = apis.find(api => api.id === chosenId) || apis[0];
  const name = h('select', {name: 'api', id: 'console-api'}, names.map(n => h('option', {value: n,
    selected: n === chosen.name}, n)));
  const version = h('select', {name: 'version', id: 'console-version'});
  const credentialKind = h('select', {name: 'credential', id: 'console-credential'},
      h('option', {value: 'none'}, 'None (open API)'),
      h('option', {value: 'key'}, 'Subscription key (apikey)'),
      h('option', {value: 'token'}, 'Token (access_token)'));
  const credential = h('input', {name: 'secret', id: 'console-secret', type: 'password', autocomplete: 'off'});
  const query = h('input', {name: 'query', id: 'console-query', autocomplete: 'off', placeholder: 'a=1&b=two'});
  const protocols = h('input', {name: 'protocols', id: 'console-protocols', autocomplete: 'off',
    placeholder: 'e.g. chat, superchat'});
  const target = h('output', {id: 'console-url', for: 'console-api console-version console-query'});
  const connect = h('button', {type: 'submit', className: 'primary', id: 'console-connect'}, 'Connect');
  const disconnect = h('button', {type: 'button', id: 'console-disconnect', disabled: true,
    onclick: () => socket && socket.close(1000, 'closed from the test console')}, 'Disconnect');
  const state = h('span', {id: 'console-state', className: 'state', 'aria-live': 'polite'}, 'CLOSED');

  const message = h('textarea', {name: 'message', id: 'console-message', rows: 3});
  const binary = h('input', {type: 'checkbox', id: 'console-binary', name: 'binary'});
  const send = h('button', {type: 'submit', id: 'console-send', disabled: true}, 'Send');
  const log = h('ol', {id: 'console-log', className: 'log', 'aria-live': 'polite', 'aria-label': 'Events'});
  let socket = null;

  name.addEventListener('change', versions);
  [version, credentialKind, credential, query].forEach(c => c.addEventListener('input', preview));
  version.addEventListener('change', preview);

  main.append(
      h('form', {id: 'console-form', className: 'grid', onsubmit: open},
          field('API', name), field('Version', version), field('Credential', credentialKind),
          field('Key or token', credential, {hint: 'Sent as a query parameter: browsers cannot set handshake '
              + 'headers'}),
          field('Query parameters', query), field('Subprotocols', protocols, {hint: 'Comma-separated'}),
          h('p', {className: 'wide'}, 'Connects to ', target),
          h('div', {className: 'buttons wide'}, connect, disconnect, state)),
      h('form', {id: 'console-send-form', onsubmit: sendMessage},
          field('Message', message, {hint: 'Binary: bytes in hex, e.g. 01 02 ff'}),
          h('span', {className: 'check'}, binary, h('label', {for: binary.id}, 'Send as binary (hex)')),
          h('div', {className: 'buttons'}, send,
              h('button', {type: 'button', onclick: () => log.replaceChildren()}, 'Clear log'))),
      h('h2', {}, 'Events'), log);
  versions();

  function versions() {
    replace(version, apis.filter(api => api.name === name.value).map(api => h('option', {value: api.id,
      selected: api.id === chosen.id}, api.version)));
    preview();
  }

  function url(redacted) {
    const api = apis.find(a => a.id === version.value);
    const path = pathOf(api);
    const params = new URLSearchParams(query.value.trim().replace(/^\?/, ''));
    const parameter = CREDENTIALS[credentialKind.value];
    if (parameter && credential.value) {
      params.set(parameter, redacted ? '***' : credential.value);
    }
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    return `${scheme}://${window.location.host}${path}${params.size ? `?${params}` : ''}`;
  }

  function preview() {
    target.textContent = url(true);
  }

  function open(event) {
    event.preventDefault();
    if (socket) {
      return;
    }
    const list = protocols.value.split(',').map(p => p.trim()).filter(Boolean);
    record('info', `connecting to ${url(true)}${list.length ? ` with ${list.join(', ')}` : ''}`);
    try {
      socket = new WebSocket(url(false), list);
    } catch (e) {
      record('error', String(e.message || e));
      return;
    }
    socket.binaryType = 'arraybuffer';
    setState('CONNECTING');
    socket.addEventListener('open', () => {
      setState('OPEN');
      record('open', `open${socket.protocol ? `, subprotocol ${socket.protocol}` : ''}`
          + `${socket.extensions ? `, extensions ${socket.extensions}` : ''}`);
      message.focus();
    });
    socket.addEventListener('message', e => {
      if (typeof e.data === 'string') {
        record('received', e.data);
      } else {
        record('received', `binary, ${e.data.byteLength} bytes: ${hex(new Uint8Array(e.data))}`);
      }
    });
    socket.addEventListener('error', () => record('error', 'WebSocket error (the browser gives no detail; see '
        + 'the close code)'));
    socket.addEventListener('close', e => {
      record('close', `closed: code ${e.code}${e.reason ? `, reason "${e.reason}"` : ''}`
          + `${e.wasClean ? '' : ' (not clean)'}`, {code: String(e.code)});
      socket = null;
      setState('CLOSED');
    });
  }

  function sendMessage(event) {
    event.preventDefault();
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      return;
    }
    if (binary.checked) {
      const bytes = parseHex(message.value);
      if (!bytes) {
        record('error', 'not hex bytes: write pairs of 0-9a-f, e.g. 01 02 ff');
        return;
      }
      socket.send(bytes);
      record('sent', `binary, ${bytes.length} bytes: ${hex(bytes)}`);
    } else {
      socket.send(message.value);
      record('sent', message.value);
    }
  }

  function setState(text) {
    state.textContent = text;
    state.className = `state ${text}`;
    const open = text === 'OPEN';
    send.disabled = !open;
    disconnect.disabled = text === 'CLOSED';
    connect.disabled = text !== 'CLOSED';
    announce(`Connection ${text.toLowerCase()}`);
  }

  function record(kind, text, data = {}) {
    const arrow = {sent: '→', received: '←'}[kind] || '•';
    log.append(h('li', {className: kind, dataset: {kind, ...data}},
        h('time', {}, clock()), h('span', {className: 'kind'}, ` ${arrow} ${kind} `),
        h('span', {className: 'text'}, text)));
    log.lastChild.scrollIntoView({block: 'nearest'});
  }

  return () => {
    if (socket) {
      socket.close(1000, 'left the test console');
    }
  };
}

/** The path clients connect to: from the API's URL, else its context and version. */
function pathOf(api) {
  try {
    return new URL(api.url).pathname;
  } catch (e) {
    return `${api.context}/${api.version}`;
  }
}

function parseHex(text) {
  const digits = text.replace(/0x|[\s,]/gi, '');
  if (digits.length % 2 !== 0 || /[^0-9a-f]/i.test(digits)) {
    return null;
  }
  return Uint8Array.from(digits.match(/../g) || [], pair => parseInt(pair, 16));
}

function hex(bytes) {
  return [...bytes].map(b => b.toString(16).padStart(2, '0')).join(' ');
}
