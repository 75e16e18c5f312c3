#!/usr/bin/env bash
# Runs each fuzz target for a bounded time: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
# (default 600 s, all targets), two at a time at most. Needs cargo-fuzz (`cargo install
# cargo-fuzz`); nightly features are enabled on a stable toolchain with RUSTC_BOOTSTRAP=1.
# Prints the executions per target; exits 1 if any target found a crash (its input is in
# fuzz/artifacts/<target>/).
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(reader_bytes facts_utf8 check lsp_documents)
export RUSTC_BOOTSTRAP=1
cd "$root/fuzz"
[ -d corpus ] || "$root/scripts/fuzz-seeds.sh"
cargo fuzz build -O >/dev/null 2>&1 || cargo fuzz build -O || exit 2
logs="$root/fuzz/logs"
mkdir -p "$logs"
run() {
    local t="$1"
    mkdir -p "corpus/$t" "artifacts/$t"
    # -max_len keeps inputs note-sized so executions stay fast; -timeout flags a slow input
    # (something superlinear) as a failure too; -rss_limit_mb flags runaway memory.
    cargo fuzz run -O "$t" "corpus/$t" -- -max_total_time="$seconds" -max_len=4096 -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 >"$logs/$t.log" 2>&1
}
status=0
i=0
pids=()
names=()
for t in "${targets[@]}"; do
    run "$t" &
    pids+=($!)
    names+=("$t")
    i=$((i + 1))
    if [ $((i % 2)) -eq 0 ]; then
        wait "${pids[-2]}" "${pids[-1]}"
    fi
done
wait
for t in "${names[@]}"; do
    execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$logs/$t.log" | awk '{print $2}')
    secs=$(grep -o 'stat::average_exec_per_sec: [0-9]*' "$logs/$t.log" | awk '{print $2}')
    if grep -qE 'ERROR: libFuzzer|panicked|deadly signal|SUMMARY: ' "$logs/$t.log"; then
        echo "$t: CRASH after ${execs:-?} executions (see $logs/$t.log, fuzz/artifacts/$t/)"
        status=1
    else
        echo "$t: ${execs:-?} executions in ${seconds}s (${secs:-?}/s), no crash"
    fi
done
exit $status
