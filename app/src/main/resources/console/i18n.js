'use strict';
// The console's words: one catalogue per language (i18n/console.properties, Chinese; console_en.properties, English),
// served by the server as JSON (GET /console/messages?lang=), so the page and the server have one source of texts.
// Each text is a java.text.MessageFormat pattern with numbered arguments ({0}, and {0,choice,1#…|1<…} where English
// counts differ), formatted here as MessageFormat would: a sentence is one pattern, never glued from pieces.
const LANGS = ['zh', 'en'];
const LANG_KEY = 'sla.console.lang';
let lang = 'zh';
let messages = {};

// The language: ?lang= in the address (remembered), else the one chosen in the header before, else the browser's
// first language we speak, else Chinese (the first language of our users).
function chooseLang() {
  const ours = (tag) => (tag || '').toLowerCase().split(/[-_]/)[0];
  const asked = ours(new URLSearchParams(location.search).get('lang'));
  if (LANGS.includes(asked)) {
    localStorage.setItem(LANG_KEY, asked);
    return asked;
  }
  const kept = localStorage.getItem(LANG_KEY);
  if (LANGS.includes(kept)) return kept;
  const found = (navigator.languages || [navigator.language]).map(ours).find((l) => LANGS.includes(l));
  return found || 'zh';
}

// A switch in the header: remembered, and the page loaded again in the new language (every list is drawn in it). A
// ?lang= in the address is changed with it; else the page is reloaded (the same address with a #site=… is not a load).
function switchLang(to) {
  localStorage.setItem(LANG_KEY, to);
  const url = new URL(location.href);
  if (url.searchParams.has('lang')) {
    url.searchParams.set('lang', to);
    location.replace(url.toString());
  } else {
    location.reload();
  }
}

async function loadTexts() {
  lang = chooseLang();
  const r = await fetch(location.origin + '/console/messages?lang=' + lang, {headers: {Accept: 'application/json'}});
  if (r.status === 401) toLogin();
  if (!r.ok) throw new Error('/console/messages: HTTP ' + r.status);
  messages = (await r.json()).messages;
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  translate(document);
  const choice = document.querySelector('#lang');
  if (choice) {
    choice.value = lang;
    choice.addEventListener('change', () => switchLang(choice.value));
  }
}

// The page's own words: data-t="key" is the element's text, data-t-title / data-t-placeholder / data-t-aria-label its attribute.
function translate(root) {
  for (const e of root.querySelectorAll('[data-t]')) e.textContent = t(e.dataset.t);
  for (const attr of ['title', 'placeholder', 'aria-label']) {
    for (const e of root.querySelectorAll('[data-t-' + attr + ']')) e.setAttribute(attr, t(e.getAttribute('data-t-' + attr)));
  }
}

// The text `key` with its arguments put in. A key the catalogue lacks shows as itself (and ConsoleTextsTest fails).
function t(key, ...args) {
  const pattern = messages[key];
  if (pattern === undefined) {
    console.error('no text ' + key + ' in i18n/console (' + lang + ')');
    return key;
  }
  return args.length ? formatPattern(pattern, args) : pattern; // as Texts.get: a pattern without arguments is the text
}
// The text of an enum's value (a health state, a ticket category, …): key `group.VALUE`; the value itself when unknown
// (a newer server's symbol reads as its name, not as nothing).
function tEnum(group, value) {
  if (value == null || value === '') return '–';
  const key = group + '.' + value;
  return key in messages ? messages[key] : String(value);
}

