#!/usr/bin/env bash
# Instructions a cold build executes, counted by callgrind (valgrind), for one or more
# `briefing` binaries on the same generated corpus. A count hardly moves with the machine's
# load (two runs of one binary agree within about 0.1%: idle worker threads spin a little
# more or less), so two binaries can be compared where wall times are too noisy to tell a
# change of a few percent. Kernel time (writing and reading files) is not counted.
#   bash bench/instructions.sh N BINARY [BINARY...]
# Prints, per binary, the instructions in all and the share of the build's main parts (a
# function's share with what it calls); the callgrind files stay in bench/out/instructions/
# for callgrind_annotate. Writes nothing into RESULTS.md. Under callgrind a build runs about
# fifty times slower: N = 1000 takes a few seconds per binary, N = 10000 a minute or two.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 2 ]; then
  sed -n '2,10p' "$0" >&2
  exit 2
fi
n=$1
shift
command -v valgrind >/dev/null 2>&1 || { echo "instructions.sh: valgrind is missing (Debian: valgrind)" >&2; exit 2; }

out=$PWD/bench/out/instructions
corpus=$out/corpus-$n
mkdir -p "$out"
[ -d "$corpus/briefing" ] || python3 bench/gen_corpus.py "$n" "$corpus" >/dev/null

# The parts, as a function callgrind names (see bench/RESULTS.md, "Where the instructions go").
parts=(
  "pulldown_cmark::html::HtmlWriter<I,W>::run|rendering bodies"
  "briefing::search::gather::Local::gather|the search index's words"
  "tera::vm::interpreter::VirtualMachine::interpret|Tera's interpreter"
  "briefing::render::page|the pages' values"
  "briefing::model::site::parse_article|parsing articles"
  "serde_yaml::loader::Loader::next_document|  of which YAML"
  "briefing::export::data::{{closure}}|the exports"
)

first=""
for binary in "$@"; do
  name=$(basename "$binary")
  file=$out/callgrind.$name.$n
  rm -rf "$corpus/out"
  valgrind --tool=callgrind --callgrind-out-file="$file" \
    "$binary" build --root "$corpus/briefing" --out "$corpus/out" 2>"$file.log" >/dev/null
  total=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$file.log")
  if [ -z "$total" ]; then
    echo "instructions.sh: callgrind gave no count for $binary (see $file.log)" >&2
    exit 1
  fi
  line="$name: $(python3 -c "print(f'{$total:,}')") instructions"
  if [ -n "$first" ]; then
    line="$line ($(python3 -c "print(f'{($total - $first) / $first * 100:+.1f}%')") against the first)"
  else
    first=$total
  fi
  echo "$line"
  annotated=$(callgrind_annotate --inclusive=yes "$file" 2>/dev/null)
  for part in "${parts[@]}"; do
    symbol=${part%%|*}
    label=${part#*|}
    share=$(grep -F "???:$symbol [" <<<"$annotated" | head -1 | sed -n 's/.*(\s*\([0-9.]*%\)).*/\1/p')
    printf '  %-28s %s\n' "$label" "${share:-not found}"
  done
done
