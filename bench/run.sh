#!/usr/bin/env bash
# Speed benchmark: mentorsite against Hugo on the same generated program.
# Not part of CI. See bench/README.md.
#
#   bash bench/run.sh                 compare at the default size
#   bash bench/run.sh scaling         mentorsite (and Hugo) at 1k, 10k and 50k mentors
#
# Sizes and repetitions: flags or environment variables
#   --mentors N   (MENTORS, 10000)      --guides M       (GUIDES, 1000)
#   --rounds R    (ROUNDS, 4)           --submissions K  (SUBMISSIONS, 100000)
#   --seed S      (SEED, 42)            --runs N         (RUNS, 3; scaling: SCALING_RUNS, 1)
#   --no-hugo     (NO_HUGO=1)           --keep           (KEEP=1: leave the temp folder)
#   SCALING_SIZES="1000 10000 50000"
set -euo pipefail
cd "$(dirname "$0")/.."

mode=compare
MENTORS=${MENTORS:-10000}
GUIDES=${GUIDES:-1000}
ROUNDS=${ROUNDS:-4}
SUBMISSIONS=${SUBMISSIONS:-100000}
SEED=${SEED:-42}
RUNS=${RUNS:-3}
SCALING_RUNS=${SCALING_RUNS:-1}
SCALING_SIZES=${SCALING_SIZES:-"1000 10000 50000"}
NO_HUGO=${NO_HUGO:-0}
KEEP=${KEEP:-0}

while [ $# -gt 0 ]; do
  case "$1" in
    compare|scaling) mode=$1 ;;
    --mentors) MENTORS=$2; shift ;;
    --guides) GUIDES=$2; shift ;;
    --rounds) ROUNDS=$2; shift ;;
    --submissions) SUBMISSIONS=$2; shift ;;
    --seed) SEED=$2; shift ;;
    --runs) RUNS=$2; SCALING_RUNS=$2; shift ;;
    --no-hugo) NO_HUGO=1 ;;
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done

# --- Tools -----------------------------------------------------------------
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  echo "== installing $1 with apt-get"
  as_root apt-get install -y -qq "$1" >/dev/null 2>&1 \
    || { as_root apt-get update -qq >/dev/null && as_root apt-get install -y -qq "$1" >/dev/null; }
}
[ -x /usr/bin/time ] || apt_install time
if [ "$NO_HUGO" != 1 ] && ! command -v hugo >/dev/null; then apt_install hugo; fi

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/tmp/bench-target}
echo "== building mentorsite and gen_corpus (release, target dir $CARGO_TARGET_DIR)"
cargo build --release --quiet --bin mentorsite --example gen_corpus
MENTORSITE="$CARGO_TARGET_DIR/release/mentorsite"
GEN="$CARGO_TARGET_DIR/release/examples/gen_corpus"

WORK=$(mktemp -d /tmp/mentorsite-bench.XXXXXX)
if [ "$KEEP" = 1 ]; then
  echo "== keeping $WORK"
else
  trap 'rm -rf "$WORK"' EXIT
fi
unset MENTORSITE_SECRET   # no agreement pages: Hugo has nothing to compare them with

# --- Versions and machine --------------------------------------------------
rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain -- src Cargo.toml Cargo.lock themes 2>/dev/null)" ]; then rev="$rev+dirty"; fi
echo "== mentorsite $("$MENTORSITE" --version 2>/dev/null | awk '{print $2}') at git $rev; $(rustc --version)"
[ "$NO_HUGO" = 1 ] || echo "== $(hugo version)"
echo "== $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/Mem:/{print $2}') GB RAM, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# --- Measuring -------------------------------------------------------------
# run_once OUT CMD...: prints "wall_seconds cpu_seconds max_rss_kb" for one run.
run_once() {
  local out=$1; shift
  rm -rf "$out"
  if ! /usr/bin/time -v -o "$WORK/time.txt" "$@" >"$WORK/stdout.txt" 2>"$WORK/stderr.txt"; then
    echo "bench/run.sh: this command failed: $*" >&2
    tail -n 30 "$WORK/stderr.txt" "$WORK/stdout.txt" >&2
    exit 1
  fi
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); wall = (n == 3) ? p[1]*3600 + p[2]*60 + p[3] : p[1]*60 + p[2] }
    /User time \(seconds\)/ { cpu += $2 }
    /System time \(seconds\)/ { cpu += $2 }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%.3f %.2f %d\n", wall, cpu, rss }' "$WORK/time.txt"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR/2] + v[NR/2 + 1]) / 2 }'; }

