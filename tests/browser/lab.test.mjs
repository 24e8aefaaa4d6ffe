// The lab in headless Chromium: the DOM contract of SCENARIOS.md ("In the browser") and the
// behaviour of DOMAIN.md, driven through the real release build in dist/.
//
// Every test opens its own browser context (fresh localStorage) unless it is about persistence,
// and ends by checking that the page logged no console error and threw nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile, stat, rm } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, launch, open, watchErrors, state, legal, fire, scenarioLink, ROOT } from './helpers.mjs';

const SHOTS = join(ROOT, 'target', 'screenshots');
const MACHINES = ['session', 'conversation', 'conference', 'mcu-AudioVideo', 'mcu-InstantMessaging'];
const WAIT = { timeout: 5000 };

let server;
let browser;
let base;

before(async () => {
  server = await serve();
  browser = await launch();
  // helpers.serve answers 404 for the bare directory URL (normalize('') is '.', not ''), so the
  // tests address the page by name; see the report.
  base = `${server.url}index.html`;
});

after(async () => {
  await browser?.close();
  await server?.close();
});

// ---------------------------------------------------------------------------------------------
// Small helpers on top of helpers.mjs

/// Opens the lab in a fresh context; the context is closed when the test ends.
async function lab(t, url = base, viewport) {
  const page = await open(browser, url, viewport);
  t.after(() => page.context().close());
  return page;
}

/// A blank page to host iframes of the lab, as a documentation page would. (Not the lab's own
/// page: its document would keep the lab's Content-Security-Policy, which frames nothing.)
async function docs(t) {
  const context = await browser.newContext();
  t.after(() => context.close());
  return watchErrors(await context.newPage());
}

/// Waits (bounded) for a machine to show a state, then asserts it, so a failure names the actual.
async function expectState(page, machine, expected) {
  await page
    .waitForSelector(`[data-machine="${machine}"][data-state="${expected}"]`, WAIT)
    .catch(() => {});
  assert.equal(await state(page, machine), expected, `${machine} state`);
}

async function expectLegal(page, event, expected) {
  await page
    .waitForSelector(`#events button[data-event="${event}"][data-legal="${expected}"]`, WAIT)
    .catch(() => {});
  assert.equal(await legal(page, event), String(expected), `${event} data-legal`);
}

const clock = async (page) => Number(await page.getAttribute('[data-clock]', 'data-t'));
const nextTimer = (page) => page.click('[data-action="next-timer"]');
const logEntries = (page) =>
  page.$$eval('li[data-log-entry]', (ls) => ls.map((l) => ({ rules: l.dataset.rules.split(' ').filter(Boolean), text: l.textContent })));
const timers = (page) =>
  page.$$eval('[data-timer]', (ls) => ls.map((l) => ({ id: l.dataset.timer, due: Number(l.dataset.due) })));
const roster = (page) => page.$$eval('[data-machine="conference"] [data-roster] [data-participant]', (ls) => ls.map((l) => l.dataset.participant));
const lobby = (page) => page.$$eval('[data-machine="conference"] [data-lobby] [data-participant]', (ls) => ls.map((l) => l.dataset.participant));

/// Everything the page shows about the session, to compare before / after.
async function snapshot(page) {
  const states = {};
  for (const m of MACHINES) states[m] = await state(page, m);
  const log = await logEntries(page);
  return {
    states,
    t: await clock(page),
    timers: await timers(page),
    roster: await roster(page),
    lobby: await lobby(page),
    log: log.map((e) => e.rules.join(' ')),
    logCount: log.length,
  };
}

// The lab saves once a change has rested (`<html data-save>` says where saving stands).
const saved = async (page) => {
  await page.waitForFunction(() => document.documentElement.dataset.save !== 'pending');
  return page.evaluate(() => localStorage.getItem('confsim.session.v1'));
};

function clean(page) {
  assert.deepEqual(page.errors, [], 'no console error or uncaught exception');
}

// Scenarios used by several tests (results checked against `confsim run`).

/// A trusted app alone with a PSTN caller: the 90-minute rule (D-grace) is counting down.
const GRACE = {
  name: 'D-grace running',
  config: { access_level: 'SameEnterprise' },
  steps: [
    { event: 'ParticipantJoins', participant: 'alice', kind: 'Enterprise' },
    { event: 'BeginJoin', mode: 'TrustedParticipant' },
    { event: 'Advance', by: 'PT5S' },
    { event: 'ParticipantJoins', participant: 'pstn1', kind: 'Pstn' },
    { event: 'ParticipantLeaves', participant: 'alice' },
  ],
};

/// The same, plus a federated user waiting in the lobby.
const REPRESENTATIVE = {
  ...GRACE,
  name: 'Joined, a PSTN caller, D-grace running, a lobby waiter',
  steps: [...GRACE.steps, { event: 'ParticipantJoins', participant: 'fed1', kind: 'Federated' }],
};

/// An anonymous local endpoint waits in the lobby of an Invited conference and is denied.
const DENIED = {
  name: 'Denied in the lobby',
  config: { access_level: 'Invited' },
  steps: [
    { event: 'ParticipantJoins', participant: 'alice', kind: 'Enterprise' },
    { event: 'BeginJoin', identity: 'Anonymous' },
    { event: 'Advance', by: 'PT1S' },
    { event: 'LeaderDenies' },
  ],
};

