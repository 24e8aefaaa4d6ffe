// Issue 4 in the lab: time travel (view, branch, undo), the scenario library, coverage and
// "how do I reach …?".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, state, fire } from './helpers.mjs';

const WAIT = { timeout: 15_000 };
let site;
let browser;
test.before(async () => { site = await serve(); browser = await launch(); });
test.after(async () => { await browser?.close(); await site?.close(); });

const entries = (page) => page.locator('[data-log-entry]').count();
const clock = async (page) => Number(await page.getAttribute('[data-clock]', 'data-t'));

test('selecting a past log entry shows the world as it was; firing there branches; undo restores', async () => {
  const page = await open(browser, `${site.url}index.html`);
  await fire(page, 'BeginJoin');
  await page.click('[data-action="next-timer"]');
  await fire(page, 'FocusFailover');
  await page.click('[data-action="next-timer"]');
  assert.equal(await state(page, 'session'), 'Connected');
  const total = await entries(page);
  assert.equal(await clock(page), 6);

  // The entry of the first BeginJoin (oldest entries are last: newest first).
  await page.locator('[data-log-entry]', { hasText: 'BeginJoin' }).locator('button.select').click();
  await page.waitForSelector('[data-viewing]', WAIT);
  assert.equal(await state(page, 'session'), 'Connecting', 'the diagram shows the past');
  assert.equal(await clock(page), 0, 'the clock shows the past');
  assert.equal(await page.locator('[data-timer="join-response"]').count(), 1, 'the timers of the past');
  assert.equal(await page.locator('[data-log-entry].future').count(), total - 1, 'later entries are marked');
  assert.equal(await page.getAttribute('#events button[data-event="JoinFailed"]', 'data-legal'), 'true', 'legality of the past moment');

  // Back to now.
  await page.click('[data-action="back-to-now"]');
  assert.equal(await state(page, 'session'), 'Connected');

  // View the past again and branch: fail the join instead.
  await page.locator('[data-log-entry]', { hasText: 'BeginJoin' }).locator('button.select').click();
  await fire(page, 'JoinFailed');
  assert.equal(await state(page, 'session'), 'Idle');
  assert.equal(await entries(page), 2, 'the later steps were dropped');
  assert.equal(await page.locator('[data-viewing]').count(), 0);

  // Undo brings the dropped steps back.
  await page.click('[data-action="undo"]');
  assert.equal(await state(page, 'session'), 'Connected');
  assert.equal(await entries(page), total);
  assert.equal(await clock(page), 6);
  // ... and survives a reload.
  await page.reload();
  await page.waitForSelector('[data-machine="session"][data-state="Connected"]', WAIT);
  assert.deepEqual(page.errors, []);
});

test('Next timer from a past moment branches there (the later steps go; Undo brings them back)', async () => {
  const page = await open(browser, `${site.url}index.html`);
  await fire(page, 'BeginJoin');
  await page.click('[data-action="next-timer"]');
  await fire(page, 'FocusFailover');
  await page.click('[data-action="next-timer"]');
  assert.equal(await state(page, 'session'), 'Connected');
  const total = await entries(page);
  await page.locator('[data-log-entry]', { hasText: 'BeginJoin' }).locator('button.select').click();
  await page.waitForSelector('[data-viewing]', WAIT);
  await page.click('[data-action="next-timer"]');
  await page.waitForFunction(() => !document.querySelector('[data-viewing]'), null, WAIT).catch(() => {});
  assert.equal(await page.locator('[data-viewing]').count(), 0, 'back in the present, on the branch');
  assert.equal(await clock(page), 1, 'the past moment\'s next timer, not the present\'s');
  assert.equal(await state(page, 'session'), 'Connected');
  assert.ok((await entries(page)) < total, 'the later steps were dropped');
  await page.click('[data-action="undo"]');
  assert.equal(await entries(page), total);
  assert.equal(await clock(page), 6);
  assert.deepEqual(page.errors, []);
});

test('a timer entry inside an advance: the world at that timer, and a branch from it', async () => {
  const page = await open(browser, `${site.url}index.html`);
  await fire(page, 'BeginJoin');
  await page.fill('.clock input[type="text"]', 'PT10S');
  await page.click('[data-action="advance"]');
  assert.equal(await clock(page), 10);
  await page.locator('[data-log-entry]', { hasText: 'timer join-response' }).locator('button.select').click();
  assert.equal(await clock(page), 1, 'the moment the Focus answered');
  assert.equal(await state(page, 'session'), 'Connected');
  await fire(page, 'FocusFailover');
  assert.equal(await clock(page), 1);
  assert.equal(await state(page, 'session'), 'Reconnecting');
  assert.deepEqual(page.errors, []);
});

