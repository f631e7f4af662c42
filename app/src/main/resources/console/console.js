'use strict';
// The ops console and the school's page: everything comes from this instance's query API (/api), which answers for
// the whole application. Its words come from the catalogue (i18n.js: t, tEnum), its times are the console's zone.
const $ = (sel) => document.querySelector(sel);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
  }
  children.forEach((c) => e.append(c));
  return e;
};

// Every request goes to the page's origin, never to a URL with the user's name in it (a page opened as
// https://user:password@host/ would resolve a relative URL to one, which fetch refuses).
const at = (path) => location.origin + path;
const site = (id) => '/api/sites/' + encodeURIComponent(id);

// A session that ended (idle expiry, logged out elsewhere) answers 401: the login page, then back here.
function toLogin() {
  location.assign('/login?next=' + encodeURIComponent(location.pathname + location.search + location.hash));
  throw new Error('not signed in');
}
async function get(path) {
  const r = await fetch(at(path), {headers: {Accept: 'application/json'}});
  if (r.status === 401) toLogin();
  return r;
}
async function api(path) {
  const r = await get(path);
  if (!r.ok) throw new Error(path + ': HTTP ' + r.status);
  return r.json();
}
// The same, with null for a 404 (nothing of that name), which a page shows as such rather than as an error.
async function apiOrNull(path) {
  const r = await get(path);
  if (r.status === 404) return null;
  if (!r.ok) throw new Error(path + ': HTTP ' + r.status);
  return r.json();
}

const cookie = (name) => document.cookie.split(';').map((c) => c.trim()).filter((c) => c.startsWith(name + '='))
  .map((c) => decodeURIComponent(c.slice(name.length + 1)))[0];
// Every write of the page goes through here: JSON, with the session's anti-forgery token (the sla_csrf cookie, which
// only a page of this origin can read) in X-CSRF-Token; a 401 (the session ended) goes to the login page.
async function post(path, body) {
  const headers = {'Content-Type': 'application/json', Accept: 'application/json'};
  const token = cookie('sla_csrf');
  if (token) headers['X-CSRF-Token'] = token;
  const r = await fetch(at(path), {method: 'POST', headers, body: JSON.stringify(body || {}), credentials: 'same-origin'});
  if (r.status === 401) toLogin();
  return r;
}

// Who is looking: an operator (or anyone, on a console without a web-config) gets the action buttons; a school
// (role customer) gets its own page and nothing else.
let me = {secured: false};
let canAct = false;
async function loadMe() {
  me = await api('/api/me');
  zone = me.zone || zone;
  canAct = !me.secured || me.role === 'operator' || me.role === 'admin';
  $('#me').textContent = me.secured ? t('me.signedIn', me.user, tEnum('role', me.role)) : t('me.open');
  $('#logout').hidden = !me.secured;
  document.querySelectorAll('.operator-only').forEach((e) => { e.hidden = !canAct; });
}
$('#logout').addEventListener('click', async () => {
  await post('/logout').catch(() => null);
  location.assign('/login');
});

// An action is written as the ordinary input record; the page shows its effect once the engine has read it. It asks
// first: a click is not a decision.
async function act(path, body, question) {
  if (question && !confirm(question)) return false;
  const r = await post(path, body);
  const answer = await r.json().catch(() => ({}));
  status(r.ok ? t('status.written', path) : t('status.refused', path, r.status, answer.error || ''), !r.ok);
  if (!isSchool()) {
    loadAudit().catch(showError);
    loadNotifications().catch(showError);
  }
  return r.ok;
}

function status(text, bad) {
  const s = $('#status');
  s.textContent = text;
  s.style.color = bad ? '#fca5a5' : '#cbd5e1';
}

