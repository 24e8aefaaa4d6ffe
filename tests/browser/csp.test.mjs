// The Content-Security-Policy (index.html) allows only the app's own files, and the app needs
// nothing else: no violation on the lab while it is used, on a #scenario= link, nor in the
// embeds of the documentation example. (A violation is both a `securitypolicyviolation` event,
// recorded here in every frame, and a console error, which fails `watchErrors`.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, watchErrors, scenarioLink } from './helpers.mjs';

const WAIT = { timeout: 20_000 };

let server;
let browser;

before(async () => {
  server = await serve(undefined, '/docs/lab/');
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/// Runs in every frame before its scripts: records each violation in window.__csp.
function recordViolations() {
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
}

async function page(t) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  t.after(() => context.close());
  await context.addInitScript(recordViolations);
  return watchErrors(await context.newPage());
}

/// The violations recorded in every frame of a page.
async function violations(p) {
  const all = [];
  for (const frame of p.frames()) all.push(...(await frame.evaluate(() => window.__csp ?? []).catch(() => [])));
  return all;
}

test('the lab has a Content-Security-Policy and no inline script; using it violates nothing', async (t) => {
  const p = await page(t);
  await p.goto(`${server.url}index.html`);
  await p.waitForSelector('[data-machine="session"]');
  const policy = await p.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(policy, /default-src 'none'/);
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.match(policy, /style-src 'self'/);
  assert.equal(await p.$$eval('script:not([src])', (s) => s.length), 0, 'no inline script');
  assert.equal(await p.$$eval('[style]', (s) => s.length), 0, 'no inline style');

  // Events, timers (their bars), the library (fetches scenarios/), a rule's text (fetches
  // rules.json and inserts its HTML), downloads, the clock playing.
  await p.click('#events button[data-event="BeginJoin"]');
  await p.click('[data-action="next-timer"]');
  await p.waitForSelector('[data-machine="session"][data-state="Connected"]');
  await p.waitForSelector('[data-timer] .bar rect');
  await p.click('details.library summary');
  await p.waitForSelector('[data-action="open-scenario"]', WAIT);
  await p.click('details.library summary');
  await p.click('li[data-log-entry] button.tag:text-is("T2")');
  await p.waitForSelector('section.explanation[data-rule="T2"]', WAIT);
  await p.waitForFunction(() => document.querySelector('section.explanation')?.textContent.includes('Connecting → Connected'), null, WAIT);
  const [download] = await Promise.all([p.waitForEvent('download', WAIT), p.click('[data-action="export"]')]);
  assert.equal(await download.failure(), null);
  await p.click('[data-action="play"]');
  await p.waitForTimeout(300);
  await p.click('[data-action="play"]');
  assert.deepEqual(await violations(p), []);
  assert.deepEqual(p.errors, []);

  // The policy is in force: an inline script is refused, and reported.
  await p.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__ran = true';
    document.head.append(s);
  });
  await p.waitForFunction(() => window.__csp.length > 0, null, WAIT);
  assert.equal(await p.evaluate(() => window.__ran), undefined, 'the inline script did not run');
  assert.match((await violations(p))[0], /script-src/);
});

test('a #scenario= link violates nothing', async (t) => {
  const p = await page(t);
  const scenario = { steps: [{ event: 'BeginJoin' }, { event: 'Advance', by: 'PT5S' }, { event: 'FocusFailover' }] };
  await p.goto(scenarioLink(`${server.url}index.html`, scenario));
  await p.waitForSelector('[data-machine="session"][data-state="Reconnecting"]');
  assert.deepEqual(await violations(p), []);
  assert.deepEqual(p.errors, []);
});

test('the embeds of the documentation example violate nothing', async (t) => {
  const p = await page(t);
  await p.goto(`${server.url}examples/embed.html`);
  // Each story: the lobby stepped to its end, the 90-minute rule played once in view, the
  // failover opened at its end.
  await p.frameLocator('#lobby').locator('[data-player-action="end"]').click();
  await p.frameLocator('#lobby').locator('[data-machine="session"][data-state="InLobby"]').waitFor(WAIT);
  await p.locator('#grace').scrollIntoViewIfNeeded();
  await p.frameLocator('#grace').locator('[data-machine="session"][data-state="Disconnected"]').waitFor({ timeout: 30_000 });
  await p.frameLocator('#failover').locator('[data-machine="session"][data-state="Connected"]').waitFor(WAIT);
  assert.equal(p.frames().length, 4, 'the page and its three embeds');
  assert.deepEqual(await violations(p), []);
  assert.deepEqual(p.errors, []);
});
