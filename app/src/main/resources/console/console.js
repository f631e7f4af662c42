'use strict';
// The ops console: everything comes from this instance's query API (/api), which answers for the whole application.
const $ = (sel) => document.querySelector(sel);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
  }
  children.forEach((c) => e.append(c));
  return e;
};
// Every time a person reads is the local time of the console's zone (http.zone, from /api/me), to the second, labelled
// with the zone: the same form as the mails and robot texts (LocalTimes.PATTERN), whatever the browser's own zone.
let zone = 'Asia/Shanghai';
const inZone = (options) => new Intl.DateTimeFormat('sv-SE', {timeZone: zone, hourCycle: 'h23', ...options});
const time = (iso) => iso ? inZone({year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  second: '2-digit'}).format(new Date(iso)) + ' ' + zone : '–';
// A day on the charts' axis as MM-DD, the order of the dates above (a locale's own order would read 07/12 as 12 July).
const dateOf = (ms) => {
  const part = Object.fromEntries(inZone({month: '2-digit', day: '2-digit'}).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return part.month + '-' + part.day;
};
const span = (ms) => {
  const neg = ms < 0; let s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400); s %= 86400;
  const h = Math.floor(s / 3600); s %= 3600;
  const m = Math.floor(s / 60); s %= 60;
  const text = (d ? d + 'd ' : '') + (d || h ? h + 'h ' : '') + String(m).padStart(2, '0') + 'm ' + String(s).padStart(2, '0') + 's';
  return neg ? 'overdue ' + text : text;
};

// Every request goes to the page's origin, never to a URL with the user's name in it (a page opened as
// https://user:password@host/ would resolve a relative URL to one, which fetch refuses).
const at = (path) => location.origin + path;

// A session that has ended (idle, signed out on another tab): back to the login form, then to this page.
function signedOut(r) {
  if (r.status === 401) location.href = '/login?next=' + encodeURIComponent(location.pathname + location.search);
}
async function api(path) {
  const r = await fetch(at(path), {headers: {Accept: 'application/json'}});
  signedOut(r);
  if (!r.ok) throw new Error(path + ': HTTP ' + r.status);
  return r.json();
}
// The same, with null for a 404 (nothing of that name), which a page shows as such rather than as an error.
async function apiOrNull(path) {
  const r = await fetch(at(path), {headers: {Accept: 'application/json'}});
  signedOut(r);
  if (r.status === 404) return null;
  if (!r.ok) throw new Error(path + ': HTTP ' + r.status);
  return r.json();
}

// Who is looking: an operator (or anyone, on a console without a web-config) gets the action buttons.
let canAct = false;
async function loadMe() {
  const me = await api('/api/me');
  zone = me.zone || zone;
  canAct = !me.secured || me.role === 'operator' || me.role === 'admin';
  $('#me').textContent = me.secured ? 'signed in as ' + me.user + ' (' + me.role + ')' : 'open console: no login (see README, Securing the console)';
  document.querySelectorAll('.operator-only').forEach((e) => { e.hidden = !canAct; });
  $('#logout').hidden = !me.secured;
}
$('#logout').addEventListener('click', () => post('/logout').finally(() => { location.href = '/login'; }));

// An action is written as the ordinary input record; the page shows its effect once the engine has read it. It asks
// first: a click is not a decision (Chinese first, English second, as every text a person reads).
// Every POST: JSON, with the session's token against cross-site requests (the sla_csrf cookie; none without a session).
async function post(path, body) {
  const token = (document.cookie.match(/(?:^|; )sla_csrf=([^;]*)/) || [])[1];
  const r = await fetch(at(path), {method: 'POST', headers: Object.assign({'Content-Type': 'application/json', Accept: 'application/json'},
    token ? {'X-CSRF-Token': token} : {}), body: JSON.stringify(body || {})});
  signedOut(r);
  return r;
}
async function act(path, body, question) {
  if (question && !confirm(question)) return;
  const r = await post(path, body);
  const answer = await r.json().catch(() => ({}));
  status(r.ok ? 'written: ' + path + ' (shown once the engine has read it)' : path + ': HTTP ' + r.status + ' ' + (answer.error || ''), !r.ok);
  loadAudit().catch(showError);
  loadNotifications().catch(showError);
}

