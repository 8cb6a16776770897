#!/usr/bin/env bash
# timing-loop.sh: pgperf's timing loop against pgbench (-n -M prepared -c 1) on the same
# throwaway server and the same statements, in one run. Prints iterations per second of each and
# their ratio, and pgperf's p50 against pgbench's average latency. Not a test: figures go into
# docs/benchmarks.md.
#
# usage: bench/timing-loop.sh [ITERATIONS] [ROUNDS]   (default 20000 iterations, 3 rounds)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
PGPERF=${PGPERF:-$top/src/pgperf}
N=${1:-20000}
ROUNDS=${2:-3}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
work=$(mktemp -d)
chmod 755 "$work"

"$PGPERF" verify --keep -q --filter '^select_one$' --iterations 1 "$here/timing" >"$work/keep.out"
dsn=$(sed -n 's/^ *connect: psql "\(.*\)"$/\1/p' "$work/keep.out" | head -1)
pid=$(sed -n 's/^ *stop: *kill -INT \([0-9][0-9]*\).*/\1/p' "$work/keep.out" | head -1)
dir=$(sed -n 's/^.*host=\([^ ]*\) .*$/\1/p' <<<"$dsn")
trap 'kill -INT $pid 2>/dev/null; while kill -0 $pid 2>/dev/null; do sleep 0.1; done; rm -rf "$dir" "$work"' EXIT

printf 'SELECT 1;\n' >"$work/select_one.pgb"
printf '\\set aid random(1, 1000000)\nSELECT abalance FROM bench.accounts WHERE aid = :aid;\n' \
	>"$work/pk_lookup.pgb"

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)"
echo "server: $("$PGBIN/postgres" --version); $N iterations per run, median of $ROUNDS rounds"
echo
printf '| statement | pgbench it/s | pgperf it/s | ratio | pgbench avg latency | pgperf p50 | p50 / avg |\n'
printf '|---|---:|---:|---:|---:|---:|---:|\n'
for stmt in select_one pk_lookup; do
	: >"$work/$stmt.tps"
	: >"$work/$stmt.lat"
	: >"$work/$stmt.ips"
	: >"$work/$stmt.p50"
	for _ in $(seq "$ROUNDS"); do
		# pgbench: one client, prepared statements, no vacuum, a fixed number of transactions.
		"$PGBIN/pgbench" -n -M prepared -c 1 -t "$N" -f "$work/$stmt.pgb" "$dsn" >"$work/pgb.out" 2>&1
		sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$work/pgb.out" | head -1 >>"$work/$stmt.tps"
		sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' "$work/pgb.out" >>"$work/$stmt.lat"
		# pgperf: the same statement, the same count, timed per iteration.
		start=$(date +%s.%N)
		"$PGPERF" verify --dsn "$dsn" --iterations "$N" --filter "^$stmt\$" --json "$work/r.json" \
			-q "$here/timing" >/dev/null
		end=$(date +%s.%N)
		sed -n 's/.*"p50_ms": *\([0-9.e-]*\).*/\1/p' "$work/r.json" | head -1 >>"$work/$stmt.p50"
		awk -v n="$N" -v s="$start" -v e="$end" 'BEGIN {printf "%.1f\n", n / (e - s)}' >>"$work/$stmt.ips"
	done
	tps=$(median <"$work/$stmt.tps")
	lat=$(median <"$work/$stmt.lat")
	ips=$(median <"$work/$stmt.ips")
	p50=$(median <"$work/$stmt.p50")
	awk -v s="$stmt" -v tps="$tps" -v ips="$ips" -v lat="$lat" -v p50="$p50" 'BEGIN {
		printf "| %s | %.0f | %.0f | %.2f | %.3f ms | %.3f ms | %.2f |\n", s, tps, ips, ips / tps, lat, p50, p50 / lat }'
done
echo
echo "pgperf it/s is wall time of the whole pgperf process (connect, checks, warmup included)."
