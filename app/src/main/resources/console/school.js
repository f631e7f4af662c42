'use strict';
// The school's page (SPEC section 12): what a school's IT teacher follows of its own service. Its devices and their
// state; a fault report (网络受理) and its tickets, each clock against what the contract promises, to the end, then a
// rating; this period's obligations and the next exam's readiness; its reports. A customer sees this page only
// (and no operator control); an operator opens it from a site (#school=…) and acts on the tickets there as well.
let schoolSite = null;
let schoolTimer = null;
let reportsFor = '';
// Tickets reported from this page that the engine has not read yet, by id: shown as "being recorded" until it has.
const pending = {};
// The ratings given from this browser, by ticket: shown as given while the ticket is listed (the server refuses a second).
const RATED_KEY = 'sla.console.rated';
const ratedHere = () => JSON.parse(localStorage.getItem(RATED_KEY) || '{}');

// The school shown: the one in the address, else the user's only site, else the first of those its scope lets it see.
async function chooseSchool() {
  const asked = new URLSearchParams(location.hash.slice(1)).get('school');
  const pick = $('#school-pick');
  if (me.role === 'customer' && !onlySite()) {
    const {items} = await api('/api/sites?limit=5000');
    const ids = items.map((s) => s.siteId);
    if (pick.options.length !== ids.length) {
      pick.replaceChildren(...ids.map((id) => el('option', {value: id, text: id})));
    }
    pick.hidden = ids.length < 2;
    const chosen = asked && ids.includes(asked) ? asked : ids[0] || null;
    pick.value = chosen || '';
    return chosen;
  }
  pick.hidden = true;
  return asked || onlySite();
}
$('#school-pick').addEventListener('change', (e) => { location.hash = 'school=' + encodeURIComponent(e.target.value); });

async function showSchool() {
  const id = await chooseSchool();
  $('#school-none').hidden = !!id;
  if (!id) return;
  if (id !== schoolSite) {
    schoolSite = id;
    reportsFor = '';
    $('#school-name').textContent = t('school.heading', id);
    $('#school-form').replaceChildren(faultForm({siteId: id, withSeverity: canAct, onCreated: follow}));
    $('#school-tickets tbody').replaceChildren();
  }
  if (!schoolTimer) schoolTimer = setInterval(() => { if (isSchool()) loadSchool().catch(showError); }, 5000);
  await loadSchool();
}

async function loadSchool() {
  const id = schoolSite;
  const [detail, open, obligations, events] = await Promise.all([apiOrNull(site(id)), api('/api/tickets?site=' + encodeURIComponent(id)),
    apiOrNull(site(id) + '/obligations'), apiOrNull(site(id) + '/events')]);
  if (id !== schoolSite) return; // another school was chosen meanwhile
  const root = $('#school');
  const contract = obligations ? obligations.contractId : detail && detail.devices.length ? detail.devices[0].contractId : null;
  $('#school-contract').textContent = contract ? t('school.contract', contract) : '';
  drawDevices(root, detail);
  drawSchoolTickets(open.items);
  drawExamDay(root, events);
  drawObligations(root, obligations);
  drawReports(id, obligations ? obligations.zone : zone);
  status(t('school.updated', time(new Date().toISOString()), partial(open.unreachable)), (open.unreachable || []).length > 0);
}

// A ticket just reported: followed until the engine has read it, asked for sooner than the page's round.
function follow(ticketId) {
  pending[ticketId] = Date.now();
  drawSchoolTickets(lastTickets);
  [1000, 2500, 5000].forEach((ms) => setTimeout(() => loadSchool().catch(showError), ms));
}

let lastTickets = [];
function drawSchoolTickets(items) {
  lastTickets = items;
  const body = $('#school-tickets tbody');
  const listed = new Set(items.map((x) => x.ticketId));
  Object.keys(pending).filter((id) => listed.has(id)).forEach((id) => delete pending[id]);
  const rows = Object.keys(pending).map((id) => el('tr', {'data-ticket': id, 'data-state': 'PENDING', class: 'pending'},
    el('td', {text: id}), Object.assign(el('td', {text: t('school.beingRecorded')}), {colSpan: 6})));
  const newest = items.slice().sort((a, b) => Date.parse(b.openedAt) - Date.parse(a.openedAt));
  for (const x of newest) {
    const state = ticketState(x);
    rows.push(el('tr', {'data-ticket': x.ticketId, 'data-state': state},
      el('td', {text: x.ticketId}), el('td', {text: x.deviceId || '–'}), el('td', {text: tEnum('category', x.category)}),
      el('td', {text: time(x.openedAt)}), el('td', {class: 'ticket-state state-' + state, text: tEnum('ticketState', state)}),
      el('td', {}, clockList(x)), nextCell(x)));
  }
  // A rating being chosen is kept: the row it is in is not replaced while its ticket has not changed.
  const choosing = body.querySelector('.rating[data-chosen]');
  body.replaceChildren(...rows);
  if (choosing) {
    const cell = body.querySelector('tr[data-ticket="' + CSS.escape(choosing.dataset.ticket) + '"] .rating');
    if (cell && !cell.dataset.rated) cell.replaceWith(choosing);
  }
  $('#school-tickets-none').hidden = rows.length > 0;
  tickCountdowns();
}

