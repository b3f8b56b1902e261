#!/usr/bin/env bash
# Copies the repository's real inputs into fuzz/corpus/<target>/ as seeds
# (files named seed-*). Safe to re-run: it only adds or refreshes seeds.
set -euo pipefail
fuzz_dir=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$fuzz_dir")
cd "$root"

seed() { # target, file...
    local target=$1 f name
    shift
    mkdir -p "fuzz/corpus/$target"
    for f in "$@"; do
        [ -f "$f" ] || continue
        name=seed-$(printf '%s' "$f" | tr '/' '_')
        cp "$f" "fuzz/corpus/$target/$name"
    done
}

shopt -s globstar nullglob
seed front_matter content/**/*.md
seed csv_import tests/fixtures/exports/*.csv data/rounds/*/*.csv
seed pairs tests/fixtures/pairs/*.csv data/pairs.csv
seed schema data/forms/*.toml tests/fixtures/exports/schema.toml fuzz/schemas/*.toml data/rounds/*/round.toml
seed config site.toml

# Intake: first byte picks the schema (0 exports fixture, 1 feedback form,
# 2 fuzz/schemas/edge.toml), then name=value lines.
mkdir -p fuzz/corpus/intake
printf '\000email=ana@example.org\nname=Ana\nsatisfaction=5\nmentor_helps=Agree\nfrequency=Weekly\ntopics=Confidence\ntopics=Other\ntopics.other=Public speaking\nrecommend=9\nhours=3,5\nwent_well=Goals\\nand reviews\nprivate_note==SUM(A1)\n' \
    >fuzz/corpus/intake/seed-fixture-full
printf '\000satisfaction=4 - Satisfied\nrecommend=10 (Extremely likely)\n' >fuzz/corpus/intake/seed-fixture-minimal
printf '\001email=ben@example.com\nsatisfaction=Satisfied\nmentor_helps=strongly agree\nfrequency=Every two weeks\ntopics=Leadership\ntopics=Networking\nrecommend=8\nhours=12\nrematch=\nsubmit=Send\n' \
    >fuzz/corpus/intake/seed-feedback-full
printf '\001satisfaction=6\nrecommend=11\nhours=-1\nfrequency=Daily\n' >fuzz/corpus/intake/seed-feedback-invalid
printf '\002who=x@example.org\nrespondent=42\nmood=-3\nbig=1e3\nfree_number=1.234,5\npick=a, b\nmany=x;y\nmany=Z, z\nmany.other=w\nwhen=2026-02-29\nagree=Yes\nnps_q=0\nnote=+cmd|calc\n' \
    >fuzz/corpus/intake/seed-edge-full
printf '\002mood=great\npick=Other\npick.other=c; d\nmany=Other\nnote=\\n\n' >fuzz/corpus/intake/seed-edge-other

# Config: every table site.toml accepts.
cat >fuzz/corpus/config/seed-all-keys.toml <<'TOML'
title = "Test Program"
base_url = "https://org.github.io/mentoring/"
description = "All keys."
language = "fr"
theme = "default"

[tracks]
engineering = "Engineering"
"data science" = "Data"

[privacy]
min_group_size = 3
min_comment_group_size = 0

[intake]
round = "2026-spring"
url = "/forms/{form}/submit"

[directory]
page_size = 0

[matching]
weights = { skills = 2.0 }

[extra]
logo = "/logo.svg"
TOML
printf 'title = " "\nbase_url = "ftp://x"\n[tracks]\na = 1\n[privacy]\nmin_group_size = 0\n' \
    >fuzz/corpus/config/seed-invalid.toml
printf 'title = "T"\nbase_url = "/"\n[privacy]\nmin_grup_size = 5\n' >fuzz/corpus/config/seed-typo.toml
