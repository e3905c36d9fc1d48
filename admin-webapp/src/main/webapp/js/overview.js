// An API's overview: what it is and where clients connect, its lifecycle actions (each confirmed), the endpoint
// settings (the cogwheel), its business plans and gateways, AsyncAPI export, and deletion.
import {get, put, post, del, seg, showProblem, showError, ApiError} from './api.js';
import {h, replace, field, confirmDialog, announce, go, link} from './dom.js';

const ACTION_LABELS = {publish: 'Publish', deprecate: 'Deprecate', retire: 'Retire', block: 'Block',
  unblock: 'Unblock'};
const DURATIONS = ['connectTimeout', 'handshakeTimeout', 'idleTimeout', 'pingInterval'];

export async function render(main, {me, params: [id]}) {
  let api;
  let etag;
  let plans = [];
  let gateways = [];
  await load();

  async function load() {
    try {
      const answer = await get(`apis/${seg(id)}`);
      api = answer.json;
      etag = answer.etag;
      [plans, gateways] = await Promise.all([get('plans'), get('gateways')]
          .map(p => p.then(a => a.json.items, () => [])));
    } catch (e) {
      replace(main, h('h1', {}, 'API overview'));
      main.append(h('div'));
      showError(main.lastChild, e);
      return;
    }
    show();
  }

  function show() {
    replace(main,
        h('div', {className: 'page-head'},
            h('h1', {id: 'api-title'}, api.name, h('small', {}, ` ${api.version}`)),
            h('span', {className: `state ${api.lifecycle}`, id: 'api-state'}, api.lifecycle)),
        h('dl', {className: 'facts', id: 'api-facts'},
            fact('Context', api.context), fact('Version', api.version),
            fact('URL', h('code', {id: 'api-url'}, api.url)),
            api.connections === undefined ? null : fact('Live connections', String(api.connections)),
            api.description ? fact('Description', api.description) : null),
        h('p', {className: 'buttons'},
            link(`console/${encodeURIComponent(api.id)}`, 'Test console'),
            link(`dashboard/${encodeURIComponent(api.id)}`, 'Dashboard'),
            h('button', {type: 'button', id: 'export', onclick: exportAsyncApi}, 'Export AsyncAPI')),
        lifecycleSection(), endpointSection(), plansSection(), deleteSection());
  }

  function fact(term, value) {
    return [h('dt', {}, term), h('dd', {}, value)];
  }

  function lifecycleSection() {
    const section = h('section', {'aria-labelledby': 'lifecycle-title'},
        h('h2', {id: 'lifecycle-title'}, 'Lifecycle'));
    if (!me.canPublish) {
      section.append(h('p', {className: 'reason'}, 'Lifecycle actions need the publisher role (ws-publisher).'));
    } else if (api.actions.length === 0) {
      section.append(h('p', {}, `No action is possible from ${api.lifecycle}.`));
    } else {
      section.append(h('div', {className: 'buttons'}, api.actions.map(action => h('button', {
        type: 'button', dataset: {action}, id: `lifecycle-${action}`,
        className: action === 'publish' ? 'primary' : (action === 'block' || action === 'retire' ? 'danger' : ''),
        onclick: () => transition(action),
      }, ACTION_LABELS[action] || action))));
    }
    return section;
  }

  async function transition(action) {
    const label = ACTION_LABELS[action] || action;
    const ok = await confirmDialog(`${label} ${api.name} ${api.version}?`, consequence(action), label);
    if (!ok) {
      return;
    }
    try {
      await post(`apis/${seg(id)}/lifecycle`, {action}, etag);
      announce(`${api.name}: ${action} done`);
      await load();
    } catch (e) {
      await load();
      main.prepend(problemOf(e));
    }
  }

  function consequence(action) {
    return {
      publish: 'Clients subscribed to its plans may connect at once.',
      deprecate: 'Live connections stay; new subscriptions are refused.',
      retire: 'It stops serving: live connections are closed.',
      block: 'Every live connection is closed and new ones are refused until it is unblocked.',
      unblock: 'It serves again as before it was blocked.',
    }[action] || '';
  }

  function endpointSection() {
    const hasEndpoint = api.endpoint && api.endpoint.url;
    return h('section', {'aria-labelledby': 'endpoint-title'},
        h('h2', {id: 'endpoint-title'}, 'Endpoint'),
        api.endpoint === undefined ? h('p', {}, 'Only creators see the endpoint.') : h('p', {className: 'endpoint'},
            h('code', {id: 'endpoint-url'}, hasEndpoint ? api.endpoint.url : 'none yet'), ' ',
            h('button', {type: 'button', className: 'icon', id: 'endpoint-settings', title: 'Endpoint settings',
              'aria-label': 'Endpoint settings', onclick: endpointDialog}, '⚙')));
  }

  async function endpointDialog() {
    let current = {url: ''};
    let tag = etag;
    try {
      const answer = await get(`apis/${seg(id)}/endpoint`);
      current = answer.json;
      tag = answer.etag;
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) {
        main.prepend(problemOf(e));
        return;
      }
    }
    const controls = {
      url: h('input', {name: 'url', value: current.url || '', required: true}),
      ...Object.fromEntries(DURATIONS.map(name => [name, h('input', {name, value: current[name] || '',
        placeholder: 'e.g. 5s'})])),
      maxMessageSize: h('input', {name: 'maxMessageSize', value: String(current.maxMessageSize ?? '0')}),
      clientCompression: h('input', {type: 'checkbox', name: 'clientCompression',
        checked: current.clientCompression !== false}),
      backendCompression: h('input', {type: 'checkbox', name: 'backendCompression',
        checked: current.backendCompression === true}),
    };
    const labels = {url: 'Endpoint URL (ws:// or wss://)', connectTimeout: 'Connect timeout',
      handshakeTimeout: 'Handshake timeout', idleTimeout: 'Idle timeout (0: none)',
      pingInterval: 'Ping interval (0: none)', maxMessageSize: 'Largest message (bytes or e.g. 16MiB; 0: any)',
      clientCompression: 'Compression with clients (permessage-deflate)',
      backendCompression: 'Compression with the backend'};
    const form = h('form', {method: 'dialog', novalidate: true},
        h('h2', {id: 'endpoint-dialog-title'}, 'Endpoint settings'),
        Object.entries(controls).map(([name, control]) => field(labels[name], control)),
        h('div', {className: 'buttons'},
            h('button', {type: 'submit', className: 'primary', id: 'endpoint-save'}, 'Save'),
            h('button', {type: 'button', onclick: () => dialog.close()}, 'Cancel')));
    const dialog = h('dialog', {'aria-labelledby': 'endpoint-dialog-title', id: 'endpoint-dialog'}, form);
    dialog.addEventListener('close', () => dialog.remove());
    form.addEventListener('submit', async event => {
      event.preventDefault();
      const body = {url: controls.url.value.trim(), maxMessageSize: controls.maxMessageSize.value.trim() || '0',
        clientCompression: controls.clientCompression.checked,
        backendCompression: controls.backendCompression.checked};
      DURATIONS.filter(name => controls[name].value.trim()).forEach(name => {
        body[name] = controls[name].value.trim();
      });
      if (current.tls) {
        body.tls = current.tls;
      }
      try {
        await put(`apis/${seg(id)}/endpoint`, body, tag);
        await load();
        dialog.close();
        announce('Endpoint saved');
        document.getElementById('endpoint-settings')?.focus();
      } catch (e) {
        showProblem(form, e);
      }
    });
    document.body.append(dialog);
    dialog.showModal();
  }

  function plansSection() {
    if (api.endpoint === undefined) {
      return h('section', {}, h('h2', {}, 'Business plans'), h('p', {}, api.plans.join(', ')));
    }
    const planBoxes = choices('plan', plans.map(p => p.name), api.plans);
    const gatewayBoxes = choices('gateway', gateways.map(g => g.name), api.gateways);
    const form = h('form', {id: 'plans-form', onsubmit: async event => {
      event.preventDefault();
      const body = editable(api);
      body.plans = planBoxes.filter(b => b.checked).map(b => b.value);
      body.gateways = gatewayBoxes.filter(b => b.checked).map(b => b.value);
      try {
        await put(`apis/${seg(id)}`, body, etag);
        announce('Plans and gateways saved');
        await load();
      } catch (e) {
        showProblem(form, e);
      }
    }},
    checkSet('Business plans', 'plans', planBoxes),
    checkSet('Gateways (none chosen: every gateway)', 'gateways', gatewayBoxes),
    h('button', {type: 'submit'}, 'Save plans and gateways'));
    return h('section', {'aria-labelledby': 'plans-title'}, h('h2', {id: 'plans-title'}, 'Business plans and gateways'),
        form);
  }

  function choices(kind, names, chosen) {
    return names.map(name => h('input', {type: 'checkbox', value: name, id: `${kind}-${name}`,
      checked: chosen.includes(name)}));
  }

  function checkSet(legend, fieldName, boxes) {
    return h('fieldset', {className: 'field', dataset: {field: fieldName}}, h('legend', {}, legend),
        h('div', {className: 'checks'}, boxes.map(box => h('span', {className: 'check'}, box,
            h('label', {for: box.id}, box.value)))),
        h('p', {className: 'field-error', role: 'alert', hidden: true}));
  }

  function deleteSection() {
    if (!['CREATED', 'RETIRED'].includes(api.lifecycle) || !me.canCreate
        || (api.lifecycle === 'RETIRED' && !me.canPublish)) {
      return null;
    }
    return h('section', {'aria-labelledby': 'delete-title'}, h('h2', {id: 'delete-title'}, 'Delete'),
        h('button', {type: 'button', className: 'danger', id: 'delete-api', onclick: async () => {
          if (await confirmDialog(`Delete ${api.name} ${api.version}?`, 'This cannot be undone.', 'Delete')) {
            try {
              await del(`apis/${seg(id)}`, etag);
              go('apis');
            } catch (e) {
              main.prepend(problemOf(e));
            }
          }
        }}, 'Delete this API'));
  }

  async function exportAsyncApi() {
    try {
      const {json} = await get(`apis/${seg(id)}/asyncapi`);
      const blob = new Blob([JSON.stringify(json, null, 2)], {type: 'application/json'});
      const anchor = h('a', {href: URL.createObjectURL(blob), download: `${api.name}-${api.version}.asyncapi.json`});
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
      announce('AsyncAPI document exported');
    } catch (e) {
      main.prepend(problemOf(e));
    }
  }
}

/** The fields of an API that an edit sends back (PUT refuses the read-only ones; policies stay as they are). */
function editable(api) {
  const body = {};
  for (const name of ['name', 'context', 'version', 'description', 'endpoint', 'plans', 'gateways',
    'defaultVersion']) {
    if (api[name] !== undefined && api[name] !== null) {
      body[name] = api[name];
    }
  }
  return body;
}

function problemOf(error) {
  const box = document.createElement('div');
  showError(box, error);
  return box.firstChild;
}
