// Trunk's post_build hook (Trunk.toml): makes the wasm-bindgen glue small, in Trunk's staging
// directory (which becomes dist/).
//
// 1. The names the wasm module and its JS glue link by — imports (`__wbg_…_<hash>`, their
//    module "./confsim-app_bg.js") and exports (`__wbindgen_malloc`, closure shims…) — are
//    renamed to short ones in both files. Nothing else in the wasm changes (the import and export
//    sections are rewritten, every other section is copied as it is).
// 2. The glue is minified with terser (package.json pins it).
// 3. index.html's `integrity` hashes (Trunk's subresource integrity on the preloads) are
//    recomputed for both files.
// 4. embed.js (the script a host page includes to size its embeds; static/embed.js documents
//    it) is minified too.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';

const { TRUNK_STAGING_DIR } = process.env;
if (!TRUNK_STAGING_DIR) throw new Error('minify-dist.mjs is a Trunk hook: TRUNK_STAGING_DIR is not set');
const dir = TRUNK_STAGING_DIR;
const html = readFileSync(join(dir, 'index.html'), 'utf8');
const named = (attr) => {
  const m = html.match(new RegExp(`${attr}="(?:\\./)?([^"]+)"`));
  if (!m) throw new Error(`index.html has no ${attr}`);
  return m[1];
};
const jsFile = named('data-js');
const wasmFile = named('data-wasm');

// --- the wasm: sections, LEB128 -----------------------------------------------------------
const wasm = readFileSync(join(dir, wasmFile));
let pos = 0;
const u32 = (buf) => {
  let result = 0, shift = 0, byte;
  do {
    byte = buf[pos++];
    result |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  return result >>> 0;
};
const leb = (n) => {
  const out = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return Buffer.from(out);
};
const name = (buf) => {
  const len = u32(buf);
  const s = buf.toString('utf8', pos, pos + len);
  pos += len;
  return s;
};
const encodeName = (s) => {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([leb(b.length), b]);
};
const limits = (buf) => {
  const flags = buf[pos++];
  u32(buf);
  if (flags & 1) u32(buf);
};

// Short names, as JS identifiers: a … z, A … Z, then two letters.
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const short = (i) => (i < LETTERS.length ? LETTERS[i] : short(Math.floor(i / LETTERS.length) - 1) + LETTERS[i % LETTERS.length]);

if (wasm.readUInt32LE(0) !== 0x6d736100) throw new Error(`${wasmFile} is not a wasm module`);
pos = 8;
const parts = [wasm.subarray(0, 8)];
const imports = new Map(); // old field name → new
const modules = new Map(); // old module name → new
const exports = new Map();
while (pos < wasm.length) {
  const start = pos;
  const id = wasm[pos++];
  const size = u32(wasm);
  const end = pos + size;
  if (id === 2) {
    const count = u32(wasm);
    const body = [leb(count)];
    for (let i = 0; i < count; i++) {
      const module = name(wasm);
      const field = name(wasm);
      const descStart = pos;
      const kind = wasm[pos++];
      if (kind === 0x00 || kind === 0x04) {
        if (kind === 0x04) pos++;
        u32(wasm);
      } else if (kind === 0x01) {
        pos++; // reference type
        limits(wasm);
      } else if (kind === 0x02) limits(wasm);
      else if (kind === 0x03) pos += 2; // value type, mutability
      else throw new Error(`import ${module} ${field}: unknown kind ${kind}`);
      if (!modules.has(module)) modules.set(module, short(modules.size));
      if (!imports.has(field)) imports.set(field, short(imports.size));
      body.push(encodeName(modules.get(module)), encodeName(imports.get(field)), wasm.subarray(descStart, pos));
    }
    if (pos !== end) throw new Error('import section: unexpected length');
    const content = Buffer.concat(body);
    parts.push(Buffer.from([id]), leb(content.length), content);
  } else if (id === 7) {
    const count = u32(wasm);
    const body = [leb(count)];
    for (let i = 0; i < count; i++) {
      const field = name(wasm);
      const descStart = pos;
      pos++;
      u32(wasm);
      exports.set(field, short(exports.size));
      body.push(encodeName(exports.get(field)), wasm.subarray(descStart, pos));
    }
    if (pos !== end) throw new Error('export section: unexpected length');
    const content = Buffer.concat(body);
    parts.push(Buffer.from([id]), leb(content.length), content);
  } else {
    parts.push(wasm.subarray(start, end));
  }
  pos = end;
}
const newWasm = Buffer.concat(parts);

// --- the glue: the same names ---------------------------------------------------------------
let js = readFileSync(join(dir, jsFile), 'utf8');
const replaceAll = (pattern, map, what) => {
  js = js.replace(pattern, (whole, key) => {
    if (!map.has(key)) throw new Error(`${jsFile}: ${what} ${key} is not in ${wasmFile}`);
    return whole.replace(key, map.get(key));
  });
};
// Each import is a key of the imports object: `name: function(`.
const seen = new Set();
js = js.replace(/^(\s+)([A-Za-z_$][\w$]*): function\(/gm, (whole, indent, key) => {
  if (!imports.has(key)) return whole;
  seen.add(key);
  return `${indent}${imports.get(key)}: function(`;
});
for (const key of imports.keys()) if (!seen.has(key)) throw new Error(`${jsFile} does not define the import ${key}`);
for (const [module, to] of modules) {
  const quoted = JSON.stringify(module);
  if (!js.includes(`${quoted}:`)) throw new Error(`${jsFile} does not name the import module ${module}`);
  js = js.split(`${quoted}:`).join(`${JSON.stringify(to)}:`);
}
// Exports are read as `wasm.name`.
replaceAll(/\bwasm\.([A-Za-z_$][\w$]*)/g, exports, 'export');

const min = await minify(js, { module: true, compress: true, mangle: true });
if (!min.code) throw new Error(`terser gave no code for ${jsFile}`);

// --- write both, and their integrity -----------------------------------------------------------
const sri = (buf) => `sha384-${createHash('sha384').update(buf).digest('base64')}`;
let page = html;
for (const [file, body] of [[jsFile, Buffer.from(min.code)], [wasmFile, newWasm]]) {
  const before = sri(readFileSync(join(dir, file)));
  writeFileSync(join(dir, file), body);
  if (!page.includes(before)) throw new Error(`index.html has no integrity hash for ${file}`);
  page = page.split(before).join(sri(body));
}
writeFileSync(join(dir, 'index.html'), page);

const EMBED = 'embed.js';
const embed = await minify(readFileSync(join(dir, EMBED), 'utf8'), { compress: true, mangle: true });
if (!embed.code) throw new Error(`terser gave no code for ${EMBED}`);
writeFileSync(join(dir, EMBED), embed.code);
const files = readdirSync(dir).filter((f) => f === jsFile || f === wasmFile);
console.error(`minify-dist: ${files.join(', ')}: ${imports.size} imports, ${exports.size} exports renamed; glue ${js.length} → ${min.code.length} B`);
