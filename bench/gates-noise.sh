#!/usr/bin/env bash
# gates-noise.sh: how the regression gates of --baseline hold on this machine with default
# settings. Saves a baseline of tests/data/suites/gates on a throwaway server, reruns the
# unchanged suite RERUNS times (every second run with one CPU-bound process per core competing)
# and counts the runs that exit non-zero (false alarms), then makes each regression the suite
# is built for and checks that a run catches it, naming the case:
#   (a) an index dropped, (b) a table grown 3x under the same plan, (c) a function made 3x
#   slower (same plan and buffers: the statistical time path).
# Between the two, RERUNS A/B runs (--compare-dsn) of the same schema in two databases, every
# second one with the head's backends slowed down to half a CPU.
# Prints the figures docs/benchmarks.md records, and the wall time per case.
#
# usage: bench/gates-noise.sh [PGPERF]   (RERUNS=8 by default)
set -u
here=$(cd "$(dirname "$0")" && pwd)
PGPERF=${1:-$here/../src/pgperf}
SUITE=$here/../tests/data/suites/gates
RERUNS=${RERUNS:-8}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | tail -1)
W=$(mktemp -d "${TMPDIR:-/tmp}/pgperf-gates.XXXXXX")
hogs=()
cleanup() {
	for p in "${hogs[@]}"; do kill "$p" 2>/dev/null; done
	[ -n "${KPID:-}" ] && kill -INT "$KPID" 2>/dev/null && while kill -0 "$KPID" 2>/dev/null; do sleep 0.1; done
	rm -rf "$W" "${KDIR:-/nonexistent}"
}
trap cleanup EXIT

