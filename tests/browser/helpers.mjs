// Shared by the browser tests: serve dist/ on a free loopback port and drive headless Chromium.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DIST = join(ROOT, 'dist');

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.png': 'image/png' };

/// Serves `dir` under `prefix` (e.g. '/docs/lab/') on 127.0.0.1; resolves to { url, close }.
export async function serve(dir = DIST, prefix = '/') {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(prefix)) { res.writeHead(404).end(); return; }
    let rel = normalize(path.slice(prefix.length)).replace(/^(\.\.[/\\])+/, '');
    if (rel === '.' || rel === '' || rel.endsWith('/')) rel = join(rel === '.' ? '' : rel, 'index.html');
    try {
      const body = await readFile(join(dir, rel));
      res.writeHead(200, { 'content-type': TYPES[extname(rel)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  // close() also ends the keep-alive connections a browser that is still open holds.
  return { url: `http://127.0.0.1:${port}${prefix}`, close: () => new Promise((ok) => { server.close(ok); server.closeAllConnections(); }) };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/// Records console errors and uncaught exceptions in `page.errors` (tests assert it is empty).
export function watchErrors(page) {
  page.errors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  return page;
}

/// A new page that fails the test on any console error or uncaught exception.
export async function open(browser, url, viewport = { width: 1400, height: 1000 }) {
  const context = await browser.newContext({ viewport });
  const page = watchErrors(await context.newPage());
  await page.goto(url);
  await page.waitForSelector('[data-machine="session"]');
  return page;
}

export const state = (page, machine) => page.getAttribute(`[data-machine="${machine}"]`, 'data-state');
export const legal = (page, event) => page.getAttribute(`#events button[data-event="${event}"]`, 'data-legal');
export const fire = (page, event) => page.click(`#events button[data-event="${event}"]`);
export const scenarioLink = (base, scenario) => `${base}#scenario=${Buffer.from(JSON.stringify(scenario)).toString('base64url')}`;