/// Join and settle, in a page: session Connected at t = 1.
async function joinNow(page) {
  await fire(page, 'BeginJoin');
  await expectState(page, 'session', 'Connecting');
  await nextTimer(page);
  await expectState(page, 'session', 'Connected');
}

// ---------------------------------------------------------------------------------------------
// 1. Join, failover, an illegal call

test('join, advance, Focus failover: states and legality follow the tables; an illegal call is logged, not applied', async (t) => {
  const page = await lab(t);
  await expectState(page, 'session', 'Idle');
  await expectLegal(page, 'BeginJoin', true);

  await joinNow(page);
  await expectState(page, 'conversation', 'Conferenced');
  await expectState(page, 'mcu-AudioVideo', 'Active');
  await expectState(page, 'mcu-InstantMessaging', 'Active');
  assert.equal(await clock(page), 1, 'the join response came after signaling_latency (1 s)');
  const log = await logEntries(page);
  assert.ok(log.some((e) => e.rules.includes('T1')), 'a T1 entry');
  assert.ok(log.some((e) => e.rules.includes('T2') && e.rules.includes('M1')), 'a T2 + M1 entry');

  // Connected: leader commands and failover are legal, a second join is not.
  await expectLegal(page, 'BeginLockConference', true);
  await expectLegal(page, 'FocusFailover', true);
  await expectLegal(page, 'ReconnectSucceeded', false);
  await expectLegal(page, 'BeginJoin', false);
  assert.match(await page.textContent('#events button[data-event="BeginJoin"]'), /InvalidOperationException/);

  await fire(page, 'FocusFailover');
  await expectState(page, 'session', 'Reconnecting');
  await expectState(page, 'mcu-AudioVideo', 'Retrying');
  await expectLegal(page, 'BeginLockConference', false);
  const lock = await page.textContent('#events button[data-event="BeginLockConference"]');
  assert.match(lock, /RealTimeInvalidOperationException/);
  assert.match(lock, /RetryableOperation/);
  await expectLegal(page, 'ReconnectSucceeded', true);
  await expectLegal(page, 'FocusFailover', false);
  const [failover] = await logEntries(page);
  assert.ok(['T6', 'R-focus', 'M3'].every((r) => failover.rules.includes(r)), `newest entry is the failover: ${failover.rules}`);

  // An illegal call: recorded with its exception, nothing changes.
  const before = await snapshot(page);
  await fire(page, 'BeginJoin');
  await page.waitForFunction((n) => document.querySelectorAll('li[data-log-entry]').length > n, before.logCount, WAIT);
  const after = await snapshot(page);
  assert.equal(after.logCount, before.logCount + 1, 'one new log entry');
  const [newest] = await logEntries(page);
  assert.match(newest.text, /BeginJoin/);
  assert.match(newest.text, /(RealTime)?InvalidOperationException/);
  assert.deepEqual(newest.rules, [], 'an illegal call applies no rule');
  assert.deepEqual(after.states, before.states, 'states unchanged');
  assert.equal(after.t, before.t);
  assert.deepEqual(after.timers, before.timers);
  assert.match(await page.textContent('[data-announce]'), /RealTimeInvalidOperationException/);

  await fire(page, 'ReconnectSucceeded');
  await expectState(page, 'session', 'Connected');
  await expectState(page, 'mcu-AudioVideo', 'Active');
  assert.ok((await logEntries(page))[0].rules.includes('T7'), 'the reconnection is T7');
  clean(page);
});

// ---------------------------------------------------------------------------------------------
// 2. A scenario link

test('a #scenario= link runs its steps: D-grace is running, the log carries T1 and T2, the hash is cleared', async (t) => {
  const page = await lab(t, scenarioLink(base, GRACE));
  await expectState(page, 'session', 'Connected');
  await expectState(page, 'conversation', 'Conferenced');
  await expectState(page, 'conference', 'Active');
  assert.equal(await clock(page), 5);
  const grace = await page.getAttribute('[data-timer="D-grace"]', 'data-due');
  assert.equal(grace, '5405', 'D-grace due 90 min after alice left at t = 5');
  assert.deepEqual(await roster(page), ['local', 'pstn1']);
  const log = await logEntries(page);
  assert.ok(log.some((e) => e.rules.includes('T1')), 'a T1 entry');
  assert.ok(log.some((e) => e.rules.includes('T2')), 'a T2 entry');
  assert.ok(log[0].rules.includes('D-grace'), 'the newest entry started D-grace');
  assert.equal(await page.evaluate(() => location.hash), '', 'hash cleared');
  assert.ok(!page.url().includes('#'), `URL without hash: ${page.url()}`);
  assert.match(await page.textContent('[data-announce]'), /Loaded/);
  // The link's session is the saved session now.
  assert.match(await saved(page), /pstn1/);

  // A link pasted while the lab is open (hashchange) replaces the session the same way.
  await page.goto(scenarioLink(base, DENIED));
  await expectState(page, 'session', 'Disconnecting');
  assert.equal(await page.evaluate(() => location.hash), '', 'hash cleared after hashchange');
  assert.equal(await page.getAttribute('[data-access-level]', 'data-access-level'), 'Invited', 'the link’s configuration applies');
  assert.deepEqual((await logEntries(page)).map((e) => e.rules.includes('T14')).filter(Boolean), [true]);
  clean(page);
});