// Every site with a problem (RED, AMBER), then the healthy ones a page at a time: a district of ten thousand sites is
// ten thousand cards, which no one reads; the problems are what the page is for.
const HEALTHY_PAGE = 200;
let healthyShown = HEALTHY_PAGE;
async function loadSites() {
  const problems = await api('/api/sites?status=RED,AMBER&limit=5000');
  const healthy = await api('/api/sites?status=GREEN&limit=' + healthyShown);
  const box = $('#sites');
  box.replaceChildren();
  const order = {RED: 0, AMBER: 1, GREEN: 2};
  problems.items.sort((a, b) => order[a.status] - order[b.status] || a.siteId.localeCompare(b.siteId));
  for (const s of problems.items.concat(healthy.items)) {
    const up = s.devicesByState.UP || 0;
    const notUp = Object.entries(s.devicesByState).filter(([k]) => k !== 'UP').map(([k, v]) => t('sites.stateCount', v, tEnum('health', k)));
    const counts = t('sites.upOf', up, s.devices);
    const card = el('div', {class: 'site ' + s.status, 'data-site': s.siteId, 'data-status': s.status, role: 'button', tabindex: '0'},
      el('div', {class: 'name', text: s.siteId}),
      el('div', {class: 'counts', text: notUp.length ? t('sites.upOfAndOthers', counts, notUp.join(t('list.separator'))) : counts}));
    if (s.outage) {
      const o = s.outage;
      card.append(el('div', {class: 'outage', text: o.rootCauseDeviceId
        ? t('sites.outageRoot', time(o.startedAt), o.devicesDown, o.devicesTotal, o.rootCauseDeviceId)
        : t('sites.outage', time(o.startedAt), o.devicesDown, o.devicesTotal)}));
    }
    card.addEventListener('click', () => showSite(s.siteId).catch(showError));
    box.append(card);
  }
  $('#site-ids').replaceChildren(...problems.items.concat(healthy.items).map((s) => el('option', {value: s.siteId})));
  if (healthy.next && healthyShown < 5000) {
    const more = el('button', {id: 'more-sites', type: 'button', text: t('sites.more')});
    more.addEventListener('click', () => { healthyShown = Math.min(5000, healthyShown + HEALTHY_PAGE); loadSites().catch(showError); });
    box.append(more);
  }
  const red = problems.items.filter((s) => s.status === 'RED').length;
  const unreachable = problems.unreachable.concat(healthy.unreachable);
  status(t('status.sites', red, problems.items.length - red, healthy.items.length + (healthy.next ? '+' : ''), problems.instances,
    partial(unreachable), time(new Date().toISOString())), unreachable.length > 0);
}
const partial = (unreachable) => unreachable && unreachable.length ? t('status.partial', unreachable.length) : '';

// The site shown is in the address (#site=…), so a site's devices can be bookmarked and sent on.
let shownSite = new URLSearchParams(location.hash.slice(1)).get('site');
async function showSite(siteId) {
  shownSite = siteId;
  history.replaceState(null, '', '#site=' + encodeURIComponent(siteId));
  const [detail, obligations, events] = await Promise.all([apiOrNull(site(siteId)), apiOrNull(site(siteId) + '/obligations'),
    apiOrNull(site(siteId) + '/events')]);
  const section = $('#device-section');
  $('#device-site').textContent = t('site.devicesOf', siteId);
  $('#school-link').href = '#school=' + encodeURIComponent(siteId);
  drawDevices(section, detail);
  drawExamDay(section, events);
  drawObligations(section, obligations);
  section.hidden = false;
}

// A site's devices: state, when each was last heard, why it is not UP, the device it is unreachable behind.
function drawDevices(root, detail) {
  const body = root.querySelector('.devices tbody');
  body.replaceChildren();
  for (const d of detail ? detail.devices : []) {
    body.append(el('tr', {'data-device': d.deviceId, 'data-state': d.state},
      el('td', {text: d.deviceId}), el('td', {text: tEnum('deviceType', d.deviceType)}),
      el('td', {class: 'state-' + d.state, text: tEnum('health', d.state)}), el('td', {text: time(d.lastSeen)}),
      el('td', {text: d.reason || ''}), el('td', {text: d.rootCauseDeviceId || ''})));
  }
}