# measure NAME WARMUPS RUNS OUT CMD...: sets RESULT_<NAME>="wall cpu rss_mb pages min max"
measure() {
  local name=$1 warmups=$2 runs=$3 out=$4; shift 4
  local i walls=() cpus=() rsss=() line
  for ((i = 0; i < warmups; i++)); do run_once "$out" "$@" >/dev/null; done
  for ((i = 0; i < runs; i++)); do
    line=$(run_once "$out" "$@")
    read -r w c r <<<"$line"
    walls+=("$w"); cpus+=("$c"); rsss+=("$r")
    printf '   %-10s run %d: %6.2f s wall, %6.2f s CPU, %7.1f MB peak RSS\n' "$name" $((i + 1)) "$w" "$c" "$(awk -v r="$r" 'BEGIN{print r/1024}')"
  done
  local pages
  pages=$(find "$out" -name '*.html' | wc -l)
  local wall cpu rss
  wall=$(printf '%s\n' "${walls[@]}" | median)
  cpu=$(printf '%s\n' "${cpus[@]}" | median)
  rss=$(printf '%s\n' "${rsss[@]}" | median)
  printf -v "RESULT_$name" '%s %s %s %s' "$wall" "$cpu" "$(awk -v r="$rss" 'BEGIN{printf "%.1f", r/1024}')" "$pages"
}

generate() { # generate DIR MENTORS
  local dir=$1 n=$2 hugo_args=()
  [ "$NO_HUGO" = 1 ] || hugo_args=(--hugo "$dir/hugo")
  "$GEN" --out "$dir/site" --mentors "$n" --guides "$GUIDES" --rounds "$ROUNDS" \
    --submissions "$SUBMISSIONS" --seed "$SEED" "${hugo_args[@]}"
}

ms_cmd() { echo "$MENTORSITE" build --root "$1/site" --output "$1/out-mentorsite"; }
hugo_cmd() { echo hugo --source "$1/hugo" --destination "$1/out-hugo" --quiet; }

