#!/usr/bin/env bash
# Builds the confsim core for node and runs it against XState on the same stream.
set -euo pipefail
source "$(dirname "$0")/../../scripts/setup.sh"
ensure_rust
ensure_node_tools
ensure_wasm_bindgen
cd "$ROOT/bench/xstate"
(cd node && cargo build --release --target wasm32-unknown-unknown --quiet)
wasm-bindgen --target nodejs --out-dir pkg node/target/wasm32-unknown-unknown/release/confsim_node.wasm
node compare.mjs
