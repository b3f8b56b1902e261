#!/usr/bin/env bash
# Search benchmark: what the chunked index costs the build and the preview,
# and how many bytes a one-word query fetches, at 10,000 and 50,000 mentors
# (1,000 guides). Not part of CI. See bench/search/README.md.
#
#   bash bench/search/run.sh                 SIZES="10000 50000" GUIDES=1000 RUNS=3
#   SIZES=2000 RUNS=1 bash bench/search/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES=${SIZES:-"10000 50000"}
GUIDES=${GUIDES:-1000}
RUNS=${RUNS:-3}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/tmp/bench-target}

cargo build --release --quiet --bin mentorsite --example gen_corpus --example bench_search
bin="$CARGO_TARGET_DIR/release"
work=$(mktemp -d "${TMPDIR:-/tmp}/mentorsite-search-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "mentorsite $(git rev-parse --short HEAD)$(git diff --quiet -- src themes || echo +dirty), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
js=themes/default/static/search.js
echo "search.js: $(wc -c <"$js") bytes, $(gzip -9c "$js" | wc -c) gzipped; no WebAssembly, no dependency"
for n in $SIZES; do
  echo
  echo "== $n mentors, $GUIDES guides"
  "$bin/examples/gen_corpus" --out "$work/$n/site" --mentors "$n" --guides "$GUIDES" --no-rounds >/dev/null
  for i in $(seq "$RUNS"); do
    rm -rf "$work/$n/public"
    "$bin/mentorsite" build --root "$work/$n/site" --output "$work/$n/public" | tail -1
  done
  "$bin/examples/bench_search" "$work/$n/site" "$RUNS"
  echo "  on disk: $(du -sk "$work/$n/public/search" | cut -f1) KB in $(find "$work/$n/public/search" -type f | wc -l) files (whole site: $(du -sk "$work/$n/public" | cut -f1) KB)"
  python3 bench/search/query_cost.py "$work/$n/public"
done
