#!/usr/bin/env bash
# Builds the confsim core and the floor (bench/floor.rs) for node and runs them beside XState and a
# hand-written JavaScript switch on the same stream (compare.mjs). Honours CARGO_TARGET_DIR.
set -euo pipefail
[ -z "${CARGO_TARGET_DIR:-}" ] || export CARGO_TARGET_DIR="$(realpath -m "$CARGO_TARGET_DIR")"
source "$(dirname "$0")/../../scripts/setup.sh"
ensure_rust
ensure_node_tools
ensure_wasm_bindgen
cd "$ROOT/bench/xstate"
(cd node && cargo build --release --target wasm32-unknown-unknown --quiet)
target="${CARGO_TARGET_DIR:-$PWD/node/target}"
wasm-bindgen --target nodejs --out-dir pkg "$target/wasm32-unknown-unknown/release/confsim_node.wasm"
node compare.mjs
