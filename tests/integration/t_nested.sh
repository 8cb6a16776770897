#!/usr/bin/env bash
# t_nested.sh: expect: and forbid: judge the statements a case's statement runs inside functions
# and triggers (tests/data/suites/nested), which its own EXPLAIN does not show: auto_explain
# sends their plans during the EXPLAIN ANALYZE run. Each with its fixed twin; and without a
# superuser's connection, an info finding says they were not seen.
. "$(dirname "$0")/lib.sh"
need_server
SUITE="$DATA/suites/nested"

start_kept_server "$SUITE"
pgperf verify --dsn "$KEPT_DSN" -v --json "$T/r.json" "$SUITE"
is_status 1 "the suite has failing cases"

[ "$(status_of function_reads_whole)" = fail ]
ok $? "forbid fails on a sequential scan inside a PL/pgSQL function"
like "$T/out" 'forbid: seq scan on fn\.readings: the plan has Seq Scan on fn\.readings \(run inside a function or trigger, 1 time: \(SELECT count\(\*\) FROM fn\.readings WHERE v = x\)\) \(50000 rows read\)' \
	"  naming the statement the function ran"
[ "$(status_of function_by_index)" = pass ]
ok $? "  its twin reading through the index passes forbid and expect"
[ "$(status_of function_expect_unmet)" = fail ]
ok $? "expect fails when only the function reads the table, sequentially"
unlike "$T/out" 'the plan never touches fn\.readings' "  not 'never touches': the function's plan is seen"
[ "$(status_of sql_function_reads_whole)" = fail ]
ok $? "a SQL function that is not inlined is seen too"
[ "$(status_of function_per_row)" = pass ]
ok $? "a function run once per outer row through the index passes"
like "$T/out" 'run inside a function or trigger, 20 times: \(SELECT count\(\*\) FROM fn\.readings WHERE sensor = s\)' \
	"  -v shows its statement and how many times it ran"
[ "$(status_of many_calls_then_seq_scan)" = fail ]
ok $? "a sequential scan after 40 calls of a SQL function is judged"
like "$T/out" 'run inside a function or trigger, 40 times: SELECT count\(\*\) FROM fn\.readings WHERE sensor = s$' \
	"  the function's statement (its body on lines of its own) is one statement run 40 times"
[ "$(status_of trigger_reads_whole)" = fail ]
ok $? "forbid fails on a sequential scan in an insert's trigger"
got=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); c=[c for c in r["cases"] if c["name"] == "function_per_row"][0]; print([(n["executions"], n["plan"][0]["Plan"]["Node Type"]) for n in c["nested"]], [f["node_path"] for f in [c for c in r["cases"] if c["name"] == "function_reads_whole"][0]["findings"] if f["kind"] == "forbidden"])' "$T/r.json")
[ "$got" = "[(20, 'Result')] ['n1/0.0.0']" ]
ok $? "the JSON report has each nested statement with its executions and plan; findings point into it ($got)"
[ "$(status_of audited_update)" = pass ]
ok $? "a cheap audit trigger under expect: no trigger warning (auto_explain's own work is not timed)"
like "$T/out" 'run inside a function or trigger, 1 time: INSERT INTO fn\.items_audit \(item\) VALUES \(NEW\.id\)' \
	"  its statement is shown"
[ "$(psql_kept "SELECT count(*) FROM fn.alerts")" = 0 ] && [ "$(psql_kept "SELECT count(*) FROM fn.items_audit")" = 0 ]
ok $? "the triggers' inserts were rolled back"

# N+1 through a function or trigger, judged in every case (these have no assertion).
[ "$(status_of function_per_row_reads_whole)" = fail ]
ok $? "N+1 through a function: a statement run 20 times, each reading the table whole, fails"
like "$T/out" 'fail n_plus_one: Seq Scan on fn\.readings runs in a statement a function or trigger ran 20 times in one execution of the case \(\(SELECT count\(\*\) FROM fn\.readings WHERE v = x\)\): each run read 50000 rows, 1000000 in all \(N\+1 through a function or trigger: an index on the columns it filters on \(v\) makes each run a lookup\)' \
	"  naming the scan, the statement, its runs, the rows and the column to index"
[ "$(status_of function_per_row_by_index)" = pass ]
ok $? "  its twin through the index passes"
[ "$(status_of trigger_per_row_reads_whole)" = fail ]
ok $? "N+1 through a row trigger of a 20-row insert fails too"
like "$T/out" 'fail n_plus_one: Seq Scan on fn\.readings runs in a statement a function or trigger ran 20 times .*NEW\.seen := ' \
	"  naming the trigger's statement"

[ "$(status_of function_per_row_partitioned)" = fail ]
ok $? "N+1 through a function over a view of a partitioned table fails"
like "$T/out" 'fail n_plus_one: Seq Scan on fn\.metrics_[0-2] [a-z_0-9]+ \(a partition or child of fn\.metrics\) and 2 more sequential scans run in a statement a function or trigger ran 12 times .*each run read 30000 rows, 360000 in all' \
	"  said once for its partitions, naming the partitioned table"
[ "$(grep -c 'fail n_plus_one: Seq Scan on fn\.metrics' "$T/out")" = 1 ]
ok $? "  not once per partition"

# Without a superuser auto_explain cannot be loaded: the case's own plan is judged, and an info
# finding says what was not seen (verdict as before: the function's scan is not visible).
psql_kept "CREATE ROLE plain LOGIN; GRANT USAGE ON SCHEMA fn TO plain; GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA fn TO plain; GRANT USAGE ON ALL SEQUENCES IN SCHEMA fn TO plain"
pgperf verify --dsn "$KEPT_DSN user=plain" -v --case function_reads_whole "$SUITE"
is_status 0 "a non-superuser's run passes over the function's scan it cannot see"
like "$T/out" 'info nested_unseen: expect/forbid judged the statement.s own plan only: .*auto_explain' \
	"  and says so"
pgperf verify --dsn "$KEPT_DSN user=plain" -v --case function_per_row_by_index "$SUITE"
is_status 0 "  a case without expect or forbid passes"
unlike "$T/out" 'nested_unseen' "  without a word on what it did not try to judge"
