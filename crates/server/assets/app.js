// Statecraft dashboard: plain JavaScript over the JSON API of `statecraft serve`.
// Written for this project; no libraries. Charts are SVG: the timeline is drawn by the
// server (the same drawing as `statecraft report`), the network here.
'use strict';

const PLOVER = ['AGREE', 'CONSULT', 'SUPPORT', 'COOPERATE', 'AID', 'CONCEDE', 'RETREAT', 'ACCUSE', 'REQUEST',
  'REJECT', 'THREATEN', 'PROTEST', 'MOBILIZE', 'SANCTION', 'COERCE', 'ASSAULT'];
const QUAD_NAMES = ['', 'verbal cooperation', 'material cooperation', 'verbal conflict', 'material conflict'];
const PAGE = 50;

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

/** Creates an element with attributes and children (strings become text nodes). */
function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

/** The URL when it is a web address (http or https), else null: only those become links. */
function webUrl(url) {
  const u = typeof url === 'string' ? url.trim() : '';
  return /^https?:\/\/[^\s\/]/i.test(u) ? u : null;
}

function svgEl(tag, attrs = {}) {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

function showError(msg) {
  const box = $('#error');
  box.textContent = msg;
  box.hidden = false;
  clearTimeout(showError.t);
  showError.t = setTimeout(() => { box.hidden = true; }, 6000);
}

/** GET an API path with parameters (empty ones left out); throws with the server's message. */
async function api(path, params = {}, as = 'json') {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== '' && v !== null && v !== undefined && v !== false) q.set(k, v);
  const url = path + (q.toString() ? '?' + q : '');
  const r = await fetch(url);
  if (!r.ok) {
    let msg = r.status + ' ' + r.statusText;
    try { msg = (await r.json()).error || msg; } catch (_) { /* not JSON */ }
    throw new Error(msg);
  }
  return as === 'text' ? r.text() : r.json();
}

// Each view keeps only its newest answer: a slow earlier request (the
// unfiltered list when the tab opens) must not overwrite a later search.
const newestRequest = {};
function beginRequest(view) {
  const n = (newestRequest[view] || 0) + 1;
  newestRequest[view] = n;
  return () => newestRequest[view] === n;
}

function formData(form) {
  const out = {};
  for (const e of form.elements) {
    if (!e.name) continue;
    out[e.name] = e.type === 'checkbox' ? e.checked : e.value.trim();
  }
  return out;
}

function actorLabel(a) {
  if (!a) return '—';
  return (a.org && ['IGO', 'NGO', 'IMG'].includes(a.code)) ? a.org : a.code;
}

function actorCell(a) {
  if (!a) return el('td', {}, el('span', { class: 'sub' }, '—'));
  const extra = [a.sector, a.name].filter(Boolean).join(' · ');
  return el('td', {}, el('span', { class: 'code' }, actorLabel(a)), extra ? el('div', { class: 'sub' }, extra) : null);
}

function goldstein(g) {
  const n = Number(g);
  return el('span', { class: n > 0 ? 'pos' : n < 0 ? 'neg' : '' }, (n > 0 ? '+' : '') + n.toFixed(1));
}

function catBadge(ev) {
  return el('span', { class: 'cat q' + ev.quad_class, title: QUAD_NAMES[ev.quad_class] + ', CAMEO ' + ev.cameo }, ev.event);
}

function short(s, n = 180) { return s.length > n ? s.slice(0, n - 1) + '…' : s; }

/** A table row for an event; clicking it opens the article with the sentence highlighted. */
function eventRow(ev, withPolarity = true) {
  const tr = el('tr', { class: 'ev-row', 'data-id': ev.id },
    el('td', { class: 'date' }, (ev.date || '').slice(0, 10)),
    actorCell(ev.source),
    el('td', {}, catBadge(ev), el('div', { class: 'sub' }, ev.trigger)),
    actorCell(ev.target),
    el('td', { class: 'num' }, goldstein(ev.goldstein)),
    withPolarity ? el('td', { class: 'pol' }, ev.polarity) : null,
    el('td', { class: 'sent' }, short(ev.sentence_text), el('div', { class: 'sub' }, ev.title || ev.doc_id)));
  tr.addEventListener('click', () => {
    $$('tr.open').forEach(r => r.classList.remove('open'));
    tr.classList.add('open');
    openDocument(ev.doc_id, { span: ev.span, event: ev });
  });
  return tr;
}

