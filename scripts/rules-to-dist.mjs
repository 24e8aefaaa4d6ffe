// Trunk's post_build hook (Trunk.toml): puts rules.json — every rule's text in docs/DOMAIN.md as
// HTML, rendered by build.rs into its OUT_DIR (see src/core/rule_text.rs) — and tags.json — the
// tags' summaries and sources' titles (src/core/tag_text.rs), which the app fetches before it
// starts — beside the app, in Trunk's staging directory, which becomes dist/.
//
// Cargo names that OUT_DIR: the build Trunk has just run, asked again with --message-format=json
// (everything is fresh, nothing is rebuilt), reports the build script's out_dir. The arguments
// are those Trunk passes for index.html's rust link (wasm32, the profile, --bin confsim-app
// --features app); should they ever differ, cargo builds that configuration as well — slower,
// the same file.
import { execFileSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';

const FILES = ['rules.json', 'tags.json']; // core::rule_text::RULES_FILE, core::tag_text::TAGS_FILE
const { TRUNK_PROFILE, TRUNK_STAGING_DIR } = process.env;
if (!TRUNK_STAGING_DIR) throw new Error('rules-to-dist.mjs is a Trunk hook: TRUNK_STAGING_DIR is not set');

const args = ['build', '--quiet', '--offline', '--target=wasm32-unknown-unknown', ...(TRUNK_PROFILE === 'release' ? ['--release'] : []),
  '--bin', 'confsim-app', '--features', 'app', '--message-format=json'];
const messages = execFileSync('cargo', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 256 << 20 })
  .split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
// The app's package is the one that builds the confsim-app binary; its build script wrote the file.
const app = messages.find((m) => m.reason === 'compiler-artifact' && m.target?.name === 'confsim-app');
const script = messages.find((m) => m.reason === 'build-script-executed' && m.package_id === app?.package_id);
if (!script) throw new Error(`cargo ${args.join(' ')} named no build script output for confsim-app`);
for (const file of FILES) copyFileSync(join(script.out_dir, file), join(TRUNK_STAGING_DIR, file));
