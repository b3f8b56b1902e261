#!/usr/bin/env bash
# Short fuzz run: builds the libFuzzer targets with the stable toolchain and
# runs each for SECONDS (default 60), one after another.
#
#   bash fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Exits 1 if any target crashed (panic, failed invariant, timeout or OOM);
# the input that did it is in fuzz/artifacts/<target>/. Inputs found during
# the run go to fuzz/target/corpus/<target>/ (not committed); the committed
# seeds in fuzz/corpus/<target>/ are only read. FUZZ_MERGE=1 adds to
# fuzz/corpus/ the smallest set of new inputs that reach code the corpus
# does not (libFuzzer -merge=1 -set_cover_merge=1 -use_counters=0).
#
# No nightly and no cargo-fuzz needed: this passes the flags `cargo fuzz
# build --sanitizer none` passes (SanitizerCoverage for libFuzzer) to a plain
# `cargo build`. CARGO_TARGET_DIR is honoured (default fuzz/target).
set -uo pipefail

fuzz_dir=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$fuzz_dir")
seconds=${1:-60}
[ $# -gt 0 ] && shift
all_targets=(front_matter csv_import schema pairs config intake)
if [ $# -gt 0 ]; then targets=("$@"); else targets=("${all_targets[@]}"); fi

case $seconds in
    '' | *[!0-9]*) echo "usage: bash fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]" >&2; exit 2 ;;
esac

host=$(rustc -vV | sed -n 's/^host: //p')
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$fuzz_dir/target}
export RUSTFLAGS="-Cpasses=sancov-module \
 -Cllvm-args=-sanitizer-coverage-level=4 \
 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
 -Cllvm-args=-sanitizer-coverage-pc-table \
 -Cllvm-args=-sanitizer-coverage-trace-compares \
 --cfg fuzzing -Cdebug-assertions -Coverflow-checks"

echo "building fuzz targets (release, $host) into $CARGO_TARGET_DIR" >&2
# --target keeps RUSTFLAGS off build scripts and proc macros.
cargo build --manifest-path "$fuzz_dir/Cargo.toml" --release --target "$host" --bins \
    || { echo "fuzz build failed" >&2; exit 2; }
bin_dir=$CARGO_TARGET_DIR/$host/release
work=$fuzz_dir/target/corpus

summary=()
failed=0
for t in "${targets[@]}"; do
    [ -x "$bin_dir/$t" ] || { echo "unknown target: $t" >&2; exit 2; }
    mkdir -p "$work/$t" "$fuzz_dir/artifacts/$t" "$fuzz_dir/corpus/$t"
    log=$fuzz_dir/target/$t.log
    echo "== $t: ${seconds}s" >&2
    # New inputs go to the first directory only.
    "$bin_dir/$t" -max_total_time="$seconds" -max_len="${FUZZ_MAX_LEN:-4096}" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$fuzz_dir/artifacts/$t/" \
        "$work/$t" "$fuzz_dir/corpus/$t" >"$log" 2>&1
    status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    cov=$(grep -E '^#[0-9]+' "$log" | tail -1 | sed -n 's/.*cov: \([0-9]*\).*corp: \([^ ]*\).*/cov \1, corpus \2/p')
    if [ "$status" -eq 0 ]; then
        result=ok
    else
        result="CRASHED (exit $status): $(grep -m1 -E 'panicked at|ERROR: libFuzzer' "$log")"
        failed=1
        tail -40 "$log" >&2
        ls -t "$fuzz_dir/artifacts/$t/" | head -3 | sed "s|^|    artifact: fuzz/artifacts/$t/|" >&2
    fi
    line=$(printf '%-13s %10s runs %8s exec/s  %-26s %s' "$t" "${runs:-?}" "${speed:-?}" "$cov" "$result")
    echo "$line" >&2
    summary+=("$line")
    if [ "${FUZZ_MERGE:-0}" = 1 ] && [ "$status" -eq 0 ]; then
        # Edges only (no hit counts), smallest covering set: keeps the
        # committed corpus small.
        "$bin_dir/$t" -merge=1 -set_cover_merge=1 -use_counters=0 \
            "$fuzz_dir/corpus/$t" "$work/$t" >"$fuzz_dir/target/$t.merge.log" 2>&1 \
            && echo "   merged: $(grep -m1 'MERGE-OUTER: [0-9]* new files' "$fuzz_dir/target/$t.merge.log")" >&2
    fi
done

echo
echo "fuzz summary (${seconds}s per target; full logs in fuzz/target/<target>.log)"
printf '%s\n' "${summary[@]}"
exit "$failed"
