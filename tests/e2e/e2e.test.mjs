// Browser checks of the shipped briefing, as readers meet it: served under a sub-path, and
// opened from disk as a --portable build. Debian's Chromium driven by playwright-core,
// axe-core for WCAG 2.1 A/AA, the Nu Html Checker (vnu-jar) on the machine's Java.
// Screenshots go to tests/e2e/screenshots/ (kept by CI, not committed).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const bin = process.env.BRIEFING_BIN || path.join(repo, 'target/debug/briefing');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const shots = path.join(here, 'screenshots');
const SUB = '/some/path/';

const PAGES = {
  home: '',
  points: 'points/',
  point: 'points/21/',
  timeline: 'timeline/',
  article: 'articles/2025-12-07-kellogg-two-points-open/',
  articles: 'articles/',
  tags: 'tags/',
  asOf: 'points/as-of/2025-12-06/',
  versions: 'versions/',
  version: 'versions/e3/',
  compare: 'versions/us-draft/e3/',
  compareFramework: 'versions/us-draft/framework-20/',
  compareRetired: 'versions/geneva-19/framework-20/',
  pointInPart: 'points/13/',
  pointLater: 'points/29/',
  search: 'search/',
  people: 'people/',
  person: 'people/zelenskiy/',
  sources: 'sources/',
  glossary: 'glossary/',
  print: 'print/',
  notFound: '404.html',
};

const summary = { hosted: {}, portable: {} };
let work, hosted, portable, server, origin, browser;

function serveFolder(dir) {
  return http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let rel = decodeURIComponent(url.pathname);
    if (!rel.startsWith(SUB)) {
      res.writeHead(404).end('outside the sub-path');
      return;
    }
    rel = rel.slice(SUB.length);
    let file = path.join(dir, rel);
    if (!file.startsWith(dir)) {
      res.writeHead(400).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml', '.xml': 'application/xml', '.json': 'application/json' };
    if (!fs.existsSync(file)) {
      res.writeHead(404, { 'content-type': types['.html'] }).end(fs.readFileSync(path.join(dir, '404.html')));
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' }).end(fs.readFileSync(file));
  });
}

