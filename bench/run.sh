#!/usr/bin/env bash
# Speed benchmark: mentorsite against Hugo and Zola on the same generated program.
# Not part of CI. See bench/README.md.
#
#   bash bench/run.sh                 compare at the default size: all three tools,
#                                     paired and alternating, fresh and rebuild
#   bash bench/run.sh scaling         mentorsite (and Hugo) at 1k, 10k and 50k mentors
#
# Hugo 0.168 and Zola 0.22.1 are found on PATH, or in $ANCHORS/bin (install them
# with `bash ../shared/tools/anchors.sh DIR`, then ANCHORS=DIR).
#
# Sizes and repetitions: flags or environment variables
#   --mentors N   (MENTORS, 10000)      --guides M       (GUIDES, 1000)
#   --rounds R    (ROUNDS, 4)           --submissions K  (SUBMISSIONS, 100000)
#   --seed S      (SEED, 42)            --runs N         (RUNS, 3; scaling: SCALING_RUNS, 1)
#   --no-hugo     (NO_HUGO=1: mentorsite alone)      --keep (KEEP=1: leave the temp folder)
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
if [ -n "${ANCHORS:-}" ]; then PATH="$ANCHORS/bin:$PATH"; fi
if [ "$NO_HUGO" != 1 ]; then
  for tool in hugo zola; do
    command -v "$tool" >/dev/null || { echo "bench/run.sh: $tool not found: install the anchors (see the top of this script) or pass --no-hugo" >&2; exit 2; }
  done
fi

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
[ "$NO_HUGO" = 1 ] || echo "== $(hugo version | cut -d' ' -f1-2); $(zola --version)"
echo "== $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/Mem:/{print $2}') GB RAM, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# --- Measuring -------------------------------------------------------------
# run_once OUT CMD...: prints "wall_seconds cpu_seconds max_rss_kb" for one run.
# With REBUILD=1 the previous output stays: a rebuild over it.
run_once() {
  local out=$1; shift
  [ "${REBUILD:-0}" = 1 ] || rm -rf "$out"
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
  [ "$NO_HUGO" = 1 ] || hugo_args=(--hugo "$dir/hugo" --zola "$dir/zola")
  "$GEN" --out "$dir/site" --mentors "$n" --guides "$GUIDES" --rounds "$ROUNDS" \
    --submissions "$SUBMISSIONS" --seed "$SEED" "${hugo_args[@]}"
}

ms_cmd() { echo "$MENTORSITE" build --root "$1/site" --output "$1/out-mentorsite"; }
hugo_cmd() { echo hugo --source "$1/hugo" --destination "$1/out-hugo" --quiet; }
zola_cmd() { echo zola --root "$1/zola" build --output-dir "$1/out-zola" --force; }