// ---------------------------------------------------------------- tabs

function showTab(name) {
  $$('.tabs button').forEach(b => b.classList.toggle('active', b.dataset.tab === name));
  $$('.tab').forEach(s => s.classList.toggle('active', s.id === 'tab-' + name));
  if (location.hash !== '#' + name) history.replaceState(null, '', '#' + name);
  const loader = loaders[name];
  if (loader && !loader.done) { loader.done = true; loader(); }
}

const loaders = {
  relations: () => drawTimeline(),
  network: () => drawNetwork(),
  events: () => loadEvents(0),
  quotes: () => { loadSpeakers(); loadQuotes(0); },
  documents: () => loadDocuments(0),
  outlets: () => loadOutlets(),
};

// ---------------------------------------------------------------- overview

async function loadOverview() {
  try {
    const o = await api('/api/overview');
    const range = o.first_date ? `${o.first_date} – ${o.last_date}` : 'no dated events';
    $('#stats').replaceChildren(el('b', {}, o.documents.toLocaleString()), ' documents · ',
      el('b', {}, o.events.toLocaleString()), ' events · ', el('b', {}, o.quotes.toLocaleString()), ' quotes · ', range);
    const box = $('#top-pairs');
    box.replaceChildren(el('span', { class: 'label' }, 'Busiest pairs:'));
    for (const p of o.top_pairs) {
      box.append(el('button', { type: 'button', title: `${p.events} events`, onclick: () => setPair(p.a, p.b) }, `${p.a}–${p.b}`));
    }
    const list = await api('/api/actors', { limit: 200 });
    $('#actor-list').replaceChildren(...list.items.map(a => el('option', { value: a.id }, `${a.events} events`)));
  } catch (e) { showError('Overview: ' + e.message); }
}

// ---------------------------------------------------------------- relations

function setPair(a, b) {
  const f = $('#rel-form');
  f.a.value = a; f.b.value = b;
  showTab('relations');
  drawTimeline();
}

function relParams() {
  const f = formData($('#rel-form'));
  return { pair: `${f.a},${f.b}`, interval: f.interval, since: f.since, until: f.until, directed: f.directed ? 'true' : '', min_confidence: f.min_confidence };
}

async function drawTimeline() {
  const p = relParams();
  const box = $('#timeline');
  try {
    const current = beginRequest('timeline');
    const svg = await api('/api/timeline.svg', p, 'text');
    if (!current()) return;
    box.innerHTML = svg; // drawn by our own server, every value escaped there
    const q = new URLSearchParams(Object.entries(p).filter(([, v]) => v));
    $('#rel-svg').href = '/api/timeline.svg?' + q;
    $('#rel-svg').setAttribute('download', `timeline-${p.pair.replace(',', '-')}.svg`);
    $$('circle.pt', box).forEach(c => c.addEventListener('click', () => {
      $$('circle.pt.selected', box).forEach(x => x.classList.remove('selected'));
      c.classList.add('selected');
      showPeriod(c.dataset.period);
    }));
    $('#rel-period').hidden = true;
  } catch (e) {
    box.replaceChildren(el('p', { class: 'empty' }, e.message));
  }
}

function periodEnd(start, interval) {
  const d = new Date(start + 'T00:00:00Z');
  if (interval === 'week') d.setUTCDate(d.getUTCDate() + 6);
  else if (interval === 'month') { d.setUTCMonth(d.getUTCMonth() + 1); d.setUTCDate(0); }
  return d.toISOString().slice(0, 10);
}

