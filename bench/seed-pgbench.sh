#!/usr/bin/env bash
# seed-pgbench.sh: pgperf seed against pgbench -i on the same throwaway server, in one run:
# pgbench_accounts at scale 50 (5,000,000 rows: aid, bid, abalance, an 84-character filler),
# loaded by pgbench's client-side generation (-I dtg) and by pgperf seed from
# bench/seed/accounts.json, and by the server itself from a file of the same rows (the bound
# no client can beat). Prints rows/s of each, the ratios, and pgperf's peak RSS; then pgperf
# alone at 10x the rows for its peak RSS. Not a test: figures go into docs/benchmarks.md.
#
# usage: bench/seed-pgbench.sh [SCALE] [ROUNDS] [BIG]   (default 50 3 10; BIG 0 skips the 10x run)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
PGPERF=${PGPERF:-$top/src/pgperf}
SCALE=${1:-50}
ROUNDS=${2:-3}
BIG=${3:-10}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
work=$(mktemp -d)
chmod 755 "$work"
rows=$((SCALE * 100000))

"$PGPERF" verify --keep -q "$here/seed/start.sql" >"$work/keep.out"
dsn=$(sed -n 's/^ *connect: psql "\(.*\)"$/\1/p' "$work/keep.out" | head -1)
pid=$(sed -n 's/^ *stop: *kill -INT \([0-9][0-9]*\).*/\1/p' "$work/keep.out" | head -1)
dir=$(sed -n 's/^.*host=\([^ ]*\) .*$/\1/p' <<<"$dsn")
trap 'kill -INT $pid 2>/dev/null; while kill -0 $pid 2>/dev/null; do sleep 0.1; done; rm -rf "$dir" "$work"' EXIT
psql() { PGOPTIONS="-c client_min_messages=warning" "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "$dsn" "$@"; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)"
echo "server: $("$PGBIN/postgres" --version); pgbench_accounts at scale $SCALE ($rows rows), median of $ROUNDS rounds"
: >"$work/pgb"
: >"$work/pgp"
: >"$work/rss"
run_pgbench() {
	# drop, create, client-side generate (COPY ... FREEZE since PostgreSQL 14)
	psql -c CHECKPOINT
	"$PGBIN/pgbench" -i -s "$SCALE" -I dtg "$dsn" >"$work/pgbench.out" 2>&1
	secs=$(sed -n 's/.*client-side generate \([0-9.]*\) s.*/\1/p' "$work/pgbench.out")
	awk -v r="$rows" -v s="$secs" 'BEGIN {printf "%.0f\n", r / s}' >>"$work/pgb"
	psql -c "DROP TABLE IF EXISTS pgbench_accounts, pgbench_branches, pgbench_tellers, pgbench_history"
}
run_pgperf() {
	# the spec's schema file creates the table in the seed's transaction: COPY ... FREEZE too
	psql -c "DROP SCHEMA IF EXISTS bench CASCADE" -c CHECKPOINT
	"$PGPERF" seed -q --dsn "$dsn" --scale "$(awk -v s="$SCALE" 'BEGIN {print s / 50}')" \
		"$here/seed/accounts.json" >"$work/seed.out"
	sed -n 's/.*(\([0-9]*\) rows\/s while loading).*/\1/p' "$work/seed.out" >>"$work/pgp"
	sed -n 's/.*peak memory \([0-9]*\) KiB.*/\1/p' "$work/seed.out" >>"$work/rss"
	psql -c "DROP SCHEMA bench CASCADE"
}
# The bound no client can beat: the server loading the same rows (filler empty, as both tools
# send it) from a file of its own, COPY ... FREEZE into a table created in the transaction.
run_server_copy() {
	psql -c "DROP SCHEMA IF EXISTS bench CASCADE" -c CHECKPOINT
	local t0 t1
	t0=$(date +%s%N)
	psql -c "BEGIN" -f "$here/seed/accounts.sql" \
		-c "COPY bench.accounts FROM '$dir/accounts.tsv' WITH (FREEZE)" -c "COMMIT"
	t1=$(date +%s%N)
	awk -v r="$rows" -v ns="$((t1 - t0))" 'BEGIN {printf "%.0f\n", r / (ns / 1e9)}' >>"$work/srv"
	psql -c "DROP SCHEMA bench CASCADE"
}
: >"$work/srv"
psql -c "CREATE TABLE pgperf_bench_rows AS SELECT i AS aid, (i - 1) / 100000 + 1 AS bid, 0 AS abalance, '' AS filler FROM generate_series(1, $rows) AS i" \
	-c "COPY pgperf_bench_rows TO '$dir/accounts.tsv'" -c "DROP TABLE pgperf_bench_rows"
# A checkpoint before every load, and the order alternating, so neither tool inherits the
# other's dirty buffers or pays for its checkpoint.
for round in $(seq "$ROUNDS"); do
	run_server_copy
	if [ $((round % 2)) = 1 ]; then
		run_pgbench
		run_pgperf
	else
		run_pgperf
		run_pgbench
	fi
done
pgb=$(median <"$work/pgb")
pgp=$(median <"$work/pgp")
rss=$(median <"$work/rss")
srv=$(median <"$work/srv")
echo
echo "| rows | pgbench -i rows/s | pgperf seed rows/s | ratio | pgperf peak RSS | server COPY from a file, rows/s | pgperf / server |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
awk -v n="$rows" -v a="$pgb" -v b="$pgp" -v m="$rss" -v s="$srv" 'BEGIN {printf "| %d | %.0f | %.0f | %.2f | %.1f MiB | %.0f | %.2f |\n", n, a, b, b / a, m / 1024, s, b / s}'
if [ "$BIG" -gt 0 ]; then
	psql -c CHECKPOINT
	"$PGPERF" seed -q --dsn "$dsn" --scale "$(awk -v s="$SCALE" -v b="$BIG" 'BEGIN {print s * b / 50}')" \
		"$here/seed/accounts.json" >"$work/seed.out"
	big_rate=$(sed -n 's/.*(\([0-9]*\) rows\/s while loading).*/\1/p' "$work/seed.out")
	big_rss=$(sed -n 's/.*peak memory \([0-9]*\) KiB.*/\1/p' "$work/seed.out")
	awk -v n="$((rows * BIG))" -v b="$big_rate" -v m="$big_rss" 'BEGIN {printf "| %d | | %.0f | | %.1f MiB |\n", n, b, m / 1024}'
	psql -c "DROP SCHEMA bench CASCADE"
fi
echo
echo "pgbench rows/s: rows / its 'client-side generate' time; pgperf: rows / its COPY time (summary);"
echo "server: rows / the wall time of BEGIN, CREATE TABLE, COPY ... FREEZE from its own file, COMMIT."