# --- Compare ----------------------------------------------------------------
# Paired and alternating: each round runs every tool once, in an order that
# rotates from round to round, so a burst of load from other users of the
# machine falls on all of them alike. Fresh runs delete the output first;
# rebuild runs build again over the output of the run before (nothing
# changed in between: the coordinator's common case, and the cheapest one).
if [ "$mode" = compare ]; then
  echo "== generating: $MENTORS mentors, $GUIDES guides, $ROUNDS rounds, $SUBMISSIONS submissions, seed $SEED"
  generate "$WORK" "$MENTORS"
  tools=(mentorsite)
  [ "$NO_HUGO" = 1 ] || tools+=(hugo zola)
  cmd_of() { case $1 in mentorsite) ms_cmd "$WORK" ;; hugo) hugo_cmd "$WORK" ;; zola) zola_cmd "$WORK" ;; esac; }
  for t in "${tools[@]}"; do echo "   $t: $(cmd_of "$t")"; done
  declare -A samples
  echo "== warm-up (one fresh build each, not counted)"
  # shellcheck disable=SC2046
  for t in "${tools[@]}"; do run_once "$WORK/out-$t" $(cmd_of "$t") >/dev/null; done
  n=${#tools[@]}
  for ((r = 0; r < RUNS; r++)); do
    for kind in fresh rebuild; do
      for ((k = 0; k < n; k++)); do
        t=${tools[$(((k + r) % n))]}
        # shellcheck disable=SC2046
        line=$(REBUILD=$([ "$kind" = rebuild ] && echo 1 || echo 0) run_once "$WORK/out-$t" $(cmd_of "$t"))
        samples[$t.$kind]+="$line;"
        read -r w c m <<<"$line"
        printf '   round %d %-8s %-10s %6.2f s wall, %6.2f s CPU, %7.1f MiB peak RSS\n' $((r + 1)) "$kind" "$t" "$w" "$c" "$(awk -v m="$m" 'BEGIN{print m/1024}')"
      done
    done
  done
  # med TOOL KIND FIELD: the median of one figure (1 wall, 2 CPU, 3 RSS in MiB).
  med() {
    printf '%s' "${samples[$1.$2]}" | tr ';' '\n' | grep . | awk -v f="$3" '{ v = $f; if (f == 3) v = v / 1024; print v }' | median
  }
  echo
  echo "Median of $RUNS paired runs ($MENTORS mentors, $GUIDES guides, $ROUNDS rounds, $SUBMISSIONS submissions)."
  echo "The machine is shared: compare the per-round lines above before trusting a ratio."
  for kind in fresh rebuild; do
    echo
    printf '  %-8s %-18s' "$kind" ""
    for t in "${tools[@]}"; do printf '%12s' "$t"; done
    [ "$NO_HUGO" = 1 ] || printf '%14s%14s' "ms/hugo" "ms/zola"
    printf '\n'
    for field in 1 2 3; do
      label=$(case $field in 1) echo "wall time (s)" ;; 2) echo "CPU time (s)" ;; 3) echo "peak RSS (MiB)" ;; esac)
      printf '  %-8s %-18s' "" "$label"
      vals=()
      for t in "${tools[@]}"; do v=$(med "$t" "$kind" "$field"); vals+=("$v"); printf '%12.2f' "$v"; done
      if [ "$NO_HUGO" != 1 ]; then
        awk -v m="${vals[0]}" -v h="${vals[1]}" -v z="${vals[2]}" 'BEGIN { printf "%14.2f%14.2f", m / h, m / z }'
      fi
      printf '\n'
    done
  done
  # What each tool writes: total, and the bytes of one page of each type.
  echo
  echo "Output (after the last run):"
  printf '  %-34s' ""
  for t in "${tools[@]}"; do printf '%12s' "$t"; done
  printf '\n'
  row() { # row LABEL PATH-FOR-mentorsite PATH-FOR-hugo-and-zola
    printf '  %-34s' "$1"
    for t in "${tools[@]}"; do
      local p=$3; [ "$t" = mentorsite ] && p=$2
      if [ -f "$WORK/out-$t/$p" ]; then printf '%12d' "$(stat -c %s "$WORK/out-$t/$p")"; else printf '%12s' "-"; fi
    done
    printf '\n'
  }
  printf '  %-34s' "HTML pages"
  for t in "${tools[@]}"; do printf '%12d' "$(find "$WORK/out-$t" -name '*.html' | wc -l)"; done
  printf '\n  %-34s' "files"
  for t in "${tools[@]}"; do printf '%12d' "$(find "$WORK/out-$t" -type f | wc -l)"; done
  printf '\n  %-34s' "MB written"
  for t in "${tools[@]}"; do printf '%12.1f' "$(du -sb "$WORK/out-$t" | awk '{print $1 / 1e6}')"; done
  printf '\n'
  # sed reads its whole input: `head` would end the pipe early (SIGPIPE, fatal with pipefail).
  profile=$(find "$WORK/site/content/mentors" -name '*.md' ! -name '_index.md' | sort | sed -n '1s|.*/||; 1s|\.md$||p')
  skill=$(find "$WORK/out-mentorsite/mentors/skills" -mindepth 1 -maxdepth 1 -type d | sort | sed -n '1s|.*/||p')
  row "bytes: profile ($profile)" "mentors/$profile/index.html" "mentors/$profile/index.html"
  row "bytes: facet page (skills/$skill)" "mentors/skills/$skill/index.html" "skills/$skill/index.html"
  row "bytes: directory page 1" "mentors/index.html" "mentors/index.html"
  row "bytes: directory page 2" "mentors/page/2/index.html" "mentors/page/2/index.html"
  row "bytes: facet index (skills)" "mentors/skills/index.html" "skills/index.html"
  printf '  %-34s' "gzip -9 bytes: directory page 1"
  for t in "${tools[@]}"; do
    f=$WORK/out-$t/mentors/index.html
    if [ -f "$f" ]; then printf '%12d' "$(gzip -9c "$f" | wc -c)"; else printf '%12s' "-"; fi
  done
  printf '\n'
  printf '  %-34s' "MB: all facet pages"
  for t in "${tools[@]}"; do
    d=$WORK/out-$t; [ "$t" = mentorsite ] && d=$d/mentors
    printf '%12.1f' "$(du -scb "$d/skills" "$d/industries" "$d/languages" "$d/tracks" 2>/dev/null | tail -n 1 | awk '{print $1 / 1e6}')"
  done
  printf '\n'
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
