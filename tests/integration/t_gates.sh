#!/usr/bin/env bash
# t_gates.sh: the regression gates of --baseline and --compare-dsn on a real server
# (tests/data/suites/gates): reruns of the unchanged suite pass, also with CPU-bound processes
# competing; each regression the suite is built for fails its case, named: (a) an index dropped
# (plan), (b) a table grown 3x under the same plan (buffers), (c) a function made 5x slower
# (time, relative to the calibration probe). Then the A/B run, --calibrate, pgperf diff's
# aligned plans, the reports, and a format 1 baseline refused.
. "$(dirname "$0")/lib.sh"
need_server
SUITE="$DATA/suites/gates"
start_kept_server "$SUITE"
ok 0 "throwaway server with the gates schema"
hogs=""
hog_on() { for _ in 1 2; do (while :; do :; done) & hogs="$hogs $!"; done; }
hog_off() { for p in $hogs; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; hogs=""; }
at_exit 'hog_off'
# The function's loop five times over: the same plan and buffers, five times the work.
SAME="SELECT sum(i::bigint * i) FROM generate_series(1, n) AS i"
# Five times, not three: a baseline is saved once, in a run whose own noise it keeps, and on a
# runner busy with other tests a 3x slower function once came out inside the gate
# (bench/gates-noise.sh measures 3x on a quieter machine); 5x leaves the margin a CI needs.
SLOWER5="SELECT (SELECT sum(i::bigint * i) FROM generate_series(1, n) AS i) + (SELECT sum(i::bigint * i) FROM generate_series(1, n) AS i) + (SELECT sum(i::bigint * i) FROM generate_series(1, n) AS i) + (SELECT sum(i::bigint * i) FROM generate_series(1, n) AS i) + (SELECT sum(i::bigint * i) FROM generate_series(1, n) AS i)"

pgperf verify --dsn "$KEPT_DSN" --save-baseline "$T/base.json" "$SUITE"
is_status 0 "a clean run saves the baseline"
like "$T/base.json" '"format":[[:space:]]*3' "format 3"
like "$T/base.json" '"probe_loops":[[:space:]]*[1-9]' "the probe's size per case"
like "$T/base.json" '"relative":[[:space:]]*\[' "times relative to the probe"
like "$T/base.json" '"temp_written":' "per-node counters"
like "$T/base.json" '"node":[[:space:]]*"Bitmap Heap Scan using orders_customer_idx on g\.orders"' "nodes named by type, index and relation"

# Noise: no false alarm, with nothing competing and with one CPU-bound process per core.
pgperf verify -v --dsn "$KEPT_DSN" --baseline "$T/base.json" "$SUITE"
is_status 0 "a rerun of the unchanged suite passes"
like "$T/out" 'info time: [0-9.]+x the baseline relative to the calibration probe \(95% interval' "each case's time comparison is reported"
hog_on
pgperf verify -v --dsn "$KEPT_DSN" --baseline "$T/base.json" "$SUITE"
hog_off
is_status 0 "a rerun with CPU-bound processes competing passes too"

# (a) an index dropped
psql_kept "DROP INDEX g.orders_customer_idx"
pgperf verify --dsn "$KEPT_DSN" --baseline "$T/base.json" --markdown "$T/a.md" --html "$T/a.html" --json "$T/a.json" "$SUITE"
is_status 1 "a dropped index fails the run"
like "$T/out" '^FAIL +orders_of_customer ' "the case is named"
like "$T/out" 'fail plan_changed: the plan changed: index orders_customer_idx left the plan: g\.orders is now a sequential scan' "the index and the new scan"
like "$T/out" 'scan_degraded at 0: Bitmap Heap Scan using orders_customer_idx on g\.orders → Seq Scan on g\.orders' "the degraded node, both sides"
like "$T/out" '~ Bitmap Heap Scan using orders_customer_idx on g\.orders → Seq Scan on g\.orders  \(rows [0-9]+, loops 1, buffers [0-9]+ → [0-9]+\)' "the aligned tree with buffers before and after"
like "$T/out" '^PASS +slow_function ' "an unchanged case still passes"
like "$T/a.md" '~ Bitmap Heap Scan using orders_customer_idx on g.orders → Seq Scan on g.orders' "Markdown: the aligned tree"
like "$T/a.html" 'Bitmap Heap Scan using orders_customer_idx on g.orders → Seq Scan on g.orders' "HTML: the aligned tree"
like "$T/a.json" '"kind":[[:space:]]*"plan_changed"' "JSON: the finding"
psql_kept "CREATE INDEX orders_customer_idx ON g.orders (customer); ANALYZE g.orders"

