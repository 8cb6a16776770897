#!/usr/bin/env bash
# load-vs-pgbench.sh: pgperf load's closed loop (--think 0) against pgbench -n -M prepared -c N
# -j 2 -T D on the same throwaway server, the same statements (SELECT 1; a primary-key lookup on
# 1,000,000 rows) and the same clients (10, 50, 100), interleaved in one run (the median of
# ROUNDS); then pgperf's
# maximum resident set at 100 clients for D and for RSS_SECONDS (/usr/bin/time -v). Not a test:
# figures go into docs/benchmarks.md.
#
# usage: bench/load-vs-pgbench.sh [SECONDS] [ROUNDS] [RSS_SECONDS]
#        (default 10 s a level, 1 round, 60 s)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
PGPERF=${PGPERF:-$top/src/pgperf}
D=${1:-10}
ROUNDS=${2:-1}
RSS_SECONDS=${3:-60}
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
# level_tps FILE N: tps of the level of N clients in a pgperf load JSON report.
level_tps() {
	python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print([l["tps"] for l in d["levels"] if l["clients"] == int(sys.argv[2])][0])' "$1" "$2"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server: $("$PGBIN/postgres" --version); $D s a level, median of $ROUNDS round(s)"
echo
printf '| statement | clients | pgbench tps | pgperf tps | ratio |\n|---|---:|---:|---:|---:|\n'
# A warm cache for both: one short pgbench run over the table first.
"$PGBIN/pgbench" -n -M prepared -c 10 -j 2 -T 3 -f "$work/pk_lookup.pgb" "$dsn" >/dev/null 2>&1
for stmt in select_one pk_lookup; do
	for n in 10 50 100; do : >"$work/$stmt.$n.pgb.tps"; : >"$work/$stmt.$n.pp.tps"; done
	# Interleaved: at each level pgbench, then pgperf, so both see the same machine.
	for _ in $(seq "$ROUNDS"); do
		for n in 10 50 100; do
			"$PGBIN/pgbench" -n -M prepared -c "$n" -j 2 -T "$D" -f "$work/$stmt.pgb" "$dsn" \
				>"$work/pgb.out" 2>&1
			sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$work/pgb.out" | tail -1 >>"$work/$stmt.$n.pgb.tps"
			"$PGPERF" load --dsn "$dsn" --think 0 --clients "$n" --duration "${D}s" --warmup 1s \
				--filter "^$stmt\$" -q --json "$work/load.json" "$here/timing" >/dev/null || true
			level_tps "$work/load.json" "$n" >>"$work/$stmt.$n.pp.tps"
		done
	done
	for n in 10 50 100; do
		b=$(median <"$work/$stmt.$n.pgb.tps")
		p=$(median <"$work/$stmt.$n.pp.tps")
		awk -v s="$stmt" -v n="$n" -v b="$b" -v p="$p" 'BEGIN {
			printf "| %s | %d | %.0f | %.0f | %.2f |\n", s, n, b, p, p / b }'
	done
done
echo
echo "pgbench: tps without initial connection time; pgperf: the level's executions over its"
echo "recorded seconds (warmup 1 s excluded, parameters drawn per execution)."
echo
printf '| pgperf load, 100 clients, pk_lookup, --think 0 | max RSS |\n|---|---:|\n'
for d in "$D" "$RSS_SECONDS"; do
	/usr/bin/time -v "$PGPERF" load --dsn "$dsn" --think 0 --clients 100 --duration "${d}s" \
		--warmup 1s --filter '^pk_lookup$' -q "$here/timing" >/dev/null 2>"$work/time.out" || true
	rss=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$work/time.out")
	awk -v d="$d" -v r="$rss" 'BEGIN { printf "| %d s | %.1f MB |\n", d, r / 1024 }'
done