// A period of whole local days (a quarter: 2026-10-01 – 2026-12-31) by its days, its last day included; else to the minute.
function period(startLocal, endLocal) {
  const midnight = (x) => x.slice(11, 19) === '00:00:00';
  if (!midnight(startLocal) || !midnight(endLocal)) {
    return t('range', startLocal.slice(0, 16), endLocal.slice(0, 16));
  }
  const [y, m, d] = endLocal.slice(0, 10).split('-').map(Number);
  return t('range', startLocal.slice(0, 10), new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10));
}
// A site's scheduled work (SPEC section 9): each obligation's period now, and the last visit steps. Its times are the
// site's own (its calendar's zone, written by the server), not the console's.
function drawObligations(root, obligations) {
  const body = root.querySelector('.obligations tbody');
  const visits = root.querySelector('.visits tbody');
  body.replaceChildren();
  visits.replaceChildren();
  const none = root.querySelector('.obligations-none');
  root.querySelector('.obligations-zone').textContent = obligations ? t('site.contractZone', obligations.contractId, obligations.zone) : '';
  none.hidden = obligations !== null && obligations.obligations.length > 0;
  none.textContent = obligations ? t('obligations.none') : t('site.notRegistered');
  for (const o of obligations ? obligations.obligations : []) {
    const modes = o.modes.map((m) => tEnum('visitMode', m)).join(o.allModes ? t('obligations.allModes') : t('obligations.anyMode'));
    body.append(el('tr', {'data-obligation': o.obligationId, 'data-state': o.state},
      el('td', {text: modes ? t('obligations.whatModes', o.obligationId, tEnum('visitKind', o.kind), modes)
        : t('obligations.what', o.obligationId, tEnum('visitKind', o.kind))}),
      el('td', {class: 'obligation-' + o.state, text: tEnum('obligationState', o.state)}),
      el('td', {text: t('count.of', o.done, o.required)}),
      el('td', {text: period(o.periodStartLocal, o.periodEndLocal)}),
      el('td', {text: o.state === 'MET' ? '–' : span(o.timeLeftMs)})));
  }
  // No visit yet: said so under the table's headings, as for the obligations.
  root.querySelector('.visits-none').hidden = !!obligations && obligations.visits.length > 0;
  for (const v of obligations ? obligations.visits : []) {
    visits.append(el('tr', {'data-visit': v.visitId, 'data-type': v.type},
      el('td', {text: v.atLocal}), el('td', {text: tEnum('visitKind', v.kind)}), el('td', {text: tEnum('visitType', v.type)}),
      el('td', {text: tEnum('visitMode', v.mode)}), el('td', {text: v.engineers.join(t('list.separator'))}), el('td', {text: v.actor || '–'})));
  }
}
// A site's next major event (SPEC section 10) and how ready the service is for it: the pre-check, the engineers on
// standby now against the contract's minimum, the devices not UP now. Its times are the site's own, as the obligations'.
function drawExamDay(root, events) {
  const table = root.querySelector('.exam-day');
  const body = table.querySelector('tbody');
  body.replaceChildren();
  const none = root.querySelector('.exam-day-none');
  const e = events && events.event;
  root.querySelector('.exam-day-zone').textContent = events ? t('site.contractZone', events.contractId, events.zone) : '';
  table.hidden = !e;
  const checkIn = root.querySelector('.check-in');
  const precheck = root.querySelector('.record-precheck');
  if (checkIn) checkIn.hidden = !(e && e.standby); // the buttons of what the contract promises
  if (precheck) precheck.hidden = !(e && e.precheck);
  none.hidden = !!e;
  none.textContent = events ? t('examDay.none') : t('site.notRegistered');
  if (!e) return;
  const row = (part, th, cls, ...cells) => {
    const tr = el('tr', {'data-part': part}, el('th', {text: th}), el('td', {class: cls}, ...cells));
    body.append(tr);
    return tr;
  };
  const text = (x) => document.createTextNode(x);
  const when = t('range', e.startLocal.slice(0, 16), e.endLocal.slice(0, 16));
  row('event', t('examDay.event'), '', text(e.running ? t('examDay.running', e.name, when)
    : t('examDay.startsIn', e.name, when, span(Date.parse(e.start) - Date.now()))));
  const p = e.precheck;
  if (p) {
    const what = {MET: () => t('examDay.precheck.MET', p.metAtLocal), OPEN: () => t('examDay.precheck.OPEN', p.deadlineLocal),
      MISSED: () => t('examDay.precheck.MISSED', p.deadlineLocal),
      NOTICE_SHORT: () => t('examDay.precheck.NOTICE_SHORT', e.seenAtLocal, p.deadlineLocal)}[p.state];
    row('precheck', t('examDay.precheck'), 'precheck-' + p.state, text(what ? what() : p.state)).dataset.state = p.state;
  } else {
    row('precheck', t('examDay.precheck'), 'muted', text(t('examDay.notInContract')));
  }
  const s = e.standby;
  if (s) {
    const cell = [text(t('count.of', s.onSite.length, s.minEngineers) + (s.onSite.length ? ': ' : ''))];
    for (const name of s.onSite) {
      cell.push(el('span', {class: 'engineer', 'data-engineer': name, text: name}));
      if (canAct && checkIn) {
        const out = el('button', {type: 'button', 'data-check-out': name, text: t('examDay.checkOut')});
        out.addEventListener('click', () => standby('CHECK_OUT', [name]));
        cell.push(out);
      }
      cell.push(text(' '));
    }
    row('standby', t('examDay.standby'), s.onSite.length < s.minEngineers ? 'standby-short' : 'standby-ok', ...cell)
      .dataset.onSite = String(s.onSite.length);
  } else {
    row('standby', t('examDay.standby'), 'muted', text(t('examDay.notInContract')));
  }
  const bad = events.devicesNotUp;
  row('devices', t('examDay.devicesNotUp'), bad.length ? 'devices-bad' : 'devices-ok', text(bad.length
    ? bad.map((d) => d.reason ? t('examDay.deviceWhy', d.deviceId, tEnum('health', d.state), d.reason)
      : t('examDay.device', d.deviceId, tEnum('health', d.state))).join(t('list.separator')) : t('examDay.allUp')))
    .dataset.count = String(bad.length);
}
// An engineer arriving for or leaving the standby: a STANDBY CHECK_IN or CHECK_OUT step now, as the engineers' system
// would write it (actor: the user).
function standby(type, engineers) {
  const who = engineers.join(t('list.separator'));
  act(site(shownSite) + '/visits', {kind: 'STANDBY', type, engineers},
    type === 'CHECK_IN' ? t('examDay.confirmCheckIn', who, shownSite) : t('examDay.confirmCheckOut', who, shownSite))
    .then(() => showSite(shownSite)).catch(showError);
}
const names = (text) => (text || '').split(/[,，、]/).map((e) => e.trim()).filter((e) => e);
$('#check-in').addEventListener('click', () => {
  const engineers = names(prompt(t('examDay.askCheckIn'), ''));
  if (engineers.length) standby('CHECK_IN', engineers);
});
$('#record-precheck').addEventListener('click', () => {
  const engineers = prompt(t('examDay.askPrecheck'), '');
  if (engineers === null) return;
  act(site(shownSite) + '/visits', {kind: 'PRECHECK', mode: 'ON_SITE', engineers: names(engineers)},
    t('examDay.confirmPrecheck', shownSite)).then(() => showSite(shownSite)).catch(showError);
});
$('#maintenance').addEventListener('click', () => {
  const hours = prompt(t('site.askMaintenance', shownSite), '2');
  if (hours && Number(hours) > 0) {
    act(site(shownSite) + '/maintenance',
      {end: new Date(Date.now() + Number(hours) * 3600000).toISOString(), name: t('site.maintenanceName')}).catch(showError);
  }
});
// A visit done now, written to service-visits as the engineers' system would (actor: the user). Asked step by step.
const VISIT_KINDS = ['INSPECTION', 'RETURN_VISIT', 'MAINTENANCE_VISIT', 'SURVEY', 'PRECHECK', 'STANDBY'];
const VISIT_MODES = ['ON_SITE', 'REMOTE', 'PHONE'];
$('#record-visit').addEventListener('click', () => {
  const kind = prompt(t('visit.askKind', VISIT_KINDS.join(', ')), 'INSPECTION');
  if (!kind) return;
  const mode = prompt(t('visit.askMode', VISIT_MODES.join(', ')), 'ON_SITE');
  if (mode === null) return;
  const engineers = prompt(t('visit.askEngineers'), '');
  if (engineers === null) return;
  const body = {kind: kind.trim().toUpperCase(), engineers: names(engineers)};
  if (mode.trim()) body.mode = mode.trim().toUpperCase();
  act(site(shownSite) + '/visits', body, t('visit.confirm', shownSite, tEnum('visitKind', body.kind)))
    .then(() => showSite(shownSite)).catch(showError);
});
$('#device-close').addEventListener('click', () => { shownSite = null; history.replaceState(null, '', location.pathname + location.search); $('#device-section').hidden = true; });

