#!/usr/bin/env python3
"""Cold builds of one corpus by several `briefing` binaries, taken in turn (the order
reversed every other round), so that each meets the same moments of a noisy machine.

    python3 bench/alternate.py RUNS ROOT OUT NAME=BINARY [NAME=BINARY ...]

Each build starts with OUT removed (not timed). Prints, per binary, the median wall time
and the median CPU (user + system, from the build's own resource usage), each binary's
difference from the last one named, and the raw times as JSON on the last line."""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def build(binary, root, out):
    """One cold build: its wall time and CPU. Its messages go to a file, which a pipe read
    only after the build would not be: a full pipe would stop the build."""
    shutil.rmtree(out, ignore_errors=True)
    with tempfile.TemporaryFile() as messages:
        start = time.perf_counter()
        child = subprocess.Popen([binary, "build", "--root", root, "--out", out],
                                 stdout=subprocess.DEVNULL, stderr=messages)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            messages.seek(0)
            sys.exit(f"alternate.py: {binary} failed:\n{messages.read().decode(errors='replace')}")
    return wall, usage.ru_utime + usage.ru_stime


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    runs, root, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    named = [arg.split("=", 1) for arg in sys.argv[4:]]
    times = {name: [] for name, _ in named}
    for n in range(runs):
        for name, binary in named if n % 2 == 0 else named[::-1]:
            times[name].append(build(binary, root, out))
    shutil.rmtree(out, ignore_errors=True)
    medians = {name: (statistics.median(w for w, _ in t), statistics.median(c for _, c in t))
               for name, t in times.items()}
    base_wall, base_cpu = medians[named[-1][0]]
    width = max(len(name) for name, _ in named)
    for name, _ in named:
        wall, cpu = medians[name]
        print(f"{name:<{width}}  wall {wall:.3f} s ({(wall / base_wall - 1) * 100:+.1f}%)"
              f"  CPU {cpu:.3f} s ({(cpu / base_cpu - 1) * 100:+.1f}%)")
    print(json.dumps({"runs": runs, "times": times}))


if __name__ == "__main__":
    main()
