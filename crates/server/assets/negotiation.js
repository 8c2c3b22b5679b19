// Statecraft dashboard, negotiation view: the positions of the actors of the server's issue
// file (`statecraft serve --issues FILE`) on each issue over time, and the forecast. The chart
// is drawn by the server (the same drawing as `statecraft report --issue`); clicking a point
// lists the sentences its position came from, and a sentence opens its article.
'use strict';

let negotiationData = null;

async function loadNegotiation() {
  const box = $('#neg-chart');
  const f = formData($('#neg-form'));
  try {
    const current = beginRequest('negotiation');
    const data = await api('/api/negotiation', { model: f.model, since: f.since, until: f.until });
    if (!current()) return;
    negotiationData = data;
    $('#neg-title').textContent = data.title || 'Issues';
    box.innerHTML = data.svg; // drawn by our own server, every value escaped there
    $$('circle.pos', box).forEach(c => c.addEventListener('click', () => {
      $$('circle.pos.selected', box).forEach(x => x.classList.remove('selected'));
      c.classList.add('selected');
      showEvidence(+c.dataset.issue, +c.dataset.actor, +c.dataset.point);
    }));
    const rows = [];
    for (const issue of data.issues) {
      const last = issue.actors.map(s => s[s.length - 1]);
      rows.push(el('tr', {}, el('td', {}, issue.title || issue.issue),
        el('td', {}, last.map(p => `${p.name} ${p.position.toFixed(0)} (salience ${p.salience.toFixed(0)})`).join(' · ') || 'no evidence'),
        el('td', {}, issue.forecast === null ? '–' : issue.forecast.toFixed(1))));
    }
    $('#neg-rows').replaceChildren(...rows);
    $('#neg-evidence').hidden = true;
  } catch (e) {
    box.replaceChildren(el('p', { class: 'empty' }, e.message));
    $('#neg-rows').replaceChildren();
  }
}

function showEvidence(issueIndex, actorIndex, pointIndex) {
  const issue = negotiationData.issues[issueIndex];
  const point = issue.actors[actorIndex][pointIndex];
  $('#neg-evidence').hidden = false;
  $('#neg-ev-title').textContent = `${point.name} on ${issue.title || issue.issue}, ${point.date || 'undated'}: position ${point.position.toFixed(1)} (0 = ${issue.low}, 100 = ${issue.high}), salience ${point.salience.toFixed(0)}`;
  $('#neg-ev-rows').replaceChildren(...point.evidence.map(e => el('li', {
    title: 'open the article',
    onclick: () => openDocument(e.doc_id, { span: e.span }),
  }, el('span', { class: 'code' }, `${e.date || 'undated'} · ${e.position.toFixed(0)} · weight ${e.weight}`), ' ', short(e.text, 300),
  ' ', el('span', { class: 'why' }, `(${e.detail}; “${e.matched}”)`))));
}

document.addEventListener('DOMContentLoaded', () => {
  loaders.negotiation = () => loadNegotiation();
  $('#neg-form').addEventListener('submit', ev => { ev.preventDefault(); loadNegotiation(); });
  if (location.hash === '#negotiation') showTab('negotiation');
});