// ---------------------------------------------------------------------------------------------
// 3. Broken links

const UNKNOWN_EVENT = { steps: [{ event: 'BeginJoin' }, { event: 'Bogus' }] };

test('a broken link shows an error naming the problem and keeps the saved session', async (t) => {
  const page = await lab(t);
  await joinNow(page);
  await fire(page, 'FocusFailover');
  await expectState(page, 'session', 'Reconnecting');
  const kept = await snapshot(page);
  const keptText = await saved(page);
  const context = page.context();

  const cases = [
    { name: 'not base64url', url: `${base}#scenario=!!!notbase64`, check: (m) => assert.ok(m.length > 0) },
    {
      name: 'unknown event at step 1',
      url: scenarioLink(base, UNKNOWN_EVENT),
      check: (m) => {
        assert.match(m, /step 1/);
        assert.match(m, /event/);
        assert.match(m, /Bogus/);
      },
    },
    { name: 'base64url of something that is not JSON', url: `${base}#scenario=${Buffer.from('{"steps": [').toString('base64url')}`, check: (m) => assert.ok(m.length > 0) },
  ];

  for (const c of cases) {
    // (a) Opened as a new page in the same context: the start-up path.
    const fresh = watchErrors(await context.newPage());
    await fresh.goto(c.url);
    await fresh.waitForSelector('[data-machine="session"]');
    await fresh.waitForSelector('[data-error]', WAIT);
    const message = await fresh.textContent('[data-error]');
    c.check(message);
    assert.match(message, /unchanged/i, `${c.name}: says the session is kept`);
    assert.deepEqual(await snapshot(fresh), kept, `${c.name}: the saved session is shown as it was`);
    assert.equal(await saved(fresh), keptText, `${c.name}: localStorage unchanged`);
    assert.equal(await fresh.evaluate(() => location.hash), '', `${c.name}: hash cleared`);
    clean(fresh);
    await fresh.close();

    // (b) Pasted while the app is open: the hashchange path.
    await page.goto(c.url);
    await page.waitForSelector('[data-error]', WAIT);
    c.check(await page.textContent('[data-error]'));
    assert.deepEqual(await snapshot(page), kept, `${c.name}: session kept after hashchange`);
    assert.equal(await saved(page), keptText);
    // Dismiss the banner for the next case.
    await page.click('[data-error] button');
    await page.waitForSelector('[data-error]', { state: 'detached', ...WAIT });
  }
  clean(page);
});

// ---------------------------------------------------------------------------------------------
// 4. Persistence

test('a reload restores the session: states, log, clock and timers', async (t) => {
  const page = await lab(t);
  await joinNow(page);
  await fire(page, 'ParticipantJoins'); // alice, Enterprise (the form's defaults)
  await fire(page, 'FocusFailover');
  await expectState(page, 'session', 'Reconnecting');
  await nextTimer(page); // the reconnection attempt succeeds after 5 s
  await expectState(page, 'session', 'Connected');
  await fire(page, 'BeginLockConference');
  const before = await snapshot(page);
  assert.equal(before.t, 6);
  assert.ok(before.timers.some((x) => x.id === 'command-response'), 'the lock is pending');

  await page.reload();
  await page.waitForSelector('[data-machine="session"]');
  await page.waitForFunction((n) => document.querySelectorAll('li[data-log-entry]').length === n, before.logCount, WAIT).catch(() => {});
  assert.deepEqual(await snapshot(page), before);
  // And the restored session goes on: the pending lock is answered.
  await nextTimer(page);
  await page.waitForSelector('[data-locked="true"]', WAIT);
  clean(page);
});

// ---------------------------------------------------------------------------------------------
// 5. Playing the clock

test('playing the clock at 3600× advances virtual time and counts timers down; pause stops it', async (t) => {
  const page = await lab(t);
  await joinNow(page);
  const due = await page.getAttribute('[data-timer="D-inactivity"]', 'data-due');
  const remainingBefore = await page.textContent('[data-timer="D-inactivity"] .remaining');
  const logBefore = (await logEntries(page)).length;

  await page.click('button.speed:has-text("3600×")');
  assert.equal(await page.getAttribute('button.speed:has-text("3600×")', 'aria-pressed'), 'true');
  await page.click('[data-action="play"]');
  assert.equal(await page.getAttribute('[data-action="play"]', 'aria-pressed'), 'true');
  await page.waitForFunction(() => Number(document.querySelector('[data-clock]').dataset.t) > 3600, null, { timeout: 20000 });
  await page.click('[data-action="play"]');
  await page.waitForSelector('[data-action="play"][aria-pressed="false"]', WAIT);

  const paused = await clock(page);
  assert.ok(paused > 3600, `clock moved: ${paused}`);
  assert.equal(await page.getAttribute('[data-timer="D-inactivity"]', 'data-due'), due, 'the due time stays');
  const remainingAfter = await page.textContent('[data-timer="D-inactivity"] .remaining');
  assert.notEqual(remainingAfter, remainingBefore, 'the remaining time counts down');
  // The playing clock extends one Advance step: one new log line, not one per tick.
  const log = await logEntries(page);
  assert.equal(log.length, logBefore + 1, 'one Advance entry for the whole play');
  assert.match(log[0].text, /Advance/);

  // Paused: the clock stays put.
  await page.waitForTimeout(400);
  assert.equal(await clock(page), paused, 'no tick after pause');
  // The played advance was saved.
  await page.reload();
  await page.waitForSelector('[data-machine="session"]');
  assert.equal(await clock(page), paused, 'the played time survives a reload');
  clean(page);
});

