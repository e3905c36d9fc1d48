// The portal's shell: who is signed in (GET /me), the navigation, and a small hash router that renders one page at
// a time into <main>. A page module exports render(main, context) and may return a function that stops what it
// started (a WebSocket, a poll) when the user leaves it.
import {get} from './api.js';
import {h, replace, announce} from './dom.js';
import * as apis from './apis.js';
import * as design from './design.js';
import * as importPage from './import.js';
import * as overview from './overview.js';
import * as consolePage from './console.js';
import * as dashboard from './dashboard.js';
import * as plans from './plans.js';
import * as gateways from './gateways.js';
import * as applications from './applications.js';

// Each page: the hash paths it answers (groups are its parameters), its module, its title, and where the menu
// links to it (none: not in the menu).
const ROUTES = [
  {pattern: /^apis$/, page: apis, title: 'APIs', menu: 'apis'},
  {pattern: /^apis\/new$/, page: design, title: 'Design a New WebSocket API'},
  {pattern: /^import$/, page: importPage, title: 'Import an AsyncAPI document'},
  {pattern: /^apis\/([^/]+)$/, page: overview, title: 'API overview'},
  {pattern: /^console(?:\/([^/]+))?$/, page: consolePage, title: 'Test console', menu: 'console'},
  {pattern: /^dashboard(?:\/([^/]+))?$/, page: dashboard, title: 'Dashboard', menu: 'dashboard'},
  {pattern: /^plans$/, page: plans, title: 'Business plans', menu: 'plans'},
  {pattern: /^gateways$/, page: gateways, title: 'Gateways', menu: 'gateways'},
  {pattern: /^applications$/, page: applications, title: 'Applications', menu: 'applications'},
];

let me = null;
let leave = null;

async function start() {
  try {
    me = (await get('me')).json;
  } catch (e) {
    signInPage(e);
    return;
  }
  renderHeader();
  window.addEventListener('hashchange', route);
  route();
}

function signInPage(error) {
  const main = document.getElementById('main');
  replace(main,
      h('h1', {}, 'Sign in'),
      h('p', {}, error.status === 401 || error.status === 403
          ? 'The portal needs a Tomcat user with the role ws-creator, ws-publisher, ws-admin or ws-subscriber.'
          : `The server answered: ${error.message}`),
      h('p', {}, h('a', {href: 'signin/', className: 'button primary'}, 'Sign in')));
}

function renderHeader() {
  const nav = document.getElementById('nav');
  replace(nav, h('ul', {}, ROUTES.filter(r => r.menu).map(({menu, title}) =>
      h('li', {}, h('a', {href: `#/${menu}`}, title)))));
  replace(document.getElementById('user'),
      h('span', {id: 'user-name'}, me.user),
      h('span', {className: 'roles'}, ` (${me.roles.join(', ')})`));
}

function route() {
  if (leave) {
    leave();
    leave = null;
  }
  const path = decodeURIComponent(window.location.hash.replace(/^#\/?/, '')) || 'apis';
  const main = document.getElementById('main');
  for (const {pattern, page, title} of ROUTES) {
    const match = path.match(pattern);
    if (match) {
      document.title = `${title} — ws-gateway portal`;
      markCurrent(path);
      replace(main);
      const context = {me, params: match.slice(1)};
      const shown = window.location.hash;
      Promise.resolve(page.render(main, context)).then(stop => {
        if (typeof stop !== 'function') {
          return;
        }
        if (window.location.hash === shown) {
          leave = stop;
        } else {
          stop();
        }
      });
      announce(title);
      main.focus({preventScroll: true});
      return;
    }
  }
  replace(main, h('h1', {}, 'Not found'), h('p', {}, `Nothing here: ${path}`));
}

function markCurrent(path) {
  for (const link of document.querySelectorAll('#nav a')) {
    const target = link.getAttribute('href').slice(2);
    if (path === target || path.startsWith(`${target}/`)) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
}

start();
