// Applications (the developer side, ws-subscriber): your applications, their subscriptions to published APIs, and
// their keys. A new key is shown once, when issued; the server keeps only its hash.
import {get, post, del, seg, showProblem, showError} from './api.js';
import {h, replace, field, table, confirmDialog, announce} from './dom.js';

export function render(main, {me}) {
  const list = h('div', {id: 'applications-list'});
  const issued = h('div', {id: 'issued-key', 'aria-live': 'assertive'});
  replace(main, h('h1', {}, 'Applications'),
      h('p', {}, 'An application subscribes to published APIs with a business plan and connects with its keys.'),
      issued, list, createForm());
  let apis = [];
  load();

  async function load() {
    try {
      const [applications, published] = await Promise.all([get('applications'), get('apis?lifecycle=PUBLISHED')]);
      apis = published.json.items;
      replace(list, applications.json.items.length === 0 ? h('p', {}, 'No application yet.')
        : applications.json.items.map(application));
    } catch (e) {
      showError(list, e);
    }
  }

  function application(app) {
    const path = `applications/${seg(app.id)}`;
    return h('section', {className: 'card', 'aria-label': `Application ${app.name}`, dataset: {app: app.id}},
        h('h2', {}, app.name, me.canAdminister ? h('small', {}, ` owned by ${app.owner}`) : null),
        app.description ? h('p', {}, app.description) : null,
        h('h3', {}, 'Subscriptions'),
        app.subscriptions.length === 0 ? h('p', {}, 'None yet.') : table('Subscriptions', ['API', 'Plan', 'Status',
          'Actions'], app.subscriptions.map(s => [s.apiName || s.api, s.plan, s.status,
          h('button', {type: 'button', className: 'danger small', 'aria-label': `Unsubscribe from ${s.apiName}`,
            onclick: () => remove(`${path}/subscriptions/${seg(s.id)}`, `Unsubscribe from ${s.apiName}?`,
                'Its live connections are closed.')}, 'Unsubscribe')])),
        subscribeForm(path),
        h('h3', {}, 'Keys'),
        app.keys.length === 0 ? h('p', {}, 'None yet.') : table('Keys', ['Name', 'Starts with', 'Created', 'Expires',
          'Actions'], app.keys.map(k => [k.name || '', h('code', {}, k.prefix), k.created,
          k.expires ? `${k.expires}${k.expired ? ' (expired)' : ''}` : 'never',
          h('button', {type: 'button', className: 'danger small', 'aria-label': `Revoke key ${k.prefix}`,
            onclick: () => remove(`${path}/keys/${seg(k.id)}`, `Revoke key ${k.prefix}…?`,
                'Connections opened with it are closed.')}, 'Revoke')])),
        keyForm(path, app),
        h('p', {}, h('button', {type: 'button', className: 'danger', onclick: () => remove(path,
            `Delete application ${app.name}?`, 'Its subscriptions and keys go too; its connections are closed.')},
        'Delete application')));
  }

  function subscribeForm(path) {
    const api = h('select', {name: 'api'}, apis.map(a => h('option', {value: a.id}, `${a.name} ${a.version}`)));
    const plan = h('select', {name: 'plan'});
    const plans = () => replace(plan, (apis.find(a => a.id === api.value)?.plans || [])
        .map(p => h('option', {value: p}, p)));
    api.addEventListener('change', plans);
    plans();
    const form = h('form', {className: 'inline', onsubmit: async event => {
      event.preventDefault();
      try {
        await post(`${path}/subscriptions`, {api: api.value, plan: plan.value});
        announce('Subscribed');
        load();
      } catch (e) {
        showProblem(form, e);
      }
    }}, field('API', api), field('Plan', plan), h('button', {type: 'submit'}, 'Subscribe'));
    return apis.length ? form : h('p', {}, 'No API is published yet.');
  }

  function keyForm(path, app) {
    const name = h('input', {name: 'name', autocomplete: 'off'});
    const validity = h('input', {name: 'validity', autocomplete: 'off', placeholder: 'e.g. 90d (empty: never)'});
    const form = h('form', {className: 'inline', onsubmit: async event => {
      event.preventDefault();
      const body = {};
      if (name.value.trim()) {
        body.name = name.value.trim();
      }
      if (validity.value.trim()) {
        body.validity = validity.value.trim();
      }
      try {
        const {json} = await post(`${path}/keys`, body);
        await load();
        showKey(app, json);
      } catch (e) {
        showProblem(form, e);
      }
    }}, field('Key name', name), field('Valid for', validity), h('button', {type: 'submit'}, 'Issue key'));
    return form;
  }

  function showKey(app, key) {
    const value = h('input', {id: 'new-key', readonly: true, value: key.key, size: 48});
    replace(issued, h('div', {className: 'notice', role: 'alert', tabindex: '-1'},
        h('h2', {}, `New key for ${app.name}`),
        h('p', {}, key.notice || 'Copy it now: it is shown this once.'),
        field('Key', value),
        h('div', {className: 'buttons'},
            h('button', {type: 'button', onclick: async () => {
              await navigator.clipboard?.writeText(key.key).catch(() => value.select());
              announce('Key copied');
            }}, 'Copy'),
            h('button', {type: 'button', onclick: () => issued.replaceChildren()}, 'Done: hide it'))));
    issued.firstChild.focus();
  }

  async function remove(path, question, consequence) {
    if (!await confirmDialog(question, consequence, 'Confirm')) {
      return;
    }
    try {
      const {etag} = await get(path);
      await del(path, etag);
      load();
    } catch (e) {
      load().then(() => list.prepend(problemNode(e)));
    }
  }

  function createForm() {
    const name = h('input', {name: 'name', required: true, autocomplete: 'off'});
    const description = h('input', {name: 'description', autocomplete: 'off'});
    const form = h('form', {id: 'application-form', novalidate: true, onsubmit: async event => {
      event.preventDefault();
      try {
        await post('applications', {name: name.value.trim(), ...(description.value.trim()
          ? {description: description.value.trim()} : {})});
        form.reset();
        load();
      } catch (e) {
        showProblem(form, e);
      }
    }}, h('h2', {}, 'New application'), field('Name', name), field('Description', description),
    h('button', {type: 'submit', className: 'primary'}, 'Create application'));
    return form;
  }
}

function problemNode(error) {
  const box = h('div');
  showError(box, error);
  return box.firstChild;
}
