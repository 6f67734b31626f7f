#!/usr/bin/env python3
"""Save-to-reload latency of `briefing serve` on the benchmark corpus.

Starts `briefing serve` on a generated corpus of N articles, listens to its reload event
stream, then saves EDITS edits of two kinds and measures the time from each save to the
reload event: a body edit (a new paragraph in one article; the served page is checked for
it) and a claim edit (the status of one article's claim changed, which reaches the tables,
the snapshots, the chart, the feeds and the search index; the article page is checked for
the new status). Writes the result into bench/RESULTS.md.

Usage: reload.py [N] [EDITS]
"""

import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
N = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
EDITS = int(sys.argv[2]) if len(sys.argv) > 2 else 21


def wait_for_reload(stream):
    """Reads a server's event stream up to its next reload event."""
    while True:
        line = stream.readline()
        if not line:
            raise SystemExit("event stream closed")
        if line.startswith(b"event: reload"):
            return


LABELS = {"agreed": "Agreed", "open": "Open", "disputed": "Disputed", "rejected": "Rejected"}


def start(binary, root, stderr=None):
    """A server of `binary` on `root`: the process, the stream of its reload events, its port
    and the seconds its first build took."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([binary, "serve", "--root", root, "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=stderr, text=True)
    try:
        started = time.perf_counter()
        for line in server.stdout:
            if "serving" in line:
                break
        first_build = time.perf_counter() - started
        events = socket.create_connection(("127.0.0.1", port))
        events.sendall(b"GET /__briefing/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
        return server, events.makefile("rb"), port, first_build
    except BaseException:
        server.terminate()
        server.wait()
        raise


def edited(text, kind, k):
    """An article's text after edit `k` of `kind` (a new paragraph, or its first claim's status
    changed), and a word the served page then shows."""
    if kind == "body":
        token = f"edit-{k}-{time.time_ns()}"
        return text + f"\nA new paragraph with {token}.\n", token
    old = re.search(r"status: (\w+)", text).group(1)
    status = [s for s in LABELS if s != old][k % 3]
    return text.replace(f"status: {old}", f"status: {status}", 1), LABELS[status]


def summary(times):
    """The median, p90, min and max of some latencies in ms."""
    times = sorted(times)
    return statistics.median(times), times[int(len(times) * 0.9) - 1], times[0], times[-1]


def main():
    # BRIEFING=path measures another binary and only prints (RESULTS.md is the release build's).
    binary = os.environ.get("BRIEFING")
    if not binary:
        binary = os.path.join(REPO, "target/release/briefing")
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    work = tempfile.mkdtemp(prefix="briefing-reload-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
    subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), str(N), work], check=True)
    root = os.path.join(work, "briefing")
    server = None
    try:
        server, stream, port, first_build = start(binary, root)
        time.sleep(0.3)
        articles = sorted(os.listdir(os.path.join(root, "content/articles")))

        def measure(kind):
            latencies = []
            candidates = articles
            if kind == "claim":
                candidates = [a for a in articles
                              if "status: " in open(os.path.join(root, "content/articles", a), encoding="utf-8").read()]
            for k in range(EDITS):
                name = candidates[(k * 7919) % len(candidates)]
                path = os.path.join(root, "content/articles", name)
                with open(path, encoding="utf-8") as f:
                    new, token = edited(f.read(), kind, k)
                t0 = time.perf_counter()
                with open(path, "w", encoding="utf-8") as f:
                    f.write(new)
                wait_for_reload(stream)
                latencies.append((time.perf_counter() - t0) * 1000)
                slug = name[:-3]
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/articles/{slug}/").read().decode()
                assert token in page, f"{slug}: edit not served"
                time.sleep(0.15)
            return latencies

        rows = []
        for kind, what in (("body", "a paragraph added to one article"), ("claim", "one claim's status changed")):
            median, p90, low, high = summary(measure(kind))
            rows.append(f"| {what} | **{median:.0f} ms** | {p90:.0f} ms | {low:.0f} ms | {high:.0f} ms |")
        report = (
            "## Save-to-reload latency (`briefing serve`)\n\n"
            f"Measured {time.strftime('%Y-%m-%d')} by `python3 bench/reload.py {N} {EDITS}`: {N:,} articles on /dev/shm "
            f"(first build {first_build:.2f} s), {EDITS} saves of each kind, from just before the file is written to the "
            "reload event on the page's event stream (the served page was then checked for the edit).\n\n"
            "| edit | median | p90 | min | max |\n|---|---:|---:|---:|---:|\n" + "\n".join(rows) + "\n\n"
            "The watcher waits 10 ms for a burst of file events to settle. A body-only edit re-renders that article's "
            "page and brings the search index up to date; a claim edit renders what claims reach (that article's page, "
            "its point's page and feed, the home page, the table, the versions, the timeline page of the claim, the "
            "snapshots from the claim to the next claim on record for that point and party) and the exports made of "
            "positions, skips pages made from the same values as before, and writes the files whose bytes changed.\n"
        )
        print(report)
        if os.environ.get("BRIEFING"):
            return
        results = os.path.join(HERE, "RESULTS.md")
        existing = open(results, encoding="utf-8").read() if os.path.exists(results) else "# Benchmark results\n\n"
        head, _, rest = existing.partition("## Save-to-reload latency")
        tail = rest[rest.find("\n## ") + 1:] if "\n## " in rest else ""
        with open(results, "w", encoding="utf-8") as f:
            f.write(head.rstrip() + "\n\n" + report + ("\n" + tail if tail else ""))
    finally:
        if server:
            server.terminate()
            server.wait()
        subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