let clocks = [];
let tickets = {}; // open tickets by id: what was done already (acknowledged, dispatched) is not offered again
async function loadAtRisk() {
  const [answer, open] = await Promise.all([api('/api/at-risk?horizon=' + $('#horizon').value), api('/api/tickets')]);
  clocks = answer.items;
  tickets = Object.fromEntries(open.items.map((x) => [x.ticketId, x]));
  drawAtRisk();
  drawDesk(open);
}
function drawAtRisk() {
  const body = $('#at-risk tbody');
  body.replaceChildren();
  for (const c of clocks) {
    body.append(el('tr', {'data-ticket': c.ticketId, 'data-clock': c.clock, 'data-deadline': c.deadline},
      el('td', {class: 'countdown'}), el('td', {text: t('atRisk.ticket', c.ticketId, c.contractId, c.severity)}),
      el('td', {text: t('atRisk.clock', tEnum('clock', c.clock), target(c.target))}), el('td', {text: c.siteId}),
      el('td', {text: t('percent', Math.round(c.usedPct))}), el('td', {text: String(c.tier)}), atRiskActions(c)));
  }
  $('#at-risk-empty').hidden = clocks.length > 0;
  tickCountdowns();
}
function atRiskActions(c) {
  const cell = el('td', {class: 'operator-only actions'});
  cell.hidden = !canAct;
  cell.append(...progressButtons(tickets[c.ticketId] || {ticketId: c.ticketId}));
  return cell;
}
// Every second only the countdowns change: the rows stay, so nothing flickers and a selection is kept.
function tickCountdowns() {
  const now = Date.now();
  for (const row of document.querySelectorAll('[data-deadline]')) {
    const countdown = row.querySelector('.countdown');
    if (!countdown || !row.dataset.deadline) continue;
    const left = Date.parse(row.dataset.deadline) - now;
    row.classList.toggle('soon', left < 15 * 60000);
    countdown.textContent = countdownText(countdown, left);
  }
}
$('#horizon').addEventListener('change', () => loadAtRisk().catch(showError));

