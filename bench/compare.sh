#!/usr/bin/env bash
# briefing vs Hugo on the same deterministic corpus (bench/gen_corpus.py: the briefing side
# has every view on: parties, plan versions, as-of snapshots, search, the language), on a
# RAM filesystem, on the disk this repository is on, and on a fresh ext4 as `mkfs.ext4` makes it
# by default (with a journal), in an image file on that disk, loop-mounted (needs root).
#
# Two cases, each timed by hyperfine (median of RUNS after one warm-up):
#   cold     the previous output is removed before each run by --prepare, not timed;
#   rebuild  the previous output is there (briefing swaps the new one in and removes the old).
# Peak RSS is the median of RSS_RUNS runs under /usr/bin/time; the Markdown baseline is
# pulldown-cmark alone on one thread over the same bodies (and, beside it, the front matter
# alone); the file-work floor is bench/floor.py (the same reads and writes, nothing else).
# Writes bench/RESULTS.md.
#   SIZES="1000 10000" RUNS=5 bash bench/compare.sh
# PLACES picks the places (default "shm disk ext4").
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 10000"}
RUNS=${RUNS:-5}
RSS_RUNS=${RSS_RUNS:-3}
PLACES=${PLACES:-"shm disk ext4"}
. bench/need.sh
need hugo hugo
need hyperfine hyperfine
need python3 python3
[ -x /usr/bin/time ] || need /usr/bin/time time

cargo build --release --quiet
cargo build --release --quiet --example markdown_only --example front_matter_only
BIN=$PWD/target/release/briefing
MD=$PWD/target/release/examples/markdown_only
FM=$PWD/target/release/examples/front_matter_only
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

# What each place is, for the report: its file system and, for ext4, whether it keeps a
# journal (without one, ext4 skips recently freed inodes one by one when it makes files).
describe() { # describe DIR
  local source fstype journal
  read -r source fstype < <(findmnt -no SOURCE,FSTYPE -T "$1")
  journal=/sys/fs/ext4/$(basename "$source")/journal_task
  if [ "$fstype" = ext4 ] && [ -r "$journal" ]; then
    if [ "$(cat "$journal")" = "<none>" ]; then echo "ext4 (no journal)"; else echo "ext4 (journal)"; fi
  else
    echo "$fstype"
  fi
}

# The fresh ext4: an image file on this disk, made by mkfs.ext4 with its defaults.
EXT4_IMG=$PWD/bench/out/ext4.img
EXT4_MNT=$PWD/bench/out/ext4
unmount_ext4() {
  if mountpoint -q "$EXT4_MNT"; then umount "$EXT4_MNT"; fi
  rm -f "$EXT4_IMG"
}
trap unmount_ext4 EXIT
mount_ext4() {
  need mkfs.ext4 e2fsprogs
  unmount_ext4
  mkdir -p "$EXT4_MNT"
  truncate -s 4G "$EXT4_IMG"
  mkfs.ext4 -q -F "$EXT4_IMG"
  if ! mount -o loop "$EXT4_IMG" "$EXT4_MNT"; then
    echo "compare.sh: cannot loop-mount an ext4 image at $EXT4_MNT (this needs root and a" \
      "loop device); PLACES=\"shm disk\" leaves that place out" >&2
    exit 1
  fi
}

for place in $PLACES; do
  case $place in
    shm) base=/dev/shm/briefing-bench ;;
    disk) base=$PWD/bench/out/corpus ;;
    ext4) mount_ext4; base=$EXT4_MNT/corpus ;;
    *) echo "compare.sh: unknown place '$place' (shm, disk or ext4)" >&2; exit 2 ;;
  esac
  mkdir -p "$base"
  describe "$base" > "$RAW/$place.where"
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
        -n markdown_only "$MD $dir/briefing/content/articles" \
        -n front_matter_only "$FM $dir/briefing/content/articles"
    fi
    files=$(find "$dir/out-briefing" -type f | wc -l)
    echo "$files" > "$RAW/$tag.files"
    if [ "$place" = shm ]; then
      # The file work alone: the same reads, and writes of the same files into the same
      # folders, with nothing else (the kernel's part of any build of these pages).
      python3 bench/floor.py "$dir/briefing/content" "$dir/out-briefing" "$dir/out-floor" \
        "$RUNS" > "$RAW/$tag.floor.json"
    fi
  done
  rm -rf "$base"
  if [ "$place" = ext4 ]; then unmount_ext4; fi
done

python3 bench/report.py "$RAW" "$BIN" > bench/RESULTS.md.new
if [ -f bench/RESULTS.md ] && grep -q "^## Save-to-reload" bench/RESULTS.md; then
  sed -n '/^## Save-to-reload/,$p' bench/RESULTS.md >> bench/RESULTS.md.new
fi
mv bench/RESULTS.md.new bench/RESULTS.md
cat bench/RESULTS.md