before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'briefing-e2e-'));
  fs.mkdirSync(shots, { recursive: true });
  server = serveFolder(path.join(work, 'hosted'));
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${server.address().port}`;
  hosted = path.join(work, 'hosted');
  portable = path.join(work, 'portable');
  execFileSync(bin, ['build', '--root', repo, '--out', hosted, '--base-url', `${origin}${SUB}`], { stdio: 'inherit' });
  execFileSync(bin, ['build', '--root', repo, '--out', portable, '--portable'], { stdio: 'inherit' });
  execFileSync(bin, ['build', '--root', path.join(repo, 'tests/fixtures/versions'), '--out', path.join(work, 'versions'), '--portable'], { stdio: 'inherit' });
  execFileSync(bin, ['build', '--root', path.join(repo, 'tests/fixtures/uk'), '--out', path.join(work, 'uk'), '--portable'], { stdio: 'inherit' });
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
  fs.writeFileSync(path.join(shots, 'summary.json'), JSON.stringify(summary, null, 2));
  console.log('e2e summary:', JSON.stringify(summary));
  fs.rmSync(work, { recursive: true, force: true });
});

/** A page that records console errors and every request that leaves the site. */
async function openPage(url, { colorScheme = 'light', javaScriptEnabled = true, viewport = { width: 1280, height: 900 }, allowed } = {}) {
  const context = await browser.newContext({ colorScheme, javaScriptEnabled, viewport });
  const page = await context.newPage();
  const problems = { console: [], outside: [] };
  page.on('console', (m) => { if (m.type() === 'error') problems.console.push(m.text()); });
  page.on('pageerror', (e) => problems.console.push(String(e)));
  page.on('request', (r) => { if (!allowed(r.url())) problems.outside.push(r.url()); });
  const response = await page.goto(url, { waitUntil: 'load' });
  return { page, context, problems, response };
}

const hostedUrl = (rel) => `${origin}${SUB}${rel}`;
const portableUrl = (rel) => pathToFileURL(path.join(portable, rel.endsWith('/') || rel === '' ? `${rel}index.html` : rel)).href;
const insideHosted = (u) => u.startsWith(`${origin}${SUB}`);
const insidePortable = (u) => u.startsWith(pathToFileURL(portable).href);

test('Nu Html Checker: zero errors on every page type, hosted and portable', () => {
  const jar = path.join(path.dirname(require.resolve('vnu-jar')), 'build/dist/vnu.jar');
  for (const [name, dir] of [['hosted', hosted], ['portable', portable]]) {
    const files = Object.values(PAGES).map((rel) => path.join(dir, rel.endsWith('/') || rel === '' ? `${rel}index.html` : rel));
    const run = spawnSync('java', ['-jar', jar, '--format', 'json', '--errors-only', ...files], { encoding: 'utf8' });
    assert.ok(run.stderr.trim().startsWith('{'), `vnu did not run: ${run.error || run.stderr.slice(0, 500)}`);
    const messages = JSON.parse(run.stderr).messages.filter((m) => m.type === 'error');
    summary[name].validatorErrors = messages.length;
    assert.deepEqual(messages.map((m) => `${path.relative(dir, fileURLToPath(m.url))}:${m.lastLine}: ${m.message}`), [], `${name}: validator errors`);
  }
});

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe-core on a page in light and in dark at once (two browser contexts side by side),
 * and returns, in that order, what each found: violations, console errors, requests that
 * left the site. A screenshot of the light page is taken when `shot` names a file.
 */
async function axeBothSchemes(name, url, allowed, axeSource, shot) {
  return Promise.all(['light', 'dark'].map(async (colorScheme) => {
    const { page, context, problems } = await openPage(url, { colorScheme, allowed });
    await page.addScriptTag({ content: axeSource });
    // preload: false stops axe fetching the stylesheet itself, which file:// forbids.
    const result = await page.evaluate((tags) => window.axe.run(document, { preload: false, runOnly: { type: 'tag', values: tags } }), AXE_TAGS);
    if (shot && colorScheme === 'light') await page.screenshot({ path: shot, fullPage: true });
    await context.close();
    return {
      violations: result.violations.map((v) => `${name} (${colorScheme}): ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`),
      console: problems.console.map((c) => `${name}: ${c}`),
      outside: problems.outside.map((u) => `${name}: ${u}`),
    };
  }));
}

/** Adds what `axeBothSchemes` found to `found`. */
function addFound(found, results) {
  for (const r of results) {
    found.violations.push(...r.violations);
    found.console.push(...r.console);
    found.outside.push(...r.outside);
  }
}

test('axe-core: zero WCAG 2.1 A/AA violations in light and dark, no console errors, nothing leaves the site', async () => {
  const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  for (const [name, urlOf, allowed] of [['hosted', hostedUrl, insideHosted], ['portable', portableUrl, insidePortable]]) {
    const found = { violations: [], console: [], outside: [] };
    for (const [pageName, rel] of Object.entries(PAGES)) {
      addFound(found, await axeBothSchemes(pageName, urlOf(rel), allowed, axeSource));
    }
    summary[name].axeViolations = found.violations.length;
    summary[name].consoleErrors = found.console.length;
    summary[name].requestsLeavingSite = found.outside.length;
    assert.deepEqual(found.violations, [], `${name}: axe violations`);
    assert.deepEqual(found.console, [], `${name}: console errors`);
    assert.deepEqual(found.outside, [], `${name}: requests leaving the site`);
  }
});

/** Follows every internal link from the home page; returns broken links. */
async function crawl(startUrl, inside, exists) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const seen = new Set();
  const queue = [startUrl];
  const broken = [];
  while (queue.length) {
    const url = queue.shift();
    const key = url.split('#')[0];
    if (seen.has(key)) continue;
    seen.add(key);
    if (!(await exists(key))) { broken.push(key); continue; }
    if (!/\/$|\.html$/.test(key)) continue;
    await page.goto(key);
    const hrefs = await page.$$eval('a[href], link[href], script[src], img[src]', (els) => els.map((e) => e.href || e.src));
    for (const h of hrefs) if (inside(h)) queue.push(h);
  }
  await context.close();
  return { seen, broken };
}

test('every internal link reaches a page: hosted under a sub-path and portable from disk', async () => {
  const hostedResult = await crawl(hostedUrl(''), insideHosted, async (u) => (await fetch(u)).status === 200);
  summary.hosted.pagesReached = hostedResult.seen.size;
  summary.hosted.brokenLinks = hostedResult.broken.length;
  assert.deepEqual(hostedResult.broken, []);
  assert.ok(hostedResult.seen.size > 40, `only ${hostedResult.seen.size} pages reached`);

  const portableResult = await crawl(portableUrl(''), insidePortable, async (u) => {
    const file = fileURLToPath(u);
    return fs.existsSync(file) && fs.statSync(file).isFile();
  });
  summary.portable.pagesReached = portableResult.seen.size;
  summary.portable.brokenLinks = portableResult.broken.length;
  assert.deepEqual(portableResult.broken, []);
  assert.ok(portableResult.seen.size > 40);
});

test('the portable build loads its stylesheet from file://', async () => {
  const { page, context } = await openPage(portableUrl('points/21/'), { allowed: insidePortable });
  // file:// pages may not read cssRules; the computed styles show the sheet applied.
  const styled = await page.evaluate(() => ({
    linked: [...document.styleSheets].some((s) => s.href && s.href.endsWith('static/style.css')),
    font: getComputedStyle(document.body).fontFamily,
    badge: getComputedStyle(document.querySelector('.status')).borderRadius,
  }));
  assert.ok(styled.linked, 'stylesheet linked');
  assert.match(styled.font, /system-ui/);
  assert.equal(styled.badge, '999px');
  await context.close();
});

test('a missing page gets the 404 page with working links under the sub-path', async () => {
  const { page, context, response } = await openPage(hostedUrl('no/such/page/'), { allowed: insideHosted });
  assert.equal(response.status(), 404);
  assert.match(await page.textContent('h1'), /Page not found/);
  const stylesheet = await page.evaluate(() => [...document.styleSheets].some((s) => s.href && s.href.endsWith('/some/path/static/style.css') && s.cssRules.length > 0));
  assert.ok(stylesheet, 'stylesheet resolves through <base>');
  await page.click('nav[aria-label=Main] >> text=Points');
  assert.equal(page.url(), hostedUrl('points/'));
  await context.close();
});

async function visibleRows(page) {
  return page.$$eval('table.points tbody tr', (rows) => rows.filter((r) => r.offsetParent !== null).map((r) => ({ n: Number(r.cells[0].textContent), status: r.dataset.status })));
}

test('the point table sorts by mouse and keyboard and filters by status and block', async () => {
  const { page, context } = await openPage(hostedUrl('points/'), { allowed: insideHosted });
  const firstTable = page.locator('table.points').first();
  const numbers = async () => firstTable.locator('tbody tr td.num').allTextContents();
  assert.deepEqual((await numbers()).map(Number), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const sortButton = firstTable.locator('thead button', { hasText: 'No.' });
  await sortButton.click();
  assert.equal(await firstTable.locator('thead th').first().getAttribute('aria-sort'), 'ascending');
  await sortButton.click();
  assert.deepEqual((await numbers()).map(Number), [10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 'mouse sorts descending');
  await sortButton.focus();
  await page.keyboard.press('Enter');
  assert.deepEqual((await numbers()).map(Number), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'keyboard sorts ascending');
  await firstTable.locator('thead button', { hasText: 'Point' }).press('Space');
  assert.equal(await firstTable.locator('thead th').nth(1).getAttribute('aria-sort'), 'ascending');

  assert.ok(await page.isVisible('form[data-filters=points]'), 'filters shown when JS runs');
  await page.selectOption('#filter-status', 'disputed');
  const open = await visibleRows(page);
  assert.deepEqual(open.map((r) => r.n).sort((a, b) => a - b), [19, 21]);
  assert.ok(open.every((r) => r.status === 'disputed'));
  assert.match(await page.textContent('.filter-count'), /2 of 29 shown/);
  await page.selectOption('#filter-status', '');
  await page.selectOption('#filter-block', 'block-d');
  const blockD = await visibleRows(page);
  assert.deepEqual(blockD.map((r) => r.n).sort((a, b) => a - b), [21, 22, 23, 24, 25, 26, 27, 28]);
  await context.close();
});

test('with JavaScript off every point shows and the filters stay hidden', async () => {
  const { page, context } = await openPage(hostedUrl('points/'), { javaScriptEnabled: false, allowed: insideHosted });
  assert.equal((await visibleRows(page)).length, 29);
  assert.equal(await page.isVisible('form[data-filters=points]'), false);
  await context.close();
});

test('the timeline filters by actor', async () => {
  const { page, context } = await openPage(hostedUrl('timeline/'), { allowed: insideHosted });
  const total = await page.locator('.entry').count();
  await page.selectOption('#filter-actor', 'Russia');
  const shown = await page.$$eval('.entry', (es) => es.filter((e) => e.offsetParent !== null).map((e) => e.dataset.actors.split('|')));
  assert.ok(shown.length > 0 && shown.length < total, `${shown.length} of ${total}`);
  assert.ok(shown.every((actors) => actors.includes('Russia')));
  await context.close();
});

test('screenshots at desktop and phone sizes, and the points table fits A4 in print', async () => {
  for (const [name, rel] of Object.entries(PAGES)) {
    for (const [size, viewport] of [['1280x900', { width: 1280, height: 900 }], ['390x844', { width: 390, height: 844 }]]) {
      const { page, context } = await openPage(hostedUrl(rel), { viewport, allowed: insideHosted });
      await page.screenshot({ path: path.join(shots, `${name}-${size}.png`), fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${name} at ${size} scrolls sideways by ${overflow}px`);
      await context.close();
    }
  }
  // A4 is 210 mm wide: 794 CSS px at 96 dpi, about 718 px inside 10 mm margins.
  const { page, context } = await openPage(hostedUrl('points/'), { viewport: { width: 718, height: 1000 }, allowed: insideHosted });
  await page.emulateMedia({ media: 'print' });
  const widths = await page.$$eval('table.points', (ts) => ts.map((t) => t.scrollWidth));
  assert.ok(widths.every((w) => w <= 718), `table widths in print: ${widths}`);
  assert.equal(await page.isVisible('nav[aria-label=Main]'), false, 'navigation hidden in print');
  await page.screenshot({ path: path.join(shots, 'points-print-a4.png'), fullPage: true });
  await page.pdf({ path: path.join(shots, 'points-print-a4.pdf'), format: 'A4', margin: { top: '10mm', bottom: '10mm', left: '10mm', right: '10mm' } });
  await context.close();
  // A snapshot of the table, and the home page with its chart, on A4 too.
  for (const [name, rel] of [['as-of', PAGES.asOf], ['home', PAGES.home]]) {
    const p = await openPage(hostedUrl(rel), { viewport: { width: 718, height: 1000 }, allowed: insideHosted });
    await p.page.emulateMedia({ media: 'print' });
    const wide = await p.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 718, `${name} in print is ${wide}px wide`);
    await p.page.screenshot({ path: path.join(shots, `${name}-print-a4.png`), fullPage: true });
    await p.context.close();
  }
});

