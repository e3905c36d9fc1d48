// Gateways: the valves that serve APIs, and whether each runs now; then the nodes of the cluster.
import {renderCatalog} from './catalog.js';
import {nodeList} from './nodes.js';

export function render(main, {me}) {
  renderCatalog(main, me, {
    title: 'Gateways', path: 'gateways', noun: 'gateway',
    intro: 'Each gateway valve serves the APIs that name it (an API that names none is served by every gateway).',
    columns: [['Name', g => g.name], ['Description', g => g.description || ''],
      ['Running', g => (g.running ? 'yes' : 'no')], ['Serves', g => g.serves || ''],
      ['Connections', g => String(g.connections ?? 0)]],
    fields: [{name: 'name', label: 'Name'}, {name: 'description', label: 'Description'}],
  });
  main.append(nodeList());
}
