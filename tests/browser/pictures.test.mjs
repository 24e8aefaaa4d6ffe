// Pictures for documents that cannot run the lab (issue 12): `confsim render` output and the
// Mermaid exports, rendered by the real `mermaid` package (pinned in package.json) in headless
// Chromium; the SVG drawing opened as an image.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { launch, ROOT } from './helpers.mjs';

const BIN = join(ROOT, 'target', 'debug', 'confsim');
const MERMAID = join(ROOT, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');
const confsim = (...args) => execFileSync(BIN, args, { encoding: 'utf8' });

let browser;
let page;
before(async () => {
  browser = await launch();
  page = await (await browser.newContext()).newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.setContent('<!doctype html><title>pictures</title><body></body>');
  await page.addScriptTag({ path: MERMAID });
  await page.evaluate(() => window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }));
});
after(async () => { await browser?.close(); });

/// Parses and renders a Mermaid text; resolves to the SVG markup, or throws mermaid's error.
const renderMermaid = (text, id) => page.evaluate(async ([t, i]) => {
  await window.mermaid.parse(t);
  return (await window.mermaid.render(i, t)).svg;
}, [text, id]);

test('the sequence diagram of every library scenario parses and renders with mermaid', async () => {
  const files = (await readdir(join(ROOT, 'scenarios'))).filter((f) => f.endsWith('.json'));
  assert.ok(files.length >= 10);
  for (const [i, file] of files.entries()) {
    const text = confsim('render', join(ROOT, 'scenarios', file), '--format', 'mermaid-sequence');
    assert.match(text, /^sequenceDiagram\n/);
    const svg = await renderMermaid(text, `seq${i}`);
    assert.match(svg, /<svg/, file);
    for (const who of ['Application (local)', 'Focus']) assert.ok(svg.includes(who), `${file}: ${who} drawn`);
  }
  assert.deepEqual(page.errors, []);
});

test('the Mermaid exports of every machine render, their punctuation kept', async () => {
  for (const machine of ['session', 'mcu', 'conference']) {
    const text = confsim('export', '--format', 'mermaid', '--machine', machine);
    const svg = await renderMermaid(text, `exp${machine}`);
    assert.match(svg, /<svg/);
    if (machine === 'session') assert.ok(svg.includes('the join fails; EndJoin throws'), 'the semicolon is shown');
  }
  assert.deepEqual(page.errors, []);
});

test('the SVG drawing opens as an image and marks the state after the step', async () => {
  const svg = confsim('render', join(ROOT, 'scenarios', 'focus-failover-in-lobby.json'), '--format', 'svg', '--step', '2');
  const shown = await page.evaluate(async (text) => {
    const img = new Image();
    img.src = `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(text)))}`;
    await img.decode();
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return { width: img.naturalWidth, error: doc.querySelector('parsererror') !== null,
      current: doc.querySelector('g.state.current')?.getAttribute('data-state-node') };
  }, svg);
  assert.ok(shown.width > 500, `drawn as an image (${shown.width} px wide)`);
  assert.equal(shown.error, false);
  assert.equal(shown.current, 'Connecting');
});
