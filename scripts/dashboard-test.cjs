// Drives the Statecraft dashboard in headless Chromium (playwright-core) and saves screenshots.
// Usage: node scripts/dashboard-test.cjs BASE_URL OUT_DIR   (run by scripts/test-dashboard.sh)
// Environment: PLAYWRIGHT_CORE (path of the installed playwright-core), CHROMIUM (browser binary).
'use strict';

const path = require('path');
const fs = require('fs');

const [base, outDir] = process.argv.slice(2);
if (!base || !outDir) {
  console.error('usage: node scripts/dashboard-test.cjs BASE_URL OUT_DIR');
  process.exit(2);
}
const { chromium } = require(process.env.PLAYWRIGHT_CORE || 'playwright-core');

let passed = 0;
const failures = [];
function check(name, ok, detail = '') {
  if (ok) { passed++; console.log(`ok   ${name}`); } else { failures.push(name); console.log(`FAIL ${name} ${detail}`); }
}

async function waitForServer() {
  const until = Date.now() + 30000;
  while (Date.now() < until) {
    try { if ((await fetch(base + '/api/health')).ok) return; } catch (_) { /* not up yet */ }
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error('server did not answer /api/health within 30 s');
}

async function main() {
  await waitForServer();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    // playwright starts the browser with a new empty profile (its own --user-data-dir) each time
  });
  const shot = (page, name) => page.screenshot({ path: path.join(outDir, name), fullPage: false });
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    const errors = [];
    page.on('pageerror', e => errors.push('page error: ' + e.message));
    page.on('console', m => { if (m.type() === 'error') errors.push('console: ' + m.text()); });
    const offsite = [];
    page.on('request', r => { if (!r.url().startsWith(base) && !r.url().startsWith('data:')) offsite.push(r.url()); });

    // 1. Relations: the US–Russia timeline has points, from November 2024 to August 2025.
    await page.goto(base + '/#relations');
    await page.waitForSelector('#timeline circle.pt', { timeout: 15000 });
    const periods = await page.$$eval('#timeline circle.pt', cs => cs.map(c => c.dataset.period));
    check('timeline renders points', periods.length >= 3, `(${periods.length})`);
    check('timeline spans Nov 2024 to Aug 2025', periods.some(p => p.startsWith('2024-11')) && periods.some(p => p.startsWith('2025-08')), periods.join(' '));
    const line = await page.$('#timeline polyline');
    check('timeline draws the cooperation–conflict line', line !== null);
    await page.waitForSelector('#top-pairs button');
    await shot(page, 'timeline.png');

    // 2. Clicking the busiest August 2025 point lists its events; clicking one highlights its sentence.
    const target = await page.$$eval('#timeline circle.pt', cs => {
      const aug = cs.filter(c => c.dataset.period.startsWith('2025-08'));
      aug.sort((a, b) => Number(b.dataset.events) - Number(a.dataset.events));
      return aug.length ? aug[0].dataset.period : null;
    });
    await page.click(`#timeline circle.pt[data-period="${target}"]`);
    await page.waitForSelector('#rel-period-rows tr.ev-row', { timeout: 10000 });
    const periodRows = await page.$$('#rel-period-rows tr.ev-row');
    check('clicking a point lists its events', periodRows.length >= 1, `(${periodRows.length})`);
    const expected = await periodRows[0].$eval('td.sent', td => td.firstChild.textContent.replace(/…$/, ''));
    await periodRows[0].click();
    await page.waitForSelector('#reader:not([hidden]) mark#hl', { timeout: 10000 });
    const marked = await page.$eval('mark#hl', m => m.textContent);
    check('clicking an event highlights its sentence', marked.length > 10 && marked.startsWith(expected.slice(0, 40)), `marked=${JSON.stringify(marked.slice(0, 60))} expected=${JSON.stringify(expected.slice(0, 60))}`);
    const visible = await page.$eval('mark#hl', m => { const r = m.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; });
    check('the highlighted sentence is scrolled into view', visible);
    const debris = await page.$$eval('#rd-removed-list li', lis => lis.map(l => l.textContent));
    check('removed debris is shown apart from the text', debris.length >= 1, `(${debris.length})`);
    await shot(page, 'event-sentence.png');
    await page.click('#rd-close');

    // 3. Event explorer: a filter changes the table.
    await page.click('.tabs button[data-tab="events"]');
    await page.waitForSelector('#ev-rows tr.ev-row');
    const before = await page.textContent('#ev-count');
    const totalOf = s => Number((s.match(/of ([\d,]+)/) || [0, '0'])[1].replace(/,/g, ''));
    await page.selectOption('#ev-form select[name="event"]', 'THREATEN');
    await page.fill('#ev-form input[name="pair"]', 'USA,RUS');
    await page.click('#ev-form button[type="submit"]');
    await page.waitForFunction(b => document.querySelector('#ev-count').textContent !== b, before, { timeout: 10000 });
    const after = await page.textContent('#ev-count');
    const cats = await page.$$eval('#ev-rows tr.ev-row .cat', bs => bs.map(b => b.textContent));
    check('a filter changes the table', totalOf(after) > 0 && totalOf(after) < totalOf(before), `${before} -> ${after}`);
    check('filtered rows all match the filter', cats.length > 0 && cats.every(c => c === 'THREATEN'), cats.join(','));
    await shot(page, 'events-filtered.png');
    const row = await page.$('#ev-rows tr.ev-row');
    const rowSentence = await row.$eval('td.sent', td => td.firstChild.textContent.replace(/…$/, ''));
    await row.click();
    await page.waitForSelector('#reader:not([hidden]) mark#hl');
    const marked2 = await page.$eval('mark#hl', m => m.textContent);
    check('explorer event opens its sentence', marked2.startsWith(rowSentence.slice(0, 40)), JSON.stringify(marked2.slice(0, 60)));
    await shot(page, 'events.png');
    await page.click('#rd-close');

    // 4. Network, quotes, documents.
    await page.click('.tabs button[data-tab="network"]');
    await page.waitForSelector('#network line.edge');
    const edges = await page.$$('#network line.edge');
    check('network draws edges', edges.length >= 3, `(${edges.length})`);
    await shot(page, 'network.png');

    await page.click('.tabs button[data-tab="quotes"]');
    await page.waitForSelector('#quotes li');
    const quotes = await page.$$('#quotes li blockquote');
    check('quotes browser lists quotes', quotes.length >= 1, `(${quotes.length})`);
    await shot(page, 'quotes.png');

    await page.click('.tabs button[data-tab="documents"]');
    await page.fill('#doc-form input[name="q"]', 'Alaska');
    await page.click('#doc-form button[type="submit"]');
    await page.waitForFunction(() => /documents matching .Alaska/.test(document.querySelector('#doc-count').textContent));
    const hits = await page.$$eval('#docs li .snip', s => s.map(x => x.textContent));
    check('document search finds Alaska', hits.length >= 1 && hits.every(h => /alaska/i.test(h)), `(${hits.length})`);
    await page.click('#docs li');
    await page.waitForSelector('#reader:not([hidden]) #rd-text');
    await shot(page, 'documents.png');

    await page.click('.tabs button[data-tab="outlets"]');
    await page.waitForSelector('#outlet-rows tr');
    await shot(page, 'outlets.png');

    // 5. The API answers a bad parameter with 400 and a message.
    const badResponse = await fetch(base + '/api/events?limit=100000');
    const bad = [badResponse.status, (await badResponse.json()).error];
    check('API rejects a limit over the maximum with 400', bad[0] === 400 && /limit/.test(bad[1]), JSON.stringify(bad));

    check('no script errors on the page', errors.length === 0, errors.join(' | '));
    check('nothing loaded from outside the server', offsite.length === 0, offsite.join(' '));
  } finally {
    await browser.close();
  }
}

main().then(() => {
  console.log(`dashboard: ${passed} passed, ${failures.length} failed`);
  process.exit(failures.length ? 1 : 0);
}, e => {
  console.error('dashboard: error: ' + (e && e.stack || e));
  console.log(`dashboard: ${passed} passed, ${failures.length + 1} failed`);
  process.exit(1);
});