// ---------------------------------------------------------------------------------------------
// 6. Lobby

test('an anonymous participant waits in an Invited conference’s lobby; Admit lets it in', async (t) => {
  const scenario = {
    config: { access_level: 'Invited' },
    steps: [
      { event: 'BeginJoin' },
      { event: 'Advance', by: 'PT1S' },
      { event: 'ParticipantJoins', participant: 'anon', kind: 'Anonymous' },
    ],
  };
  const page = await lab(t, scenarioLink(base, scenario));
  await expectState(page, 'session', 'Connected');
  assert.equal(await page.getAttribute('[data-access-level]', 'data-access-level'), 'Invited');
  assert.deepEqual(await lobby(page), ['anon']);
  assert.deepEqual(await roster(page), ['local']);
  const row = '[data-machine="conference"] [data-lobby] [data-participant="anon"]';
  const admit = `${row} button[data-event="BeginAdmitLobbyParticipants"]`;
  const deny = `${row} button[data-event="BeginDenyLobbyParticipants"]`;
  assert.match(await page.textContent(admit), /Admit/);
  assert.match(await page.textContent(deny), /Deny/);
  assert.equal(await page.getAttribute(admit, 'data-legal'), 'true');
  assert.equal(await page.getAttribute(deny, 'data-legal'), 'true');
  const [placed] = await logEntries(page);
  assert.ok(placed.rules.includes('L-level'), `the lobby decision is tagged L-level: ${placed.rules}`);

  await page.click(admit);
  await page.waitForSelector('[data-timer="command-response"]', WAIT);
  assert.deepEqual(await lobby(page), ['anon'], 'still waiting until the Focus answers');
  await nextTimer(page);
  await page.waitForSelector('[data-machine="conference"] [data-roster] [data-participant="anon"]', WAIT);
  assert.deepEqual(await roster(page), ['anon', 'local']);
  assert.deepEqual(await lobby(page), []);
  assert.ok((await logEntries(page)).some((e) => e.rules.includes('L-leave')), 'an L-leave entry');
  clean(page);
});

// ---------------------------------------------------------------------------------------------
// 7. Rule explanation

test('selecting a log entry explains its rule with the DOMAIN.md text', async (t) => {
  const page = await lab(t);
  await fire(page, 'BeginJoin');
  await page.waitForSelector('li[data-log-entry][data-rules="T1"]', WAIT);
  await page.click('li[data-log-entry][data-rules="T1"] button.select');
  await page.waitForSelector('section.explanation[data-rule="T1"]', WAIT);
  // The rule texts are fetched beside the app the first time a rule is explained.
  await page.waitForFunction(() => document.querySelector('section.explanation') && !document.querySelector('section.explanation').textContent.includes('Loading'), null, WAIT);
  const text = await page.textContent('section.explanation[data-rule="T1"]');
  assert.match(text, /Idle → Connecting/);
  assert.match(text, /BeginJoin/);
  assert.equal(await page.getAttribute('li[data-log-entry][data-rules="T1"] button.select', 'aria-pressed'), 'true');

  // A rule tag elsewhere (the newest entry's T2 after the join response) explains that rule.
  await nextTimer(page);
  await page.click('li[data-log-entry] button.tag:text-is("T2")');
  await page.waitForSelector('section.explanation[data-rule="T2"]', WAIT);
  assert.match(await page.textContent('section.explanation'), /Connecting → Connected/);
  clean(page);
});

// ---------------------------------------------------------------------------------------------
// 8. Keyboard

test('Tab reaches the event buttons and Enter fires the focused one', async (t) => {
  const page = await lab(t);
  const target = '#events button[data-event="BeginJoin"]';
  let reached = false;
  for (let i = 0; i < 200 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate((sel) => document.activeElement === document.querySelector(sel), target);
  }
  assert.ok(reached, 'BeginJoin reachable with Tab');
  // The focused control is visibly marked (outline or box-shadow).
  const ring = await page.$eval(target, (b) => {
    const s = getComputedStyle(b);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  });
  assert.ok(ring, 'focus ring visible');
  await page.keyboard.press('Enter');
  await expectState(page, 'session', 'Connecting');
  assert.match(await page.textContent('[data-announce]'), /BeginJoin: session Connecting/);
  // Focus stays on the button after the re-render.
  assert.ok(await page.evaluate((sel) => document.activeElement === document.querySelector(sel), target), 'focus kept');
  clean(page);
});

