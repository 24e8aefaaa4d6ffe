// Nothing is lost in the browser: a save the browser refuses is shown with the way out and tried
// again; a saved session that cannot be restored is set aside, said, and can be downloaded; a
// run that would fire too many timers stops at that step, says so, and keeps what came before.
//
// Everything goes through the page (headless Chromium, the release build in dist/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serve, launch, watchErrors, state, fire, scenarioLink, ROOT } from './helpers.mjs';

const KEY = 'confsim.session.v1';
const ASIDE = 'confsim.session.unreadable';
const WAIT = { timeout: 10_000 };
const SHOTS = join(ROOT, 'target', 'screenshots');

let server;
let browser;
let base;

before(async () => {
  server = await serve();
  browser = await launch();
  base = `${server.url}index.html`;
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/// A fresh context (own localStorage) running `init` in every page before the app.
async function context(t, init, options = {}) {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 }, ...options });
  t.after(() => ctx.close());
  if (init) await ctx.addInitScript(init);
  return ctx;
}

async function open(ctx, url = base) {
  const page = watchErrors(await ctx.newPage());
  await page.goto(url);
  await page.waitForSelector('[data-machine="session"]');
  return page;
}

// The lab saves once a change has rested (`<html data-save>` says where saving stands).
const saved = async (page, key = KEY) => {
  await page.waitForFunction(() => document.documentElement.dataset.save !== 'pending');
  return page.evaluate((k) => localStorage.getItem(k), key);
};
const clock = async (page) => Number(await page.getAttribute('[data-clock]', 'data-t'));
const logCount = (page) => page.$$eval('li[data-log-entry]', (ls) => ls.length);
const alertText = (page, which) => page.textContent(`[role="alert"][data-storage="${which}"]`);

async function expectState(page, machine, expected) {
  await page.waitForSelector(`[data-machine="${machine}"][data-state="${expected}"]`, WAIT).catch(() => {});
  assert.equal(await state(page, machine), expected, `${machine} state`);
}

/// What the page shows of the session.
async function shown(page) {
  return {
    session: await state(page, 'session'),
    conference: await state(page, 'conference'),
    t: await clock(page),
    timers: await page.$$eval('[data-timer]', (ls) => ls.map((l) => `${l.dataset.timer}@${l.dataset.due}`)),
    log: await logCount(page),
  };
}

function clean(page) {
  assert.deepEqual(page.errors, [], 'no console error or uncaught exception');
}

async function screenshot(page, file, scheme) {
  await mkdir(SHOTS, { recursive: true });
  await page.emulateMedia({ colorScheme: scheme });
  await page.screenshot({ path: join(SHOTS, file), clip: { x: 0, y: 0, width: 1400, height: 360 }, animations: 'disabled' });
  console.log(`screenshot: ${join(SHOTS, file)}`);
}

// ---------------------------------------------------------------------------------------------
// Storage full

/// localStorage.setItem throws as a full storage does, until the tab's window.name says "ok"
/// (window.name survives reloads, so the reload below finds storage working again).
function fullStorage() {
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    if (window.name !== 'storage-ok') {
      throw new DOMException(`Setting the value of '${key}' exceeded the quota.`, 'QuotaExceededError');
    }
    return setItem.call(this, key, value);
  };
}

