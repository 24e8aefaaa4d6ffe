// The documentation example page embeds three stories from a sub-path; each reaches its end state,
// sizes to its content, and leaves the host's saved session alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, watchErrors } from './helpers.mjs';

const WAIT = { timeout: 20_000 };

test('the example page embeds three stories: each opens at its first step and reaches its end', async (t) => {
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

  // Count the height messages each embed posts: only when its height changes.
  await page.addInitScript(() => {
    window.__heights = [];
    addEventListener('message', (e) => { if (e.data?.confsim === 'height') window.__heights.push(e.data.height); });
  });
  await page.goto(`${site.url}examples/embed.html`);

  // 1. A read-only story: before its first step, narrated, nothing that changes it.
  const lobby = page.frameLocator('#lobby');
  await lobby.locator('[data-player][data-step="0"]').waitFor(WAIT);
  assert.equal(await lobby.locator('[data-machine="session"]').getAttribute('data-state'), 'Idle', 'the story starts at its beginning');
  assert.equal(await lobby.locator('button[data-event]').count(), 0, 'controls=0: no event buttons');
  assert.equal(await lobby.locator('[data-action="play"], [data-action="next-timer"], g.edge[data-fires]').count(), 0, 'controls=0: no clock, no edge that fires');
  await lobby.locator('[data-player-action="next"]').click();
  assert.match(await lobby.locator('[data-narration]').textContent(), /asks to join/);
  await lobby.locator('[data-player-action="end"]').click();
  await lobby.locator('[data-machine="session"][data-state="InLobby"]').waitFor(WAIT);
  assert.match(await lobby.locator('[data-narration]').textContent(), /back in the lobby \(T12\)/);
  assert.ok(await lobby.locator('[data-log-entry]').count() > 3, 'panels=…,log: the log is shown');
  assert.equal(await lobby.locator('section.timers').count(), 0, 'panels: no timers panel');
  // A tag explains itself in place.
  await lobby.locator('[data-log-entry] .tag').first().click();
  await lobby.locator('.popover section.explanation').waitFor(WAIT);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth + 1), true);

  // 2. autoplay: the story plays once it is in view, to its last step.
  const grace = page.frameLocator('#grace');
  await grace.locator('[data-player][data-step="0"]').waitFor(WAIT);
  await page.locator('#grace').scrollIntoViewIfNeeded();
  await grace.locator('[data-machine="session"][data-state="Disconnected"]').waitFor({ timeout: 30_000 });
  assert.equal(await grace.locator('[data-player]').getAttribute('data-step'), '7');
  assert.match(await grace.locator('[data-narration]').textContent(), /Disconnected \(T4\)/);

  // 3. start=end, with controls.
  const failover = page.frameLocator('#failover');
  await failover.locator('[data-machine="session"][data-state="Connected"]').waitFor(WAIT);
  assert.equal(await failover.locator('#events').count(), 1, 'controls by default');

  // Each iframe was sized to its content by the embed's height messages, sent only on a change.
  for (const id of ['#lobby', '#grace', '#failover']) {
    const height = await page.$eval(id, (f) => parseFloat(f.style.height || '0'));
    assert.ok(height > 150, `${id} sized to its content (${height}px)`);
  }
  const heights = await page.evaluate(() => window.__heights);
  console.log(`height messages: ${heights.length}`);
  assert.ok(heights.length < 40, `a message per change of height, not per render (${heights.length})`);
  assert.equal(await page.evaluate(() => localStorage.getItem('confsim.session.v1')), saved, 'the saved session is untouched');
  assert.deepEqual(page.errors, []);
});

test('embed options: theme and a broken link', async (t) => {
  const site = await serve(undefined, '/sub/');
  const browser = await launch();
  t.after(async () => { await browser.close(); await site.close(); });
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${site.url}index.html?embed&theme=dark&speed=600#scenario=!!!`);
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
  await page.waitForSelector('[data-player][data-step="0"]');
  assert.equal(await page.getAttribute('html', 'class'), 'embed', 'the embed view');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  assert.equal(await page.locator('#events').count(), 0, 'controls=%30 is controls=0');
  assert.equal(await page.locator('[data-action="next-timer"], [data-action="play"], .speed').count(), 0, 'a read-only story shows its time only');
  assert.deepEqual(page.errors, []);

  // theme=light+ (a + is a space), autoplay=%74rue ("true"), speed=3600.
  const other = watchErrors(await (await browser.newContext()).newPage());
  await other.goto(`${site.url}index.html?embed=%31&theme=light+&autoplay=%74rue&speed=3600${link}`);
  await other.waitForSelector('[data-machine="session"]');
  assert.equal(await other.getAttribute('html', 'data-theme'), 'light');
  await other.waitForSelector('[data-player-action="play"][aria-pressed="true"]');
  await other.waitForSelector('[data-machine="session"][data-state="Connected"]', { timeout: 15_000 });
  assert.match(await other.textContent('.speed[aria-pressed="true"]'), /^3600/);
  assert.equal(await other.locator('#events').count(), 1, 'controls by default');
  assert.deepEqual(other.errors, []);
});

test('a story fits 320 to 800 px without clipping', async (t) => {
  const site = await serve(undefined, '/sub/');
  const browser = await launch();
  t.after(async () => { await browser.close(); await site.close(); });
  const scenario = { steps: [{ event: 'BeginJoin' }, { event: 'Advance', by: 'PT1S' }, { event: 'FocusFailover' }] };
  const link = `${site.url}index.html?embed&theme=dark#scenario=${Buffer.from(JSON.stringify(scenario)).toString('base64url')}`;
  for (const width of [320, 480, 800]) {
    const page = await (await browser.newContext({ viewport: { width, height: 700 } })).newPage();
    await page.goto(link);
    await page.waitForSelector('[data-player][data-step="0"]');
    await page.click('[data-player-action="end"]');
    await page.waitForSelector('[data-machine="session"][data-state="Reconnecting"]');
    const wide = await page.evaluate(() => [...document.querySelectorAll('body *')]
      .filter((e) => e.checkVisibility() && !e.closest('svg') && e.getBoundingClientRect().right > innerWidth + 1)
      .slice(0, 3).map((e) => `${e.tagName}.${e.className}`));
    assert.deepEqual(wide, [], `nothing sticks out at ${width} px`);
    for (const name of ['Connected', 'Reconnecting']) {
      const box = await page.locator(`[data-state-node="${name}"]`).boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= width, `${name} is not cut off at ${width} px`);
    }
    await page.context().close();
  }
});
