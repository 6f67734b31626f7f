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


def load(name):
    with open(os.path.join(raw, name)) as f:
        return {r["command"]: r for r in json.load(f)["results"]}


def rss(name):
    with open(os.path.join(raw, name)) as f:
        return statistics.median(int(x) for x in f.read().split())


def cpu(r):
    return r["user"] + r["system"]


def cpu_cell(r):
    return f"{cpu(r):.2f} s ({r['system']:.2f} s)"


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
print(f"Versions: {version([binary, '--version'])}; {version(['hugo', 'version'])}; "
      f"{version(['hyperfine', '--version'])}.\n")
print("Corpus: `bench/gen_corpus.py` (seed 20251207), 600–900 words of varied Markdown per article, the same "
      "bodies for both tools. The briefing side has every view on: six declared parties (the positions table), "
      "three plan versions (side by side and their comparisons), an as-of snapshot for every date with a claim, "
      "60 people with their positions, a glossary of 40 terms, the sources and print pages, the search index, "
      "and the language's strings (one edition: `--uk` adds a second, measured apart); Hugo renders the article "
      "pages and lists.\n")
print("Places: `/dev/shm`, a RAM file system, and the disk this repository is on (the sources stay in RAM, "
      "the output is written to the disk).\n")
print("`cold` removes the previous output before each run with hyperfine's `--prepare` (not timed); `rebuild` "
      "builds over the previous output. Wall is the median of the runs after one warm-up, CPU the mean user+sys "
      "(in brackets, the system part), peak RSS the median of three runs under `/usr/bin/time`; ratios are "
      "briefing ÷ Hugo from the same run.\n")
print("| where | N | case | briefing wall | Hugo wall | wall ratio | briefing CPU | Hugo CPU | "
      "briefing peak RSS | Hugo peak RSS | RSS ratio |")
print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
PLACES = ["shm", "disk"]
tags = sorted({n.rsplit("-", 1)[0] for n in os.listdir(raw) if n.endswith("-cold.json")},
              key=lambda t: (PLACES.index(t.split("-")[0]), int(t.split("-")[1])))


def where(place):
    """The place as the table names it, with its file system as compare.sh found it."""
    path = os.path.join(raw, f"{place}.where")
    fs = open(path).read().strip() if os.path.exists(path) else "?"
    return {"shm": f"/dev/shm ({fs})"}.get(place, f"this disk: {fs}")


for tag in tags:
    place, n = tag.split("-")
    for case in ("cold", "rebuild"):
        r = load(f"{tag}-{case}.json")
        b, h = r["briefing"], r["hugo"]
        br, hr = rss(f"{tag}-{case}.briefing.rss"), rss(f"{tag}-{case}.hugo.rss")
        print(f"| {where(place)} | {int(n):,} | {case} | {b['median']:.2f} s | {h['median']:.2f} s | "
              f"**{b['median'] / h['median']:.2f}×** | {cpu_cell(b)} | {cpu_cell(h)} | "
              f"{br / 1024:.0f} MiB | {hr / 1024:.0f} MiB | **{br / hr:.2f}×** |")
print()
for tag in tags:
    md_name = f"{tag}.markdown.json"
    if not os.path.exists(os.path.join(raw, md_name)):
        continue
    n = int(tag.split("-")[1])
    md = load(md_name)["markdown_only"]
    full = load(f"{tag}-cold.json")["briefing"]
    files = open(os.path.join(raw, f"{tag}.files")).read().strip()
    print(f"- N = {n:,} on /dev/shm: pulldown-cmark alone (one thread, the same bodies, "
          f"`examples/markdown_only.rs`) takes {md['median']:.2f} s wall, {cpu(md):.2f} s CPU; the cold briefing "
          f"build (writing {int(files):,} files) takes {cpu(full):.2f} s CPU.")
print()