test('the scenario library opens each story with its explanation', async () => {
  const page = await open(browser, `${site.url}index.html`);
  await page.click('details.library summary');
  // The files are fetched from scenarios/ beside the app when the menu first opens.
  await page.waitForFunction(() => document.querySelectorAll('details.library li[data-scenario-file]').length >= 10, null, WAIT);
  assert.equal(await page.locator('details.library li.exception').count(), 0, 'every file loads');
  const items = page.locator('details.library li');
  assert.ok(await items.count() >= 10, 'at least ten scenarios');
  const item = page.locator('details.library li[data-scenario-file="focus-failover-in-lobby.json"]');
  // The menu is compact: a title and one line; the paragraph is in the About panel once opened.
  const line = await item.locator('p.lib-line').textContent();
  assert.ok(line.length > 20 && line.length < 200, `one line of explanation: ${line}`);
  assert.ok((await item.locator('p.lib-line').getAttribute('title')).length > 80, 'the paragraph on hover');
  await item.locator('button[data-action="open-scenario"]').click();
  await page.waitForSelector('[data-about]', WAIT);
  assert.match(await page.textContent('[data-about]'), /lobby/i);
  const paragraph = (await page.textContent('[data-about] p')).slice(0, 60);
  assert.ok(!(await page.innerText('header')).includes(paragraph), 'the paragraph is not in the header');
  assert.ok(await entries(page) > 3);
  assert.equal(await page.locator('details.library[open]').count(), 0, 'the menu closes');
  // "Step through" opens the same story before its first step; the player walks it.
  await page.click('details.library summary');
  await item.locator('button[data-action="step-scenario"]').click();
  await page.waitForSelector('[data-player][data-step="0"]', WAIT);
  const steps = Number(await page.getAttribute('[data-player]', 'data-steps'));
  assert.ok(steps > 3);
  assert.equal(await state(page, 'session'), 'Idle', 'before the first step');
  await page.click('[data-player-action="next"]');
  await page.waitForSelector('[data-player][data-step="1"]', WAIT);
  await page.click('[data-player-action="end"]');
  await page.waitForSelector(`[data-player][data-step="${steps}"]`, WAIT);
  assert.equal(await page.locator('[data-viewing]').count(), 0, 'the end is the present');
  await page.keyboard.press('Escape');
  // Each scenario of the library opens without an error or a failed expectation.
  for (let i = 0; i < await items.count(); i++) {
    await page.click('details.library summary');
    await items.nth(i).locator('button[data-action="open-scenario"]').click();
    assert.equal(await page.locator('[data-error]').count(), 0);
    assert.doesNotMatch(await page.textContent('header'), /did not hold/);
  }
  assert.deepEqual(page.errors, []);
});

test('coverage shows exercised rules; how do I reach a rule loads the shortest path', async () => {
  const page = await open(browser, `${site.url}index.html`);
  await fire(page, 'BeginJoin');
  assert.equal(await page.getAttribute('.coverage-list [data-tag="T1"]', 'data-exercised'), 'true');
  assert.equal(await page.getAttribute('.coverage-list [data-tag="T12"]', 'data-exercised'), 'false');
  await page.click('.coverage-list [data-tag="T12"] button[data-action="reach"]');
  await page.waitForSelector('.coverage-list [data-tag="T12"][data-exercised="true"]', WAIT);
  assert.equal(await state(page, 'session'), 'InLobby', 'T12 returns to the lobby');
  assert.match(await page.textContent('[data-about]'), /shortest/);
  // A variant's rule: the path turns the variant on.
  await page.selectOption('select[data-action="reach-goal"]', 'V1');
  await page.click('[data-action="find-path"]');
  await page.waitForSelector('.coverage-list [data-tag="V1"][data-exercised="true"]', WAIT);
  // A state as the goal.
  await page.selectOption('select[data-action="reach-goal"]', 'conference:Expired');
  await page.click('[data-action="find-path"]');
  await page.waitForSelector('[data-machine="conference"][data-state="Expired"]', WAIT);
  // Undo returns to the session before.
  await page.click('[data-action="undo"]');
  assert.equal(await page.getAttribute('.coverage-list [data-tag="V1"]', 'data-exercised'), 'true');
  assert.deepEqual(page.errors, []);
});

test('diagram exports download from the lab: Mermaid, DOT and SCXML of each machine', async () => {
  const page = await open(browser, `${site.url}index.html`);
  await page.click('details.exports summary');
  const grab = async (machine, format) => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click(`button[data-action="export-diagram"][data-machine-export="${machine}"][data-format="${format}"]`),
    ]);
    const { readFile } = await import('node:fs/promises');
    return readFile(await download.path(), 'utf8');
  };
  const scxml = await grab('session', 'scxml');
  const doc = await page.evaluate((text) => {
    const d = new DOMParser().parseFromString(text, 'application/xml');
    return { error: d.querySelector('parsererror') !== null, ns: d.documentElement.namespaceURI, states: d.getElementsByTagName('state').length };
  }, scxml);
  assert.deepEqual(doc, { error: false, ns: 'http://www.w3.org/2005/07/scxml', states: 7 });
  for (let n = 1; n <= 14; n++) assert.ok(scxml.includes(`"T${n}"`), `T${n} in the SCXML`);
  assert.match(await grab('mcu', 'mermaid'), /stateDiagram-v2[\s\S]*M4/);
  assert.match(await grab('conference', 'dot'), /digraph Conference[\s\S]*D-expiry/);
  assert.deepEqual(page.errors, []);
});
