// APIs: the list with search, and the way to create one (for creators).
import {get, showError} from './api.js';
import {h, replace, table, link} from './dom.js';

const STATES = ['', 'CREATED', 'PUBLISHED', 'DEPRECATED', 'BLOCKED', 'RETIRED'];

export function render(main, {me}) {
  const q = h('input', {type: 'search', name: 'q', autocomplete: 'off', placeholder: 'name, context or description'});
  const lifecycle = h('select', {name: 'lifecycle'},
      STATES.map(s => h('option', {value: s}, s || 'any state')));
  const results = h('div', {id: 'api-results', 'aria-live': 'polite'});
  const form = h('form', {role: 'search', className: 'inline', onsubmit: event => {
    event.preventDefault();
    load();
  }},
  h('label', {for: 'api-search'}, 'Search APIs'), q,
  h('label', {for: 'api-lifecycle'}, 'State'), lifecycle,
  h('button', {type: 'submit'}, 'Search'));
  q.id = 'api-search';
  lifecycle.id = 'api-lifecycle';
  lifecycle.addEventListener('change', load);

  replace(main,
      h('div', {className: 'page-head'},
          h('h1', {}, 'APIs'),
          me.canCreate ? h('div', {className: 'buttons'},
              h('a', {href: '#/apis/new', className: 'button primary', id: 'create-api'},
                  'Design a New WebSocket API'),
              h('a', {href: '#/import', className: 'button'}, 'Import AsyncAPI')) : null),
      form, results);

  async function load() {
    const query = new URLSearchParams();
    if (q.value.trim()) {
      query.set('q', q.value.trim());
    }
    if (lifecycle.value) {
      query.set('lifecycle', lifecycle.value);
    }
    try {
      const {json} = await get(`apis${query.size ? `?${query}` : ''}`);
      replace(results, json.items.length === 0
          ? h('p', {}, 'No API matches.')
          : table(`${json.count} API${json.count === 1 ? '' : 's'}`,
              ['Name', 'Context', 'Version', 'State', 'Connections'],
              json.items.map(api => [link(`apis/${encodeURIComponent(api.id)}`, api.name), api.context,
                api.version, h('span', {className: `state ${api.lifecycle}`}, api.lifecycle),
                String(api.connections)]),
              {className: 'list', id: 'api-table'}));
    } catch (e) {
      showError(results, e);
    }
  }
  load();
}