# (b) a table grown 3x under the same plan
psql_kept "INSERT INTO g.events SELECT i, i % 10, repeat('x', 60) FROM generate_series(20001, 60000) AS i; ANALYZE g.events"
pgperf verify --dsn "$KEPT_DSN" --baseline "$T/base.json" "$SUITE"
is_status 1 "a table grown 3x fails the run"
like "$T/out" '^FAIL +count_events ' "the case is named"
like "$T/out" 'fail buffers: shared buffers [0-9]+ → [0-9]+ pages \(\+[0-9]+%; tolerance 10% and 8 pages\) against the baseline; most at Seq Scan on g\.events \(node 0\.0\): [0-9]+ → [0-9]+' "the node and both values"
unlike "$T/out" 'plan_changed' "the plan did not change"
psql_kept "DELETE FROM g.events WHERE id > 20000"
psql_kept "VACUUM FULL g.events"
psql_kept "ANALYZE g.events"

# (c) a function made 5x slower: same plan, same buffers
psql_kept "CREATE OR REPLACE FUNCTION g.work(n integer) RETURNS bigint LANGUAGE sql STABLE AS '$SLOWER5'"
pgperf verify -v --dsn "$KEPT_DSN" --baseline "$T/base.json" "$SUITE"
is_status 1 "a function 5x slower fails the run"
like "$T/out" '^FAIL +slow_function ' "the case is named"
like "$T/out" 'fail time: [0-9.]+x the baseline relative to the calibration probe \(95% interval [0-9.]+-[0-9.]+x, Mann-Whitney p=[^;]+; server time median [0-9.]+ ms against [0-9.]+ ms at the baseline.s speed\), re-measured after a first [0-9.]+x \(in [0-9]+ ms\): slower' "ratio, interval, p-value, both medians, the re-measure"
like "$T/out" '^(PASS|WARN) +count_events ' "the restored table is no longer a regression"
unlike "$T/out" 'fail buffers' "its buffers are back"

# A/B: head (the slower function) against a base database on the same server
psql_kept "CREATE DATABASE base TEMPLATE template0" 
BASE_DSN=$(printf '%s' "$KEPT_DSN" | sed 's/dbname=[^ ]*/dbname=base/')
"$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "$BASE_DSN" -f "$SUITE/schema.sql" >/dev/null
pgperf verify --dsn "$KEPT_DSN" --compare-dsn "$BASE_DSN" "$SUITE"
is_status 1 "A/B: the slower function fails against the base database"
like "$T/out" "fail time: [0-9.]+x the base database, timed alternately relative to each side's calibration probe \\(95% interval [0-9.]+-[0-9.]+x.*; raw [0-9.]+x\\)" "with its ratio and interval, relative to each side's probe, and the raw ratio"
psql_kept "CREATE OR REPLACE FUNCTION g.work(n integer) RETURNS bigint LANGUAGE sql STABLE AS '$SAME'"
pgperf verify -v --dsn "$KEPT_DSN" --compare-dsn "$BASE_DSN" "$SUITE"
is_status 0 "A/B: the same schema on both sides passes"
like "$T/out" 'info time: [0-9.]+x the base database, timed alternately' "each comparison is reported"
# A head slowed to half a CPU is measured by bench/gates-noise.sh, not asserted here: under
# make -j2 beside other tests the probe's correction of a throttled side came out at 3.04x
# once (raw 2.13x), a false alarm a quiet machine does not give (docs/benchmarks.md).
pgperf verify --dsn "$KEPT_DSN" --compare-dsn "host=/nonexistent dbname=x" "$SUITE"
is_status 3 "A/B: an unreachable base database is a connection error"
pgperf verify --compare-dsn "$BASE_DSN" "$SUITE"
is_status 2 "--compare-dsn without --dsn is a usage error"
like "$T/err" 'compare-dsn goes with --dsn' "and says so"

