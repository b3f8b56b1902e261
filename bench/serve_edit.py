#!/usr/bin/env python3
"""Time from saving one mentor profile to the preview's reload event.

Starts `mentorsite serve` on a site (a generated corpus), listens to its
server-sent events, then edits one profile's biography N times and
measures, for each save, the time until the `reload` event arrives.
Prints the median and the 95th percentile.

    python3 bench/serve_edit.py BINARY SITE_DIR [EDITS]
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


def main():
    binary, site = sys.argv[1], sys.argv[2]
    edits = int(sys.argv[3]) if len(sys.argv) > 3 else 50
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
        deadline = time.time() + 300
        while not any("Serving" in l for l in lines):
            if time.time() > deadline or server.poll() is not None:
                sys.exit("serve did not start:\n" + "".join(lines))
            time.sleep(0.1)
        events = socket.create_connection(("127.0.0.1", port), timeout=30)
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
        profile = sorted(glob.glob(os.path.join(site, "content/mentors/*.md")))[len(glob.glob(os.path.join(site, "content/mentors/*.md"))) // 2]
        original = open(profile).read()
        timings = []
        for i in range(edits):
            seen = len(reloads)
            with open(profile, "w") as f:
                f.write(original + f"\nEdited in round {i} of the benchmark.\n")
            saved = time.perf_counter()
            while len(reloads) == seen and time.perf_counter() - saved < 30:
                time.sleep(0.0005)
            if len(reloads) == seen:
                sys.exit("no reload event within 30 s:\n" + "".join(lines[-20:]))
            timings.append((reloads[seen] - saved) * 1000)
            time.sleep(0.3)
        with open(profile, "w") as f:
            f.write(original)
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(round(0.95 * (len(timings) - 1))))]
        print(f"profile edit -> reload event over {edits} edits: median {statistics.median(timings):.1f} ms, "
              f"p95 {p95:.1f} ms, min {timings[0]:.1f} ms, max {timings[-1]:.1f} ms")
        rebuilt = [l.strip() for l in lines if "Rebuilt" in l][-3:]
        print("last rebuild lines:\n  " + "\n  ".join(rebuilt))
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
