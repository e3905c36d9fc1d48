// The dashboard: per API, live charts of connections, messages per second each way and errors, from
// GET /apis/{id}/metrics, polled every few seconds. Each chart has its numbers beside it in a table, for screen
// readers (and tests).
import {get, seg, showError, ApiError} from './api.js';
import {h, replace, field, table, go} from './dom.js';
import {nodeTotals} from './nodes.js';

const MINUTES = 60;
const POLL_MS = 3000;
const TOTALS = [['sessionsActive', 'Active connections'], ['messagesInbound', 'Messages in'],
  ['messagesOutbound', 'Messages out'], ['bytesInbound', 'Bytes in'], ['bytesOutbound', 'Bytes out'],
  ['backendErrors', 'Backend errors'], ['policyClosed', 'Closed by policies'], ['shaped', 'Shaped']];
const CHARTS = [
  {id: 'connections', title: 'Active connections', series: [['connections', 'Connections', '#2563eb']]},
  {id: 'messages', title: 'Messages per second', series: [['messagesInPerSecond', 'In (client → backend)',
    '#059669'], ['messagesOutPerSecond', 'Out (backend → client)', '#d97706']]},
  {id: 'errors', title: 'Errors', series: [['errors', 'Errors', '#dc2626']]},
];

export async function render(main, {params: [chosenId]}) {
  replace(main, h('h1', {}, 'Dashboard'), nodeTotals());
  let apis;
  try {
    apis = (await get('apis')).json.items;
  } catch (e) {
    main.append(h('div'));
    showError(main.lastChild, e);
    return null;
  }
  if (apis.length === 0) {
    main.append(h('p', {}, 'No API yet.'));
    return null;
  }
  const chosen = apis.find(api => api.id === chosenId) || apis[0];
  const picker = h('select', {name: 'api', id: 'dashboard-api', onchange: () => go(`dashboard/${
    encodeURIComponent(picker.value)}`)},
  apis.map(api => h('option', {value: api.id, selected: api.id === chosen.id}, `${api.name} ${api.version}`)));
  const status = h('p', {id: 'dashboard-status', className: 'hint', 'aria-live': 'polite'});
  const totals = h('dl', {className: 'tiles', id: 'dashboard-totals'});
  const panels = CHARTS.map(chart => panel(chart));
  main.append(h('form', {className: 'inline', onsubmit: e => e.preventDefault()}, field('API', picker)),
      status, totals, h('div', {className: 'charts'}, panels.map(p => p.element)));

  let timer = null;
  let stopped = false;
  async function poll() {
    try {
      const {json} = await get(`apis/${seg(chosen.id)}/metrics?minutes=${MINUTES}`);
      if (stopped) {
        return;
      }
      showTotals(totals, json.totals);
      panels.forEach(p => p.update(json.series));
      status.textContent = `${json.api} ${json.version}: one point every ${json.stepSeconds} s, `
          + `updated ${new Date().toLocaleTimeString()}`;
    } catch (e) {
      status.textContent = '';
      const box = h('div');
      showError(box, e);
      replace(totals, box);
      if (e instanceof ApiError && (e.status === 404 || e.status === 403)) {
        return;
      }
    }
    if (!stopped) {
      timer = window.setTimeout(poll, POLL_MS);
    }
  }
  poll();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
    panels.forEach(p => p.destroy());
  };
}

function showTotals(container, totals) {
  const handshakes = Object.entries(totals.handshakes || {}).map(([status, n]) => `${status}: ${n}`).join(', ');
  replace(container, TOTALS.map(([key, label]) => h('div', {className: 'tile', dataset: {total: key}},
      h('dt', {}, label), h('dd', {}, String(totals[key] ?? 0)))),
  h('div', {className: 'tile wide', dataset: {total: 'handshakes'}}, h('dt', {}, 'Handshakes by status'),
      h('dd', {}, handshakes || 'none')));
}

/** A chart with its data table; update() redraws both from the series. */
function panel({id, title, series}) {
  const canvas = h('canvas', {id: `chart-${id}`, role: 'img', 'aria-label': `${title} over the last hour`});
  const data = h('div', {className: 'data', id: `data-${id}`});
  const element = h('section', {className: 'chart', 'aria-labelledby': `title-${id}`},
      h('h2', {id: `title-${id}`}, title), h('div', {className: 'canvas'}, canvas),
      h('details', {}, h('summary', {}, 'Data table'), data));
  let chart = null;
  if (window.Chart) {
    chart = new window.Chart(canvas, {
      type: 'line',
      data: {labels: [], datasets: series.map(([, label, color]) => ({label, data: [], borderColor: color,
        backgroundColor: color, pointRadius: 0, tension: 0.2}))},
      options: {animation: false, responsive: true, maintainAspectRatio: false,
        scales: {y: {beginAtZero: true}}, plugins: {legend: {position: 'bottom'}}},
    });
  } else {
    canvas.replaceWith(h('p', {className: 'problem'}, 'The chart library did not load; the numbers are below.'));
  }
  return {
    element,
    update(points) {
      const labels = points.map(p => new Date(p.time).toLocaleTimeString());
      if (chart) {
        chart.data.labels = labels;
        series.forEach(([key], i) => {
          chart.data.datasets[i].data = points.map(p => p[key]);
        });
        chart.update();
      }
      const last = points.length ? points[points.length - 1] : {};
      element.dataset.latest = series.map(([key]) => last[key] ?? 0).join(',');
      element.dataset.peak = series.map(([key]) => Math.max(0, ...points.map(p => p[key] || 0))).join(',');
      const recent = points.slice(-12).reverse();
      replace(data, table(`${title}, latest first`, ['Time', ...series.map(([, label]) => label)],
          recent.map(p => [new Date(p.time).toLocaleTimeString(), ...series.map(([key]) => String(p[key]))])));
    },
    destroy() {
      if (chart) {
        chart.destroy();
      }
    },
  };
}