// ---------------------------------------------------------------------------------------------
// 9. Narrow screen

test('at 375 px wide there is no horizontal scroll and the diagram is visible', async (t) => {
  const page = await lab(t, scenarioLink(base, REPRESENTATIVE), { width: 375, height: 800 });
  await expectState(page, 'session', 'Connected');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 376, `scrollWidth ${width} fits 375`);
  const svg = page.locator('[data-machine="session"] svg');
  assert.ok(await svg.isVisible(), 'diagram visible');
  // The diagram keeps a legible size and scrolls sideways inside its own panel; the page does not.
  const box = await page.locator('[data-machine="session"] .svg-wrap').boundingBox();
  assert.ok(box.width > 200 && box.x >= 0 && box.x + box.width <= 376, `diagram panel inside the viewport: ${JSON.stringify(box)}`);
  const current = await page.locator('[data-machine="session"] g.state.current').boundingBox();
  assert.ok(current.width > 80, 'the current state is drawn at a legible size');
  // Nothing visible sticks out on the right, also with the link, the transitions and the
  // configuration opened.
  const wide = () => page.evaluate(() => [...document.querySelectorAll('body *')]
    .filter((e) => e.checkVisibility() && !e.closest('.svg-wrap svg') && e.getBoundingClientRect().right > 376)
    .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className}`));
  assert.deepEqual(await wide(), [], 'no element wider than the viewport');
  for (const summary of ['details.link summary', 'details.edge-list summary', 'section.config summary']) {
    await page.click(summary);
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(w <= 376, `scrollWidth ${w} with ${summary} open`);
    assert.deepEqual(await wide(), [], `no element wider than the viewport with ${summary} open`);
  }
  clean(page);
});

// ---------------------------------------------------------------------------------------------
// 10. Configuration

test('applying a configuration reruns the steps (V1); an invalid duration names the field and changes nothing', async (t) => {
  const page = await lab(t, scenarioLink(base, DENIED));
  await expectState(page, 'session', 'Disconnecting');
  await expectState(page, 'conversation', 'Terminating');
  const stepsBefore = JSON.parse(await saved(page)).steps.length;

  await page.click('section.config summary');
  const v1 = page.locator('section.config .variant label:has-text("V1") input[type="checkbox"]');
  await v1.check();
  await page.click('[data-action="apply-config"]');
  await expectState(page, 'session', 'Idle');
  await expectState(page, 'conversation', 'Terminated');
  const [denied] = await logEntries(page);
  assert.ok(denied.rules.includes('V1'), `the deny line carries V1: ${denied.rules}`);
  const session = JSON.parse(await saved(page));
  assert.equal(session.config.variants?.V1, true, 'V1 saved');
  assert.equal(session.steps.length, stepsBefore, 'same steps, rerun');

  // An invalid duration: the banner names the field; nothing changes.
  const kept = await snapshot(page);
  const keptText = await saved(page);
  await page.fill('section.config label:has-text("anonymous user grace period") input', '90 minutes');
  await page.click('[data-action="apply-config"]');
  await page.waitForSelector('[data-error]', WAIT);
  const message = await page.textContent('[data-error]');
  assert.match(message, /anonymous_user_grace_period/);
  assert.match(message, /90 minutes/);
  assert.deepEqual(await snapshot(page), kept, 'session unchanged');
  assert.equal(await saved(page), keptText, 'saved session unchanged');
  clean(page);
});

// ---------------------------------------------------------------------------------------------
// 11. Export / import

test('export then import in a fresh context gives the same session; a broken file is refused with step and field', async (t) => {
  const page = await lab(t, scenarioLink(base, REPRESENTATIVE));
  await expectState(page, 'session', 'Connected');
  await fire(page, 'FocusFailover');
  await expectState(page, 'session', 'Reconnecting');
  const exported = await snapshot(page);

  const [download] = await Promise.all([page.waitForEvent('download', WAIT), page.click('[data-action="export"]')]);
  assert.equal(await download.failure(), null, 'download completed');
  assert.match(download.suggestedFilename(), /\.json$/);
  const text = await readFile(await download.path(), 'utf8');
  const scenario = JSON.parse(text);
  assert.equal(scenario.steps.length, REPRESENTATIVE.steps.length + 1);
  assert.equal(scenario.steps.at(-1).event, 'FocusFailover');
  clean(page);

  const other = await lab(t);
  await expectState(other, 'session', 'Idle');
  await other.setInputFiles('input[type="file"][data-action="import"]', { name: 'exported.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expectState(other, 'session', 'Reconnecting');
  assert.deepEqual(await snapshot(other), exported, 'same session after import');
  assert.match(await other.textContent('[data-announce]'), /exported\.json/);

  // A broken file: step 1 has a bad mode. Refused, the imported session stays.
  const kept = await snapshot(other);
  const keptText = await saved(other);
  const broken = JSON.stringify({ steps: [{ event: 'ParticipantJoins', participant: 'bob', kind: 'Enterprise' }, { event: 'BeginJoin', mode: 'Sometimes' }] });
  await other.setInputFiles('input[type="file"][data-action="import"]', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(broken) });
  await other.waitForSelector('[data-error]', WAIT);
  const message = await other.textContent('[data-error]');
  assert.match(message, /broken\.json/);
  assert.match(message, /step 1/);
  assert.match(message, /mode/);
  assert.deepEqual(await snapshot(other), kept, 'session unchanged');
  assert.equal(await saved(other), keptText);

  // The same file chosen again (after fixing it, say) is read again: the input was reset.
  await other.setInputFiles('input[type="file"][data-action="import"]', { name: 'exported.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await other.waitForSelector('[data-error]', { state: 'detached', ...WAIT });
  assert.deepEqual(await snapshot(other), exported);
  clean(other);
});

// ---------------------------------------------------------------------------------------------
// 12. Screenshots

test('screenshots of a representative session (wide and 375 px)', async (t) => {
  await mkdir(SHOTS, { recursive: true });
  for (const [file, viewport] of [['lab.png', { width: 1400, height: 1000 }], ['lab-375.png', { width: 375, height: 800 }]]) {
    const page = await lab(t, scenarioLink(base, REPRESENTATIVE), viewport);
    await expectState(page, 'session', 'Connected');
    await page.waitForSelector('[data-timer="D-grace"]', WAIT);
    assert.deepEqual(await roster(page), ['local', 'pstn1']);
    assert.deepEqual(await lobby(page), ['fed1']);
    assert.equal(await page.getAttribute('[data-timer="D-grace"]', 'data-due'), '5405');
    await page.screenshot({ path: join(SHOTS, file), fullPage: file === 'lab.png', animations: 'disabled' });
    console.log(`screenshot: ${join(SHOTS, file)}`);
    clean(page);
  }
});

// ---------------------------------------------------------------------------------------------
// Measurements (printed, never asserted)

test('measure: time to first render and click-to-DOM latency', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  t.after(() => context.close());
  await context.addInitScript(() => {
    const seen = () => {
      if (window.__firstRender === undefined && document.querySelector('[data-machine="session"]')) {
        window.__firstRender = performance.now();
        return true;
      }
      return false;
    };
    new MutationObserver((_, obs) => { if (seen()) obs.disconnect(); })
      .observe(document, { childList: true, subtree: true });
  });
  const page = watchErrors(await context.newPage());
  await page.goto(base);
  await page.waitForSelector('[data-machine="session"]');
  const first = await page.evaluate(() => window.__firstRender);
  console.log(`first render: ${first.toFixed(1)} ms from navigation start to [data-machine=session]`);

  await joinNow(page);
  const samples = await page.evaluate(async (n) => {
    const session = () => document.querySelector('[data-machine="session"]');
    const button = (e) => document.querySelector(`#events button[data-event="${e}"]`);
    const out = [];
    for (let i = 0; i < n; i++) {
      const [event, target] = i % 2 === 0 ? ['FocusFailover', 'Reconnecting'] : ['ReconnectSucceeded', 'Connected'];
      const shown = new Promise((resolve) => {
        const check = () => session()?.dataset.state === target;
        const obs = new MutationObserver(() => { if (check()) { obs.disconnect(); resolve(performance.now()); } });
        obs.observe(document.body, { attributes: true, childList: true, subtree: true, attributeFilter: ['data-state'] });
      });
      const t0 = performance.now();
      button(event).click();
      out.push((await shown) - t0);
    }
    return out;
  }, 200);
  const sorted = [...samples].sort((a, b) => a - b);
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  console.log(`click to DOM over ${samples.length} clicks: median ${pct(0.5).toFixed(2)} ms, p90 ${pct(0.9).toFixed(2)} ms, max ${sorted.at(-1).toFixed(2)} ms, first ${samples[0].toFixed(2)} ms, last 20 median ${[...samples.slice(-20)].sort((a, b) => a - b)[10].toFixed(2)} ms`);
  await expectState(page, 'session', 'Connected');
  clean(page);
});

