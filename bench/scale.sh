#!/usr/bin/env bash
# How a build grows with the briefing: cold builds of SMALL and LARGE articles (default 10,000
# and 100,000), and of SMALL articles with a second edition (`--uk`: every point and article
# translated); bench/gen_corpus.py on /dev/shm, generated for the run and removed after it,
# never committed. Timed by hyperfine (median of RUNS after one warm-up, with the mean user
# and system CPU), peak RSS the median of RSS_RUNS runs under /usr/bin/time. Replaces the
# "## Scale" section of bench/RESULTS.md with the table and the ratios.
#   RUNS=3 RSS_RUNS=3 bash bench/scale.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SMALL=${SMALL:-10000}
LARGE=${LARGE:-100000}
RUNS=${RUNS:-3}
RSS_RUNS=${RSS_RUNS:-3}
for tool in hyperfine python3 /usr/bin/time; do
  command -v "$tool" >/dev/null 2>&1 || { echo "scale.sh: $tool is missing" >&2; exit 2; }
done
cargo build --release --quiet
BIN=$PWD/target/release/briefing
RAW=bench/out/scale
rm -rf "$RAW"; mkdir -p "$RAW"
work=/dev/shm/briefing-scale
for case in $SMALL $LARGE $SMALL-uk; do
  n=${case%-uk}
  rm -rf "$work"
  python3 bench/gen_corpus.py "$n" "$work/src" $([ "$case" = "$n" ] || echo --uk) >/dev/null
  du -sm "$work/src/briefing" | cut -f1 > "$RAW/$case.mb"
  out=$work/out
  hyperfine --warmup 1 --runs "$RUNS" --export-json "$RAW/$case.json" \
    --prepare "rm -rf $out $work/.out.manifest" -n "$case" "$BIN build -q --root $work/src/briefing --out $out"
  for _ in $(seq "$RSS_RUNS"); do
    rm -rf "$out" "$work/.out.manifest"
    /usr/bin/time -f "%M" -a -o "$RAW/$case.rss" "$BIN" build -q --root "$work/src/briefing" --out "$out"
  done
  find "$out" -type f | wc -l > "$RAW/$case.files"
done
rm -rf "$work"

python3 - "$RAW" "$SMALL" "$LARGE" "$RUNS" "$RSS_RUNS" <<'PY'
import json, os, statistics, sys, time
raw, small, large, runs, rss_runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
def one(n):
    # n: a case, as the loop above names its files.
    r = json.load(open(os.path.join(raw, f"{n}.json")))["results"][0]
    rss = [int(x) / 1024 for x in open(os.path.join(raw, f"{n}.rss")).read().split()]
    files = int(open(os.path.join(raw, f"{n}.files")).read())
    mb = int(open(os.path.join(raw, f"{n}.mb")).read())
    return r["median"], r["user"], r["system"], statistics.median(rss), files, mb
s, l, uk = one(small), one(large), one(f"{small}-uk")
rows = [f"| {what} | {mb:,} MB | {files:,} | {w:.2f} s | {u:.2f} s | {sy:.2f} s | {rss:,.0f} MiB |"
        for what, (w, u, sy, rss, files, mb) in ((f"{small:,}", s), (f"{large:,}", l),
                                                 (f"{small:,}, two editions", uk))]
report = (
    "## Scale\n\n"
    f"Measured {time.strftime('%Y-%m-%d')} by `bash bench/scale.sh` (RUNS={runs}, RSS_RUNS={rss_runs}): cold builds on "
    "/dev/shm of the generated corpus, the output removed before each run; wall is hyperfine's median, CPU its "
    "mean, peak RSS the median under `/usr/bin/time`.\n\n"
    "| articles | sources | files written | wall | user CPU | system CPU | peak RSS |\n"
    "|---:|---:|---:|---:|---:|---:|---:|\n" + "\n".join(rows) + "\n\n"
    f"{large:,} articles take **{l[0] / s[0]:.1f}×** the wall time of {small:,} (user CPU {l[1] / s[1]:.1f}×, "
    f"system CPU {l[2] / s[2]:.1f}×) and **{l[3] / s[3]:.1f}×** the peak RSS. A second edition, with every "
    f"point and article translated (a body of the same length in Cyrillic letters), takes **{uk[0] / s[0]:.1f}×** "
    f"the time of one and **{uk[3] / s[3]:.1f}×** the peak RSS.\n"
)
print(report)
results = os.path.join("bench", "RESULTS.md")
existing = open(results, encoding="utf-8").read()
head, found, rest = existing.partition("## Scale")
if not found:
    head, rest = existing, ""
tail = rest[rest.find("\n## ") + 1:] if "\n## " in rest else ""
with open(results, "w", encoding="utf-8") as f:
    f.write(head.rstrip() + "\n\n" + report + ("\n" + tail if tail else ""))
PY