function status(text, bad) {
  const s = $('#status');
  s.textContent = text;
  s.style.color = bad ? '#fca5a5' : '#cbd5e1';
}

function partial(answer) {
  return answer.unreachable && answer.unreachable.length ? ' — partial: ' + answer.unreachable.length + ' instance(s) did not answer' : '';
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
    const notUp = Object.entries(s.devicesByState).filter(([k]) => k !== 'UP').map(([k, v]) => v + ' ' + k.toLowerCase()).join(', ');
    const card = el('div', {class: 'site ' + s.status, 'data-site': s.siteId, 'data-status': s.status, role: 'button', tabindex: '0'},
      el('div', {class: 'name', text: s.siteId}),
      el('div', {class: 'counts', text: up + ' of ' + s.devices + ' up' + (notUp ? ' · ' + notUp : '')}));
    if (s.outage) {
      card.append(el('div', {class: 'outage', text: 'outage since ' + time(s.outage.startedAt) + ': ' + s.outage.devicesDown + ' of '
        + s.outage.devicesTotal + ' down' + (s.outage.rootCauseDeviceId ? ', root cause ' + s.outage.rootCauseDeviceId : '')}));
    }
    card.addEventListener('click', () => showSite(s.siteId));
    box.append(card);
  }
  if (healthy.next && healthyShown < 5000) {
    const more = el('button', {id: 'more-sites', type: 'button', text: 'more healthy sites'});
    more.addEventListener('click', () => { healthyShown = Math.min(5000, healthyShown + HEALTHY_PAGE); loadSites().catch(showError); });
    box.append(more);
  }
  const red = problems.items.filter((s) => s.status === 'RED').length;
  const unreachable = problems.unreachable.concat(healthy.unreachable);
  status(red + ' site(s) in outage, ' + (problems.items.length - red) + ' with a device not up, ' + healthy.items.length
    + (healthy.next ? '+' : '') + ' all up · ' + problems.instances + ' instance(s)' + partial({unreachable})
    + ' · updated ' + time(new Date().toISOString()), unreachable.length > 0);
}

// The site shown is in the address (#site=…), so a school's page can be bookmarked and sent on.
let shownSite = new URLSearchParams(location.hash.slice(1)).get('site');
async function showSite(siteId) {
  shownSite = siteId;
  history.replaceState(null, '', '#site=' + encodeURIComponent(siteId));
  const [detail, obligations, events] = await Promise.all([apiOrNull('/api/sites/' + encodeURIComponent(siteId)),
    apiOrNull('/api/sites/' + encodeURIComponent(siteId) + '/obligations'), apiOrNull('/api/sites/' + encodeURIComponent(siteId) + '/events')]);
  $('#device-site').textContent = siteId;
  const body = $('#devices tbody');
  body.replaceChildren();
  for (const d of detail ? detail.devices : []) {
    body.append(el('tr', {'data-device': d.deviceId},
      el('td', {text: d.deviceId}), el('td', {text: d.deviceType.toLowerCase().replace(/_/g, ' ')}),
      el('td', {class: 'state-' + d.state, text: d.state}), el('td', {text: time(d.lastSeen)}),
      el('td', {text: d.reason || ''}), el('td', {text: d.rootCauseDeviceId || ''})));
  }
  drawExamDay(events);
  drawObligations(obligations);
  $('#device-section').hidden = false;
}

// A site's scheduled work (SPEC section 9): each obligation's period now, and the last visit steps. Its times are the
// site's own (its calendar's zone, written by the server), not the console's. Chinese first, English second.
const VISIT_KINDS = {INSPECTION: '巡检 inspection', RETURN_VISIT: '回访 return visit', MAINTENANCE_VISIT: '维护 maintenance visit',
  SURVEY: '满意度调查 survey', PRECHECK: '预检 pre-check', STANDBY: '保障 standby'};
const VISIT_TYPES = {SCHEDULED: '已排期 scheduled', COMPLETED: '已完成 completed', RECORD_SUBMITTED: '已交记录 record submitted',
  CANCELLED: '已取消 cancelled', CHECK_IN: '签到 check-in', CHECK_OUT: '签退 check-out'};