/** The text of a PDF (pdftotext, poppler-utils), one string per page. */
function pdfPages(file) {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 1 << 26 }).split('\f').filter((p) => p.trim());
}

test('the print edition prints on A4 and Letter: every point, party and source, "1 of N", at most 20 pages', async () => {
  const { page, context } = await openPage(hostedUrl(PAGES.print), { allowed: insideHosted });
  const points = await page.$$eval('table.print-table tbody th a', (as) => as.map((a) => a.textContent.trim()));
  const parties = await page.$$eval('table.print-table thead th', (ths) => ths.slice(2).map((t) => t.textContent.trim()));
  const urls = await page.$$eval('.print-sources a.url', (as) => as.map((a) => a.textContent.trim()));
  assert.equal(points.length, 29);
  assert.deepEqual(parties, ['United States', 'Ukraine', 'Russia']);
  assert.ok(urls.length > 20, `${urls.length} sources`);
  const html = await page.content();
  assert.ok(Buffer.byteLength(html) <= 400 * 1024, `${Buffer.byteLength(html)} bytes of HTML`);
  for (const format of ['A4', 'Letter']) {
    const file = path.join(shots, `print-${format}.pdf`);
    await page.pdf({ path: file, format, preferCSSPageSize: false });
    const pages = pdfPages(file);
    const all = pages.join('\n').replace(/\s+/g, ' ');
    // pdftotext may break a long line; the words are compared with white space folded.
    const squeeze = (t) => t.replace(/\s+/g, '');
    assert.ok(pages.length <= 20, `${format}: ${pages.length} pages`);
    assert.match(pages[0], new RegExp(`1 of ${pages.length}\\b`), `${format}: first page numbered`);
    assert.match(pages[0], /Ukraine peace plan briefing · 24 December 2025/, `${format}: running header`);
    for (let n = 1; n <= 29; n++) assert.match(all, new RegExp(`\\b${n}\\b`), `${format}: point ${n}`);
    for (const title of points) assert.ok(squeeze(all).includes(squeeze(title)), `${format}: ${title}`);
    for (const party of parties) assert.ok(all.includes(party), `${format}: ${party}`);
    for (const url of urls) assert.ok(squeeze(all).includes(squeeze(url)), `${format}: ${url}`);
    if (format === 'A4') {
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', file, path.join(shots, 'print-a4-page')]);
    }
  }
  // On screen: a long page with a Print button where JS runs, and none without.
  assert.equal(await page.isVisible('.print-button'), true);
  await context.close();
  const noJs = await openPage(hostedUrl(PAGES.print), { allowed: insideHosted, javaScriptEnabled: false });
  assert.equal(await noJs.page.isVisible('.print-button'), false);
  assert.equal(await noJs.page.isVisible('table.print-table'), true);
  await noJs.context.close();
});