const numberFormat = () => new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en', {maximumFractionDigits: 3});
function formatPattern(pattern, args) {
  let out = '';
  for (let i = 0; i < pattern.length;) {
    if (pattern[i] !== '{') {
      out += pattern[i++];
      continue;
    }
    const end = closing(pattern, i);
    out += formatArgument(pattern.slice(i + 1, end), args);
    i = end + 1;
  }
  return out;
}
function closing(pattern, open) {
  let depth = 0;
  for (let j = open; j < pattern.length; j++) {
    if (pattern[j] === '{') depth++;
    else if (pattern[j] === '}' && --depth === 0) return j;
  }
  throw new Error('unbalanced braces in ' + pattern);
}
function formatArgument(inner, args) {
  const [index, type, ...style] = inner.split(',');
  const value = args[Number(index.trim())];
  if (!type) return typeof value === 'number' ? numberFormat().format(value) : String(value ?? '');
  if (type.trim() === 'number') return numberFormat().format(Number(value));
  if (type.trim() === 'choice') return formatPattern(choose(style.join(','), Number(value)), args);
  throw new Error('unsupported argument {' + inner + '}');
}
// ChoiceFormat: "0#none|1#one|1<{0} many": the last choice whose limit the number reaches (#: at least, <: above).
function choose(choices, n) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let j = 0; j <= choices.length; j++) {
    const c = choices[j];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if ((c === '|' || j === choices.length) && depth === 0) {
      parts.push(choices.slice(start, j));
      start = j + 1;
    }
  }
  let chosen = null;
  for (const part of parts) {
    const m = /^\s*(-?[\d.]+|-?∞)\s*([#<≤])/.exec(part);
    const limit = m[1].endsWith('∞') ? (m[1].startsWith('-') ? -Infinity : Infinity) : Number(m[1]);
    if (chosen === null || (m[2] === '<' ? n > limit : n >= limit)) chosen = part.slice(m[0].length);
  }
  return chosen;
}

// Every time a person reads is the local time of the console's zone (http.zone, from /api/me), to the second, labelled
// with the zone: the same form as the mails and robot texts (LocalTimes.PATTERN), whatever the browser's own zone
// and language.
let zone = 'Asia/Shanghai';
const inZone = (options, z) => new Intl.DateTimeFormat('sv-SE', {timeZone: z || zone, hourCycle: 'h23', ...options});
const time = (iso, z) => iso ? inZone({year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  second: '2-digit'}, z).format(new Date(iso)) + ' ' + (z || zone) : '–';
// A day on the charts' axis as MM-DD, the order of the dates above (a locale's own order would read 07/12 as 12 July).
const dateOf = (ms) => {
  const part = Object.fromEntries(inZone({month: '2-digit', day: '2-digit'}).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return part.month + '-' + part.day;
};
// A length of time to the second, as a countdown reads it (2h 05m 09s; 2小时05分09秒); "overdue" once past.
const span = (ms) => {
  const neg = ms < 0;
  let s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400); s %= 86400;
  const h = Math.floor(s / 3600); s %= 3600;
  const m = String(Math.floor(s / 60)).padStart(2, '0');
  const sec = String(s % 60).padStart(2, '0');
  const text = d ? t('span.dhms', String(d), String(h), m, sec) : h ? t('span.hms', String(h), m, sec) : t('span.ms', m, sec);
  return neg ? t('span.overdue', text) : text;
};
// A countdown's text: the time left alone, or put in its element's pattern (data-pattern, e.g. clock.left); overdue as such.
const countdownText = (e, ms) => e.dataset.pattern && ms >= 0 ? t(e.dataset.pattern, span(ms)) : span(ms);
// A contract's clock target as the engine writes it (30m, 4h, 2h working, 2 working days), in the page's language.
function target(text) {
  const days = /^(\d+) working days?$/.exec(text || '');
  if (days) return t('target.workingDays', Number(days[1]));
  const m = /^(\d+)(ms|s|m|h|d)( working)?$/.exec(text || '');
  if (!m) return text || '–';
  const n = Number(m[1]);
  const amount = {ms: () => t('target.ms', n), s: () => t('target.seconds', n), m: () => t('target.minutes', n),
    h: () => t('target.hours', n), d: () => t('target.days', n)}[m[2]]();
  return m[3] ? t('target.working', amount) : amount;
}
