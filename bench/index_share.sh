#!/usr/bin/env bash
# What the search index costs a cold build: the build as committed (HEAD) against the same
# code with parts of the index taken out, each a patch in bench/variants/:
#   no-index               indexes nothing (only its manifest is written, listing nothing);
#   no-body-words          indexes everything but the bodies' words;
#   body-words-split-only  splits the bodies into words but looks none up;
#   body-white-space-only  instead of the tokeniser, splits each body at white space with the
#                          standard library and only counts the pieces.
# The last three tell the index's cost apart: the documents and their other words, finding
# the bodies' words, looking them up. Every binary is a release build of HEAD (in a worktree
# under bench/out/, so uncommitted edits are left out); the builds are timed in turn by
# bench/alternate.py on the generated corpus of N articles, on /dev/shm when there is one.
#   bash bench/index_share.sh [N] [RUNS]      (defaults: 10000 articles, 15 runs each)
# Writes nothing into RESULTS.md; prints a table to quote there.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
runs=${2:-15}
. bench/need.sh
need python3 python3

out=$PWD/bench/out/index-share
tree=$out/tree
bins=$out/bin
mkdir -p "$bins"
git worktree remove --force "$tree" 2>/dev/null || rm -rf "$tree"
git worktree prune
git worktree add --quiet --detach "$tree" HEAD
trap 'git worktree remove --force "$tree" 2>/dev/null || true' EXIT

patches=$PWD/bench/variants
variants=(no-body-words body-words-split-only body-white-space-only no-index)
build() { # build NAME: the worktree's binary, kept as bins/NAME (a patch leaves code unused,
  # so the compiler's warnings go to a log, shown only when the build fails)
  if ! (cd "$tree" && cargo build --release --quiet --target-dir "$out/target") \
    >"$out/build-$1.log" 2>&1; then
    cat "$out/build-$1.log" >&2
    exit 1
  fi
  cp "$out/target/release/briefing" "$bins/$1"
}
build head
for variant in "${variants[@]}"; do
  (cd "$tree" && git checkout --quiet -- . && git apply "$patches/$variant.patch")
  build "$variant"
done

base=/dev/shm
[ -d "$base" ] && [ -w "$base" ] || base=$out
corpus=$base/briefing-index-share-$n
[ -d "$corpus/briefing" ] || python3 bench/gen_corpus.py "$n" "$corpus" >/dev/null

args=(head="$bins/head")
for variant in "${variants[@]}"; do args+=("$variant=$bins/$variant"); done
echo "Cold builds of $n articles on $(stat -f -c %T "$corpus"), $runs of each in" \
  "turn, at $(git rev-parse --short HEAD); each compared with the last (no-index):"
python3 bench/alternate.py "$runs" "$corpus/briefing" "$corpus/out" "${args[@]}"