test('storage full: an alert says the session is not saved and how to keep it; it stays in memory, and once storage works the next change saves it and a reload restores it', async (t) => {
  const page = await open(await context(t, fullStorage, { acceptDownloads: true }));
  await fire(page, 'BeginJoin');
  await page.click('[data-action="next-timer"]');
  await expectState(page, 'session', 'Connected');
  await fire(page, 'ParticipantJoins');
  await fire(page, 'FocusFailover');
  await expectState(page, 'session', 'Reconnecting');
  await fire(page, 'BeginLockConference');

  await page.waitForSelector('[role="alert"][data-storage="unsaved"]', WAIT);
  const message = await alertText(page, 'unsaved');
  assert.match(message, /storage is full/);
  assert.match(message, /export/i, 'names the way out');
  assert.match(message, /tried again/, 'says saving goes on');
  assert.equal(await saved(page), null, 'nothing could be saved');
  const before = await shown(page);
  assert.equal(before.session, 'Reconnecting', 'the session is intact in memory');
  assert.equal(before.t, 1);
  assert.ok(before.log >= 5, `every step is in the log (${before.log})`);
  await screenshot(page, 'storage-full-light.png', 'light');
  await screenshot(page, 'storage-full-dark.png', 'dark');

  // The way out: the alert's Export downloads the whole session as a scenario file.
  const [download] = await Promise.all([page.waitForEvent('download', WAIT), page.click('[data-storage="unsaved"] [data-action="export-unsaved"]')]);
  const file = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.deepEqual(file.steps.map((s) => s.event), ['BeginJoin', 'Advance', 'ParticipantJoins', 'FocusFailover', 'BeginLockConference']);

  // Storage works again: the next change saves, and the alert goes.
  await page.evaluate(() => { window.name = 'storage-ok'; });
  await page.click('[data-action="next-timer"]');
  await page.waitForSelector('[data-storage="unsaved"]', { state: 'detached', ...WAIT });
  const kept = JSON.parse(await saved(page));
  assert.equal(kept.steps.length, 6, 'the whole session is saved, not only the last step');
  const after = await shown(page);

  await page.reload();
  await page.waitForSelector('[data-machine="session"]');
  await page.waitForFunction((n) => document.querySelectorAll('li[data-log-entry]').length === n, after.log, WAIT).catch(() => {});
  assert.deepEqual(await shown(page), after, 'the reload restores it');
  assert.equal(await page.$('[role="alert"]'), null, 'no alert after the reload');
  clean(page);
});