async function showPeriod(period) {
  const p = relParams();
  const until = periodEnd(period, p.interval);
  try {
    const current = beginRequest('period');
    const page = await api('/api/events', { pair: p.pair, directed: p.directed, since: period, until, min_confidence: p.min_confidence, limit: 200 });
    if (!current()) return;
    const box = $('#rel-period');
    box.hidden = false;
    $('#rel-period-title').textContent = `${p.pair.replace(',', ' – ')}: ${period}${p.interval === 'day' ? '' : ' to ' + until} · ${page.total} event mentions`;
    const cats = {};
    for (const ev of page.items) cats[ev.event] = (cats[ev.event] || 0) + 1;
    $('#rel-period-cats').replaceChildren(...Object.entries(cats).sort((a, b) => b[1] - a[1]).map(([k, v]) => el('span', { class: 'chip' }, `${k} ${v}`)));
    $('#rel-period-rows').replaceChildren(...page.items.map(ev => eventRow(ev, false)));
    box.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
  } catch (e) { showError(e.message); }
}

// ---------------------------------------------------------------- network

async function drawNetwork() {
  const f = formData($('#net-form'));
  const svg = $('#network');
  try {
    const current = beginRequest('network');
    const net = await api('/api/network', { since: f.since, until: f.until, min_events: f.min_events, limit: f.limit });
    if (!current()) return;
    layoutNetwork(svg, net);
  } catch (e) { showError('Network: ' + e.message); }
}

function layoutNetwork(svg, net) {
  svg.replaceChildren();
  const W = 960, H = 600;
  if (!net.nodes.length) {
    const t = svgEl('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', fill: '#5b6b7b' });
    t.textContent = 'No pairs with events in this period';
    svg.append(t);
    return;
  }
  const nodes = net.nodes.map((n, i) => {
    const a = 2 * Math.PI * i / net.nodes.length;
    return { ...n, x: W / 2 + 220 * Math.cos(a), y: H / 2 + 220 * Math.sin(a), vx: 0, vy: 0 };
  });
  const byId = new Map(nodes.map(n => [n.id, n]));
  const edges = net.edges.map(e => ({ ...e, s: byId.get(e.a), t: byId.get(e.b) })).filter(e => e.s && e.t);
  const maxEv = Math.max(...edges.map(e => e.events), 1);
  // a few hundred steps of a spring-and-repulsion layout
  for (let step = 0; step < 400; step++) {
    const cool = 1 - step / 400;
    for (const a of nodes) {
      for (const b of nodes) {
        if (a === b) continue;
        let dx = a.x - b.x, dy = a.y - b.y;
        const d2 = Math.max(dx * dx + dy * dy, 25);
        const f = 2400 / d2;
        a.vx += dx * f / Math.sqrt(d2); a.vy += dy * f / Math.sqrt(d2);
      }
    }
    for (const e of edges) {
      const dx = e.t.x - e.s.x, dy = e.t.y - e.s.y;
      const d = Math.max(Math.sqrt(dx * dx + dy * dy), 1);
      const f = (d - 120) * 0.02 * (0.5 + e.events / maxEv);
      e.s.vx += dx / d * f; e.s.vy += dy / d * f; e.t.vx -= dx / d * f; e.t.vy -= dy / d * f;
    }
    for (const n of nodes) {
      n.vx += (W / 2 - n.x) * 0.004; n.vy += (H / 2 - n.y) * 0.004;
      n.x += Math.max(-20, Math.min(20, n.vx)) * cool; n.y += Math.max(-20, Math.min(20, n.vy)) * cool;
      n.x = Math.max(30, Math.min(W - 30, n.x)); n.y = Math.max(24, Math.min(H - 24, n.y));
      n.vx *= 0.5; n.vy *= 0.5;
    }
  }
  const maxNode = Math.max(...nodes.map(n => n.events), 1);
  const gEdges = svgEl('g'), gNodes = svgEl('g');
  svg.append(gEdges, gNodes);
  for (const e of edges) {
    const colour = e.sign > 0 ? '#2e8b57' : e.sign < 0 ? '#c0392b' : '#98a5b3';
    const line = svgEl('line', { class: 'edge', stroke: colour, 'stroke-opacity': 0.55, 'stroke-width': 1.5 + 9 * Math.sqrt(e.events / maxEv) });
    const title = svgEl('title');
    title.textContent = `${e.a}–${e.b}: ${e.events} events (${e.cooperation} cooperation, ${e.conflict} conflict), mean Goldstein ${e.goldstein_mean}`;
    line.append(title);
    line.addEventListener('click', () => setPair(e.a, e.b));
    e.line = line;
    gEdges.append(line);
  }
  for (const n of nodes) {
    const g = svgEl('g', { class: 'node' });
    const r = 6 + 16 * Math.sqrt(n.events / maxNode);
    const c = svgEl('circle', { r, fill: '#2f5d8a' });
    const title = svgEl('title');
    title.textContent = `${n.id}: ${n.events} events with ${n.partners} partners`;
    c.append(title);
    const t = svgEl('text', { 'text-anchor': 'middle', dy: -r - 4 });
    t.textContent = n.id;
    g.append(c, t);
    n.g = g;
    gNodes.append(g);
    let drag = null;
    c.addEventListener('pointerdown', ev => { drag = { x: ev.clientX, y: ev.clientY, moved: false }; c.setPointerCapture(ev.pointerId); });
    c.addEventListener('pointermove', ev => {
      if (!drag) return;
      const k = W / svg.getBoundingClientRect().width;
      n.x += (ev.clientX - drag.x) * k; n.y += (ev.clientY - drag.y) * k;
      if (Math.abs(ev.clientX - drag.x) + Math.abs(ev.clientY - drag.y) > 2) drag.moved = true;
      drag.x = ev.clientX; drag.y = ev.clientY;
      place();
    });
    c.addEventListener('pointerup', () => {
      if (drag && !drag.moved) {
        const f = $('#ev-form');
        f.reset(); f.actor.value = n.id;
        showTab('events'); loadEvents(0);
      }
      drag = null;
    });
  }
  function place() {
    for (const e of edges) {
      e.line.setAttribute('x1', e.s.x); e.line.setAttribute('y1', e.s.y);
      e.line.setAttribute('x2', e.t.x); e.line.setAttribute('y2', e.t.y);
    }
    for (const n of nodes) n.g.setAttribute('transform', `translate(${n.x.toFixed(1)},${n.y.toFixed(1)})`);
  }
  place();
}

