// A page for one kind of catalog entry (business plans, gateways): the list, and for admins a form to define one
// and a button to delete each. plans.js and gateways.js describe their columns and fields.
import {get, post, del, seg, showProblem, showError} from './api.js';
import {h, replace, field, table, confirmDialog, announce} from './dom.js';

/**
 * kind: {title, path ("plans"), noun ("plan"), intro, columns: [[heading, entry => text]], fields: [{name, label,
 * type ("text", "number", or a list of options), hint}]}.
 */
export function renderCatalog(main, me, kind) {
  const list = h('div', {id: `${kind.path}-list`});
  replace(main, h('h1', {}, kind.title), h('p', {}, kind.intro), list);
  if (me.canAdminister) {
    main.append(createForm());
  } else {
    main.append(h('p', {className: 'reason'}, `Defining and deleting ${kind.noun}s needs the admin role `
        + '(ws-admin).'));
  }
  load();

  async function load() {
    try {
      const {json} = await get(kind.path);
      const headings = [...kind.columns.map(([heading]) => heading), ...(me.canAdminister ? ['Actions'] : [])];
      replace(list, table(`${json.count} ${kind.noun}${json.count === 1 ? '' : 's'}`, headings,
          json.items.map(entry => [...kind.columns.map(([, value]) => value(entry)),
            ...(me.canAdminister ? [h('button', {type: 'button', className: 'danger small',
              'aria-label': `Delete ${kind.noun} ${entry.name}`, onclick: () => remove(entry.name)}, 'Delete')]
              : [])]),
          {className: 'list'}));
    } catch (e) {
      showError(list, e);
    }
  }

  async function remove(name) {
    if (!await confirmDialog(`Delete ${kind.noun} ${name}?`, 'Only a ' + kind.noun + ' no API uses can be deleted.',
        'Delete')) {
      return;
    }
    try {
      const {etag} = await get(`${kind.path}/${seg(name)}`);
      await del(`${kind.path}/${seg(name)}`, etag);
      announce(`${kind.noun} ${name} deleted`);
      load();
    } catch (e) {
      load().then(() => list.prepend(problemNode(e)));
    }
  }

  function createForm() {
    const controls = kind.fields.map(f => [f, control(f)]);
    const form = h('form', {id: `${kind.path}-form`, novalidate: true, onsubmit: async event => {
      event.preventDefault();
      const body = {};
      for (const [f, c] of controls) {
        if (c.value.trim() !== '') {
          body[f.name] = f.type === 'number' ? Number(c.value) : c.value.trim();
        }
      }
      try {
        await post(kind.path, body);
        announce(`${kind.noun} ${body.name} defined`);
        form.reset();
        load();
      } catch (e) {
        showProblem(form, e);
      }
    }},
    h('h2', {}, `Define a ${kind.noun}`),
    controls.map(([f, c]) => field(f.label, c, {hint: f.hint})),
    h('button', {type: 'submit', className: 'primary'}, `Define ${kind.noun}`));
    return form;
  }
}

function control(f) {
  if (Array.isArray(f.type)) {
    return h('select', {name: f.name}, f.type.map(option => h('option', {value: option}, option)));
  }
  return h('input', {name: f.name, type: f.type || 'text', min: f.type === 'number' ? '0' : null,
    autocomplete: 'off'});
}

function problemNode(error) {
  const box = h('div');
  showError(box, error);
  return box.firstChild;
}
