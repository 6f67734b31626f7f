#!/usr/bin/env bash
# briefing vs Hugo on the same deterministic corpus, on disk and on a RAM filesystem.
# Reports median wall time, user+sys, peak RSS and ratios; writes bench/RESULTS.md.
#   SIZES="1000 10000" RUNS=5 bash bench/compare.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 10000"}
RUNS=${RUNS:-5}
RSS_RUNS=${RSS_RUNS:-3}
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

peak_rss() { # peak_rss OUTFILE CMD...: median peak RSS in KB over RSS_RUNS runs
  local out=$1; shift
  for _ in $(seq "$RSS_RUNS"); do /usr/bin/time -f "%M" -o "$out.one" "$@" >/dev/null 2>&1; cat "$out.one" >> "$out"; done
  rm -f "$out.one"
}

for place in shm disk; do
  if [ "$place" = shm ]; then base=/dev/shm/briefing-bench; else base=$PWD/bench/out/corpus; fi
  for n in $SIZES; do
    dir=$base/$n
    python3 bench/gen_corpus.py "$n" "$dir"
    tag=$place-$n
    hyperfine --warmup 1 --runs "$RUNS" --export-json "$RAW/$tag.json" \
      -n briefing "$BIN build --root $dir/briefing --out $dir/out-briefing" \
      -n hugo "hugo --quiet -s $dir/hugo -d $dir/out-hugo"
    peak_rss "$RAW/$tag.briefing.rss" "$BIN" build --root "$dir/briefing" --out "$dir/out-briefing"
    peak_rss "$RAW/$tag.hugo.rss" hugo --quiet -s "$dir/hugo" -d "$dir/out-hugo"
    if [ "$place" = shm ]; then
      hyperfine --warmup 1 --runs "$RUNS" --export-json "$RAW/$tag.markdown.json" -n markdown_only "$MD $dir/briefing/content/articles"
    fi
  done
  [ "$place" = shm ] && rm -rf "$base"
done

python3 bench/report.py "$RAW" "$BIN" > bench/RESULTS.md.new
if [ -f bench/RESULTS.md ] && grep -q "^## Save-to-reload" bench/RESULTS.md; then
  sed -n '/^## Save-to-reload/,$p' bench/RESULTS.md >> bench/RESULTS.md.new
fi
mv bench/RESULTS.md.new bench/RESULTS.md
cat bench/RESULTS.md
