#!/usr/bin/env bash
# What one `mentorsite host` process holds: requests per second for static
# pages (plain and gzip), submissions per second, many open connections at
# once, and the process's peak memory. Not part of CI; needs `wrk`.
#
#   bash bench/host.sh                 10 s per measurement
#   DURATION=30s bash bench/host.sh
#
# The example program (`mentorsite init`) is hosted from a temp folder with
# the per-client limit raised (`--submissions-per-minute`), so the figures
# are the server's, not the limit's. Results: README "Scale".
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}

command -v wrk >/dev/null || { echo "bench/host.sh needs wrk (apt-get install wrk)" >&2; exit 1; }
cargo build --release --quiet --bin mentorsite
bin=${CARGO_TARGET_DIR:-target}/release/mentorsite

tmp=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

"$bin" init "$tmp/program" >/dev/null
"$bin" host --root "$tmp/program" --port 0 --submissions-per-minute 100000000 \
  --max-connections 2048 --rebuild-after 5 >"$tmp/log" 2>"$tmp/err" &
pid=$!
for _ in $(seq 1 300); do
  grep -q '^Hosting ' "$tmp/log" && break
  sleep 0.1
done
url=$(grep '^Hosting ' "$tmp/log" | sed 's/.* at //')
[ -n "$url" ] || { cat "$tmp/err" >&2; exit 1; }
echo "host at $url (pid $pid), $(nproc) cores, wrk $THREADS threads, $DURATION each"

rate() { grep 'Requests/sec' | awk '{printf "%.0f", $2}'; }
static=$(wrk -t"$THREADS" -c64 -d"$DURATION" "${url}handbook/" | rate)
gzip=$(wrk -t"$THREADS" -c64 -d"$DURATION" -H 'Accept-Encoding: gzip' "${url}handbook/" | rate)
many=$(wrk -t"$THREADS" -c1000 -d"$DURATION" "${url}" | rate)

cat >"$tmp/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "satisfaction=4&mentor_helps=Agree&recommend=9&frequency=Weekly&topics=Leadership&hours=3&went_well=Regular+meetings"
LUA
csv="$tmp/program/data/rounds/2027-spring/feedback.csv"
before=1   # the header a new file starts with
[ -f "$csv" ] && before=$(wc -l <"$csv")
posts=$(wrk -t"$THREADS" -c32 -d"$DURATION" -s "$tmp/post.lua" "${url}forms/feedback/submit" | rate)
after=$(wc -l <"$csv")
stored=$((after - before))
rejected=$(grep -c '"event":"submission"' "$tmp/log" | tr -d ' ')
peak=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$pid/status")

echo "static page (/handbook/)          ${static} requests/s"
echo "static page, gzip                 ${gzip} requests/s"
echo "home page, 1000 connections       ${many} requests/s"
echo "submissions (fsync each)          ${posts} requests/s (${stored} rows stored, ${rejected} submissions logged)"
echo "peak memory (VmHWM)               ${peak} MB"
