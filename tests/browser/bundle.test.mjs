// The release bundle's budget: wasm + JS at most 241 KB gzip (sizes are deterministic). The lab
// redesign's goal is 220 KB and is not met: the redesign, the course (lessons, predictions,
// challenges with a par searched in the page, authoring), stories in embeds and the core's SVG
// drawing grew it to 306 KB, and the cuts measured in BENCHMARKS.md ("Bundle") brought it back to
// 239,339 B (the glue minified with its linking names shortened, panels as functions and hooks of
// the App instead of component types, the tags' summaries fetched, the core's timers in a vector).
// The budget keeps it from growing while the rest is cut.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST } from './helpers.mjs';

const BUDGET = 241 * 1000;

test('release wasm + JS fit in 241 KB gzip', async () => {
  const files = (await readdir(DIST)).filter((f) => f.endsWith('.wasm') || f.endsWith('.js'));
  assert.ok(files.some((f) => f.endsWith('.wasm')), 'dist/ holds the release build');
  let gzip = 0;
  for (const f of files) {
    const body = await readFile(join(DIST, f));
    const size = gzipSync(body, { level: 9 }).length;
    gzip += size;
    console.log(`${f}: ${body.length} B raw, ${size} B gzip`);
  }
  console.log(`total: ${gzip} B gzip of ${BUDGET}`);
  assert.ok(gzip <= BUDGET, `bundle ${gzip} B gzip exceeds ${BUDGET}`);
});
