#!/usr/bin/env bash
# Runs each cargo-fuzz target for a bounded time (default 60 s each): ./scripts/fuzz.sh [SECONDS]
# Needs the nightly toolchain and cargo-fuzz (installed here if missing). A crash is saved under
# fuzz/artifacts/TARGET/; turn it into a regression test in tests/ (see BENCHMARKS.md).
set -euo pipefail
source "$(dirname "$0")/setup.sh"
SECONDS_EACH="${1:-60}"
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
cd "$ROOT/fuzz"
for target in scenario_parse step_sequences; do
  say "fuzzing $target for ${SECONDS_EACH}s"
  mkdir -p "corpus/$target"
  cargo +nightly fuzz run "$target" "corpus/$target" -- -max_total_time="$SECONDS_EACH" -max_len=4096
done
