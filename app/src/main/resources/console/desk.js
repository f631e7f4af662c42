'use strict';
// Tickets on the page: the fault report (网络受理) a school or an operator fills in, a ticket's clocks against what the
// contract promises, the operator's desk (open, acknowledge, dispatch, on site, resolve, close, reopen, severity),
// and the school's rating after RESOLVED. Every write is an ordinary TicketEvent written by the server with `actor`.
const TICKET_CATEGORIES = ['HARDWARE', 'SOFTWARE', 'NETWORK', 'CONSULTATION', 'COMPLAINT'];
const ticketPath = (id, action) => '/api/tickets/' + encodeURIComponent(id) + (action ? '/' + action : '');

// Where a ticket stands: the server's own word (its TicketStatus) when it gives one, else what its times say.
const ticketState = (x) => x.status
  || (x.resolvedAt ? 'RESOLVED' : x.dispatched ? 'DISPATCHED' : x.acknowledgedAt ? 'ACKNOWLEDGED' : 'OPEN');
const resolved = (x) => ticketState(x) === 'RESOLVED';

// A ticket's clocks, each against the contract's target: running (its deadline and a live countdown), paused, met or breached.
function clockList(x) {
  const list = el('ul', {class: 'clocks'});
  for (const c of x.clocks || []) {
    const name = tEnum('clock', c.clock);
    const goal = target(c.target);
    const state = c.breached ? 'breached' : c.stopped ? 'met' : c.paused ? 'paused' : 'running';
    const li = el('li', {'data-clock': c.clock, 'data-state': state, class: 'clock-' + state});
    if (state === 'running' && c.deadline) {
      li.dataset.deadline = c.deadline;
      // One sentence of the catalogue; its due time and the countdown are each kept on one line, the rest may wrap.
      const due = time(c.deadline);
      const [before, after] = t('clock.running', name, goal, due).split(due);
      li.append(document.createTextNode(before), el('span', {class: 'due', text: due}), document.createTextNode(after + ' '),
        el('span', {class: 'countdown', 'data-pattern': 'clock.left'}));
    } else {
      li.textContent = {breached: () => t('clock.breached', name, goal), met: () => t('clock.met', name, goal),
        paused: () => t('clock.paused', name, goal), running: () => t('clock.runningNoDeadline', name, goal)}[state]();
    }
    list.append(li);
  }
  if (!list.children.length) list.append(el('li', {class: 'muted', text: t('clock.none')}));
  return list;
}

// What the service desk does next on an open ticket, each offered once: no "acknowledge" for one acknowledged.
const PROGRESS = [
  {path: 'acknowledge', label: () => t('ticket.acknowledge'), ask: (id) => t('ticket.confirmAcknowledge', id), done: (x) => x.acknowledgedAt},
  {path: 'dispatch', label: () => t('ticket.dispatch'), ask: (id) => t('ticket.confirmDispatch', id), done: (x) => x.dispatched},
  {path: 'on-site', label: () => t('ticket.onSite'), ask: (id) => t('ticket.confirmOnSite', id), done: () => false}];
function progressButtons(x) {
  if (resolved(x)) return [];
  return PROGRESS.filter((a) => !a.done(x)).map((a) => actionButton(x.ticketId, a.path, a.label(), a.ask(x.ticketId)));
}
function actionButton(id, path, label, question, body) {
  const b = el('button', {type: 'button', 'data-action': path, text: label});
  b.addEventListener('click', () => act(ticketPath(id, path), body, question).then(refreshTickets).catch(showError));
  return b;
}
// The desk's own: resolve an open ticket, reopen or close a resolved one, change the severity.
function deskButtons(x) {
  const buttons = [];
  if (!resolved(x)) {
    buttons.push(actionButton(x.ticketId, 'resolve', t('ticket.resolve'), t('ticket.confirmResolve', x.ticketId)));
  } else {
    buttons.push(actionButton(x.ticketId, 'reopen', t('ticket.reopen'), t('ticket.confirmReopen', x.ticketId)));
  }
  buttons.push(actionButton(x.ticketId, 'close', t('ticket.close'), resolved(x) ? t('ticket.confirmClose', x.ticketId) : t('ticket.confirmCloseUnresolved', x.ticketId)));
  const severity = el('button', {type: 'button', 'data-action': 'severity', text: t('ticket.severity')});
  severity.addEventListener('click', async () => {
    const levels = await severities(x.contractId).catch(() => []);
    const chosen = prompt(levels.length ? t('ticket.askSeverityOf', x.ticketId, levels.join(', ')) : t('ticket.askSeverity', x.ticketId), x.severity || '');
    if (chosen && chosen.trim() && chosen.trim() !== x.severity) {
      act(ticketPath(x.ticketId, 'severity'), {severity: chosen.trim()}).then(refreshTickets).catch(showError);
    }
  });
  buttons.push(severity);
  return buttons;
}
// The school and the operators' views both redraw their tickets after an action.
function refreshTickets() {
  if (isSchool()) return showSchool();
  return loadAtRisk();
}

