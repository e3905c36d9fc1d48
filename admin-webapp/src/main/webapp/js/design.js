// "Design a New WebSocket API": Name, Context, Version, Endpoint and Business plans, as in WSO2's publisher.
// CREATE needs the creator role; CREATE & PUBLISH also the publisher role, an endpoint and a plan. Whatever the
// server refuses is shown beside the field it names.
import {get, post, showProblem, clearProblem, showError} from './api.js';
import {h, replace, field, go, announce} from './dom.js';

export async function render(main, {me}) {
  replace(main, h('h1', {}, 'Design a New WebSocket API'));
  if (!me.canCreate) {
    main.append(h('p', {className: 'notice', id: 'create-reason'},
        'Creating APIs needs the ws-creator role (or higher); you are signed in as ', me.user, '.'));
    return;
  }
  let plans;
  try {
    plans = (await get('plans')).json.items;
  } catch (e) {
    showError(main, e);
    return;
  }
  const name = h('input', {name: 'name', required: true, autocomplete: 'off', placeholder: 'EchoWebSocket'});
  const context = h('input', {name: 'context', required: true, autocomplete: 'off', placeholder: '/echowebsocket'});
  const version = h('input', {name: 'version', required: true, autocomplete: 'off', placeholder: '1.0'});
  const endpoint = h('input', {name: 'endpoint', type: 'url', autocomplete: 'off',
    placeholder: 'ws://backend.example:8080/echo'});
  const description = h('textarea', {name: 'description', rows: 2});
  const access = h('select', {name: 'policies'},
      h('option', {value: 'subscribers'}, 'Subscribers only (API key or token)'),
      h('option', {value: 'open'}, 'Open: anyone may connect'));
  const planBoxes = plans.map(plan => h('input', {type: 'checkbox', name: 'plan', value: plan.name,
    id: `plan-${plan.name}`}));
  const planSet = h('fieldset', {className: 'field', dataset: {field: 'plans'}},
      h('legend', {}, 'Business plans'),
      h('div', {className: 'checks'}, plans.map((plan, i) => h('span', {className: 'check'}, planBoxes[i],
          h('label', {for: planBoxes[i].id}, plan.name, h('small', {}, ` ${plan.description || ''}`))))),
      h('p', {className: 'field-error', role: 'alert', hidden: true}));

  const create = h('button', {type: 'submit', className: 'primary', id: 'create', value: 'create'}, 'Create');
  const publish = h('button', {type: 'submit', id: 'create-publish', value: 'publish'}, 'Create & Publish');
  const reason = h('p', {className: 'reason', id: 'publish-reason', 'aria-live': 'polite'});
  const createReason = h('p', {className: 'reason', id: 'create-reason', 'aria-live': 'polite'});
  create.setAttribute('aria-describedby', createReason.id);
  publish.setAttribute('aria-describedby', reason.id);

  const form = h('form', {id: 'design-form', novalidate: true, onsubmit: submit, oninput: update, onchange: update},
      field('Name', name),
      field('Context', context, {hint: 'The path clients connect to, e.g. /echowebsocket'}),
      field('Version', version),
      field('Endpoint', endpoint, {hint: 'ws:// or wss:// (optional to create; needed to publish)',
        fieldName: 'endpoint'}),
      planSet,
      field('Access', access, {hint: 'Subscribers connect with a key of an application subscribed to a plan'}),
      field('Description', description),
      h('div', {className: 'buttons'}, create, publish), createReason, reason);
  main.append(form);
  update();
  name.focus();

  function update() {
    const missing = [[name, 'Name'], [context, 'Context'], [version, 'Version']]
        .filter(([control]) => !control.value.trim()).map(([, label]) => label);
    create.disabled = missing.length > 0;
    createReason.textContent = missing.length ? `To create, fill in: ${missing.join(', ')}.` : '';
    const chosen = planBoxes.filter(box => box.checked).length;
    if (!me.canPublish) {
      publish.disabled = true;
      reason.textContent = `Create & Publish needs the publisher role (ws-publisher); ${me.user} may only create.`;
    } else if (missing.length || !endpoint.value.trim() || chosen === 0) {
      publish.disabled = true;
      const needs = [...missing, ...(endpoint.value.trim() ? [] : ['Endpoint']),
        ...(chosen ? [] : ['a Business plan'])];
      reason.textContent = `To create and publish, add: ${needs.join(', ')}.`;
    } else {
      publish.disabled = false;
      reason.textContent = '';
    }
  }

  async function submit(event) {
    event.preventDefault();
    const publishing = event.submitter && event.submitter.value === 'publish';
    const body = {
      name: name.value.trim(),
      context: context.value.trim(),
      version: version.value.trim(),
      plans: planBoxes.filter(box => box.checked).map(box => box.value),
    };
    if (endpoint.value.trim()) {
      body.endpoint = {url: endpoint.value.trim()};
    }
    if (description.value.trim()) {
      body.description = description.value.trim();
    }
    if (access.value === 'open') {
      body.policies = {open: {}};
    }
    clearProblem(form);
    try {
      const {json} = await post(`apis${publishing ? '?publish=true' : ''}`, body);
      announce(`${json.name} ${json.version} created${publishing ? ' and published' : ''}`);
      go(`apis/${encodeURIComponent(json.id)}`);
    } catch (e) {
      showProblem(form, e);
    }
  }
}
