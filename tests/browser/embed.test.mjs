// The documentation example page embeds two scenarios from a sub-path; both reach their expected
// states, size to their content, and leave the host's saved session alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, watchErrors } from './helpers.mjs';

const WAIT = { timeout: 20_000 };

test('the example page embeds two scenarios that reach their states', async (t) => {
  const site = await serve(undefined, '/docs/lab/');
  const browser = await launch();
  t.after(async () => { await browser.close(); await site.close(); });
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = watchErrors(await context.newPage());

  // A learner's saved session on the same origin, which the embeds must not touch.
  await page.goto(`${site.url}index.html`);
  await page.click('#events button[data-event="BeginJoin"]');
  await page.waitForFunction(() => document.documentElement.dataset.save !== 'pending');
  const saved = await page.evaluate(() => localStorage.getItem('confsim.session.v1'));
  assert.match(saved, /BeginJoin/);

  await page.goto(`${site.url}examples/embed.html`);
  const lobby = page.frameLocator('#lobby');
  await lobby.locator('[data-machine="session"][data-state="InLobby"]').waitFor(WAIT);
  assert.equal(await lobby.locator('#events').count(), 0, 'controls=0: no event buttons');
  assert.equal(await lobby.locator('[data-action="next-timer"]').count(), 0, 'controls=0: no advancing');
  assert.equal(await lobby.locator('section.log').count(), 0, 'no side panels');
  assert.equal(await lobby.locator('[data-log-entry]').count(), 0);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth + 1), true);

  const grace = page.frameLocator('#grace');
  await grace.locator('[data-timer="D-grace"], [data-machine="session"][data-state="Disconnected"]').first().waitFor(WAIT);
  assert.equal(await grace.locator('#events').count(), 1, 'controls by default');
  // autoplay at 3600×: the 90 minutes pass and the conference is deactivated.
  await grace.locator('[data-machine="session"][data-state="Disconnected"]').waitFor(WAIT);
  assert.equal(await grace.locator('[data-machine="session"]').getAttribute('data-state'), 'Disconnected');

  // Each iframe was sized to its content by the embed's height messages.
  for (const id of ['#lobby', '#grace']) {
    const height = await page.$eval(id, (f) => parseFloat(f.style.height || '0'));
    assert.ok(height > 250, `${id} sized to its content (${height}px)`);
  }
  assert.equal(await page.evaluate(() => localStorage.getItem('confsim.session.v1')), saved, 'the saved session is untouched');
  assert.deepEqual(page.errors, []);
});

test('embed options: theme and a broken link', async (t) => {
  const site = await serve(undefined, '/sub/');
  const browser = await launch();
  t.after(async () => { await browser.close(); await site.close(); });
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${site.url}index.html?embed&theme=dark&speed=600&controls=0#scenario=!!!`);
  await page.waitForSelector('[data-machine="session"]');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  assert.match(await page.textContent('[data-error]'), /link/);
  assert.equal(await page.getAttribute('.speed[aria-pressed="true"]', 'aria-pressed'), 'true');
  assert.match(await page.textContent('.speed[aria-pressed="true"]'), /600/);
  assert.equal(await page.evaluate(() => localStorage.length), 0, 'an embed writes no storage');
});

test('embed options are read as the browser reads a query: percent-escapes and + decoded, spaces and case ignored', async (t) => {
  const site = await serve(undefined, '/sub/');
  const browser = await launch();
  t.after(async () => { await browser.close(); await site.close(); });
  const link = `#scenario=${Buffer.from(JSON.stringify({ steps: [{ event: 'BeginJoin' }, { event: 'Advance', by: 'PT1S' }] })).toString('base64url')}`;

  // %65mbed = embed, %20Dark%20 = " Dark ", %36%30%30%C3%97 = "600×", %30 = "0".
  const page = watchErrors(await (await browser.newContext()).newPage());
  await page.goto(`${site.url}index.html?%65mbed&theme=%20Dark%20&speed=%36%30%30%C3%97&controls=%30${link}`);
  await page.waitForSelector('[data-machine="session"][data-state="Connected"]');
  assert.equal(await page.getAttribute('html', 'class'), 'embed', 'the embed view');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  assert.match(await page.textContent('.speed[aria-pressed="true"]'), /^600/);
  assert.equal(await page.locator('#events').count(), 0, 'controls=%30 is controls=0');
  assert.equal(await page.locator('[data-action="next-timer"]').count(), 0);
  assert.deepEqual(page.errors, []);

  // theme=light+ (a + is a space), autoplay=%74rue ("true"), speed=3600.
  const other = watchErrors(await (await browser.newContext()).newPage());
  await other.goto(`${site.url}index.html?embed=%31&theme=light+&autoplay=%74rue&speed=3600${link}`);
  await other.waitForSelector('[data-machine="session"]');
  assert.equal(await other.getAttribute('html', 'data-theme'), 'light');
  assert.equal(await other.getAttribute('[data-action="play"]', 'aria-pressed'), 'true', 'autoplay');
  assert.match(await other.textContent('.speed[aria-pressed="true"]'), /^3600/);
  assert.equal(await other.locator('#events').count(), 1, 'controls by default');
  assert.deepEqual(other.errors, []);
});
