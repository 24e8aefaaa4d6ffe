#!/usr/bin/env bash
# Runs each cargo-fuzz target for a bounded time (default 60 s each): ./scripts/fuzz.sh [SECONDS]
# Needs the nightly toolchain and cargo-fuzz (installed here if missing). A crash is saved under
# fuzz/artifacts/TARGET/; turn it into a regression test in tests/ (see BENCHMARKS.md). Each
# target's libFuzzer output goes to fuzz/logs/TARGET.log; its last lines (executions, speed,
# coverage, corpus) are printed at the end, with the depth of the step_sequences corpus.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
SECONDS_EACH="${1:-60}"
# The crate has no unsafe code: AddressSanitizer would find nothing and costs 4x the speed and
# 18x the memory. FUZZ_SANITIZER=address brings it back.
SANITIZER="${FUZZ_SANITIZER:-none}"
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
cd "$ROOT/fuzz"
mkdir -p logs
failed=()
for target in scenario_parse step_sequences; do
  case "$target" in
    # Scenarios: short texts.
    scenario_parse) options=(-max_len=4096) ;;
    # Sequences: let inputs grow to tens of thousands of events from the start (no length
    # control).
    step_sequences) options=(-max_len=65536 -len_control=0) ;;
  esac
  say "fuzzing $target for ${SECONDS_EACH}s (sanitizer: $SANITIZER)"
  mkdir -p "corpus/$target"
  # -timeout: a single input running for a minute is a failure (a hang).
  if ! cargo +nightly fuzz run -s "$SANITIZER" "$target" "corpus/$target" -- \
    -max_total_time="$SECONDS_EACH" -timeout=60 -print_final_stats=1 "${options[@]}" 2>&1 \
    | tee "logs/$target.log" | grep --line-buffered -E 'INITED|pulse|DONE|ERROR|panicked|SUMMARY'; then
    failed+=("$target")
  fi
done
for target in scenario_parse step_sequences; do
  say "$target: $(grep -E '^#[0-9]+[[:space:]]+DONE' "logs/$target.log" | tail -1)"
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec)' "logs/$target.log" >&2 || true
done
cargo run --quiet --release --example corpus_stats -- corpus/step_sequences >&2
if [ "${#failed[@]}" -gt 0 ]; then
  say "crash or failure in: ${failed[*]} (see fuzz/artifacts/ and fuzz/logs/)"
  exit 1
fi
