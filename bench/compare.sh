#!/usr/bin/env bash
# briefing vs Hugo on the same deterministic corpus (bench/gen_corpus.py: the briefing side
# has every view on: parties, plan versions, as-of snapshots, search, the language), on a
# RAM filesystem and on the disk this repository is on.
#
# Two cases, each timed by hyperfine (median of RUNS after one warm-up):
#   cold     the previous output is removed before each run by --prepare, not timed;
#   rebuild  the previous output is there (briefing swaps the new one in and removes the old).
# Peak RSS is the median of RSS_RUNS runs under /usr/bin/time; the Markdown baseline is
# pulldown-cmark alone on one thread over the same bodies. Writes bench/RESULTS.md.
#   SIZES="1000 10000" RUNS=5 bash bench/compare.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 10000"}
RUNS=${RUNS:-5}
RSS_RUNS=${RSS_RUNS:-3}
PLACES=${PLACES:-"shm disk"}
export DEBIAN_FRONTEND=noninteractive

need() { # need COMMAND PACKAGE
  command -v "$1" >/dev/null 2>&1 && return
  [ -n "${apt_updated:-}" ] || { apt-get update -qq; apt_updated=1; }
  apt-get install -y -qq "$2" >/dev/null
}
need hugo hugo
need hyperfine hyperfine
need python3 python3
[ -x /usr/bin/time ] || need /usr/bin/time time

cargo build --release --quiet
cargo build --release --quiet --example markdown_only
BIN=$PWD/target/release/briefing
MD=$PWD/target/release/examples/markdown_only
RAW=bench/out/raw
rm -rf "$RAW"; mkdir -p "$RAW"

peak_rss() { # peak_rss OUTFILE PREPARE CMD...: median peak RSS in KB over RSS_RUNS runs
  local out=$1 prepare=$2; shift 2
  for _ in $(seq "$RSS_RUNS"); do
    bash -c "$prepare"
    /usr/bin/time -f "%M" -o "$out.one" "$@" >/dev/null 2>&1
    cat "$out.one" >> "$out"
  done
  rm -f "$out.one"
}

for place in $PLACES; do
  if [ "$place" = shm ]; then base=/dev/shm/briefing-bench; else base=$PWD/bench/out/corpus; fi
  for n in $SIZES; do
    dir=$base/$n
    python3 bench/gen_corpus.py "$n" "$dir"
    b_build="$BIN build --root $dir/briefing --out $dir/out-briefing"
    h_build="hugo --quiet -s $dir/hugo -d $dir/out-hugo"
    tag=$place-$n
    hyperfine --warmup 1 --runs "$RUNS" --export-json "$RAW/$tag-cold.json" \
      --prepare "rm -rf $dir/out-briefing" --prepare "rm -rf $dir/out-hugo" \
      -n briefing "$b_build" -n hugo "$h_build"
    hyperfine --warmup 1 --runs "$RUNS" --export-json "$RAW/$tag-rebuild.json" \
      -n briefing "$b_build" -n hugo "$h_build"
    peak_rss "$RAW/$tag-cold.briefing.rss" "rm -rf $dir/out-briefing" $b_build
    peak_rss "$RAW/$tag-cold.hugo.rss" "rm -rf $dir/out-hugo" $h_build
    peak_rss "$RAW/$tag-rebuild.briefing.rss" "true" $b_build
    peak_rss "$RAW/$tag-rebuild.hugo.rss" "true" $h_build
    if [ "$place" = shm ]; then
      hyperfine --warmup 1 --runs "$RUNS" --export-json "$RAW/$tag.markdown.json" \
        -n markdown_only "$MD $dir/briefing/content/articles"
    fi
    files=$(find "$dir/out-briefing" -type f | wc -l)
    echo "$files" > "$RAW/$tag.files"
  done
  rm -rf "$base"
done

python3 bench/report.py "$RAW" "$BIN" > bench/RESULTS.md.new
if [ -f bench/RESULTS.md ] && grep -q "^## Save-to-reload" bench/RESULTS.md; then
  sed -n '/^## Save-to-reload/,$p' bench/RESULTS.md >> bench/RESULTS.md.new
fi
mv bench/RESULTS.md.new bench/RESULTS.md
cat bench/RESULTS.md
