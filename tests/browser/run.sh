#!/usr/bin/env bash
# Browser tests of the default theme, the one entry point CI runs:
#   1. installs what is missing (Debian's chromium, a Java runtime for the
#      Nu HTML Checker, the pinned npm packages of tests/browser),
#   2. builds the example program in release mode into a temporary folder,
#   3. runs the Nu HTML Checker (vnu) over every generated HTML page,
#   4. runs the browser tests (node --test tests/browser/*.test.mjs) against
#      a static server on 127.0.0.1: axe-core, the directory filter, search,
#      form validation, keyboard, contrast and screenshots; the search's
#      bytes per query on a generated program of 10,000 mentors.
# Screenshots land in target/screenshots/ (and docs/screenshots/ for the
# README). Nothing is downloaded but Debian and npm packages; Playwright
# never fetches a browser of its own (the tests launch /usr/bin/chromium).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
started=$SECONDS

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== apt-get install ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

echo "== npm ci (tests/browser)"
# --ignore-scripts: vnu-jar's postinstall would download a Java runtime;
# we use the system's.
(cd tests/browser && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

work=$(mktemp -d "${TMPDIR:-/tmp}/mentorsite-browser.XXXXXX")
trap 'rm -rf "$work"' EXIT
public="$work/public"

if [ -n "${MENTORSITE_BIN:-}" ]; then
  bin=$MENTORSITE_BIN   # a binary you built already, to iterate faster
else
  echo "== build the example program (release)"
  cargo build --release --locked --quiet
  target_dir=$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')
  bin="$target_dir/release/mentorsite"
fi
target_dir=${target_dir:-$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')}
# The search test measures bytes per query on a program of the size of the
# issue's target: bench's corpus generator, 10,000 mentors, 1,000 guides.
echo "== build a program of 10,000 mentors and 1,000 guides (search bytes per query)"
# A debug build of the generator: it reuses the library `cargo test` built,
# where a release build would compile everything again.
cargo build --locked --quiet --example gen_corpus
large="$work/large"
"$target_dir/debug/examples/gen_corpus" --out "$large/site" --mentors 10000 --guides 1000 --no-rounds >/dev/null
"$bin" build --root "$large/site" --output "$large/public"
# The example program as `init` writes it, with a secret of its own, so its
# agreement pages (and the check-ins made for them) are checked too;
# agreements.csv lands in the copy, never beside a real program's own.
site="$work/site"
"$bin" init "$site" >/dev/null
# The forms post to a `mentorsite host` elsewhere, as on a static host with
# an intake: the pages are served here by a plain static server, and a
# relative intake would (rightly) disable their Send buttons.
sed -i 's|^url = "/forms/{form}/submit"|url = "https://intake.example.org/forms/{form}/submit"|' "$site/site.toml"
grep -q '^url = "https://intake.example.org/' "$site/site.toml"
(cd "$site" && "$bin" build --root "$site" --output "$public")

pages=$(find "$public" -name '*.html' | wc -l)
echo "== Nu HTML Checker over $pages pages"
if timeout 600 java -jar tests/browser/node_modules/vnu-jar/build/dist/vnu.jar --errors-only --skip-non-html "$public" 2>"$work/vnu.txt"; then
  echo "vnu: $pages pages, 0 errors"
else
  sed "s|file:$public||" "$work/vnu.txt"
  echo "vnu: $(grep -c ': error: ' "$work/vnu.txt" || true) errors in $pages pages"
  exit 1
fi

echo "== Nu HTML Checker over the theme's stylesheet"
timeout 300 java -jar tests/browser/node_modules/vnu-jar/build/dist/vnu.jar --css --errors-only themes/default/static/style.css
echo "vnu: style.css, 0 errors"

echo "== browser tests (headless Chromium)"
# Every test bounds its own waits; this is the backstop for the whole run.
MS_PUBLIC="$public" MS_PUBLIC_LARGE="$large/public" timeout 900 node --test tests/browser/*.test.mjs
echo "== tests/browser/run.sh took $((SECONDS - started)) s"
