// The course in the lab (issue 11): #lesson= links, the player, predictions, challenges and the
// progress kept between visits.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, state, fire } from './helpers.mjs';

const WAIT = { timeout: 15_000 };
let site;
let browser;
before(async () => { site = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await site?.close(); });

async function page(t, hash) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  t.after(() => context.close());
  const p = await context.newPage();
  p.errors = [];
  p.on('console', (m) => { if (m.type() === 'error') p.errors.push(m.text()); });
  p.on('pageerror', (e) => p.errors.push(String(e)));
  await p.goto(`${site.url}index.html${hash}`);
  await p.waitForSelector('[data-machine="session"]');
  return p;
}

const step = (p) => p.getAttribute('[data-player]', 'data-step');

test('#lesson= opens a lesson at step 0; next and prev move data-step; the notes narrate', async (t) => {
  const p = await page(t, '#lesson=first-join');
  await p.waitForSelector('[data-player][data-step="0"]', WAIT);
  assert.ok(Number(await p.getAttribute('[data-player]', 'data-steps')) > 5);
  assert.equal(await state(p, 'session'), 'Idle');
  await p.waitForSelector('[data-course-entry="first-join"]', WAIT);
  assert.ok(await p.locator('[data-course-entry]').count() >= 20, 'the course is listed');
  await p.click('[data-player-action="next"]');
  assert.equal(await step(p), '1');
  assert.match(await p.textContent('[data-narration]'), /Before anything happens/);
  await p.click('[data-player-action="next"]');
  assert.equal(await step(p), '2');
  assert.equal(await state(p, 'session'), 'Connecting');
  assert.match(await p.textContent('[data-narration]'), /BeginJoin/);
  await p.click('[data-player-action="prev"]');
  assert.equal(await step(p), '1');
  assert.equal(await state(p, 'session'), 'Idle');
  assert.deepEqual(p.errors, []);
});

test('predictions: asked before each event step, marked right or wrong, counted', async (t) => {
  const p = await page(t, '#lesson=first-join');
  await p.waitForSelector('[data-player][data-step="0"]', WAIT);
  await p.click('[data-action="predict"]');
  await p.click('[data-player-action="next"]'); // an expectation: nothing to predict
  assert.equal(await p.locator('[data-predict]').count(), 0);
  await p.click('[data-player-action="next"]'); // BeginJoin: asked first
  await p.waitForSelector('[data-predict]', WAIT);
  assert.equal(await step(p), '1', 'not applied before the answer');
  await p.click('[data-predict] [data-choice="Connecting"]');
  await p.waitForSelector('[data-predict-result="right"]', WAIT);
  assert.equal(await step(p), '2');
  assert.match(await p.textContent('[data-predict-result]'), /T1/);
  await p.click('[data-player-action="next"]'); // an expectation
  await p.click('[data-player-action="next"]'); // the Focus answers: Connected
  await p.click('[data-predict] [data-choice="Idle"]');
  await p.waitForSelector('[data-predict-result="wrong"]', WAIT);
  assert.match(await p.textContent('[data-predict-result]'), /Connected/);
  assert.match(await p.textContent('[data-action="predict"]'), /1 of 2 right/);
  assert.deepEqual(p.errors, []);
});

test('a challenge solved at par is marked solved, and its course entry stays done after a reload', async (t) => {
  const p = await page(t, '#lesson=back-to-two-party');
  const c = p.locator('[data-challenge="back-to-two-party"]');
  await c.waitFor(WAIT);
  assert.equal(await c.getAttribute('data-par'), '2', 'par found by the search in the page');
  assert.equal(await c.getAttribute('data-solved'), 'false');
  assert.equal(await c.getAttribute('data-moves'), '0');
  // An event the challenge does not allow is refused.
  await fire(p, 'FocusFailover');
  assert.match(await p.textContent('[data-announce]'), /Not in this challenge/);
  // A hint names an allowed event of a shortest way.
  await p.click('[data-action="hint"]');
  assert.match(await p.textContent('[data-announce]'), /Hint: try EscalationFailed/);
  await fire(p, 'EscalationFailed');
  await p.fill('input[data-field="advance-by"]', '1');
  await p.click('[data-action="advance"]');
  await p.waitForSelector('[data-challenge][data-solved="true"]', WAIT);
  assert.equal(await c.getAttribute('data-moves'), '2');
  assert.equal(await state(p, 'session'), 'Idle');
  await p.waitForSelector('[data-course-entry="back-to-two-party"][data-done="true"]', WAIT);
  assert.equal(await p.getAttribute('[data-course-entry="first-join"]', 'data-done'), 'false');
  await p.reload();
  await p.waitForSelector('[data-course-entry="back-to-two-party"][data-done="true"]', WAIT);
  assert.match(await p.textContent('[data-course-entry="back-to-two-party"]'), /best 2 moves/);
  // Progress can be reset.
  await p.click('[data-action="reset-progress"]');
  await p.waitForSelector('[data-course-entry="back-to-two-party"][data-done="false"]', WAIT);
  assert.deepEqual(p.errors, []);
});

test('Show me plays a shortest solution; a lesson played to its end is done', async (t) => {
  const p = await page(t, '#lesson=lock-the-door');
  const c = p.locator('[data-challenge="lock-the-door"]');
  await c.waitFor(WAIT);
  await p.click('[data-action="show-me"]');
  await p.waitForSelector('[data-challenge][data-solved="true"]', WAIT);
  assert.equal(await c.getAttribute('data-moves'), await c.getAttribute('data-par'));
  // A lesson: played to its last step with the player.
  await p.goto(`${site.url}index.html#lesson=first-join`);
  await p.waitForSelector('[data-player][data-step="0"]', WAIT);
  await p.click('[data-player-action="end"]');
  await p.waitForSelector('[data-course-entry="first-join"][data-done="true"]', WAIT);
  assert.deepEqual(p.errors, []);
});

test('a lesson id that names no file is refused with an alert; the session is kept', async (t) => {
  const p = await page(t, '#lesson=no-such-lesson');
  await p.waitForSelector('[role="alert"][data-error]', WAIT);
  assert.match(await p.textContent('[data-error]'), /lessons\/no-such-lesson\.json/);
  const bad = await page(t, '#lesson=..%2Fscenarios%2Fx');
  await bad.waitForSelector('[data-error]', WAIT);
  assert.match(await bad.textContent('[data-error]'), /not a lesson id/);
  assert.deepEqual(p.errors.filter((e) => !e.includes('404')), []);
});

test('Save as challenge: the present state becomes the goal of a link that opens as a challenge', async (t) => {
  const p = await page(t, '');
  await fire(p, 'BeginJoin');
  await p.click('[data-action="next-timer"]');
  await fire(p, 'FocusFailover');
  await p.click('[data-player-action="start"]');
  await p.click('details.author summary');
  await p.click('[data-action="challenge-link"]');
  const link = await p.inputValue('input.challenge-link');
  assert.match(link, /#scenario=/);
  const q = await page(t, link.slice(link.indexOf('#')));
  const c = q.locator('[data-challenge]');
  await c.waitFor(WAIT);
  assert.equal(await c.getAttribute('data-par'), '3', 'join, the answer, the failover');
  assert.match(await q.textContent('[data-challenge]'), /Reconnecting/);
  assert.deepEqual(q.errors, []);
});
