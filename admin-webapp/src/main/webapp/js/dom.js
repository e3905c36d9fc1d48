// DOM helpers. Every piece of text goes in through textContent or attribute values, never through innerHTML, so
// names, descriptions and messages that come from users are shown as text and never run as markup.

/**
 * Creates an element: h('button', {type: 'button', onclick: f}, 'Save').
 * Attributes whose name starts with "on" become listeners; "dataset" is an object of data-* values;
 * false/null/undefined attributes are left out; children are nodes or strings (as text), arrays are flattened.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === false || value === null || value === undefined) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (name === 'className') {
      element.className = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

/** Appends nodes or text (strings, numbers) to an element; null and undefined are skipped. */
export function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** Empties an element and fills it anew. */
export function replace(element, ...children) {
  element.replaceChildren();
  return append(element, children);
}

let unique = 0;

/** A fresh id for label/field pairs. */
export function uid(prefix) {
  unique += 1;
  return `${prefix}-${unique}`;
}

/**
 * A labelled form control with a slot for its inline error message. field: the name the server uses in problem
 * details (e.g. "endpoint.url"); control: an input, select or textarea element.
 */
export function field(label, control, {hint, fieldName} = {}) {
  const id = control.id || uid('f');
  control.id = id;
  const name = fieldName || control.name;
  const error = h('p', {className: 'field-error', id: `${id}-error`, role: 'alert', hidden: true});
  const help = hint ? h('p', {className: 'hint', id: `${id}-hint`}, hint) : null;
  control.setAttribute('aria-describedby', [help && help.id, error.id].filter(Boolean).join(' '));
  const wrapper = h('div', {className: 'field', dataset: {field: name || ''}},
      h('label', {for: id}, label), control, help, error);
  return wrapper;
}

/** A table with a caption, column headings and rows of cells (nodes or text). */
export function table(caption, headings, rows, attributes = {}) {
  return h('table', attributes,
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, headings.map(heading => h('th', {scope: 'col'}, heading)))),
      h('tbody', {}, rows.map(cells => h('tr', {}, cells.map(cell => h('td', {}, cell))))));
}

/** A short status message in the page's live region (read out by screen readers). */
export function announce(text) {
  const region = document.getElementById('status');
  if (region) {
    region.textContent = text;
  }
}

/**
 * Asks for confirmation in a modal dialog (keyboard: Tab between buttons, Escape cancels). Resolves to true when
 * confirmed.
 */
export function confirmDialog(title, message, confirmLabel) {
  return new Promise(resolve => {
    const dialog = h('dialog', {className: 'confirm', 'aria-labelledby': 'confirm-title'},
        h('h2', {id: 'confirm-title'}, title),
        h('p', {}, message),
        h('div', {className: 'buttons'},
            h('button', {type: 'button', className: 'primary', onclick: () => close(true)}, confirmLabel),
            h('button', {type: 'button', onclick: () => close(false)}, 'Cancel')));
    function close(answer) {
      dialog.close();
      dialog.remove();
      resolve(answer);
    }
    dialog.addEventListener('cancel', event => {
      event.preventDefault();
      close(false);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** The time of day with milliseconds, for logs. */
export function clock(date = new Date()) {
  return date.toISOString().slice(11, 23);
}

/** Goes to a page of the portal ("apis/EchoWebSocket:1.0"). */
export function go(path) {
  window.location.hash = `#/${path}`;
}

/** The link to a page of the portal. */
export function link(path, ...text) {
  return h('a', {href: `#/${path}`}, ...text);
}