// ---------------------------------------------------------------- events

let evOffset = 0;

async function loadEvents(offset) {
  const f = formData($('#ev-form'));
  try {
    const current = beginRequest('events');
    const page = await api('/api/events', { ...f, limit: PAGE, offset, order: '-date' });
    if (!current()) return;
    evOffset = offset;
    const rows = page.items.map(ev => eventRow(ev));
    $('#ev-rows').replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: 7, class: 'empty' }, 'No events match these filters.'))]));
    $('#ev-count').textContent = page.total ? `${offset + 1}–${offset + page.items.length} of ${page.total.toLocaleString()} events` : '0 events';
    $('#ev-prev').disabled = offset === 0;
    $('#ev-next').disabled = page.next_offset === null;
  } catch (e) { showError(e.message); }
}

// ---------------------------------------------------------------- quotes

let qtOffset = 0;

async function loadSpeakers() {
  try {
    const s = await api('/api/speakers', { limit: 25 });
    const items = s.items.map(sp => el('li', {
      onclick: () => { const f = $('#qt-form'); f.speaker.value = sp.name; loadQuotes(0); },
    }, el('span', { class: 'name' }, sp.name), ' ', el('span', { class: 'sub' }, `${sp.quotes} quotes${sp.code ? ' · ' + sp.code : ''}${sp.role ? ' · ' + sp.role : ''}`)));
    $('#speakers').replaceChildren(...(items.length ? items : [el('li', { class: 'empty' }, 'No attributed quotes.')]));
  } catch (e) { showError(e.message); }
}

