// The rule panel shows each rule's text as HTML rendered at build time from DOMAIN.md
// (rules.json beside the app): real paragraphs and tables, fetched once, no markdown left.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, watchErrors } from './helpers.mjs';

const WAIT = { timeout: 5000 };
let server;
let browser;

before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/// Opens the lab in a fresh context that records which rule texts it requests; the context
/// closes when the test ends.
async function lab(t, viewport) {
  const context = await browser.newContext({ viewport });
  t.after(() => context.close());
  const fetched = [];
  context.on('request', (r) => {
    const name = new URL(r.url()).pathname.split('/').pop();
    if (name === 'rules.json' || name === 'DOMAIN.md') fetched.push(name);
  });
  const page = watchErrors(await context.newPage());
  await page.goto(`${server.url}index.html`);
  await page.waitForSelector('[data-machine="session"]');
  return { page, fetched };
}

/// Selects a tag in the coverage list (every tag is there) and waits for its text (not the
/// "Loading…" hint).
async function explain(page, tag) {
  await page.click(`.coverage-list [data-tag="${tag}"] button.tag`);
  await page.waitForSelector(`section.explanation[data-rule="${tag}"] .rule-text > :is(p:not(.hint), table)`, WAIT);
  return page.locator(`section.explanation[data-rule="${tag}"]`);
}

test('a rule whose text holds a table shows a table; a paragraph wrapped over several lines is one <p>', async (t) => {
  const { page, fetched } = await lab(t, { width: 1400, height: 1000 });

  // L-level: a paragraph, then DOMAIN.md's access-level table (a header and four levels).
  const level = await explain(page, 'L-level');
  const text = level.locator('.rule-text');
  assert.equal(await text.locator('p').count(), 1);
  assert.match(await text.locator('p').textContent(), /^L-level — who waits, by access level:$/);
  assert.equal(await text.locator('table').count(), 1);
  assert.deepEqual(await text.locator('table thead th').allTextContents(), ['access level', 'who enters directly', 'who waits in the lobby']);
  assert.equal(await text.locator('table tbody tr').count(), 4);
  assert.deepEqual(await text.locator('table tbody tr:nth-child(2) td').allTextContents(),
    ['SameEnterprise ("Anyone from my organization", 2)', 'enterprise users', 'federated and anonymous users']);
  assert.equal(await text.locator('table tbody tr:nth-child(2) td code').textContent(), 'SameEnterprise');
  assert.doesNotMatch(await text.textContent(), /\||\*\*|`/, 'no markdown left');
  // The summary and the source lines stay.
  assert.equal(await level.locator('p.summary').count(), 1);
  assert.match(await level.locator('p.source').textContent(), /^Source: /);

  // D-grace: six source lines of one paragraph are one <p>.
  const grace = (await explain(page, 'D-grace')).locator('.rule-text');
  assert.equal(await grace.locator('p').count(), 1);
  const paragraph = await grace.locator('p').textContent();
  assert.match(paragraph, /^D-grace \("90-minute rule", AnonymousUserGracePeriod, default 1 h 30 min\): when the conference holds/);
  assert.match(paragraph, /a termination countdown starts \(TerminationCountdownStatusChanged: Started, remaining time\);/);
  assert.match(paragraph, /the local session goes T3 → T4\.$/);

  // T1: its table row under the table's header, the tag column left out.
  const t1 = (await explain(page, 'T1')).locator('.rule-text');
  assert.deepEqual(await t1.locator('thead th').allTextContents(), ['from → to', 'trigger']);
  assert.deepEqual(await t1.locator('tbody td').allTextContents(), ['Idle → Connecting', 'BeginJoin']);

  // Fetched once, when first needed; DOMAIN.md itself is no longer fetched.
  assert.deepEqual(fetched, ['rules.json']);
  assert.equal(await page.locator('[style]').count(), 0, 'no inline style');
  assert.deepEqual(page.errors, []);
});

test('at 375 px the tables fit the rule panel', async (t) => {
  const { page } = await lab(t, { width: 375, height: 800 });
  for (const tag of ['L-level', 'V1', 'V2']) {
    const text = (await explain(page, tag)).locator('.rule-text');
    // The table's right edge against the text's content box (inside its padding and border).
    const [table, content] = await text.evaluate((q) => {
      const s = getComputedStyle(q);
      const right = q.getBoundingClientRect().right - parseFloat(s.paddingRight) - parseFloat(s.borderRightWidth);
      return [q.querySelector('table').getBoundingClientRect().right, right];
    });
    assert.ok(table <= content + 0.5, `${tag}: the table ends at ${table} px, the text at ${content} px`);
  }
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 376, `scrollWidth ${width} fits 375`);
  assert.deepEqual(page.errors, []);
});
