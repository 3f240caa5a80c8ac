#!/usr/bin/env bash
# Runs every fuzz target for a fixed number of executions and prints libFuzzer's final
# statistics line of each: `fuzz/run-all.sh [RUNS [SECONDS [TARGET...]]]` (default 10,000,000
# executions, at most SECONDS per target, default one hour; all targets).
#
# cargo-fuzz needs nightly features (sanitizers, coverage instrumentation). With only a
# stable toolchain at hand, RUSTC_BOOTSTRAP=1 lets stable rustc accept them; the corpus is
# minimized first (`cargo fuzz cmin`) so that what is checked in stays small.
set -euo pipefail
cd "$(dirname "$0")"
runs="${1:-10000000}"
seconds="${2:-3600}"
export RUSTC_BOOTSTRAP=1
targets=(clocks declaration record grammar metadata walker)
if [ $# -gt 2 ]; then targets=("${@:3}"); fi
cargo fuzz build -O
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target"
    cargo fuzz cmin -O "$target" "corpus/$target" -- -max_len=4096 >"cmin-$target.log" 2>&1 \
        || { echo "cmin of $target failed: fuzz/cmin-$target.log"; exit 1; }
    echo "== $target"
    cargo fuzz run -O "$target" "corpus/$target" -- -runs="$runs" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
        -print_final_stats=1 2>&1 | grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|stat::average_exec_per_sec|Done|==|SUMMARY|.*deadly signal|.*Timeout|.*Test unit written to)' || true
    # A crash or timeout leaves its input in fuzz/artifacts/<target>/: copy it to
    # fuzz/regressions/<target>/ once it is fixed, so the replay test keeps it fixed.
done
