#!/usr/bin/env bash
# Runs every test: the core and the runner (cargo test), then the release build of the browser
# lab in headless Chromium, and its bundle budget. Installs what is missing on first use.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
ensure_app_tools
ensure_chromium
cd "$ROOT"
say "cargo test"
cargo test --locked
build_app
say "browser tests (headless Chromium against dist/)"
node --test --test-concurrency=1 tests/browser/