const VISIT_MODES = {ON_SITE: '现场 on site', REMOTE: '远程 remote', PHONE: '电话 phone'};
const OBLIGATION_STATES = {MET: '已完成 met', OPEN: '进行中 open', MISSED: '已逾期 missed'};
const label = (names, v) => v ? names[v] || v : '–';
// A period of whole local days (a quarter: 2026-10-01 – 2026-12-31) by its days, its last day included; else to the minute.
function period(startLocal, endLocal) {
  const midnight = (t) => t.slice(11, 19) === '00:00:00';
  if (!midnight(startLocal) || !midnight(endLocal)) {
    return startLocal.slice(0, 16) + ' – ' + endLocal.slice(0, 16);
  }
  const [y, m, d] = endLocal.slice(0, 10).split('-').map(Number);
  return startLocal.slice(0, 10) + ' – ' + new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}
function drawObligations(site) {
  const body = $('#obligations tbody');
  const visits = $('#visits tbody');
  body.replaceChildren();
  visits.replaceChildren();
  const none = $('#obligations-none');
  $('#obligations-zone').textContent = site ? site.contractId + ' · ' + site.zone : '';
  none.hidden = site !== null && site.obligations.length > 0;
  none.textContent = site ? '本期没有服务义务 · no obligation runs this period' : '不在 site-registry 中 · not in site-registry: no obligations';
  for (const o of site ? site.obligations : []) {
    const modes = o.modes.map((m) => label(VISIT_MODES, m)).join(o.allModes ? ' + ' : ' / ');
    body.append(el('tr', {'data-obligation': o.obligationId, 'data-state': o.state},
      el('td', {text: o.obligationId + ' · ' + label(VISIT_KINDS, o.kind) + (modes ? ' (' + modes + ')' : '')}),
      el('td', {class: 'obligation-' + o.state, text: label(OBLIGATION_STATES, o.state)}),
      el('td', {text: o.done + ' / ' + o.required}),
      el('td', {text: period(o.periodStartLocal, o.periodEndLocal)}),
      el('td', {text: o.state === 'MET' ? '–' : span(o.timeLeftMs)})));
  }
  for (const v of site ? site.visits : []) {
    visits.append(el('tr', {'data-visit': v.visitId, 'data-type': v.type},
      el('td', {text: v.atLocal}), el('td', {text: label(VISIT_KINDS, v.kind)}), el('td', {text: label(VISIT_TYPES, v.type)}),
      el('td', {text: label(VISIT_MODES, v.mode)}), el('td', {text: v.engineers.join(', ')}), el('td', {text: v.actor || '–'})));
  }
}
// A site's next major event (SPEC section 10) and how ready the service is for it: the pre-check, the engineers on
// standby now against the contract's minimum, the devices not UP now. Its times are the site's own, as the obligations'.
function drawExamDay(site) {
  const body = $('#exam-day tbody');
  body.replaceChildren();
  const none = $('#exam-day-none');
  const e = site && site.event;
  $('#exam-day-zone').textContent = site ? site.contractId + ' · ' + site.zone : '';
  $('#exam-day').hidden = !e;
  $('#check-in').hidden = !(e && e.standby); // the buttons of what the contract promises
  $('#record-precheck').hidden = !(e && e.precheck);
  none.hidden = !!e;
  none.textContent = site ? '近期没有需要保障的重大活动 · no major event ahead that the contract asks readiness for'
    : '不在 site-registry 中 · not in site-registry';
  if (!e) return;
  const row = (part, th, cls, ...cells) => {
    const tr = el('tr', {'data-part': part}, el('th', {text: th}), el('td', {class: cls}, ...cells));
    body.append(tr);
    return tr;
  };
  const text = (t) => document.createTextNode(t);
  row('event', '活动 event', '', text(e.name + ' · ' + e.startLocal.slice(0, 16) + ' – ' + e.endLocal.slice(0, 16) + ' · '
    + (e.running ? '进行中 running' : '距开始 starts in ' + span(Date.parse(e.start) - Date.now()))));
  const p = e.precheck;
  if (p) {
    const what = {MET: '已完成 met at ' + p.metAtLocal, OPEN: '待完成 open: due by ' + p.deadlineLocal,
      MISSED: '已逾期 missed: was due by ' + p.deadlineLocal,
      NOTICE_SHORT: '通知过晚 notice too short: published ' + e.seenAtLocal + ', after it was due (' + p.deadlineLocal + ')'}[p.state];
    row('precheck', '专项巡检 pre-check', 'precheck-' + p.state, text(what)).dataset.state = p.state;
  } else {
    row('precheck', '专项巡检 pre-check', 'muted', text('合同未要求 · not in the contract'));
  }
  const s = e.standby;
  if (s) {
    const cell = [text(s.onSite.length + ' / ' + s.minEngineers + (s.onSite.length ? ': ' : ''))];
    for (const name of s.onSite) {
      cell.push(el('span', {class: 'engineer', 'data-engineer': name, text: name}));
      if (canAct) {
        const out = el('button', {type: 'button', 'data-check-out': name, text: '签退 check out'});
        out.addEventListener('click', () => standby('CHECK_OUT', [name]));
        cell.push(out);
      }
      cell.push(text(' '));
    }
    row('standby', '现场值守 engineers on standby', s.onSite.length < s.minEngineers ? 'standby-short' : 'standby-ok', ...cell)
      .dataset.onSite = String(s.onSite.length);
  } else {
    row('standby', '现场值守 engineers on standby', 'muted', text('合同未要求 · not in the contract'));
  }
  const bad = site.devicesNotUp;
  row('devices', '设备未正常 devices not UP', bad.length ? 'devices-bad' : 'devices-ok', text(bad.length
    ? bad.map((d) => d.deviceId + ' ' + d.state + (d.reason ? ' (' + d.reason + ')' : '')).join(', ') : '全部正常 · all up'))
    .dataset.count = String(bad.length);
}
// An engineer arriving for or leaving the standby: a STANDBY CHECK_IN or CHECK_OUT step now, as the engineers' system
// would write it (actor: the user).
function standby(type, engineers) {
  const zh = type === 'CHECK_IN' ? '签到' : '签退';
  act('/api/sites/' + encodeURIComponent(shownSite) + '/visits', {kind: 'STANDBY', type, engineers},
    engineers.join(', ') + ' 在 ' + shownSite + ' 现场值守' + zh + '？\nCheck ' + engineers.join(', ')
    + (type === 'CHECK_IN' ? ' in for' : ' out of') + ' the standby at ' + shownSite + '?').then(() => showSite(shownSite)).catch(showError);
}
const names = (text) => (text || '').split(',').map((e) => e.trim()).filter((e) => e);
$('#check-in').addEventListener('click', () => {
  const engineers = names(prompt('签到的工程师 engineers checking in (comma-separated):', ''));
  if (engineers.length) standby('CHECK_IN', engineers);
});
$('#record-precheck').addEventListener('click', () => {
  const engineers = prompt('专项巡检的工程师 engineers who did the pre-check (comma-separated):', '');
  if (engineers === null) return;
  act('/api/sites/' + encodeURIComponent(shownSite) + '/visits', {kind: 'PRECHECK', mode: 'ON_SITE', engineers: names(engineers)},
    '为 ' + shownSite + ' 记录一次已完成的专项巡检（重大活动前）？\nRecord the pre-check before the major event at ' + shownSite + ' as done now?')
    .then(() => showSite(shownSite)).catch(showError);
});
$('#maintenance').addEventListener('click', () => {
  const hours = prompt('Maintenance window for ' + shownSite + ' from now, in hours:', '2');
  if (hours && Number(hours) > 0) {
    act('/api/sites/' + encodeURIComponent(shownSite) + '/maintenance',
      {end: new Date(Date.now() + Number(hours) * 3600000).toISOString(), name: 'from the console'}).catch(showError);
  }
});
// A visit done now, written to service-visits as the engineers' system would (actor: the user). Asked step by step.
$('#record-visit').addEventListener('click', () => {
  const kind = prompt('类别 kind (' + Object.keys(VISIT_KINDS).join(', ') + '):', 'INSPECTION');
  if (!kind) return;
  const mode = prompt('方式 mode (' + Object.keys(VISIT_MODES).join(', ') + '; empty: none):', 'ON_SITE');
  if (mode === null) return;
  const engineers = prompt('工程师 engineers (comma-separated):', '');
  if (engineers === null) return;
  const body = {kind: kind.trim().toUpperCase(), engineers: engineers.split(',').map((e) => e.trim()).filter((e) => e)};
  if (mode.trim()) body.mode = mode.trim().toUpperCase();
  act('/api/sites/' + encodeURIComponent(shownSite) + '/visits', body,
    '为 ' + shownSite + ' 记录一次已完成的服务（' + label(VISIT_KINDS, body.kind) + '）？\nRecord a completed visit at ' + shownSite + '?')
    .then(() => showSite(shownSite)).catch(showError);
});
$('#device-close').addEventListener('click', () => { shownSite = null; history.replaceState(null, '', location.pathname); $('#device-section').hidden = true; });

