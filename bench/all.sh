#!/usr/bin/env bash
# Every measurement bench/RESULTS.md holds, in one run (about half an hour on 2 cores), each
# writing its own section: the comparison with Hugo (compare.sh), save-to-reload under
# `serve` (reload.py) and how a build grows (scale.sh).
#   bash bench/all.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-10000} bash bench/compare.sh
python3 bench/reload.py 10000 21
bash bench/scale.sh