// ---------------------------------------------------------------------------------------------
// More of the contract: copy link, expectations in a link, embedding, the diagram's legibility

test('Copy link puts a #scenario= link on the clipboard that reopens the same session', async (t) => {
  const page = await lab(t, scenarioLink(base, REPRESENTATIVE));
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(base).origin });
  await expectState(page, 'session', 'Connected');
  await fire(page, 'FocusFailover');
  await expectState(page, 'session', 'Reconnecting');
  const shown = await snapshot(page);
  await page.click('[data-action="copy-link"]');
  await page.waitForFunction(async () => (await navigator.clipboard.readText()).includes('#scenario='), null, WAIT);
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(link.startsWith(base), `link to this page: ${link.slice(0, 80)}…`);
  assert.equal(await page.inputValue('details.link input'), link, 'the Link field shows the same link');
  assert.equal(await page.$('[data-error]'), null, 'no error banner');
  clean(page);

  const other = await lab(t, link);
  await expectState(other, 'session', 'Reconnecting');
  assert.deepEqual(await snapshot(other), shown);
  clean(other);
});

test('a link whose expectations fail still loads, with a notice naming the step and the field', async (t) => {
  const scenario = { steps: [{ event: 'BeginJoin' }, { expect: { session: 'Idle' } }, { event: 'Advance', by: 'PT1S' }] };
  const page = await lab(t, scenarioLink(base, scenario));
  await expectState(page, 'session', 'Connected');
  await page.waitForSelector('.banner.notice', WAIT);
  const notice = await page.textContent('.banner.notice');
  assert.match(notice, /step 1/);
  assert.match(notice, /session/);
  assert.match(notice, /Connecting/);
  assert.equal(await page.$('[data-error]'), null, 'a failed expectation is not an error');
  clean(page);
});