let clocks = [];
let tickets = {}; // open tickets by id: what was done already (acknowledged, dispatched) is not offered again
async function loadAtRisk() {
  const [answer, open] = await Promise.all([api('/api/at-risk?horizon=' + $('#horizon').value), api('/api/tickets')]);
  clocks = answer.items;
  tickets = Object.fromEntries(open.items.map((t) => [t.ticketId, t]));
  drawAtRisk();
}
function drawAtRisk() {
  const body = $('#at-risk tbody');
  body.replaceChildren();
  for (const c of clocks) {
    body.append(el('tr', {'data-ticket': c.ticketId, 'data-clock': c.clock, 'data-deadline': c.deadline},
      el('td', {class: 'countdown'}), el('td', {text: c.ticketId + ' (' + c.contractId + ' ' + c.severity + ')'}),
      el('td', {text: c.clock + ' ' + c.target + (c.working ? ' working' : '')}), el('td', {text: c.siteId}),
      el('td', {text: Math.round(c.usedPct) + ' %'}), el('td', {text: String(c.tier)}), actions(c)));
  }
  $('#at-risk-empty').hidden = clocks.length > 0;
  tickCountdowns();
}
const TICKET_ACTIONS = [
  {path: 'acknowledge', label: 'acknowledge', zh: '已响应', done: (t) => t.acknowledgedAt},
  {path: 'dispatch', label: 'dispatched', zh: '已派工', done: (t) => t.dispatched},
  {path: 'on-site', label: 'on site', zh: '已到场', done: () => false}];
