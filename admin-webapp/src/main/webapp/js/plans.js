// Business plans: the rates and caps subscriptions get.
import {renderCatalog} from './catalog.js';

const limit = value => (value ? String(value) : 'no limit');

export function render(main, {me}) {
  renderCatalog(main, me, {
    title: 'Business plans', path: 'plans', noun: 'plan',
    intro: 'An API offers one or more plans; an application subscribes to it with one of them.',
    columns: [['Name', p => p.name], ['Description', p => p.description || ''],
      ['Messages a minute', p => limit(p.messagesPerMinute)], ['Burst', p => limit(p.burst)],
      ['Bytes a second', p => limit(p.bytesPerSecond)], ['Events a day', p => limit(p.eventsPerDay)],
      ['Connections', p => limit(p.maxConnections)], ['Over the limit', p => p.action],
      ['Counts', p => p.counts]],
    fields: [{name: 'name', label: 'Name'}, {name: 'description', label: 'Description'},
      {name: 'messagesPerMinute', label: 'Messages a minute (0: no limit)', type: 'number'},
      {name: 'burst', label: 'Burst', type: 'number'},
      {name: 'bytesPerSecond', label: 'Bytes a second (0: no limit)', type: 'number'},
      {name: 'eventsPerDay', label: 'Events a day (0: no limit)', type: 'number'},
      {name: 'maxConnections', label: 'Connections per subscription (0: no limit)', type: 'number'},
      {name: 'action', label: 'Over the limit', type: ['shape', 'close']},
      {name: 'counts', label: 'Messages counted', type: ['both', 'inbound', 'outbound']}],
  });
}