test('the lab runs at a sub-path inside an iframe and loads a link there', async (t) => {
  const sub = await serve(undefined, '/docs/lab/');
  t.after(() => sub.close());
  const page = await docs(t);
  const src = scenarioLink(`${sub.url}index.html`, GRACE);
  await page.setContent(`<!doctype html><title>docs</title><iframe src="${src}" width="900" height="700"></iframe>`);
  const frame = page.frameLocator('iframe');
  await frame.locator('[data-machine="session"][data-state="Connected"]').waitFor(WAIT);
  assert.equal(await frame.locator('[data-timer="D-grace"]').getAttribute('data-due'), '5405');
  await frame.locator('#events button[data-event="FocusFailover"]').click();
  await frame.locator('[data-machine="session"][data-state="Reconnecting"]').waitFor(WAIT);
  clean(page);
});

test('?embed&panels=diagram,timers&start=end shows those panels and the events, nothing else',
  async (t) => {
    const sub = await serve(undefined, '/docs/lab/');
    t.after(() => sub.close());
    const page = await docs(t);
    const src = scenarioLink(`${sub.url}index.html?embed&panels=diagram,timers&start=end`, GRACE);
    await page.setContent(`<!doctype html><title>docs</title><iframe src="${src}" width="700" height="500"></iframe>`);
    const frame = page.frameLocator('iframe');
    await frame.locator('[data-machine="session"][data-state="Connected"]').waitFor(WAIT);
    assert.ok(await frame.locator('[data-machine="session"] svg').isVisible(), 'diagram');
    assert.ok(await frame.locator('#events').isVisible(), 'events');
    assert.ok(await frame.locator('[data-timer="D-grace"]').isVisible(), 'timers');
    for (const side of ['section.log', 'section.explanation', 'section.config', '[data-machine="conference"]']) {
      assert.equal(await frame.locator(side).isVisible(), false, `${side} hidden in the embed`);
    }
    clean(page);
  });

test('the session diagram is legible: no overlapping edge labels, readable text at 375 px',
  async (t) => {
    const overlaps = (page) => page.evaluate(() => {
      const ts = [...document.querySelectorAll('[data-machine="session"] svg g.edge text')].map((e) => ({ tag: e.textContent, r: e.getBoundingClientRect() }));
      const out = [];
      for (let i = 0; i < ts.length; i++) for (let j = i + 1; j < ts.length; j++) {
        const [a, b] = [ts[i].r, ts[j].r];
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) out.push(`${ts[i].tag}/${ts[j].tag}`);
      }
      return out;
    });
    const wide = await lab(t);
    assert.deepEqual(await overlaps(wide), [], 'edge labels overlap');
    const narrow = await lab(t, base, { width: 375, height: 800 });
    const smallest = await narrow.evaluate(() => Math.min(...[...document.querySelectorAll('[data-machine="session"] svg text')].map((e) => e.getBoundingClientRect().height)));
    assert.ok(smallest >= 10, `smallest diagram text ${smallest.toFixed(1)} px tall at 375 px`);
    clean(wide);
    clean(narrow);
  });

test('Advance by a typed duration: fractions move the clock, a bad duration disables the button and says why', async (t) => {
  const page = await lab(t);
  await joinNow(page);
  await page.fill('.clock input[type="text"]', 'PT1M30.5S');
  await page.click('[data-action="advance"]');
  await page.waitForFunction(() => document.querySelector('[data-clock]').dataset.t === '91.5', null, WAIT).catch(() => {});
  assert.equal(await clock(page), 91.5);
  await page.fill('.clock input[type="text"]', 'soon');
  const button = '.clock button[data-event="Advance"]:not([data-action="next-timer"])';
  await page.waitForSelector(`${button}[disabled]`, WAIT);
  assert.equal(await page.getAttribute(button, 'data-legal'), 'false');
  assert.match(await page.textContent('.clock .field-error'), /ISO 8601/, 'the reason is on the page, not only in a tooltip');
  assert.equal(await clock(page), 91.5);
  clean(page);
});

test('Advance takes plain seconds in data-field="advance-by": 37 moves the clock by 37 s', async (t) => {
  const page = await lab(t);
  await joinNow(page);
  const start = await clock(page);
  await page.fill('input[data-field="advance-by"]', '37');
  await page.click('[data-action="advance"]');
  await page.waitForFunction((t0) => Number(document.querySelector('[data-clock]').dataset.t) === t0 + 37, start, WAIT).catch(() => {});
  assert.equal(await clock(page), start + 37);
  const [newest] = await logEntries(page);
  assert.match(newest.text, /The clock moved on by 37 s/, 'the Advance entry says how far');
  clean(page);
});