"$PGPERF" verify --keep -q "$SUITE" >"$W/keep" 2>&1
KDIR=$(sed -n 's/^the throwaway server keeps running in \(.*\)$/\1/p' "$W/keep")
DSN=$(sed -n 's/^ *connect: psql "\(.*\)"$/\1/p' "$W/keep")
KPID=$(sed -n 's/^ *stop: *kill -INT \([0-9][0-9]*\).*/\1/p' "$W/keep")
[ -n "$DSN" ] || { cat "$W/keep"; exit 1; }
sql() { "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "$DSN" -c "$1" >/dev/null; }
ms() { date +%s%N | cut -c1-13; }
hog_on() { for _ in $(seq "$(nproc)"); do (while :; do :; done) & hogs+=($!); done; }
hog_off() { for p in "${hogs[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; hogs=(); }
# The function's loop three times over: the same plan and buffers, three times the work.
SLOWER="SELECT (SELECT sum(i::bigint * i) FROM generate_series(1, n) AS i) + (SELECT sum(i::bigint * i) FROM generate_series(1, n) AS i) + (SELECT sum(i::bigint * i) FROM generate_series(1, n) AS i)"
ncases=$(grep -c '^-- name:' "$SUITE/cases.sql")

"$PGPERF" verify -q --dsn "$DSN" "$SUITE" >/dev/null 2>&1 # caches warm
t0=$(ms); "$PGPERF" verify -q --dsn "$DSN" "$SUITE" >/dev/null 2>&1; plain=$(( $(ms) - t0 ))
t0=$(ms); "$PGPERF" verify -q --dsn "$DSN" --save-baseline "$W/base.json" "$SUITE" >/dev/null 2>&1
save=$(( $(ms) - t0 ))

alarms=0
for k in $(seq "$RERUNS"); do
	hog=no
	if [ $((k % 2)) -eq 0 ]; then hog_on; hog=yes; fi
	t0=$(ms)
	"$PGPERF" verify -v --dsn "$DSN" --baseline "$W/base.json" "$SUITE" >"$W/run$k" 2>&1
	st=$?
	took=$(( $(ms) - t0 ))
	hog_off
	[ "$st" -ne 0 ] && alarms=$((alarms + 1))
	remeasured=$(grep -c 're-measured' "$W/run$k")
	echo "rerun $k: cpu hog $hog, exit $st, ${took} ms, $remeasured case(s) re-measured"
	[ "$st" -ne 0 ] && grep -E '^(FAIL|WARN)|fail ' "$W/run$k" | sed 's/^/    /'
	grep -Eo 'info time: [0-9.]+x the baseline relative to the calibration probe \(95% interval [0-9.-]+x' "$W/run$k" |
		sed -E 's/info time: ([0-9.]+x).*interval ([0-9.-]+x)/\1 (\2)/' | tr '\n' ' ' | sed 's/^/    ratios: /'
	echo
done

# A/B: the same schema in a second database of the same server, RERUNS runs of --compare-dsn;
# every second run the head's backends get half a CPU (tests/integration/throttle.c stops and
# resumes them every 300 us, as steal time or a busy neighbour on their core would).
sql "CREATE DATABASE base TEMPLATE template0"
BASE_DSN=$(printf '%s' "$DSN" | sed 's/dbname=[^ ]*/dbname=base/')
"$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "$BASE_DSN" -f "$SUITE/schema.sql" >/dev/null
cc -O2 -o "$W/throttle" "$here/../tests/integration/throttle.c" || exit 1
HEAD_USER=$(printf '%s' "$DSN" | sed -n 's/.*user=\([^ ]*\).*/\1/p')
ab_alarms=0
for k in $(seq "$RERUNS"); do
	slowed=no
	if [ $((k % 2)) -eq 0 ]; then
		"$W/throttle" 300 300 "postgres: $HEAD_USER postgres " & hogs+=($!)
		slowed=yes
	fi
	"$PGPERF" verify -v --dsn "$DSN" --compare-dsn "$BASE_DSN" "$SUITE" >"$W/ab$k" 2>&1
	st=$?
	hog_off
	[ "$st" -ne 0 ] && ab_alarms=$((ab_alarms + 1))
	echo "A/B run $k: head slowed $slowed, exit $st"
	grep -Eo 'time: [0-9.]+x the base database.*raw [0-9.]+x' "$W/ab$k" |
		sed -E 's/time: ([0-9.]+x) the base database.*\(95% interval ([0-9.-]+x).*raw ([0-9.]+x)/\1 (\2), raw \3/' |
		tr '\n' ';' | sed 's/^/    relative to each side.s probe: /'
	echo
done

detect() { # detect LABEL CASE REGEX
	"$PGPERF" verify -v --dsn "$DSN" --baseline "$W/base.json" "$SUITE" >"$W/detect" 2>&1
	st=$?
	if [ "$st" -eq 1 ] && grep -Eq "^FAIL +$2 " "$W/detect" && grep -Eq "$3" "$W/detect"; then
		echo "detected $1: $(grep -Eo "$3.{0,90}" "$W/detect" | head -1)"
		grep -o 're-measured after a first [0-9.]*x (in [0-9]* ms)' "$W/detect" | sed 's/^/    /'
	else
		echo "MISSED $1 (exit $st)"; grep -E '^(FAIL|WARN|PASS)|fail ' "$W/detect" | sed 's/^/    /'
	fi
}
sql "DROP INDEX g.orders_customer_idx"
detect "(a) dropped index" orders_of_customer 'index orders_customer_idx left the plan'
sql "CREATE INDEX orders_customer_idx ON g.orders (customer); ANALYZE g.orders"
sql "INSERT INTO g.events SELECT i, i % 10, repeat('x', 60) FROM generate_series(20001, 60000) AS i; ANALYZE g.events"
detect "(b) table grown 3x" count_events 'fail buffers: shared buffers'
sql "DELETE FROM g.events WHERE id > 20000"
sql "VACUUM FULL g.events"
sql "ANALYZE g.events"
sql "CREATE OR REPLACE FUNCTION g.work(n integer) RETURNS bigint LANGUAGE sql STABLE AS '$SLOWER'"
detect "(c) function 3x slower" slow_function 'fail time: [0-9.]+x the baseline'

echo
echo "false alarms: $alarms of $RERUNS reruns (half with $(nproc) CPU-bound processes competing)"
echo "A/B false alarms: $ab_alarms of $RERUNS runs (half with the head's backends at half a CPU)"
echo "wall time per case: $((plain / ncases)) ms without gates, $((save / ncases)) ms saving a baseline (probe on)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}')"