# Calibration
pgperf verify --calibrate --iterations 20 --dsn "$KEPT_DSN" "$SUITE"
is_status 0 "--calibrate runs"
like "$T/out" '^calibration: 3 runs of 3 cases' "the runs"
like "$T/out" '^slow_function +[0-9.]+-[0-9.]+ +[0-9.]+x' "each case's spread"
like "$T/out" '^  --time-ratio [0-9.]+ --time-min [0-9.]+ms --buffer-tolerance [0-9.]+ --buffer-min 8$' "the recommendation"

# pgperf diff: baselines compared offline, plans aligned
pgperf verify --dsn "$KEPT_DSN" --save-baseline "$T/same.json" "$SUITE"
pgperf diff "$T/base.json" "$T/same.json"
is_status 0 "diff of two baselines of the same database"
psql_kept "DROP INDEX g.orders_customer_idx"
pgperf verify --dsn "$KEPT_DSN" --save-baseline "$T/dropped.json" "$SUITE"
pgperf diff "$T/base.json" "$T/dropped.json"
is_status 1 "diff against a baseline that lost its index exits 1"
like "$T/out" '^FAIL +orders_of_customer ' "names the case"
like "$T/out" '~ Bitmap Heap Scan using orders_customer_idx on g\.orders → Seq Scan on g\.orders' "with the aligned plans"

# Old baselines: format 2 (times taken by the round trip) still gates plans and counters
sed 's/"format":[[:space:]]*3/"format": 2/' "$T/base.json" >"$T/v2.json"
pgperf verify -v --dsn "$KEPT_DSN" --baseline "$T/v2.json" "$SUITE"
is_status 1 "a format 2 baseline still fails the dropped index"
like "$T/out" '^FAIL +orders_of_customer ' "  naming the case"
like "$T/out" 'info time: not compared: .*v2\.json is a baseline of format 2, whose times were taken by the round trip' "  and says its times are not compared"
unlike "$T/out" 'time: [0-9.]+x the baseline' "  nor are they"
printf '{"pgperf_baseline": "0.1.0", "cases": [{"name": "x", "p50_ms": 1}]}\n' >"$T/v1.json"
pgperf verify --dsn "$KEPT_DSN" --baseline "$T/v1.json" "$SUITE"
is_status 2 "a format 1 baseline is refused"
like "$T/err" 'v1\.json: a baseline of format 1' "saying which format"
like "$T/err" 'hint: regenerate it from the commit it stands for: pgperf verify --save-baseline .*v1\.json PATH\.\.\.' "and the command that regenerates it"

# The gate's extra run of each iteration draws its own values: a read-only case whose function
# writes under a unique key (its writes stay in the case's transaction, as its iterations' do)
# does not collide with the iteration before it.
psql_kept "CREATE TABLE g.signups (k bigint PRIMARY KEY); CREATE FUNCTION g.sign_up(k bigint) RETURNS bigint LANGUAGE sql AS 'INSERT INTO g.signups VALUES (k) RETURNING k'"
mkdir -p "$T/writer"
printf -- '-- name: sign_up\n-- params: random(1, 2000000000)\nSELECT g.sign_up($1);\n' >"$T/writer/cases.sql"
pgperf verify --dsn "$KEPT_DSN" --save-baseline "$T/writer.json" "$T/writer"
is_status 0 "a read-only case whose function writes a unique key saves a baseline"
unlike "$T/out" '23505|duplicate key' "  no iteration collides with the gate's extra run"
[ "$(psql_kept "SELECT count(*) FROM g.signups")" = 0 ]
ok $? "  and its rows are gone"
