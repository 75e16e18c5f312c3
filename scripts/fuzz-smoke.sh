#!/usr/bin/env bash
# A short fuzz smoke run for CI: every target for SECONDS (default 20) from the seed corpora.
# Works on a stable toolchain (RUSTC_BOOTSTRAP=1 enables the nightly flags cargo-fuzz needs);
# installs cargo-fuzz when it is missing. Exits non-zero on a crash or a build failure.
#
# Cost measured on the 2-core development machine (shared with other builds): installing
# cargo-fuzz ~2.5 min, the first instrumented build of the four targets ~5-14 min, then
# 4 × SECONDS. See fuzz/README.md for why .ci/run does not call it by default.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-20}"
export RUSTC_BOOTSTRAP=1
started=$(date +%s)
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz-smoke: installing cargo-fuzz"
    cargo install cargo-fuzz --locked
fi
"$root/scripts/fuzz-seeds.sh"
cd "$root/fuzz"
cargo fuzz build -O
status=0
for t in reader_bytes facts_utf8 check lsp_documents; do
    log="$(mktemp)"
    if cargo fuzz run -O "$t" "corpus/$t" -- -max_total_time="$seconds" -max_len=4096 -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1; then
        echo "fuzz-smoke: $t ok, $(grep -o 'number_of_executed_units: *[0-9]*' "$log" | awk '{print $2}') executions"
    else
        echo "fuzz-smoke: $t FAILED"
        grep -E 'panicked|ERROR|SUMMARY|Test unit written' "$log" | head -20
        status=1
    fi
    rm -f "$log"
done
echo "fuzz-smoke: done in $(( $(date +%s) - started )) s"
exit $status