function actions(c) {
  const cell = el('td', {class: 'operator-only actions'});
  cell.hidden = !canAct;
  const ticket = tickets[c.ticketId] || {};
  for (const a of TICKET_ACTIONS.filter((x) => !x.done(ticket))) {
    const b = el('button', {type: 'button', 'data-action': a.path, text: a.label});
    b.addEventListener('click', () => act('/api/tickets/' + encodeURIComponent(c.ticketId) + '/' + a.path, undefined,
      '将工单 ' + c.ticketId + ' 标记为“' + a.zh + '”？\nMark ticket ' + c.ticketId + ' as ' + a.label + '?').catch(showError));
    cell.append(b);
  }
  return cell;
}
// Every second only the countdowns change: the rows stay, so nothing flickers and a selection is kept.
function tickCountdowns() {
  const now = Date.now();
  for (const row of document.querySelectorAll('#at-risk tbody tr')) {
    const left = Date.parse(row.dataset.deadline) - now;
    row.classList.toggle('soon', left < 15 * 60000);
    row.querySelector('.countdown').textContent = span(left);
  }
}
$('#horizon').addEventListener('change', () => loadAtRisk().catch(showError));

function feedItem(e, fresh) {
  const li = el('li', {class: 'tier-' + e.tier + (fresh ? ' new' : ''), 'data-type': e.type, 'data-id': e.escalationId},
    el('span', {class: 'when', text: time(e.at)}), el('span', {class: 'type', text: e.type + (e.clock ? ' ' + e.clock : '')}),
    document.createTextNode(' tier ' + e.tier + ' · ' + e.message));
  return li;
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
      ['response in time', '#2563eb', days.map((d) => d.responseCompliancePct), c.kpiTargets.responseCompliancePct],
      ['restore in time', '#d97706', days.map((d) => d.restoreCompliancePct), c.kpiTargets.restoreCompliancePct],
      ['availability', '#059669', days.map((d) => d.deviceAvailabilityPct), c.kpiTargets.deviceAvailabilityPct]];
    const data = [xs, ...series.map((s) => s[2])];
    const day = 86400;
    const opts = {
      width: 460, height: 220, legend: {live: false},
      // At least a week on the axis, ending a day after the newest: one day alone still reads as a date.
      scales: {x: {time: true, auto: false, range: [Math.min(xs[0], xs[xs.length - 1] - 6 * day) - day / 2, xs[xs.length - 1] + day]},
        y: {auto: false, range: [0, 100]}},
      axes: [{values: (u, ticks) => ticks.map((t) => dateOf(t * 1000))}, {}],
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
    holder.querySelector('h3').textContent = c.contractId + ': compliance and availability (%)'
      + (series.some((s) => s[3] != null) ? ', dashed: targets' : '');
    if (charts[c.contractId]) charts[c.contractId].destroy();
    charts[c.contractId] = new uPlot(opts, data, holder.querySelector('.plot'));
    const today = days[days.length - 1];
    const pct = (v) => v == null ? '–' : v.toFixed(1) + ' %';
    holder.querySelector('.today').textContent = (today.provisional ? 'today so far' : 'last closed day') + ': response '
      + pct(today.responseCompliancePct) + ', restore ' + pct(today.restoreCompliancePct) + ', availability '
      + pct(today.deviceAvailabilityPct) + ' · ' + today.ticketsOpened + ' tickets opened';
    holder.dataset.days = String(days.length);
    holder.dataset.provisional = String(days.filter((d) => d.provisional).length);
  }
  if (!box.children.length) box.replaceChildren(el('p', {class: 'muted', text: 'No KPI window yet.'}));
}
function drawTargets(u, series) {
  const ctx = u.ctx;
  for (const [, stroke, , target] of series) {
    if (target == null) continue;
    const y = u.valToPos(target, 'y', true);
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
    el('td', {text: d.kind + ' ' + d.escalationType}), el('td', {text: d.siteId}), el('td', {text: String(d.tier)}),
    el('td', {text: d.outcome + (d.attempts > 1 ? ' (' + d.attempts + ' tries)' : '') + (d.reason ? ': ' + d.reason : '')}),
    el('td', {text: ((new Date(d.at) - new Date(d.plannedAt)) / 1000).toFixed(1) + ' s'}))));
}