function feedItem(e, fresh) {
  return el('li', {class: 'tier-' + e.tier + (fresh ? ' new' : ''), 'data-type': e.type, 'data-id': e.escalationId},
    el('span', {class: 'when', text: time(e.at)}),
    el('span', {class: 'type', text: e.clock ? t('feed.typeClock', tEnum('escalation', e.type), tEnum('clock', e.clock)) : tEnum('escalation', e.type)}),
    document.createTextNode(' ' + t('feed.rest', e.tier, e.message)));
}
async function startFeed() {
  const recent = await api('/api/escalations?limit=50');
  const feed = $('#feed');
  recent.forEach((e) => feed.append(feedItem(e, false)));
  const source = new EventSource(at('/api/escalations/stream'));
  source.addEventListener('escalation', (m) => {
    const e = JSON.parse(m.data);
    if (!feed.querySelector('[data-id="' + CSS.escape(e.escalationId) + '"]')) feed.prepend(feedItem(e, true));
    while (feed.children.length > 200) feed.lastChild.remove();
  });
}

const charts = {};
async function loadKpis() {
  const [{contracts}, kpis] = await Promise.all([api('/api/contracts'), api('/api/kpis?scope=CONTRACT&granularity=DAILY')]);
  const byContract = {};
  for (const k of kpis.closed) (byContract[k.scopeId] = byContract[k.scopeId] || []).push({...k, provisional: false});
  for (const k of kpis.open) (byContract[k.scopeId] = byContract[k.scopeId] || []).push({...k, provisional: true});
  const box = $('#kpi-charts');
  for (const c of contracts) {
    const days = (byContract[c.contractId] || []).sort((a, b) => Date.parse(a.windowStart) - Date.parse(b.windowStart));
    if (!days.length) continue;
    // Each day at its middle: its date reads the same in any browser within 12 h of the contract's zone.
    const xs = days.map((d) => (Date.parse(d.windowStart) + Date.parse(d.windowEnd)) / 2000);
    const series = [
      [t('kpi.response'), '#2563eb', days.map((d) => d.responseCompliancePct), c.kpiTargets.responseCompliancePct],
      [t('kpi.restore'), '#d97706', days.map((d) => d.restoreCompliancePct), c.kpiTargets.restoreCompliancePct],
      [t('kpi.availability'), '#059669', days.map((d) => d.deviceAvailabilityPct), c.kpiTargets.deviceAvailabilityPct]];
    const data = [xs, ...series.map((s) => s[2])];
    const day = 86400;
    const opts = {
      width: 460, height: 220, legend: {live: false},
      // At least a week on the axis, ending a day after the newest: one day alone still reads as a date.
      scales: {x: {time: true, auto: false, range: [Math.min(xs[0], xs[xs.length - 1] - 6 * day) - day / 2, xs[xs.length - 1] + day]},
        y: {auto: false, range: [0, 100]}},
      axes: [{values: (u, ticks) => ticks.map((x) => dateOf(x * 1000))}, {}],
      series: [{}, ...series.map(([label, stroke]) => ({label, stroke, width: 2, points: {show: true, size: 7}, spanGaps: true}))],
      hooks: {draw: [(u) => drawTargets(u, series)]},
    };
    let holder = box.querySelector('[data-contract="' + CSS.escape(c.contractId) + '"]');
    if (!holder) {
      holder = el('div', {class: 'chart', 'data-contract': c.contractId}, el('h3'), el('div', {class: 'plot'}),
        el('div', {class: 'today muted small'}));
      box.append(holder);
    }
    // "dashed" only when a target is drawn: a contract may set none.
    holder.querySelector('h3').textContent = series.some((s) => s[3] != null) ? t('kpi.titleTargets', c.contractId) : t('kpi.title', c.contractId);
    if (charts[c.contractId]) charts[c.contractId].destroy();
    charts[c.contractId] = new uPlot(opts, data, holder.querySelector('.plot'));
    const today = days[days.length - 1];
    const pct = (v) => v == null ? '–' : t('percent', v.toFixed(1));
    const values = [pct(today.responseCompliancePct), pct(today.restoreCompliancePct), pct(today.deviceAvailabilityPct), today.ticketsOpened];
    holder.querySelector('.today').textContent = (today.provisional ? t('kpi.today', ...values) : t('kpi.lastDay', ...values));
    holder.dataset.days = String(days.length);
    holder.dataset.provisional = String(days.filter((d) => d.provisional).length);
  }
  if (!box.children.length) box.replaceChildren(el('p', {class: 'muted', text: t('kpi.none')}));
}
function drawTargets(u, series) {
  const ctx = u.ctx;
  for (const [, stroke, , goal] of series) {
    if (goal == null) continue;
    const y = u.valToPos(goal, 'y', true);
    ctx.save(); ctx.strokeStyle = stroke; ctx.setLineDash([5, 4]); ctx.lineWidth = 1;
    ctx.beginPath(); ctx.moveTo(u.bbox.left, y); ctx.lineTo(u.bbox.left + u.bbox.width, y); ctx.stroke(); ctx.restore();
  }
}

