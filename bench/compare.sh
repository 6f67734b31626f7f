#!/usr/bin/env bash
# briefing against Hugo on the same deterministic corpus (bench/gen_corpus.py; the briefing
# side has every view the generator supports on), on a RAM file system and on the disk this
# repository is on (sources in RAM, output on the disk), in the same run.
#
# Two cases, each timed by hyperfine (median of RUNS after one warm-up):
#   cold     the previous output is removed before each run by --prepare (not timed);
#   rebuild  the previous output is there.
# Peak RSS is the median of RSS_RUNS runs under /usr/bin/time. The Markdown floor is
# pulldown-cmark alone on one thread over the same bodies (examples/markdown_only.rs).
# Writes bench/RESULTS.md (keeping its save-to-reload table, which bench/reload.py writes).
#   SIZES="1000 10000" RUNS=5 PLACES="shm disk" bash bench/compare.sh
# Needs hugo, hyperfine and GNU time (Debian: hugo hyperfine time).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 10000"}
RUNS=${RUNS:-5}
RSS_RUNS=${RSS_RUNS:-3}
PLACES=${PLACES:-"shm disk"}
for tool in hugo hyperfine python3 /usr/bin/time; do
  command -v "$tool" >/dev/null 2>&1 || { echo "compare.sh: $tool is missing" >&2; exit 2; }
done

cargo build --release --quiet
cargo build --release --quiet --example markdown_only
BIN=$PWD/target/release/briefing
MD=$PWD/target/release/examples/markdown_only
RAW=bench/out/raw
rm -rf "$RAW"; mkdir -p "$RAW"

peak_rss() { # peak_rss OUTFILE PREPARE CMD...: peak RSS in KB of RSS_RUNS runs
  local out=$1 prepare=$2; shift 2
  for _ in $(seq "$RSS_RUNS"); do
    bash -c "$prepare"
    /usr/bin/time -f "%M" -o "$out.one" "$@" >/dev/null 2>&1
    cat "$out.one" >> "$out"
  done
  rm -f "$out.one"
}

src=/dev/shm/briefing-bench
for place in $PLACES; do
  case $place in
    shm) outs=/dev/shm/briefing-bench-out ;;
    disk) outs=$PWD/bench/out/disk ;;
    *) echo "compare.sh: unknown place '$place' (shm or disk)" >&2; exit 2 ;;
  esac
  mkdir -p "$outs"
  findmnt -no FSTYPE -T "$outs" | head -n 1 > "$RAW/$place.where"
  for n in $SIZES; do
    dir=$src/$n
    [ -d "$dir/briefing" ] || python3 bench/gen_corpus.py "$n" "$dir"
    ob=$outs/$n-briefing oh=$outs/$n-hugo
    b_build="$BIN build --root $dir/briefing --out $ob"
    h_build="hugo --quiet -s $dir/hugo -d $oh"
    tag=$place-$n
    hyperfine --warmup 1 --runs "$RUNS" --export-json "$RAW/$tag-cold.json" \
      --prepare "rm -rf $ob" --prepare "rm -rf $oh" \
      -n briefing "$b_build" -n hugo "$h_build"
    hyperfine --warmup 1 --runs "$RUNS" --export-json "$RAW/$tag-rebuild.json" \
      -n briefing "$b_build" -n hugo "$h_build"
    peak_rss "$RAW/$tag-cold.briefing.rss" "rm -rf $ob" $b_build
    peak_rss "$RAW/$tag-cold.hugo.rss" "rm -rf $oh" $h_build
    peak_rss "$RAW/$tag-rebuild.briefing.rss" "true" $b_build
    peak_rss "$RAW/$tag-rebuild.hugo.rss" "true" $h_build
    if [ "$place" = shm ]; then
      hyperfine --warmup 1 --runs "$RUNS" --export-json "$RAW/$tag.markdown.json" \
        -n markdown_only "$MD $dir/briefing/content/articles"
    fi
    find "$ob" -type f | wc -l > "$RAW/$tag.files"
  done
  rm -rf "$outs"
done
rm -rf "$src"

python3 bench/report.py "$RAW" "$BIN" > bench/RESULTS.md.new
if [ -f bench/RESULTS.md ] && grep -q "^## Save-to-reload" bench/RESULTS.md; then
  sed -n '/^## Save-to-reload/,$p' bench/RESULTS.md >> bench/RESULTS.md.new
fi
mv bench/RESULTS.md.new bench/RESULTS.md
cat bench/RESULTS.md