// What comes next on a ticket: for an operator the desk's buttons; after RESOLVED the school's rating (the desk may
// record it for the school, as a callback by phone).
function nextCell(x) {
  const cell = el('td', {class: 'next'});
  if (canAct) cell.append(el('div', {class: 'actions'}, el('div', {}, ...progressButtons(x)), el('div', {}, ...deskButtons(x))));
  cell.append(ratingOf(x));
  return cell;
}

function ratingOf(x) {
  const given = x.satisfaction || ratedHere()[x.ticketId];
  const box = el('div', {class: 'rating', 'data-ticket': x.ticketId});
  if (given) {
    box.dataset.rated = String(given);
    box.append(el('span', {class: 'stars', text: '★'.repeat(given) + '☆'.repeat(5 - given)}),
      document.createTextNode(' ' + t('rating.given', given)));
    return box;
  }
  if (!resolved(x)) {
    box.append(el('span', {class: 'muted small', text: t('rating.afterResolved')}));
    return box;
  }
  box.append(el('div', {class: 'small', text: t('rating.ask')}));
  const stars = el('span', {class: 'stars', role: 'radiogroup', 'aria-label': t('rating.ask')});
  for (let n = 1; n <= 5; n++) {
    const star = el('button', {type: 'button', class: 'star', 'data-stars': String(n), role: 'radio', 'aria-checked': 'false',
      'aria-label': t('rating.stars', n), title: t('rating.stars', n), text: '☆'});
    star.addEventListener('click', () => {
      box.dataset.chosen = String(n);
      stars.querySelectorAll('.star').forEach((s) => {
        const on = Number(s.dataset.stars) <= n;
        s.textContent = on ? '★' : '☆';
        s.setAttribute('aria-checked', String(Number(s.dataset.stars) === n));
      });
      send.disabled = false;
    });
    stars.append(star);
  }
  const note = el('input', {type: 'text', class: 'rating-note', maxlength: '500', placeholder: t('rating.notePlaceholder')});
  const send = el('button', {type: 'button', class: 'rating-send', text: t('rating.send')});
  send.disabled = true;
  const said = el('span', {class: 'rating-result small'});
  send.addEventListener('click', async () => {
    const n = Number(box.dataset.chosen);
    const body = {satisfaction: n};
    if (note.value.trim()) body.note = note.value.trim();
    send.disabled = true;
    const r = await post(ticketPath(x.ticketId, 'rating'), body).catch((e) => { showError(e); return null; });
    if (r && r.ok) {
      localStorage.setItem(RATED_KEY, JSON.stringify({...ratedHere(), [x.ticketId]: n}));
      delete box.dataset.chosen;
      box.replaceWith(ratingOf({...x, satisfaction: n}));
      return;
    }
    send.disabled = false;
    const answer = r ? await r.json().catch(() => ({})) : {};
    said.textContent = r && r.status === 409 ? t('rating.conflict') : t('fault.refused', r ? r.status : '–', answer.error || '');
  });
  box.append(stars, ' ', note, ' ', send, ' ', said);
  return box;
}

// The school's reports (this quarter's and the last one's inspection record; this month's and last month's service
// review), in the page's language, as a page (HTML) or a CSV to keep; the quarter and month are the site's own zone's.
function drawReports(id, siteZone) {
  const now = Object.fromEntries(inZone({year: 'numeric', month: '2-digit'}, siteZone).formatToParts(new Date()).map((p) => [p.type, p.value]));
  const year = Number(now.year);
  const month = Number(now.month);
  const quarter = Math.floor((month - 1) / 3) + 1;
  const key = id + '|' + year + '-' + month + '|' + lang;
  if (key === reportsFor) return;
  reportsFor = key;
  const quarters = [[year, quarter], quarter === 1 ? [year - 1, 4] : [year, quarter - 1]];
  const months = [[year, month], month === 1 ? [year - 1, 12] : [year, month - 1]];
  const monthName = (y, m) => new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en', {year: 'numeric', month: 'long', timeZone: 'UTC'})
    .format(new Date(Date.UTC(y, m - 1, 15)));
  const links = (kind, query, period) => ['html', 'csv'].map((format) => {
    const a = el('a', {href: site(id) + '/reports/' + kind + '?' + query + '&lang=' + lang + '&format=' + format,
      'data-report': kind, 'data-period': period, 'data-format': format,
      text: format === 'html' ? t('reports.html') : t('reports.csv'), download: ''}); // the server sends each as a file to keep
    return a;
  });
  const item = (text, anchors) => el('li', {}, document.createTextNode(text + ' '), anchors[0], ' · ', anchors[1]);
  $('#reports').replaceChildren(
    ...quarters.map(([y, q]) => item(t('reports.inspection', String(y), q), links('inspection', 'quarter=' + y + 'Q' + q, y + 'Q' + q))),
    ...months.map(([y, m]) => {
      const period = y + '-' + String(m).padStart(2, '0');
      return item(t('reports.review', monthName(y, m)), links('review', 'month=' + period, period));
    }));
}