// Each delivery's outcome; the reason shown on a delivered one too: how long it waited for the receiver's rate limit.
async function loadNotifications() {
  const rows = await api('/api/notifications?limit=50');
  $('#notifications-none').hidden = rows.length > 0;
  $('#notifications tbody').replaceChildren(...rows.map((d) => el('tr', {'data-id': d.notificationId, 'data-receiver': d.receiver, class: d.outcome === 'DELIVERED' ? '' : 'bad'},
    el('td', {text: time(d.at)}), el('td', {text: d.receiver}), el('td', {text: d.message || d.notificationId, title: d.notificationId}),
    el('td', {text: t('notifications.what', tEnum('notificationKind', d.kind), tEnum('escalation', d.escalationType))}), el('td', {text: d.siteId}),
    el('td', {text: String(d.tier)}), el('td', {text: outcome(d)}),
    el('td', {text: t('notifications.after', ((new Date(d.at) - new Date(d.plannedAt)) / 1000).toFixed(1))}))));
}
function outcome(d) {
  const tried = d.attempts > 1 ? t('notifications.tries', tEnum('outcome', d.outcome), d.attempts) : tEnum('outcome', d.outcome);
  return d.reason ? t('notifications.reason', tried, d.reason) : tried; // a delivered one too: how long it waited for the receiver's rate limit
}

async function loadAudit() {
  const rows = await api('/api/audit?limit=20');
  $('#audit tbody').replaceChildren(...rows.map((a) => el('tr', {'data-action': a.action, 'data-actor': a.actor},
    el('td', {text: time(a.at)}), el('td', {text: a.role ? t('audit.who', a.actor, tEnum('role', a.role)) : a.actor}), el('td', {text: a.action}),
    el('td', {text: a.target || ''}), el('td', {text: a.remoteAddress}), el('td', {text: a.outcome}))));
}

