#!/usr/bin/env python3
"""Save-to-reload latency of two or more `briefing` binaries, compared edit by edit.

`bench/reload.py` measures one binary; on a noisy machine two of its runs minutes apart can
differ by more than the change between two binaries. This script starts one `briefing serve`
per binary, each on its own copy of the same generated corpus, and makes the same edits to
each in turn (the order alternating from edit to edit), so that every binary meets the same
moments of the machine. Each edit is timed from just before the file is written to the
reload event on that server's event stream, as in `reload.py`. Prints the median, p90, min
and max of each kind of edit for each binary; writes nothing into RESULTS.md.

Usage: reload_pair.py N EDITS BINARY BINARY [BINARY...]
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time

from reload import edited, start, summary, wait_for_reload

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    if len(sys.argv) < 5:
        raise SystemExit(__doc__)
    n, edits, binaries = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    base = "/dev/shm" if os.path.isdir("/dev/shm") else None
    work = tempfile.mkdtemp(prefix="briefing-reload-pair-", dir=base)
    servers = []
    try:
        corpus = os.path.join(work, "corpus")
        subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), str(n), corpus],
                       check=True, stdout=subprocess.DEVNULL)
        for i, binary in enumerate(binaries):
            copy = os.path.join(work, f"site-{i}")
            shutil.copytree(corpus, copy)
            root = os.path.join(copy, "briefing")
            server, stream, _, _ = start(binary, root, stderr=subprocess.DEVNULL)
            servers.append({"binary": binary, "server": server, "stream": stream, "root": root,
                            "body": [], "claim": []})
        time.sleep(0.5)
        folder = os.path.join(servers[0]["root"], "content/articles")
        articles = sorted(os.listdir(folder))
        with_claims = [a for a in articles
                       if "status: " in open(os.path.join(folder, a), encoding="utf-8").read()]
        for k in range(edits):
            order = servers if k % 2 == 0 else servers[::-1]
            for kind, names in (("body", articles), ("claim", with_claims)):
                name = names[(k * 7919) % len(names)]
                for s in order:
                    path = os.path.join(s["root"], "content/articles", name)
                    with open(path, encoding="utf-8") as f:
                        text, _ = edited(f.read(), kind, k)
                    t0 = time.perf_counter()
                    with open(path, "w", encoding="utf-8") as f:
                        f.write(text)
                    wait_for_reload(s["stream"])
                    s[kind].append((time.perf_counter() - t0) * 1000)
                    time.sleep(0.15)
        print(f"{n:,} articles, {edits} edits of each kind per binary, alternated edit by edit\n")
        print("| binary | edit | median | p90 | min | max |\n|---|---|---:|---:|---:|---:|")
        for s in servers:
            for kind in ("body", "claim"):
                median, p90, low, high = summary(s[kind])
                print(f"| `{s['binary']}` | {kind} | {median:.0f} ms | {p90:.0f} ms "
                      f"| {low:.0f} ms | {high:.0f} ms |")
    finally:
        for s in servers:
            s["server"].terminate()
            s["server"].wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