test('a session too large for the browser’s storage says so (and stays open)', async (t) => {
  const page = await open(await context(t));
  // An import whose description alone is beyond localStorage's 5 Mi characters.
  const big = { name: 'big', description: 'x'.repeat(5_400_000), steps: [{ event: 'BeginJoin' }] };
  await page.setInputFiles('input[type="file"][data-action="import"]', { name: 'big.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(big)) });
  await expectState(page, 'session', 'Connecting');
  await page.waitForSelector('[role="alert"][data-storage="unsaved"]', WAIT);
  const message = await alertText(page, 'unsaved');
  assert.match(message, /too large for the browser's storage/);
  assert.match(message, /export/i);
  assert.doesNotMatch(await saved(page) ?? '', /big/, 'the big session is not (partly) saved');
  clean(page);
});

// ---------------------------------------------------------------------------------------------
// A saved session that cannot be read

/// A session saved by a newer version: an event this one does not know.
const NEWER = JSON.stringify({ version: 2, config: {}, steps: [{ event: 'BeginJoin' }, { event: 'TeleportParticipant', participant: 'bob' }] });

test('an unreadable saved session is set aside under another key, said in an alert, downloadable; the lab works and saves as usual', async (t) => {
  const ctx = await context(t, undefined, { acceptDownloads: true });
  const page = await open(ctx);
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [KEY, NEWER]);
  await page.reload();
  await page.waitForSelector('[role="alert"][data-storage="unreadable"]', WAIT);
  const message = await alertText(page, 'unreadable');
  assert.match(message, /could not be restored/);
  assert.match(message, /step 1/, 'says what is wrong with it');
  assert.match(message, /TeleportParticipant/);
  assert.match(message, new RegExp(ASIDE.replace(/\./g, '\\.')), 'says where it is kept');
  assert.equal(await saved(page, ASIDE), NEWER, 'kept, unchanged, under the other key');
  await screenshot(page, 'unreadable-light.png', 'light');
  await screenshot(page, 'unreadable-dark.png', 'dark');

  // The lab works, and saves under the usual key.
  await expectState(page, 'session', 'Idle');
  await fire(page, 'BeginJoin');
  await expectState(page, 'session', 'Connecting');
  await page.waitForFunction((k) => localStorage.getItem(k)?.includes('BeginJoin'), KEY, WAIT);
  assert.equal(await saved(page, ASIDE), NEWER, 'still kept');

  // Download it.
  const [download] = await Promise.all([page.waitForEvent('download', WAIT), page.click('[data-action="download-unreadable"]')]);
  assert.equal(await readFile(await download.path(), 'utf8'), NEWER);

  // Dismissed, it stays set aside; a reload restores the new session without an alert.
  await page.click('[data-storage="unreadable"] button[aria-label="Dismiss"]');
  await page.waitForSelector('[data-storage="unreadable"]', { state: 'detached', ...WAIT });
  await page.reload();
  await expectState(page, 'session', 'Connecting');
  assert.equal(await page.$('[role="alert"]'), null);
  assert.equal(await saved(page, ASIDE), NEWER);
  clean(page);
});

test('an unreadable saved session that cannot be set aside (storage full) is not saved over until downloaded', async (t) => {
  // Only the copy under the other key fails: the storage has no room for a second copy.
  const ctx = await context(t, () => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (key === 'confsim.session.unreadable') throw new DOMException('quota', 'QuotaExceededError');
      return setItem.call(this, key, value);
    };
  }, { acceptDownloads: true });
  const page = await open(ctx);
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [KEY, NEWER]);
  await page.reload();
  await page.waitForSelector('[role="alert"][data-storage="unreadable"]', WAIT);
  assert.match(await alertText(page, 'unreadable'), /nothing is saved until you download it/);
  assert.equal(await page.$('[data-storage="unreadable"] button[aria-label="Dismiss"]'), null, 'cannot be dismissed yet');

  await fire(page, 'BeginJoin');
  await expectState(page, 'session', 'Connecting');
  await page.waitForTimeout(200);
  assert.equal(await saved(page), NEWER, 'not saved over');

  const [download] = await Promise.all([page.waitForEvent('download', WAIT), page.click('[data-action="download-unreadable"]')]);
  assert.equal(await readFile(await download.path(), 'utf8'), NEWER);
  await page.waitForFunction((k) => localStorage.getItem(k)?.includes('"BeginJoin"'), KEY, WAIT);
  assert.ok(await page.$('[data-storage="unreadable"] button[aria-label="Dismiss"]'), 'can be dismissed now');
  clean(page);
});

// ---------------------------------------------------------------------------------------------
// Bounded runs

/// Millisecond route updates, then an hour: 3.6 million timers in one Advance (step 4).
const STORM = {
  name: 'route-update storm',
  config: { signaling_latency: 'PT0.001S', hop: { update_interval: 'PT0.001S' } },
  steps: [
    { event: 'BeginJoin' },
    { event: 'JoinResponse' },
    { event: 'BeginLockConference' },
    { event: 'HopFailure' },
    { event: 'Advance', by: 'PT1H' },
  ],
};

test('a link whose Advance would fire millions of timers stops at that step with an alert naming it; the steps before it are loaded', async (t) => {
  const page = await open(await context(t), scenarioLink(base, STORM));
  await page.waitForSelector('[role="alert"][data-error]', WAIT);
  const message = await page.textContent('[role="alert"][data-error]');
  assert.match(message, /step 4/, 'names the step');
  assert.match(message, /route-update/, 'names the timer');
  assert.match(message, /10000 timers/, 'names the bound');
  assert.match(message, /4 step\(s\) before it/, 'says what was loaded');
  assert.match(message, /1 step\(s\) from it on were not run/);
  await screenshot(page, 'timer-limit-light.png', 'light');
  await screenshot(page, 'timer-limit-dark.png', 'dark');
  // The page is alive with the first four steps, at t = 0: joined, the lock asked for, the hop
  // failed and its repair pending.
  await expectState(page, 'session', 'Connected');
  assert.equal(await clock(page), 0);
  assert.deepEqual((await shown(page)).timers, ['command-response@0.001', 'route-repair@0.001', 'D-inactivity@86400']);
  const session = JSON.parse(await saved(page));
  assert.deepEqual(session.steps.map((s) => s.event), ['BeginJoin', 'JoinResponse', 'BeginLockConference', 'HopFailure']);
  await fire(page, 'ParticipantJoins');
  await page.waitForFunction(() => document.querySelector('[data-roster] [data-participant="alice"]'), null, WAIT);

  // The same link pasted while the lab is open (hashchange): the same stop, Undo brings back
  // the session before it.
  assert.equal(await page.$('[data-error]'), null, 'the next event cleared the alert');
  await page.goto(scenarioLink(base, STORM));
  await page.waitForSelector('[role="alert"][data-error]', WAIT);
  assert.match(await page.textContent('[role="alert"][data-error]'), /step 4.*route-update.*4 step\(s\) before it/);
  assert.equal(await page.$('[data-roster] [data-participant="alice"]'), null);
  await page.click('[data-action="undo"]');
  await page.waitForSelector('[data-roster] [data-participant="alice"]', WAIT);
  clean(page);
});

