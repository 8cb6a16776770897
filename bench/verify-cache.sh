#!/usr/bin/env bash
# verify-cache.sh: `pgperf verify queries/` on the embedded default, cold (an empty cache: initdb,
# the demo schema and seed/demo.json's 415,000 rows) and warm (the seeded data directory cached
# by the cold run), in a private cache folder. Prints, for each, the set-up time (from pgperf's
# start to its report's "target:" line, printed once the database is ready and before the first
# case is timed) and the whole suite's time. Not a test: figures go into docs/benchmarks.md.
#
# usage: bench/verify-cache.sh [ROUNDS]   (default 3; each round starts from an empty cache)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
PGPERF=${PGPERF:-$top/src/pgperf}
ROUNDS=${1:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
seconds() { # seconds COMMAND...: wall time of a command that must succeed
	local t0 t1
	t0=$(date +%s.%N)
	"$@" >"$work/out" 2>&1 || { cat "$work/out" >&2; exit 1; }
	t1=$(date +%s.%N)
	awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f\n", b - a}'
}
one_case() { "$PGPERF" verify -v --case session_by_id --iterations 1 "$top/queries"; }
suite() { "$PGPERF" verify -q "$top/queries"; }
setup() { # seconds from pgperf's start to its "target:" line
	local t0
	t0=$(perl -MTime::HiRes=time -e 'printf "%.6f", time')
	one_case 2>&1 | T0=$t0 perl -MTime::HiRes=time -ne \
		'if (/^target: / && !$done) { printf "%.2f\n", time - $ENV{T0}; $done = 1 }'
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$ROUNDS"); do
	export XDG_CACHE_HOME="$work/cache-$round"
	# a first run fills both caches: the pristine data directory is kept (initdb is not what is
	# measured), the seeded one removed before each cold run
	one_case >/dev/null 2>&1
	rm -rf "$XDG_CACHE_HOME"/pgperf/*-seeded-*
	setup >>"$work/cold-setup"
	rm -rf "$XDG_CACHE_HOME"/pgperf/*-seeded-*
	seconds suite >>"$work/cold-suite"
	setup >>"$work/warm-setup"
	seconds suite >>"$work/warm-suite"
done
echo
echo "| run | set-up (start to the first case) | whole suite |"
echo "|---|---:|---:|"
echo "| cold: no seeded cache | $(median <"$work/cold-setup") s | $(median <"$work/cold-suite") s |"
echo "| warm: seeded data directory cached | $(median <"$work/warm-setup") s | $(median <"$work/warm-suite") s |"
echo
echo "median of $ROUNDS rounds; both copy the cached pristine data directory, cold then seeds the demo"
