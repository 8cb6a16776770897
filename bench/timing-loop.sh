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
printf '| statement | pgbench it/s | pgperf it/s | ratio | pgbench p50 | pgperf p50 | p50 ratio | pgbench mean | pgperf mean | mean ratio |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for stmt in select_one pk_lookup; do
	: >"$work/$stmt.tps"
	: >"$work/$stmt.lat"
	: >"$work/$stmt.ips"
	: >"$work/$stmt.p50"
	: >"$work/$stmt.mean"
	: >"$work/$stmt.bp50"
	for _ in $(seq "$ROUNDS"); do
		# pgbench: one client, prepared statements, no vacuum, a fixed number of transactions.
		"$PGBIN/pgbench" -n -M prepared -c 1 -t "$N" -f "$work/$stmt.pgb" "$dsn" >"$work/pgb.out" 2>&1
		sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$work/pgb.out" | head -1 >>"$work/$stmt.tps"
		# A second pgbench run logs every transaction's latency, for its p50 and mean.
		rm -f "$work"/pgblog*
		(cd "$work" && "$PGBIN/pgbench" -n -l --log-prefix=pgblog -M prepared -c 1 -t "$N" \
			-f "$work/$stmt.pgb" "$dsn" >/dev/null 2>&1)
		awk '{print $3 / 1000}' "$work"/pgblog* | median >>"$work/$stmt.bp50"
		awk '{s += $3} END {print s / NR / 1000}' "$work"/pgblog* >>"$work/$stmt.lat"
		# pgperf: the same statement, the same count, timed per iteration.
		"$PGPERF" verify --dsn "$dsn" --iterations "$N" --filter "^$stmt\$" --json "$work/r.json" \
			-q "$here/timing" >/dev/null
		sed -n 's/.*"p50_ms":[[:space:]]*\([0-9.e-]*\).*/\1/p' "$work/r.json" | head -1 >>"$work/$stmt.p50"
		sed -n 's/.*"mean_ms":[[:space:]]*\([0-9.e-]*\).*/\1/p' "$work/r.json" | head -1 >>"$work/$stmt.mean"
		wall=$(sed -n 's/.*"wall_ms":[[:space:]]*\([0-9.e-]*\).*/\1/p' "$work/r.json" | head -1)
		awk -v n="$N" -v w="$wall" 'BEGIN {printf "%.1f\n", n / (w / 1000)}' >>"$work/$stmt.ips"
	done
	tps=$(median <"$work/$stmt.tps")
	lat=$(median <"$work/$stmt.lat")
	ips=$(median <"$work/$stmt.ips")
	p50=$(median <"$work/$stmt.p50")
	mean=$(median <"$work/$stmt.mean")
	bp50=$(median <"$work/$stmt.bp50")
	awk -v s="$stmt" -v tps="$tps" -v ips="$ips" -v lat="$lat" -v p50="$p50" -v mean="$mean" -v bp50="$bp50" 'BEGIN {
		printf "| %s | %.0f | %.0f | %.2f | %.4f ms | %.4f ms | %.2f | %.4f ms | %.4f ms | %.2f |\n",
			s, tps, ips, ips / tps, bp50, p50, p50 / bp50, lat, mean, mean / lat }'
done
echo
echo "it/s: pgbench's tps (without initial connection time) against pgperf's iterations divided"
echo "by the wall time of its timed loop (stats.wall_ms: parameter draws and client overhead included)."
echo "pgbench p50/mean: from a second pgbench run's per-transaction log (-l); pgperf's from --json."
