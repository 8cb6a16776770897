#!/usr/bin/env bash
# list-large.sh: how long `pgperf list` takes on a suite of many cases (default 100 files of
# 1,000 cases each, 100,000 in all), median of ROUNDS runs. No server needed.
# Usage: bench/list-large.sh [FILES] [CASES_PER_FILE] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-100} per=${2:-1000} rounds=${3:-5}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for ((f = 0; f < files; f++)); do
	for ((i = 0; i < per; i++)); do
		printf -- '-- name: c%d_%d\n-- threshold: p95 < 5ms\nSELECT %d;\n\n' "$f" "$i" "$i"
	done >"$dir/f$f.sql"
done
times=()
for ((r = 0; r < rounds; r++)); do
	t0=$(date +%s.%N)
	src/pgperf list "$dir" >/dev/null
	t1=$(date +%s.%N)
	times+=("$(echo "$t1 - $t0" | bc)")
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
echo "pgperf list, $((files * per)) cases in $files files: median $(echo "$sorted" | sed -n "$(((rounds + 1) / 2))p") s over $rounds runs ($(echo $sorted))"