// The severities a contract names (its version in force now), for the desk's choice; empty when unknown.
const severityCache = {};
async function severities(contractId) {
  if (!contractId) return [];
  if (!severityCache[contractId]) {
    severityCache[contractId] = apiOrNull('/api/contracts/' + encodeURIComponent(contractId) + '/versions').then((h) => {
      const now = Date.now();
      const inForce = (h ? h.versions : []).filter((v) => !v.inForceFrom || Date.parse(v.inForceFrom) <= now).pop();
      return inForce && inForce.document && inForce.document.severities ? Object.keys(inForce.document.severities) : [];
    });
  }
  return severityCache[contractId];
}

// The open tickets of the whole application, for the operators: each with its clocks and every action.
function drawDesk(open) {
  const body = $('#desk tbody');
  body.replaceChildren();
  const items = open.items.slice().sort((a, b) => Date.parse(b.openedAt) - Date.parse(a.openedAt));
  for (const x of items) {
    body.append(el('tr', {'data-ticket': x.ticketId, 'data-state': ticketState(x)},
      el('td', {text: x.ticketId}), el('td', {text: x.siteId}), el('td', {text: x.deviceId || '–'}),
      el('td', {text: tEnum('category', x.category)}), el('td', {text: x.severity || '–'}),
      el('td', {class: 'ticket-state', text: tEnum('ticketState', ticketState(x))}), el('td', {text: time(x.openedAt)}),
      el('td', {}, clockList(x)),
      el('td', {class: 'operator-only actions'}, el('div', {}, ...progressButtons(x)), el('div', {}, ...deskButtons(x)))));
  }
  $('#desk-empty').hidden = items.length > 0;
  document.querySelectorAll('#desk .operator-only').forEach((e) => { e.hidden = !canAct; });
  tickCountdowns();
}

// The fault report (网络受理): category, the device from the site's own list, what is wrong; the severity only for
// operators (a school says what is wrong, the desk judges how bad). `siteId` fixed (a school's page) or asked (the desk).
function faultForm(options) {
  const form = $('#fault-template').content.firstElementChild.cloneNode(true);
  translate(form);
  const category = form.elements.category;
  category.append(...TICKET_CATEGORIES.map((c) => el('option', {value: c, text: tEnum('category', c)})));
  form.querySelector('.severity-field').hidden = !options.withSeverity;
  form.querySelector('.site-field').hidden = !!options.siteId;
  form.elements.siteId.required = !options.siteId;
  const siteOf = () => options.siteId || form.elements.siteId.value.trim();
  const fill = () => fillDevices(form, siteOf(), options.withSeverity).catch(showError);
  form.elements.siteId.addEventListener('change', fill);
  if (options.siteId) fill();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = form.elements;
    const body = {siteId: siteOf(), category: f.category.value, description: f.description.value.trim()};
    if (f.deviceId.value) body.deviceId = f.deviceId.value;
    if (options.withSeverity && f.severity.value) body.severity = f.severity.value;
    const result = form.querySelector('.fault-result');
    f.send.disabled = true;
    try {
      const r = await post('/api/tickets', body);
      const answer = await r.json().catch(() => ({}));
      result.className = 'fault-result ' + (r.ok ? 'ok' : 'bad');
      if (!r.ok) {
        result.textContent = t('fault.refused', r.status, answer.error || '');
        return;
      }
      // The ticket number is read out on the phone: kept on one line, the sentence around it may wrap.
      const [before, after] = t('fault.accepted', answer.ticketId).split(answer.ticketId);
      result.replaceChildren(before, el('span', {class: 'ticket-id', text: answer.ticketId}), after);
      result.dataset.ticket = answer.ticketId;
      f.description.value = '';
      options.onCreated(answer.ticketId, body);
    } finally {
      f.send.disabled = false;
    }
  });
  return form;
}
// The site's devices to pick from (those not UP first: the one that failed is likely among them), and for operators
// the severities of its contract.
async function fillDevices(form, siteId, withSeverity) {
  const select = form.elements.deviceId;
  const detail = siteId ? await apiOrNull(site(siteId)) : null;
  const devices = (detail ? detail.devices : []).slice().sort((a, b) => (a.state === 'UP') - (b.state === 'UP') || a.deviceId.localeCompare(b.deviceId));
  select.replaceChildren(el('option', {value: '', text: t('fault.noDevice')}),
    ...devices.map((d) => el('option', {value: d.deviceId, text: t('fault.deviceOption', d.deviceId, tEnum('deviceType', d.deviceType), tEnum('health', d.state))})));
  if (withSeverity) {
    const levels = await severities(devices.length ? devices[0].contractId : null).catch(() => []);
    form.elements.severity.replaceChildren(el('option', {value: '', text: t('fault.defaultSeverity')}),
      ...levels.map((l) => el('option', {value: l, text: l})));
  }
}

// The operator opens a ticket from the desk: the same form, with the site asked and the severity offered.
$('#open-ticket').addEventListener('click', () => {
  const holder = $('#desk-form');
  if (!holder.firstChild) {
    holder.append(faultForm({withSeverity: true, onCreated: () => setTimeout(() => loadAtRisk().catch(showError), 1500)}));
  }
  holder.hidden = !holder.hidden;
});
