// The nodes of the cluster (GET /nodes): a table for the Gateways page and the connection totals for the dashboard.
import {get, showError} from './api.js';
import {h, replace, table} from './dom.js';

/** A section listing the nodes: name, state, connections, last seen, and which one is this node. */
export function nodeList() {
  const list = h('div', {id: 'nodes-list'});
  const section = h('section', {'aria-labelledby': 'nodes-title'}, h('h2', {id: 'nodes-title'}, 'Nodes'),
      h('p', {}, 'The Tomcats of the cluster (this node alone without a shared database), as their heartbeats '
          + 'tell.'), list);
  load(list, ({nodes, total}) => table(`${total.nodes} node${total.nodes === 1 ? '' : 's'}, ${total.up} up`,
      ['Name', 'State', 'Connections', 'Last seen', 'This node'],
      nodes.map(n => [n.name, n.state, String(n.connections), new Date(n.lastSeen).toLocaleString(),
        n.self ? 'this node' : '']), {className: 'list'}));
  return section;
}

/** Tiles with the cluster's total connections (over the nodes up) and each node's. */
export function nodeTotals() {
  const tiles = h('dl', {className: 'tiles', id: 'dashboard-nodes'});
  load(tiles, ({nodes, total}) => [
    h('div', {className: 'tile', dataset: {node: '*'}}, h('dt', {}, 'Cluster connections'),
        h('dd', {}, String(total.connections))),
    ...nodes.map(n => h('div', {className: 'tile', dataset: {node: n.name}},
        h('dt', {}, `${n.name}${n.self ? ' (this node)' : ''}${n.state === 'up' ? '' : ', down'}`),
        h('dd', {}, String(n.connections))))]);
  return tiles;
}

async function load(container, view) {
  try {
    const {json} = await get('nodes');
    const shown = view(json);
    replace(container, ...(Array.isArray(shown) ? shown : [shown]));
  } catch (e) {
    showError(container, e);
  }
}
