#!/usr/bin/env bash
# t_verify.sh: pgperf verify against a real PostgreSQL server: every case status, exit statuses,
# the JSON report, and that nothing a case writes persists.
. "$(dirname "$0")/lib.sh"
need_server

SUITE="$DATA/suites/basic"
start_kept_server "$SUITE" # applies schema.sql, leaves the server for --dsn runs
ok 0 "throwaway server kept for the test"

# --- statuses -------------------------------------------------------------------------------
pgperf verify --dsn "$KEPT_DSN" --json "$T/report.json" "$SUITE"
is_status 1 "a suite with failing and erroring cases exits 1"
like "$T/out" '^PASS +pass_lookup +p50 ' "pass_lookup passes"
like "$T/out" '^WARN +warn_sleep .*p50 .* >= 10.0ms' "warn_sleep warns inside the margin"
like "$T/out" '^FAIL +fail_sleep .*p50 .* >= 1.00ms' "fail_sleep fails beyond the margin"
like "$T/out" '^SKIP +skip_missing +requires relation app.missing, which does not exist' \
	"skip_missing is skipped with its reason"
like "$T/out" '^ERROR +error_division .*division by zero.*SQLSTATE 22012' \
	"error_division reports the server's message and SQLSTATE"
like "$T/out" '^ERROR +error_timeout .*timed out after (100ms|100\.0ms)' \
	"error_timeout reports the statement_timeout"
like "$T/out" '^6 cases: 1 pass, 1 warn, 1 fail, 1 skip, 2 error in ' "summary line counts"

# --- JSON report ----------------------------------------------------------------------------
like "$T/report.json" '"pgperf_version":[[:space:]]*"[0-9]' "report names pgperf's version"
like "$T/report.json" '"server_version":[[:space:]]*"1[0-9]' "report names the server version"
like "$T/report.json" '"work_mem":[[:space:]]*"' "report records timing-relevant settings"
like "$T/report.json" '"p95_ms":[[:space:]]*[0-9]' "report carries statistics"
like "$T/report.json" '"kind":[[:space:]]*"threshold"' "threshold misses are findings"
like "$T/report.json" '"sqlstate":[[:space:]]*"57014"' "the timeout's SQLSTATE is in the report"
like "$T/report.json" '"fail":[[:space:]]*1,' "report summary counts the failure"
unlike "$T/out" 'password' "no password is printed"

# --- only passing and warning cases: exit 0 -------------------------------------------------
pgperf verify --dsn "$KEPT_DSN" --filter '^(pass_lookup|warn_sleep|skip_missing)$' "$SUITE"
is_status 0 "warnings and skips alone exit 0"

pgperf verify --dsn "$KEPT_DSN" --filter 'no_such_case' "$SUITE"
is_status 2 "a filter that selects nothing is an input error"
like "$T/err" 'no case matches --filter no_such_case' "says the filter matched nothing"

pgperf verify --dsn "$KEPT_DSN" --iterations 3 --filter '^pass_lookup$' --json - "$SUITE"
is_status 0 "--json - writes the report to stdout"
like "$T/out" '"iterations":[[:space:]]*3,' "--iterations overrides the header"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/out"
ok $? "with --json -, standard output holds the JSON report alone"
like "$T/err" '^PASS +pass_lookup' "with --json -, the text report goes to standard error"

# --- writes are undone ----------------------------------------------------------------------
snapshot() {
	psql_kept "SELECT md5(string_agg(t::text, ',' ORDER BY id)) FROM app.items t;
		   SELECT md5(string_agg(t::text, ',' ORDER BY id)) FROM app.events t;
		   SELECT last_value || ' ' || is_called FROM app.events_id_seq;"
}
before=$(snapshot)
pgperf verify --dsn "$KEPT_DSN" "$DATA/suites/writes"
is_status 0 "data-modifying cases run (each iteration sees the original rows)"
like "$T/out" '^PASS +insert_event' "a unique insert repeated 20 times never collides"
like "$T/out" '^PASS +delete_in_cte' "a data-modifying CTE runs"
after=$(snapshot)
[ "$before" = "$after" ]
ok $? "tables and sequences hold exactly what they held before"
[ "$before" = "$after" ] || diag "before: $before" "after:  $after"

count=$(psql_kept "SELECT count(*) FROM pg_prepared_statements")
[ "$count" = 0 ]
ok $? "no prepared statement is left on the connection's server"

# rows < N holds every timed iteration to it, not the EXPLAIN run alone: each draws its own
# values, and the one EXPLAIN ran with returned 1 row where others returned 500.
mkdir "$T/rows"
cat >"$T/rows/rows.sql" <<'SQL'
-- name: rows_some_iterations
-- params: choice(1, 1, 1, 1, 1, 1, 1, 1, 1, 500)
-- threshold: rows < 100
SELECT g FROM generate_series(1, $1) AS g;

-- name: rows_every_iteration_few
-- params: choice(1, 2)
-- threshold: rows < 100
SELECT g FROM generate_series(1, $1) AS g;
SQL
pgperf verify --dsn "$KEPT_DSN" --iterations 50 -v --json "$T/rows.json" "$T/rows"
like "$T/out" '^FAIL +rows_some_iterations .*rows 500 >= 100' "rows < 100 fails on the iterations that returned 500"
like "$T/out" '50 iterations, 1 to 500 rows$' "  -v gives the fewest and the most rows"
like "$T/out" '^PASS +rows_every_iteration_few ' "  its twin returning 1 or 2 rows passes"
got=$(python3 -c 'import json,sys; print([(c["stats"]["rows_min"], c["stats"]["rows_max"]) for c in json.load(open(sys.argv[1]))["cases"]])' "$T/rows.json")
[ "$got" = "[(1, 500), (1, 2)]" ]
ok $? "  the JSON report has rows_min and rows_max ($got)"

# --- the connection is lost mid-run ---------------------------------------------------------
"$PGPERF" verify --dsn "$KEPT_DSN" --iterations 1000 --json "$T/lost.json" \
	--filter '^(pass_lookup|warn_sleep|fail_sleep)$' "$SUITE" >"$T/out" 2>"$T/err" &
pid=$!
sleep 1
psql_kept "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
	   WHERE application_name = 'pgperf'" >/dev/null
wait $pid
status=$?
is_status 3 "a lost connection exits 3"
like "$T/err" 'connection lost' "says the connection was lost"
like "$T/lost.json" '"connection_lost":[[:space:]]*true' "the report is still written"
like "$T/out" '^ERROR +fail_sleep +not run: connection lost' "remaining cases are errors"