// Each contract with the version in force; a click lists its versions (when each took over, who changed it and why).
async function loadContracts() {
  const {contracts} = await api('/api/contracts');
  const body = $('#contracts tbody');
  const open = new Set([...body.querySelectorAll('tr.versions')].map((r) => r.dataset.contract));
  body.replaceChildren();
  for (const c of contracts) {
    const row = el('tr', {class: 'contract', 'data-contract': c.contractId},
      el('td', {text: c.contractId}), el('td', {text: c.calendar}), el('td', {text: t('contracts.version', c.version)}),
      el('td', {}, el('button', {type: 'button', text: t('contracts.versions', c.versions)})));
    row.querySelector('button').addEventListener('click', () => toggleVersions(row, c.contractId).catch(showError));
    body.append(row);
    if (open.has(c.contractId)) await toggleVersions(row, c.contractId);
  }
}

async function toggleVersions(row, id) {
  const next = row.nextElementSibling;
  if (next && next.classList.contains('versions')) { next.remove(); return; }
  const history = await api('/api/contracts/' + encodeURIComponent(id) + '/versions');
  const list = el('ol', {class: 'small'});
  for (const v of history.versions) {
    let line = v.inForceFrom ? t('contracts.inForceFrom', v.version, time(v.inForceFrom)) : t('contracts.inForceFromStart', v.version);
    if (v.actor) line = t('contracts.changedBy', line, v.actor);
    if (v.note) line = t('contracts.note', line, v.note);
    list.append(el('li', {text: line}));
  }
  row.after(el('tr', {class: 'versions', 'data-contract': id}, Object.assign(el('td', {}, list), {colSpan: 4})));
}

// A calendar in use without this year's holidays (or, from December, next year's): deadlines would run through
// them, so the page says so above everything until a CALENDAR version with the schedule is published.
async function loadCalendarWarnings() {
  const answer = await api('/api/calendars');
  let banner = $('#calendar-warnings');
  if (!banner) {
    banner = el('div', {id: 'calendar-warnings', class: 'banner', role: 'alert'});
    document.body.insertBefore(banner, $('#console'));
  }
  banner.replaceChildren(...answer.warnings.map((w) => el('p', {text: w})));
  banner.hidden = answer.warnings.length === 0;
}

function showError(e) {
  status(Object.keys(messages).length ? t('status.unreachable', e.message) : e.message, true);
}
// A list drawn now and every `ms` while `when` holds (the operator's lists only while the console is shown).
function every(ms, f, when = () => true) {
  const run = () => (when() ? f() : Promise.resolve()).catch(showError);
  run();
  setInterval(run, ms);
}

// Which page: a school's (#school=…, and always for a customer, or for a user whose scope is one site) or the ops console.
function isSchool() {
  return me.role === 'customer' || new URLSearchParams(location.hash.slice(1)).has('school')
    || (onlySite() !== null && !new URLSearchParams(location.hash.slice(1)).has('site') && !consoleAsked);
}
const onlySite = () => me.scope && me.scope.sites && me.scope.sites.length === 1 && !(me.scope.contracts || []).length ? me.scope.sites[0] : null;
let consoleAsked = false;
let consoleStarted = false;
function route() {
  const school = isSchool();
  $('#console').hidden = school;
  $('#school').hidden = !school;
  $('#to-console').hidden = !school || me.role === 'customer';
  document.title = $('header h1').textContent = school ? t('school.title') : t('title');
  if (school) {
    showSchool().catch(showError);
  } else {
    startConsole();
  }
}
$('#to-console').addEventListener('click', (e) => {
  e.preventDefault();
  consoleAsked = true;
  history.replaceState(null, '', location.pathname + location.search);
  route();
});
window.addEventListener('hashchange', route);

const CONSOLE_LISTS = [[5000, loadSites], [10000, loadAudit], [10000, loadNotifications], [5000, loadAtRisk], [30000, loadKpis],
  [30000, loadContracts], [60000, loadCalendarWarnings], [10000, async () => { if (shownSite) await showSite(shownSite); }]];
// Each list now and then in its own rhythm while the console is shown; back from a school's page, all of them at once.
function startConsole() {
  if (consoleStarted) {
    CONSOLE_LISTS.forEach(([, f]) => f().catch(showError));
    return;
  }
  consoleStarted = true;
  const shown = () => !$('#console').hidden;
  CONSOLE_LISTS.forEach(([ms, f]) => every(ms, f, shown));
  startFeed().catch(showError);
}

// The words first (every list is written in them), then who is looking and the zone (every list writes its times in it).
document.addEventListener('DOMContentLoaded', () => {
  status('…');
  loadTexts().then(() => { status(t('status.connecting')); return loadMe(); }).then(route).catch(showError);
  setInterval(tickCountdowns, 1000);
});
