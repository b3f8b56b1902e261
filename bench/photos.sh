#!/usr/bin/env bash
# Photo benchmark: `mentorsite build` of a program with 1,000 mentors, each
# with a phone-sized photo, cold (empty photo cache) and warm (every photo
# cached, nothing changed). Not part of CI; numbers depend on the machine.
#
#   bash bench/photos.sh                    1,000 photos of 3000x4000
#   PHOTOS=200 SIZE=1200x1600 bash bench/photos.sh
#   RUNS=3 (warm builds timed), KEEP=1 (leave the temp folder)
#   BIN_DIR=/path/to/target/release   use binaries built already
set -euo pipefail
cd "$(dirname "$0")/.."
PHOTOS=${PHOTOS:-1000}
SIZE=${SIZE:-3000x4000}
RUNS=${RUNS:-3}
KEEP=${KEEP:-0}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/tmp/bench-target}

if [ -z "${BIN_DIR:-}" ]; then
  cargo build --release --quiet --bin mentorsite --example gen_corpus --example avatars
  BIN_DIR="$CARGO_TARGET_DIR/release"
fi
bin="$BIN_DIR/mentorsite"
work=$(mktemp -d "${TMPDIR:-/tmp}/mentorsite-photos.XXXXXX")
[ "$KEEP" = 1 ] || trap 'rm -rf "$work"' EXIT
site="$work/site"

"$BIN_DIR/examples/gen_corpus" --out "$site" --mentors "$PHOTOS" \
  --guides 10 --rounds 0 --submissions 0 --seed 42 --no-rounds >/dev/null
"$BIN_DIR/examples/avatars" "$site/content/mentors" --every-profile "$SIZE"
for md in "$site"/content/mentors/*.md; do
  slug=$(basename "$md" .md)
  [ "$slug" = _index ] && continue
  # The photo key goes right after the name, inside the front matter.
  sed -i "0,/^name = .*/s//&\nphoto = \"$slug.jpg\"/" "$md"
done
echo "photos: $(find "$site/content/mentors" -name '*.jpg' | wc -l) of $SIZE," \
  "$(du -sh --apparent-size "$site/content/mentors" | cut -f1) with the profiles"

build() { /usr/bin/env time -f "%e s wall, %U s user, %M KiB max RSS" "$bin" build --root "$site" 2>&1 | tail -2; }

echo "== cold: empty cache ($(nproc) cores)"
rm -rf "$site/.mentorsite-cache"
build
echo "cache: $(find "$site/.mentorsite-cache/photos" -type f | wc -l) files," \
  "$(du -sh "$site/.mentorsite-cache/photos" | cut -f1)"
echo "published photos: $(find "$site/public/photos" -type f | wc -l) files," \
  "$(du -sh --apparent-size "$site/public/photos" | cut -f1)"
for i in $(seq "$RUNS"); do
  echo "== warm run $i: nothing changed"
  build
done
