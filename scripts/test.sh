#!/usr/bin/env bash
# Runs every test: the core, the runner and its scenarios, the property test.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
ensure_rust
cargo test --locked