test('clicking a live diagram edge fires its event; Enter on a focused edge too; legality comes from the core', async (t) => {
  const page = await lab(t);
  await joinNow(page);
  await page.waitForSelector('g.edge[data-tag="T6"][data-fires="FocusFailover"]', WAIT);
  assert.equal(await page.locator('g.edge[data-tag="T4"][data-fires]').count(), 0, 'T4 does not leave Connected');
  await page.click('g.edge[data-tag="T6"] text');
  await expectState(page, 'session', 'Reconnecting');
  await page.focus('g.edge[data-tag="T7"][data-fires]');
  await page.keyboard.press('Enter');
  await expectState(page, 'session', 'Connected');
  // Reconnecting from the lobby: only T12 can happen, so T7 is not live.
  const lobby = await lab(t, scenarioLink(base, { steps: [
    { event: 'BeginJoin', identity: 'Federated' }, { event: 'Advance', by: 'PT1S' }, { event: 'FocusFailover' },
  ] }));
  await expectState(lobby, 'session', 'Reconnecting');
  await lobby.waitForSelector('g.edge[data-tag="T12"][data-fires="ReconnectSucceeded"]', WAIT);
  assert.equal(await lobby.locator('g.edge[data-tag="T7"][data-fires]').count(), 0, 'T7 is not live from the lobby');
  assert.match(await lobby.getAttribute('g.edge[data-tag="T7"]', 'class'), /muted/);
  clean(page);
  clean(lobby);
});

test('an event with no effect says so, in the log and in the status line', async (t) => {
  const page = await lab(t);
  await joinNow(page);
  await fire(page, 'ReconnectSucceeded');
  await page.waitForFunction(() => /No effect now/.test(document.querySelector('[data-announce]')?.textContent ?? ''), null, WAIT).catch(() => {});
  assert.match(await page.textContent('[data-announce]'), /ReconnectSucceeded: session Connected.*No effect now/);
  const [newest] = await logEntries(page);
  assert.match(newest.text, /ReconnectSucceeded: no effect now/);
  assert.deepEqual(newest.rules, []);
  clean(page);
});

test('the log says in words who the 90-minute rule removed and why', async (t) => {
  const scenario = {
    steps: [
      { event: 'BeginJoin', mode: 'TrustedParticipant' }, { event: 'Advance', by: 'PT1S' },
      { event: 'ParticipantJoins', participant: 'pstn1', kind: 'Pstn' }, { event: 'Advance', by: 'PT91M' },
    ],
  };
  const page = await lab(t, scenarioLink(base, scenario));
  await page.waitForSelector('li[data-log-entry][data-rules~="D-grace"][data-rules~="D-remove"]', WAIT);
  const text = await page.textContent('li[data-log-entry][data-rules~="D-grace"][data-rules~="D-remove"]');
  assert.match(text, /your endpoint and pstn1 removed: no enterprise participant for 1 h 30 min \(D-grace/);
  const entries = await logEntries(page);
  const first = entries[entries.length - 1];
  assert.match(first.text, /The session went Idle → Connecting \(T1\)/, 'the first entry shows its state change');
  clean(page);
});

/// The newest built `confsim` runner, if any (the browser and the runner share the contract).
async function runner() {
  const found = [];
  for (const dir of ['release', 'debug']) {
    const path = join(ROOT, 'target', dir, 'confsim');
    try { found.push({ path, mtime: (await stat(path)).mtimeMs }); } catch { /* not built */ }
  }
  return found.sort((a, b) => b.mtime - a.mtime)[0]?.path;
}

test('the exported trace is the runner’s trace for the exported scenario', async (t) => {
  const bin = await runner();
  if (!bin) { t.skip('no target/*/confsim built'); return; }
  const scenario = {
    ...REPRESENTATIVE,
    steps: [...REPRESENTATIVE.steps, { event: 'FocusFailover' }, { event: 'BeginLockConference' }, { event: 'Advance', by: 'PT91M' }],
  };
  const page = await lab(t, scenarioLink(base, scenario));
  await expectState(page, 'session', 'Disconnected');
  const files = {};
  for (const [name, sel] of [['scenario', '[data-action="export"]'], ['trace', '[data-action="export-trace"]']]) {
    const [download] = await Promise.all([page.waitForEvent('download', WAIT), page.click(sel)]);
    files[name] = await readFile(await download.path(), 'utf8');
  }
  const file = join(tmpdir(), `confsim-lab-${process.pid}.json`);
  await writeFile(file, files.scenario);
  t.after(() => rm(file, { force: true }));
  const cli = execFileSync(bin, ['run', file], { encoding: 'utf8' });
  assert.equal(files.trace, cli, `browser trace = ${bin} run`);
  const last = JSON.parse(files.trace.trim().split('\n').at(-1));
  assert.equal(last.state.session, await state(page, 'session'));
  assert.equal(last.t, await clock(page));
  clean(page);
});