test('an Advance, a played clock or a configuration that would fire too many timers is refused; the session is as it was', async (t) => {
  const page = await open(await context(t), scenarioLink(base, { ...STORM, steps: STORM.steps.slice(0, 4) }));
  await expectState(page, 'session', 'Connected');
  const before = await shown(page);
  const steps = JSON.parse(await saved(page)).steps.length;

  // Advance by an hour.
  await page.fill('.clock input[type="text"]', 'PT1H');
  await page.click('[data-action="advance"]');
  await page.waitForSelector('[role="alert"][data-error]', WAIT);
  let message = await page.textContent('[role="alert"][data-error]');
  assert.match(message, /Not run/);
  assert.match(message, /step 4/);
  assert.match(message, /route-update/);
  assert.deepEqual(await shown(page), before, 'unchanged');
  assert.equal(JSON.parse(await saved(page)).steps.length, steps);
  await page.click('[data-error] button');

  // Play at 3600×: a tick is 180 virtual seconds, 180,000 updates. The clock stops.
  await page.click('button.speed:has-text("3600×")');
  await page.click('[data-action="play"]');
  await page.waitForSelector('[role="alert"][data-error]', WAIT);
  assert.match(await page.textContent('[role="alert"][data-error]'), /route-update/);
  await page.waitForSelector('[data-action="play"][aria-pressed="false"]', WAIT);
  assert.deepEqual(await shown(page), before, 'unchanged');
  await page.click('[data-error] button');

  // A small step still runs: 10 ms is a few route updates.
  await page.fill('.clock input[type="text"]', 'PT0.01S');
  await page.click('[data-action="advance"]');
  await page.waitForFunction(() => document.querySelector('[data-clock]').dataset.t === '0.01', null, WAIT).catch(() => {});
  assert.equal(await clock(page), 0.01);
  await expectState(page, 'session', 'Reconnecting');
  assert.equal(await page.$('[data-error]'), null);
  clean(page);
});

test('a configuration under which a step would fire too many timers is not applied', async (t) => {
  const scenario = { steps: [{ event: 'BeginJoin' }, { event: 'Advance', by: 'PT1S' }, { event: 'HopFailure' }, { event: 'Advance', by: 'PT1M' }] };
  const page = await open(await context(t), scenarioLink(base, scenario));
  await expectState(page, 'session', 'Reconnecting');
  const before = await shown(page);
  await page.click('section.config summary');
  await page.fill('section.config label:has-text("UPDATE interval") input', 'PT0.001S');
  await page.click('[data-action="apply-config"]');
  await page.waitForSelector('[role="alert"][data-error]', WAIT);
  const message = await page.textContent('[role="alert"][data-error]');
  assert.match(message, /Configuration not applied/);
  assert.match(message, /step 3/);
  assert.match(message, /route-update/);
  assert.deepEqual(await shown(page), before);
  assert.equal(JSON.parse(await saved(page)).config.hop.update_interval, 'PT30S', 'the saved configuration is unchanged');
  clean(page);
});