/** Types a query into the search page and returns the result titles once they show. */
async function searchFor(page, query) {
  await page.fill('#search-q', '');
  await page.type('#search-q', query);
  await page.waitForFunction((q) => (document.querySelector('.search-status')?.textContent || '').includes(`for “${q}”`), query);
  return page.$$eval('form.search-page .search-results li > a', (as) => as.map((a) => a.textContent));
}

test('search finds by folded prefixes, hosted under a sub-path and from disk, with nothing fetched', async () => {
  for (const [name, urlOf, allowed] of [['hosted', hostedUrl, insideHosted], ['portable', portableUrl, insidePortable]]) {
    const { page, context, problems } = await openPage(urlOf('search/'), { allowed });
    const fetched = [];
    page.on('request', (r) => { if (['fetch', 'xhr'].includes(r.resourceType())) fetched.push(r.url()); });
    const zap = await searchFor(page, 'Zaporizh');
    assert.ok(zap.includes('Point 19: Zaporizhzhia nuclear power plant'), `${name}: ${zap}`);
    assert.ok(zap.includes('Background: the Zaporizhzhia nuclear power plant'), `${name}: ${zap}`);
    assert.ok(await page.isVisible('mark'), `${name}: matched words are marked`);
    const amnesty = await searchFor(page, 'amnesty');
    assert.ok(amnesty.includes('Point 26: Amnesty'), `${name}: ${amnesty}`);
    // The first result opens the right page.
    await page.focus('#search-q');
    await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(() => document.activeElement.getAttribute('href'));
    assert.ok(focused && focused.includes('points/26/'), `${name}: arrow keys reach the first result (${focused})`);
    await page.keyboard.press('Escape');
    assert.equal(await page.inputValue('#search-q'), '', 'Escape clears');
    const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    await searchFor(page, 'territory');
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(() => window.axe.run(document, { preload: false, runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
    assert.deepEqual(result.violations.map((v) => v.id), [], `${name}: axe on open results`);
    for (const [size, viewport] of [['1280x900', { width: 1280, height: 900 }], ['390x844', { width: 390, height: 844 }]]) {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: path.join(shots, `search-results-${name}-${size}.png`), fullPage: true });
    }
    assert.deepEqual(fetched, [], `${name}: the index loads with <script>, never fetch`);
    assert.deepEqual(problems.outside, [], `${name}: nothing leaves the site`);
    assert.deepEqual(problems.console, [], `${name}: console errors`);
    await context.close();
  }
  // The header box on any page leads to the search page with the query.
  const { page, context } = await openPage(hostedUrl('points/'), { allowed: insideHosted });
  await page.fill('#site-q', 'amnesty');
  await page.waitForSelector('.search-popup li a');
  await page.press('#site-q', 'Enter');
  await page.waitForURL(/search\/\?q=amnesty/);
  await context.close();
  // Folded and non-Latin queries on a fixture with such words.
  const fixture = pathToFileURL(path.join(work, 'versions', 'search/index.html')).href;
  const f = await openPage(fixture, { allowed: (u) => u.startsWith(pathToFileURL(path.join(work, 'versions')).href) });
  assert.ok((await searchFor(f.page, 'osterby')).some((t) => t.startsWith('Østerby district')), 'osterby finds Østerby');
  assert.ok((await searchFor(f.page, 'запор')).some((t) => t.startsWith('Østerby district')), 'запор finds Запоріжжя');
  await f.context.close();
});

// The Ukrainian fixture: the theme in the reader's language, checked like the shipped briefing.
const UK_PAGES = {
  home: '',
  points: 'points/',
  point: 'points/1/',
  timeline: 'timeline/',
  article: 'articles/2025-03-20-popravky/',
  articles: 'articles/',
  tags: 'tags/',
  asOf: 'points/as-of/2025-03-10/',
  versions: 'versions/',
  version: 'versions/popravky/',
  compare: 'versions/pershyi/popravky/',
  search: 'search/',
  print: 'print/',
  notFound: '404.html',
};

test('in Ukrainian: zero Nu errors, zero axe violations, the scripts speak Ukrainian, screenshots at 1280 px', async () => {
  const dir = path.join(work, 'uk');
  const fileOf = (rel) => path.join(dir, rel.endsWith('/') || rel === '' ? `${rel}index.html` : rel);
  const jar = path.join(path.dirname(require.resolve('vnu-jar')), 'build/dist/vnu.jar');
  const run = spawnSync('java', ['-jar', jar, '--format', 'json', '--errors-only', ...Object.values(UK_PAGES).map(fileOf)], { encoding: 'utf8' });
  assert.ok(run.stderr.trim().startsWith('{'), `vnu did not run: ${run.error || run.stderr.slice(0, 500)}`);
  const errors = JSON.parse(run.stderr).messages.filter((m) => m.type === 'error');
  assert.deepEqual(errors.map((m) => `${path.relative(dir, fileURLToPath(m.url))}:${m.lastLine}: ${m.message}`), [], 'uk: validator errors');

  const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const inside = (u) => u.startsWith(pathToFileURL(dir).href);
  const found = { violations: [], console: [], outside: [] };
  for (const [name, rel] of Object.entries(UK_PAGES)) {
    const shot = path.join(shots, `uk-${name}-1280.png`);
    addFound(found, await axeBothSchemes(name, pathToFileURL(fileOf(rel)).href, inside, axeSource, shot));
  }
  summary.uk = { validatorErrors: errors.length, axeViolations: found.violations.length };
  assert.deepEqual(found.violations, [], 'uk: axe violations');
  assert.deepEqual(found.console, [], 'uk: console errors');
  assert.deepEqual(found.outside, [], 'uk: requests leaving the site');

  // What the scripts write is Ukrainian too: the sort buttons, the filter count, search.
  const points = await openPage(pathToFileURL(fileOf('points/')).href, { allowed: inside });
  const sortLabel = await points.page.locator('table.points thead button').first().getAttribute('aria-label');
  assert.match(sortLabel, /^Сортувати: /);
  await points.page.selectOption('#filter-status', 'open');
  assert.match(await points.page.locator('.filter-count').first().textContent(), /^Показано \d+ з 4$/);
  await points.context.close();
  const search = await openPage(`${pathToFileURL(fileOf('search/')).href}?q=${encodeURIComponent('міст')}`, { allowed: inside });
  await search.page.waitForFunction(() => document.querySelector('[data-search-status]').textContent !== '');
  const status = await search.page.locator('[data-search-status]').textContent();
  assert.match(status, /^\d+ результат(и|ів)? для «міст»$/);
  const kind = await search.page.locator('.result-meta').first().textContent();
  assert.match(kind, /^(Стаття|Пункт|Подія|Тег)/);
  await search.page.screenshot({ path: path.join(shots, 'uk-search-results-1280.png'), fullPage: true });
  await search.context.close();

  // The print edition in Ukrainian: its page numbers and headings, and its first pages.
  const print = await openPage(pathToFileURL(fileOf('print/')).href, { allowed: inside });
  const pdf = path.join(shots, 'uk-print-A4.pdf');
  await print.page.pdf({ path: pdf, format: 'A4' });
  await print.context.close();
  const pages = pdfPages(pdf);
  // pdftotext may close up the spaces of a small footer: "1з3".
  assert.match(pages[0], new RegExp(`1\\s*з\\s*${pages.length}(?!\\d)`));
  assert.match(pages[0], /друкована версія/iu);
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', pdf, path.join(shots, 'uk-print-a4-page')]);
});

// The shipped briefing's Ukrainian edition, under uk/ beside the English one.
const EDITION_PAGES = Object.fromEntries(Object.entries(PAGES).map(([name, rel]) => [name, `uk/${rel}`]));
EDITION_PAGES.fallbackArticle = 'uk/articles/2025-12-07-kellogg-two-points-open/';
EDITION_PAGES.translatedArticle = 'uk/articles/2025-12-24-twenty-point-framework/';

test('the Ukrainian edition: zero Nu errors and axe violations hosted and from disk, switcher and fallback, search in Ukrainian', async () => {
  const jar = path.join(path.dirname(require.resolve('vnu-jar')), 'build/dist/vnu.jar');
  const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  summary.ukEdition = {};
  for (const [name, dir, urlOf, allowed] of [['hosted', hosted, hostedUrl, insideHosted], ['portable', portable, portableUrl, insidePortable]]) {
    const files = Object.values(EDITION_PAGES).map((rel) => path.join(dir, rel.endsWith('/') ? `${rel}index.html` : rel));
    const run = spawnSync('java', ['-jar', jar, '--format', 'json', '--errors-only', ...files], { encoding: 'utf8' });
    assert.ok(run.stderr.trim().startsWith('{'), `vnu did not run: ${run.error || run.stderr.slice(0, 500)}`);
    const errors = JSON.parse(run.stderr).messages.filter((m) => m.type === 'error');
    assert.deepEqual(errors.map((m) => `${path.relative(dir, fileURLToPath(m.url))}:${m.lastLine}: ${m.message}`), [], `uk edition ${name}: validator errors`);
    const found = { violations: [], console: [], outside: [] };
    for (const [pageName, rel] of Object.entries(EDITION_PAGES)) {
      const shot = name === 'hosted' ? path.join(shots, `uk-edition-${pageName}-1280.png`) : undefined;
      addFound(found, await axeBothSchemes(pageName, urlOf(rel), allowed, axeSource, shot));
    }
    summary.ukEdition[name] = { validatorErrors: errors.length, axeViolations: found.violations.length };
    assert.deepEqual(found.violations, [], `uk edition ${name}: axe violations`);
    assert.deepEqual(found.console, [], `uk edition ${name}: console errors`);
    assert.deepEqual(found.outside, [], `uk edition ${name}: requests leaving the site`);
  }

  // The switcher leads to the same page in the other language, both ways.
  const { page, context } = await openPage(hostedUrl('points/21/'), { allowed: insideHosted });
  await page.locator('nav.languages a[hreflang="uk"]').click();
  await page.waitForURL(hostedUrl('uk/points/21/'));
  assert.equal(await page.locator('html').getAttribute('lang'), 'uk');
  assert.match(await page.locator('main h1').textContent(), /Територія/);
  await page.locator('nav.languages a[hreflang="en"]').click();
  await page.waitForURL(hostedUrl('points/21/'));
  // An untranslated article: the notice in Ukrainian, its text marked as English.
  await page.goto(hostedUrl(EDITION_PAGES.fallbackArticle));
  assert.match(await page.locator('.edition-fallback').textContent(), /ще не перекладено/);
  assert.equal(await page.locator('main h1').getAttribute('lang'), 'en');
  // At phone width the header, the switcher included, fits without sideways scrolling.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(hostedUrl('uk/'));
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'no sideways scroll at 390 px');
  await page.screenshot({ path: path.join(shots, 'uk-edition-home-390.png'), fullPage: false });
  await context.close();

  // Search in the edition finds its Ukrainian texts, from disk too.
  for (const [urlOf, allowed] of [[hostedUrl, insideHosted], [portableUrl, insidePortable]]) {
    const search = await openPage(`${urlOf('uk/search/')}?q=${encodeURIComponent('рамковий')}`, { allowed });
    await search.page.waitForFunction(() => document.querySelector('[data-search-status]').textContent !== '');
    assert.match(await search.page.locator('[data-search-status]').textContent(), /^\d+ результат(и|ів)? для «рамковий»$/);
    const first = await search.page.locator('.search-results a').first().getAttribute('href');
    assert.ok(first, 'a result');
    await search.context.close();
  }
});