async function loadQuotes(offset) {
  const f = formData($('#qt-form'));
  try {
    const current = beginRequest('quotes');
    const page = await api('/api/quotes', { speaker: f.speaker, q: f.q, attributed: f.attributed ? 'true' : '', limit: 30, offset });
    if (!current()) return;
    qtOffset = offset;
    const items = page.items.map(q => el('li', { onclick: () => openDocument(q.doc_id, { span: q.span, quote: q }) },
      el('blockquote', {}, '“' + q.text + '”'),
      el('div', { class: 'sub' }, '— ', el('b', {}, q.speaker ? (q.speaker.name || q.speaker.role || q.speaker.mention || 'unnamed') : 'speaker unclear'),
        q.speaker && q.speaker.role && q.speaker.name ? ', ' + q.speaker.role : '', ' · ', q.title || q.doc_id, q.date ? ' · ' + q.date : '')));
    $('#quotes').replaceChildren(...(items.length ? items : [el('li', { class: 'empty' }, 'No quotes match.')]));
    $('#qt-count').textContent = `${page.total.toLocaleString()} quotes`;
    $('#qt-prev').disabled = offset === 0;
    $('#qt-next').disabled = page.next_offset === null;
  } catch (e) { showError(e.message); }
}

// ---------------------------------------------------------------- documents

let docOffset = 0;

async function loadDocuments(offset) {
  const f = formData($('#doc-form'));
  const current = beginRequest('documents');
  try {
    const page = await api('/api/documents', { ...f, limit: 20, offset });
    if (!current()) return;
    docOffset = offset;
    const items = page.items.map(d => el('li', { onclick: () => openDocument(d.id, {}) },
      el('div', { class: 'title' }, d.title || d.id),
      el('div', { class: 'sub' }, [d.date, d.outlet, `${d.events} events`, d.status === 'skipped' ? 'not coded' : null].filter(Boolean).join(' · ')),
      el('div', { class: 'snip' }, d.snippet)));
    $('#docs').replaceChildren(...(items.length ? items : [el('li', { class: 'empty' }, 'No documents match.')]));
    $('#doc-count').textContent = `${page.total.toLocaleString()} documents` + (f.q ? ` matching “${f.q}”` : '');
    $('#doc-prev').disabled = offset === 0;
    $('#doc-next').disabled = page.next_offset === null;
  } catch (e) { showError(e.message); }
}

// ---------------------------------------------------------------- outlets

async function loadOutlets() {
  try {
    const o = await api('/api/outlets');
    $('#outlet-rows').replaceChildren(...o.items.map(r => el('tr', {},
      el('td', {}, r.outlet || '(no outlet)'), el('td', { class: 'num' }, r.documents), el('td', { class: 'num' }, r.stories),
      el('td', { class: 'num' }, r.events), el('td', { class: 'num' }, r.cooperation), el('td', { class: 'num' }, r.conflict),
      el('td', { class: 'num' }, r.goldstein_mean === null ? '—' : goldstein(r.goldstein_mean)), el('td', { class: 'date' }, r.first || ''), el('td', { class: 'date' }, r.last || ''))));
  } catch (e) { showError(e.message); }
}

// ---------------------------------------------------------------- reader

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** The text split at byte offsets [start, end) (spans are UTF-8 byte offsets). */
function splitAtBytes(text, start, end) {
  const b = utf8.encode(text);
  const s = Math.max(0, Math.min(start, b.length)), e = Math.max(s, Math.min(end, b.length));
  return [fromUtf8.decode(b.subarray(0, s)), fromUtf8.decode(b.subarray(s, e)), fromUtf8.decode(b.subarray(e))];
}

let readerDoc = null;

async function openDocument(id, focus) {
  try {
    if (!readerDoc || readerDoc.document.id !== id) readerDoc = await api('/api/documents/' + encodeURIComponent(id));
    renderReader(readerDoc, focus);
  } catch (e) { showError(e.message); }
}