async function loadAudit() {
  const rows = await api('/api/audit?limit=20');
  $('#audit tbody').replaceChildren(...rows.map((a) => el('tr', {'data-action': a.action, 'data-actor': a.actor},
    el('td', {text: time(a.at)}), el('td', {text: a.actor + (a.role ? ' (' + a.role + ')' : '')}), el('td', {text: a.action}),
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
      el('td', {text: c.contractId}), el('td', {text: c.calendar}), el('td', {text: 'v' + c.version}),
      el('td', {}, el('button', {type: 'button', text: c.versions + (c.versions === 1 ? ' version' : ' versions')})));
    row.querySelector('button').addEventListener('click', () => toggleVersions(row, c.contractId));
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
    list.append(el('li', {text: 'v' + v.version + ': in force from ' + (v.inForceFrom ? time(v.inForceFrom) : 'the beginning')
      + (v.actor ? ', by ' + v.actor : '') + (v.note ? ' (' + v.note + ')' : '')}));
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
    document.body.insertBefore(banner, document.querySelector('main'));
  }
  banner.replaceChildren(...answer.warnings.map((w) => el('p', {text: w})));
  banner.hidden = answer.warnings.length === 0;
}

function showError(e) {
  status('cannot reach the API: ' + e.message + ' (retrying)', true);
}
function every(ms, f) {
  const run = () => f().catch(showError);
  run();
  setInterval(run, ms);
}
// The zone first: every list writes its times in it.
loadMe().catch(showError).finally(() => {
  every(5000, loadSites);
  every(10000, loadAudit);
  every(10000, loadNotifications);
  every(5000, loadAtRisk);
  every(30000, loadKpis);
  every(30000, loadContracts);
  every(60000, loadCalendarWarnings);
  every(10000, async () => { if (shownSite) await showSite(shownSite); });
  setInterval(tickCountdowns, 1000);
  startFeed().catch(showError);
});