# --- Compare ----------------------------------------------------------------
if [ "$mode" = compare ]; then
  echo "== generating: $MENTORS mentors, $GUIDES guides, $ROUNDS rounds, $SUBMISSIONS submissions, seed $SEED"
  generate "$WORK" "$MENTORS"
  echo "== $(ms_cmd "$WORK")"
  # shellcheck disable=SC2046
  measure mentorsite 1 "$RUNS" "$WORK/out-mentorsite" $(ms_cmd "$WORK")
  echo "   last summary: $(cat "$WORK/stdout.txt" "$WORK/stderr.txt" | grep . | tail -n 1)"
  if [ -d "$WORK/site/data/rounds" ]; then
    # What the survey results cost: the same site without forms and rounds
    # (Hugo has no equivalent of the results pages).
    cp -r "$WORK/site" "$WORK/site-norounds"
    rm -rf "$WORK/site-norounds/data/rounds" "$WORK/site-norounds/data/forms"
    echo "== the same without data/forms and data/rounds"
    measure norounds 0 "$RUNS" "$WORK/out-norounds" "$MENTORSITE" build --root "$WORK/site-norounds" --output "$WORK/out-norounds"
    rm -rf "$WORK/site-norounds" "$WORK/out-norounds"
  fi
  if [ "$NO_HUGO" != 1 ]; then
    echo "== $(hugo_cmd "$WORK")"
    # shellcheck disable=SC2046
    measure hugo 1 "$RUNS" "$WORK/out-hugo" $(hugo_cmd "$WORK")
  fi

  echo
  echo "Median of $RUNS runs after one warm-up ($MENTORS mentors, $GUIDES guides):"
  read -r mw mc mr mp <<<"$RESULT_mentorsite"
  if [ "$NO_HUGO" != 1 ]; then
    read -r hw hc hr hp <<<"$RESULT_hugo"
    awk -v mw="$mw" -v mc="$mc" -v mr="$mr" -v mp="$mp" -v hw="$hw" -v hc="$hc" -v hr="$hr" -v hp="$hp" 'BEGIN {
      printf "  %-20s %12s %12s %16s\n", "", "mentorsite", "hugo", "mentorsite/hugo"
      printf "  %-20s %12d %12d %16.2f\n", "HTML pages", mp, hp, mp / hp
      printf "  %-20s %12.2f %12.2f %16.2f\n", "wall time (s)", mw, hw, mw / hw
      printf "  %-20s %12.2f %12.2f %16.2f\n", "CPU time (s)", mc, hc, mc / hc
      printf "  %-20s %12.1f %12.1f %16.2f\n", "peak RSS (MB)", mr, hr, mr / hr
      printf "  %-20s %12.0f %12.0f %16.2f\n", "pages / second", mp / mw, hp / hw, (mp / mw) / (hp / hw)
    }'
  fi
  if [ -n "${RESULT_norounds:-}" ]; then
    read -r nw nc nr np <<<"$RESULT_norounds"
    awk -v mw="$mw" -v mc="$mc" -v nw="$nw" -v nc="$nc" -v nr="$nr" -v np="$np" 'BEGIN {
      printf "  mentorsite without survey data: %d pages, %.2f s wall, %.2f s CPU, %.1f MB peak RSS\n", np, nw, nc, nr
      printf "  (survey results cost %.2f s wall, %.2f s CPU of the full build)\n", mw - nw, mc - nc }'
  fi
  if [ "$NO_HUGO" = 1 ]; then
    awk -v mw="$mw" -v mc="$mc" -v mr="$mr" -v mp="$mp" 'BEGIN {
      printf "  mentorsite: %d pages, %.2f s wall, %.2f s CPU, %.1f MB peak RSS, %.0f pages/s\n", mp, mw, mc, mr, mp / mw }'
  fi
  exit 0
fi

# --- Scaling ----------------------------------------------------------------
echo "== scaling: mentors in ($SCALING_SIZES), $GUIDES guides, $ROUNDS rounds, $SUBMISSIONS submissions; $SCALING_RUNS run(s) each after one warm-up"
rows=()
for n in $SCALING_SIZES; do
  dir="$WORK/n$n"
  mkdir -p "$dir"
  echo "== N = $n"
  generate "$dir" "$n"
  # shellcheck disable=SC2046
  measure mentorsite 1 "$SCALING_RUNS" "$dir/out-mentorsite" $(ms_cmd "$dir")
  row="$n $RESULT_mentorsite"
  if [ "$NO_HUGO" != 1 ]; then
    # shellcheck disable=SC2046
    measure hugo 1 "$SCALING_RUNS" "$dir/out-hugo" $(hugo_cmd "$dir")
    row="$row $RESULT_hugo"
  fi
  rows+=("$row")
  rm -rf "$dir"
done
echo
printf '%s\n' "${rows[@]}" | awk -v hugo="$([ "$NO_HUGO" = 1 ] && echo 0 || echo 1)" '
  BEGIN {
    printf "  %8s %8s %10s %10s %10s", "mentors", "pages", "ms wall", "ms/mentor", "MB RSS"
    if (hugo) printf " | %8s %10s %10s %10s %8s", "pages", "hugo wall", "ms/mentor", "MB RSS", "ratio"
    printf "\n"
  }
  {
    printf "  %8d %8d %10.0f %10.3f %10.1f", $1, $5, $2 * 1000, $2 * 1000 / $1, $4
    if (hugo) printf " | %8d %10.0f %10.3f %10.1f %8.2f", $9, $6 * 1000, $6 * 1000 / $1, $8, $2 / $6
    printf "\n"
  }'
