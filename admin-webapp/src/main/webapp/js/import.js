// Import: creates an API from an AsyncAPI 2.x or 3.0 document (JSON), pasted or read from a file.
import {post, showProblem, clearProblem} from './api.js';
import {h, replace, field, go, announce} from './dom.js';

export function render(main, {me}) {
  replace(main, h('h1', {}, 'Import an AsyncAPI document'));
  if (!me.canCreate) {
    main.append(h('p', {className: 'reason'}, 'Importing APIs needs the ws-creator role (or higher).'));
    return;
  }
  const file = h('input', {type: 'file', name: 'file', accept: '.json,application/json'});
  const text = h('textarea', {name: '(body)', rows: 14, spellcheck: 'false'});
  const publish = h('input', {type: 'checkbox', id: 'import-publish', disabled: !me.canPublish});
  file.addEventListener('change', async () => {
    if (file.files.length) {
      text.value = await file.files[0].text();
    }
  });
  const form = h('form', {id: 'import-form', novalidate: true, onsubmit: async event => {
    event.preventDefault();
    clearProblem(form);
    try {
      const {json} = await post(`apis/import${publish.checked ? '?publish=true' : ''}`, text.value);
      announce(`${json.name} ${json.version} imported`);
      go(`apis/${encodeURIComponent(json.id)}`);
    } catch (e) {
      showProblem(form, e);
    }
  }},
  field('AsyncAPI file', file), field('or the document (JSON)', text),
  h('span', {className: 'check'}, publish, h('label', {for: publish.id}, 'Publish at once'
      + (me.canPublish ? ' (needs an endpoint and a plan in the document)' : ' (needs the publisher role)'))),
  h('div', {className: 'buttons'}, h('button', {type: 'submit', className: 'primary'}, 'Import')));
  main.append(form);
}