test('under serve a save reloads the open page, and a broken save lays its problems over it', async () => {
  // A copy of the Ukrainian fixture, so the overlay's headline is in the site's language.
  const site = path.join(work, 'serve-site');
  fs.cpSync(path.join(repo, 'tests/fixtures/uk'), site, { recursive: true });
  const child = spawn(bin, ['serve', '--root', site, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise((ok, fail) => {
      let out = '';
      child.stdout.on('data', (d) => { out += d; const m = out.match(/at (http:\/\/\S+\/)/); if (m) ok(m[1]); });
      child.on('exit', (code) => fail(new Error(`serve exited with ${code}`)));
    });
    const { page, context, problems } = await openPage(`${url}articles/2025-03-10-ryba/`, { allowed: (u) => u.startsWith(url) });
    const article = path.join(site, 'content/articles/2025-03-10-ryba.md');
    const text = fs.readFileSync(article, 'utf8');
    await page.waitForTimeout(300);
    fs.writeFileSync(article, text.replace('title: "Суперечка про рибу"', 'title: "Суперечка про рибу й сезон"'));
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Суперечка про рибу й сезон', null, { timeout: 20000 });
    fs.writeFileSync(article, text.replace('date: 2025-03-10', 'date: 2025-03-99'));
    await page.waitForSelector('#briefing-problems', { timeout: 20000 });
    const overlay = await page.locator('#briefing-problems').textContent();
    assert.match(overlay, /^Під час останнього збереження виявлено проблеми/);
    assert.match(overlay, /content\/articles\/2025-03-10-ryba\.md:\d+/);
    assert.equal(await page.locator('h1').textContent(), 'Суперечка про рибу й сезон', 'the last good page stays');
    fs.writeFileSync(article, text);
    await page.waitForSelector('#briefing-problems', { state: 'detached', timeout: 20000 });
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Суперечка про рибу', null, { timeout: 20000 });
    assert.deepEqual(problems.console, []);
    await page.screenshot({ path: path.join(shots, 'serve-reloaded-1280.png') });
    await context.close();
  } finally {
    child.kill('SIGINT');
  }
});
