#!/usr/bin/env bash
# Runs every test: formatting and lints, the core and the runner (cargo test), the executable
# SCXML export in SCION against the core (tests/scxml, node), then the release
# build of the browser lab in headless Chromium, and its bundle budget. Installs what is missing
# on first use.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
ensure_app_tools
ensure_chromium
cd "$ROOT"
say "cargo fmt --check and clippy (native, all targets; the app for wasm32)"
cargo fmt --check
cargo clippy --locked --all-targets -- -D warnings
cargo clippy --locked --target wasm32-unknown-unknown --features app --bin confsim-app -- -D warnings
say "cargo test"
cargo test --locked
say "SCXML: the world document in SCION against the core (library scenarios, 300 random streams)"
node --test tests/scxml/
build_app
say "browser tests (headless Chromium against dist/)"
node --test --test-concurrency=1 tests/browser/
