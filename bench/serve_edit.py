#!/usr/bin/env python3
"""Time from saving a file to the preview's reload event, for each kind of edit.

Starts `mentorsite serve` on a site (a generated corpus, e.g. 10,000
mentors from examples/gen_corpus.rs), listens to its server-sent events,
then makes each kind of edit N times (each edit is undone by the next one)
and measures, for each save, the time until the `reload` event arrives.
Each kind first makes one edit and undoes it, unmeasured, as a warm-up.
Prints the median and the 95th percentile per kind. The site is left as
it was found.

    python3 bench/serve_edit.py BINARY SITE_DIR [EDITS] [KIND ...]

Kinds: bio, name (to the front of the directory and back), name-typo (the
place kept), facet, spots, new-profile (at the end of the order),
new-profile-middle, delete-profile, guide-body, guide-title, survey-row,
site-toml (all of them by default).
"""
import glob
import os
import socket
import statistics
import subprocess
import sys
import threading
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def replace(path, text):
    """Writes a large file the way export tools and many editors do: into a
    hidden file beside it, then renamed over it. Written in place, a file of
    megabytes is seen half written when the writer pauses longer than the
    preview's quiet period (the preview then shows an error until the
    writer's last event, and the timing is that of the error)."""
    folder, name = os.path.split(path)
    hidden = os.path.join(folder, f".{name}.benchmark")
    with open(hidden, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    os.replace(hidden, path)


def without_last_record(text):
    """The CSV `text` without its last record. A record may span lines (a
    quoted answer with line breaks), so records end at line breaks outside
    quotes."""
    quoted = False
    ends = []
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif ch == "\n" and not quoted:
            ends.append(i + 1)
    if len(ends) < 2:
        return text
    # The text ends with the last record's line break, or with the record.
    return text[: ends[-2]] if ends[-1] == len(text) else text[: ends[-1]]


def edits_of(site):
    """Each kind of edit as (setup, edit(i), restore)."""
    profiles = sorted(glob.glob(os.path.join(site, "content/mentors/*.md")))
    profile = profiles[len(profiles) // 2]
    mentor = read(profile)
    guides = sorted(
        p for p in glob.glob(os.path.join(site, "content/**/*.md"), recursive=True)
        if "/mentors/" not in p and not p.endswith("_index.md") and not p.endswith("agreement.md")
    )
    guide = guides[len(guides) // 2]
    page = read(guide)
    rounds = sorted(glob.glob(os.path.join(site, "data/rounds/*/*.csv")))
    survey = rounds[-1] if rounds else None
    answers = read(survey) if survey else ""
    fewer = without_last_record(answers)
    toml_path = os.path.join(site, "site.toml")
    toml = read(toml_path)
    mentors_dir = os.path.join(site, "content/mentors")

    def new_profile(i):
        return os.path.join(mentors_dir, f"zz-benchmark-newcomer-{i}.md")

    def middle_profile(i):
        return os.path.join(mentors_dir, f"benchmark-middle-newcomer-{i}.md")

    def remove_newcomers(prefix):
        for name in os.listdir(mentors_dir):
            if name.startswith(prefix):
                os.remove(os.path.join(mentors_dir, name))

    def name_line(text):
        return next(l for l in text.splitlines() if l.startswith("name = "))

    # The edited profile's own name: a newcomer named so sorts beside it.
    middle_name = name_line(mentor).split('"')[1]

    def skills_line(text):
        return next((l for l in text.splitlines() if l.startswith("skills = ")), None)

    def capacity_line(text):
        return next((l for l in text.splitlines() if l.startswith("capacity = ")), None)

    def title_line(text):
        return next(l for l in text.splitlines() if l.startswith("title = "))

    kinds = {
        "bio": (lambda i: write(profile, mentor + f"\nEdited in round {i} of the benchmark.\n"),
                lambda: write(profile, mentor)),
        # Alternating names move the mentor to the front of the directory and back.
        "name": (lambda i: write(profile, mentor.replace(name_line(mentor),
                                                          f'name = "{"Aaa" if i % 2 == 0 else "Zzz"} Benchmark {i}"', 1)),
                 lambda: write(profile, mentor)),
        # A typo fixed: the mentor keeps their place in the directory.
        "name-typo": (lambda i: write(profile, mentor.replace(name_line(mentor),
                                                               name_line(mentor)[:-1] + ("e" * (1 + i % 2)) + '"', 1)),
                      lambda: write(profile, mentor)),
        "facet": (lambda i: write(profile, mentor.replace(skills_line(mentor),
                                                           f'skills = ["Benchmarking {i % 3}"]', 1)),
                  lambda: write(profile, mentor)),
        "spots": (lambda i: write(profile, mentor.replace(capacity_line(mentor), f"capacity = {1 + i % 5}", 1)),
                  lambda: write(profile, mentor)),
        # Each edit a new file; all are removed at the end.
        "new-profile": (lambda i: write(new_profile(i),
                                        f'+++\nname = "Zz Newcomer {i}"\nheadline = "New"\nskills = ["Python"]\ncapacity = 1\n+++\nHello.\n'),
                        lambda: remove_newcomers("zz-benchmark-newcomer-")),
        # In the middle of the directory's order: every later list page moves.
        "new-profile-middle": (lambda i: write(middle_profile(i),
                                               f'+++\nname = "{middle_name} Newcomer {i}"\nheadline = "New"\nskills = ["Python"]\ncapacity = 1\n+++\nHello.\n'),
                               lambda: remove_newcomers("benchmark-middle-newcomer-")),
        "delete-profile": (lambda i: os.remove(profile) if i % 2 == 0 else write(profile, mentor),
                           lambda: write(profile, mentor)),
        "guide-body": (lambda i: write(guide, page + f"\nEdited in round {i} of the benchmark.\n"),
                       lambda: write(guide, page)),
        "guide-title": (lambda i: write(guide, page.replace(title_line(page), f'title = "Benchmark title {i}"', 1)),
                        lambda: write(guide, page)),
        "survey-row": (lambda i: replace(survey, answers if i % 2 else fewer),
                       lambda: replace(survey, answers)),
        "site-toml": (lambda i: write(toml_path, toml.replace(title_line(toml), f'title = "Benchmark {i}"', 1)),
                      lambda: write(toml_path, toml)),
    }
    if survey is None:
        del kinds["survey-row"]
    return kinds


def main():
    binary, site = sys.argv[1], sys.argv[2]
    edits = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    kinds = edits_of(site)
    wanted = sys.argv[4:] or list(kinds)
    port = free_port()
    server = subprocess.Popen(
        [binary, "serve", "--root", site, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    threading.Thread(target=lambda: [lines.append(l) for l in server.stdout], daemon=True).start()
    try:
        deadline = time.time() + 600
        while not any("Serving" in l for l in lines):
            if time.time() > deadline or server.poll() is not None:
                sys.exit("serve did not start:\n" + "".join(lines))
            time.sleep(0.1)
        events = socket.create_connection(("127.0.0.1", port), timeout=120)
        events.sendall(
            f"GET /__mentorsite/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n".encode()
        )
        reloads = []

        def listen():
            buffer = b""
            while True:
                try:
                    chunk = events.recv(4096)
                except OSError:
                    return
                if not chunk:
                    return
                buffer += chunk
                while b"\n\n" in buffer:
                    event, buffer = buffer.split(b"\n\n", 1)
                    if b"event: reload" in event:
                        reloads.append(time.perf_counter())
        threading.Thread(target=listen, daemon=True).start()
        time.sleep(1)
        print(f"{'edit':<16} {'median':>9} {'p95':>9} {'min':>9} {'max':>9}   (save -> reload event, {edits} edits each)")
        def settle(seen):
            waited = time.perf_counter()
            while len(reloads) == seen and time.perf_counter() - waited < 120:
                time.sleep(0.01)
            time.sleep(0.3)

        for kind in wanted:
            edit, restore = kinds[kind]
            # One edit and its undoing first, not measured: the first edit
            # of a kind after a start warms the allocator and page cache.
            seen = len(reloads)
            edit(0)
            settle(seen)
            seen = len(reloads)
            restore()
            settle(seen)
            timings = []
            for i in range(edits):
                seen = len(reloads)
                edit(i)
                saved = time.perf_counter()
                while len(reloads) == seen and time.perf_counter() - saved < 120:
                    time.sleep(0.0005)
                if len(reloads) == seen:
                    restore()
                    sys.exit(f"{kind}: no reload event within 120 s:\n" + "".join(lines[-20:]))
                timings.append((reloads[seen] - saved) * 1000)
                time.sleep(0.3)
            seen = len(reloads)
            restore()
            settle(seen)
            timings.sort()
            p95 = timings[min(len(timings) - 1, int(round(0.95 * (len(timings) - 1))))]
            print(f"{kind:<16} {statistics.median(timings):>7.1f}ms {p95:>7.1f}ms {timings[0]:>7.1f}ms {timings[-1]:>7.1f}ms", flush=True)
        rebuilt = [l.strip() for l in lines if "Rebuilt" in l or "failed" in l or "error:" in l][-int(os.environ.get("SHOW_REBUILT", "3")):]
        print("last rebuild lines:\n  " + "\n  ".join(rebuilt))
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
