#!/usr/bin/env python3
"""Turns the raw timings of bench/compare.sh into the tables of bench/RESULTS.md."""

import json
import os
import platform
import statistics
import subprocess
import sys
from datetime import date

raw, binary = sys.argv[1], sys.argv[2]


def version(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return "unknown"


def load(tag):
    with open(os.path.join(raw, f"{tag}.json")) as f:
        return {r["command"]: r for r in json.load(f)["results"]}


def rss(tag, tool):
    with open(os.path.join(raw, f"{tag}.{tool}.rss")) as f:
        return statistics.median(int(x) for x in f.read().split())


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


print("# Benchmark results\n")
print(f"Measured {date.today().isoformat()} by `bash bench/compare.sh` on {os.cpu_count()} cores "
      f"({cpu_model()}), {platform.system()} {platform.release()}.")
print(f"Versions: {version([binary, '--version'])}; {version(['hugo', 'version'])}; {version(['hyperfine', '--version'])}.\n")
print("Corpus: `bench/gen_corpus.py` (seed 20251207), 600–900 words of varied Markdown per article; the same bodies "
      "for both tools. Wall time is the median of the runs after one warm-up; CPU is mean user+sys; peak RSS is the median "
      "of three runs under `/usr/bin/time`.\n")
print("| where | N | briefing wall | Hugo wall | wall ratio | briefing CPU | Hugo CPU | briefing peak RSS | Hugo peak RSS | RSS ratio |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
rows = []
for place in ("shm", "disk"):
    for name in sorted(os.listdir(raw)):
        if not name.startswith(place + "-") or not name.endswith(".json") or "markdown" in name:
            continue
        tag = name[:-5]
        n = int(tag.split("-")[1])
        r = load(tag)
        b, h = r["briefing"], r["hugo"]
        bw, hw = b["median"], h["median"]
        bc, hc = b["user"] + b["system"], h["user"] + h["system"]
        br, hr = rss(tag, "briefing"), rss(tag, "hugo")
        where = "/dev/shm" if place == "shm" else "ext4 disk"
        rows.append((place, n))
        print(f"| {where} | {n:,} | {bw:.2f} s | {hw:.2f} s | **{bw / hw:.2f}×** | {bc:.2f} s | {hc:.2f} s | "
              f"{br / 1024:.0f} MiB | {hr / 1024:.0f} MiB | **{br / hr:.2f}×** |")
print()
for name in sorted(os.listdir(raw)):
    if name.endswith(".markdown.json"):
        tag = name[: -len(".markdown.json")]
        n = int(tag.split("-")[1])
        md = json.load(open(os.path.join(raw, name)))["results"][0]
        full = load(tag)["briefing"]
        mc, bc = md["user"] + md["system"], full["user"] + full["system"]
        print(f"- N = {n:,} on /dev/shm: pulldown-cmark alone (one thread, same bodies, `examples/markdown_only.rs`) takes "
              f"{md['median']:.2f} s wall, {mc:.2f} s CPU; the whole briefing build takes {bc:.2f} s CPU, "
              f"{bc / mc:.2f}× the Markdown alone.")
print()