function renderReader(data, focus) {
  const d = data.document;
  $('#reader').hidden = false;
  $('#rd-title').textContent = d.title || d.id;
  const meta = [d.date, d.outlet, d.status === 'skipped' ? 'not coded: ' + (d.error || '') : null, d.story_group ? 'story ' + d.story_group : null].filter(Boolean).join(' · ');
  const href = webUrl(d.url);
  const source = href ? el('a', { href, rel: 'noreferrer noopener', target: '_blank' }, 'source') : d.url;
  $('#rd-meta').replaceChildren(meta, d.url ? el('span', {}, ' · ', source) : '');
  const ev = focus.event, q = focus.quote;
  const info = $('#rd-event');
  if (ev) {
    info.replaceChildren(el('span', { class: 'code' }, actorLabel(ev.source)), ' ', catBadge(ev), ' ', el('span', { class: 'code' }, actorLabel(ev.target)),
      ` · CAMEO ${ev.cameo} · Goldstein `, goldstein(ev.goldstein), ` · ${ev.polarity} · trigger “${ev.trigger}” · pattern ${ev.pattern}`, ev.confidence == null ? '' : ` · confidence ${ev.confidence.toFixed(2)}`);
  } else if (q) {
    info.replaceChildren('Quote of ', el('b', {}, q.speaker ? (q.speaker.name || q.speaker.role || 'unnamed') : 'an unclear speaker'), q.cue ? ` (${q.cue})` : '');
  } else info.replaceChildren();
  const text = $('#rd-text');
  if (focus.span) {
    const [before, mid, after] = splitAtBytes(d.text, focus.span[0], focus.span[1]);
    const mark = el('mark', { id: 'hl' }, mid);
    text.replaceChildren(before, mark, after);
    requestAnimationFrame(() => mark.scrollIntoView({ block: 'center' }));
  } else {
    text.replaceChildren(d.text);
    $('#reader').scrollTop = 0;
  }
  const removed = $('#rd-removed-list');
  $('#rd-removed').hidden = !d.removed.length;
  removed.replaceChildren(...d.removed.map(([line, why]) => el('li', {}, short(line, 240), ' ', el('span', { class: 'why' }, '(' + why + ')'))));
  $('#rd-events').replaceChildren(...(data.events.length ? data.events.map(e => el('li', {
    class: ev && ev.id === e.id ? 'current' : '',
    onclick: () => renderReader(data, { span: e.span, event: e }),
  }, `${actorLabel(e.source)} `, catBadge(e), ` ${actorLabel(e.target)} · `, short(e.sentence_text, 110))) : [el('li', { class: 'empty' }, 'No events coded.')]));
}

// ---------------------------------------------------------------- wiring

function pager(prev, next, load, getOffset, size) {
  $(prev).addEventListener('click', () => load(Math.max(0, getOffset() - size)));
  $(next).addEventListener('click', () => load(getOffset() + size));
}

document.addEventListener('DOMContentLoaded', () => {
  $$('.tabs button').forEach(b => b.addEventListener('click', () => showTab(b.dataset.tab)));
  $('#ev-form').event.append(...PLOVER.map(c => el('option', { value: c }, c)));
  $('#rel-form').addEventListener('submit', ev => { ev.preventDefault(); drawTimeline(); });
  $('#net-form').addEventListener('submit', ev => { ev.preventDefault(); drawNetwork(); });
  $('#ev-form').addEventListener('submit', ev => { ev.preventDefault(); loadEvents(0); });
  $('#ev-clear').addEventListener('click', () => { $('#ev-form').reset(); loadEvents(0); });
  $('#qt-form').addEventListener('submit', ev => { ev.preventDefault(); loadQuotes(0); });
  $('#doc-form').addEventListener('submit', ev => { ev.preventDefault(); loadDocuments(0); });
  pager('#ev-prev', '#ev-next', loadEvents, () => evOffset, PAGE);
  pager('#qt-prev', '#qt-next', loadQuotes, () => qtOffset, 30);
  pager('#doc-prev', '#doc-next', loadDocuments, () => docOffset, 20);
  $('#rd-close').addEventListener('click', () => { $('#reader').hidden = true; $$('tr.open').forEach(r => r.classList.remove('open')); });
  document.addEventListener('keydown', e => { if (e.key === 'Escape') $('#reader').hidden = true; });
  loadOverview();
  const start = location.hash.slice(1);
  showTab(loaders[start] ? start : 'relations');
});
