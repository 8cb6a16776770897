#!/usr/bin/env bash
# t_load.sh: pgperf load on a real server: the levels and the JSON report's keys, the p95 growth
# gate (a case serialising on an advisory lock fails it, its twin without the lock passes), the
# error-rate gate (a case failing on about 5 % of executions fails it, its twin passes), weights,
# a fixed arrival rate measured from the intended start, a connection terminated mid-run (the
# client reconnects and the run goes on), and SIGINT (exit 130, reports written). Levels are 1 s
# with few clients so that the whole test stays short on a loaded 2-core machine.
. "$(dirname "$0")/lib.sh"
need_server

L="$DATA/load"
short=(--duration 1s --warmup 0.5s)
# The growth-gate pair runs a 100 ms statement for 2 s a level: a 5 ms one at 10 clients on a
# 2-core runner busy with other jobs grew its p95 4.85x from scheduling delays alone.
growth=(--duration 2s --warmup 0.5s)

# json_get FILE EXPR: a value from a JSON report (python3's json, the test's only reader).
json_get() {
	python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# --- on the embedded default: levels, keys, the growth gate failing on a lock --------------------
pgperf load --clients 2,10 "${growth[@]}" --json "$T/lock.json" --markdown "$T/lock.md" \
	--html "$T/lock.html" "$L/lock"
is_status 1 "a case serialising on an advisory lock fails the p95 growth gate"
like "$T/out" 'FAIL +p95 at 10 clients is [0-9.]+x the p95 at 2 clients' "  the summary names the gate with its values"
like "$T/out" 'Lock/advisory' "  the top wait events show the lock"
levels=$(json_get "$T/lock.json" '[l["clients"] for l in d["levels"]]')
[ "$levels" = "[2, 10]" ]
ok $? "  the JSON report has one entry per level ($levels)"
keys=$(json_get "$T/lock.json" 'sorted(set(["status","levels","gates"]) - set(d)) + sorted(set(["clients","tps","p50_ms","p95_ms","p99_ms","max_ms","errors","error_rate","cases"]) - set(d["levels"][0])) + sorted(set(["name","ok","value","limit"]) - set(d["gates"][0]))')
[ "$keys" = "[]" ]
ok $? "  the JSON report has the keys of the interface (missing: $keys)"
gate=$(json_get "$T/lock.json" '[(g["ok"], g["limit"]) for g in d["gates"] if g["name"] == "p95_growth@10"]')
[ "$gate" = "[(False, 1.5)]" ]
ok $? "  the JSON gate p95_growth@10 failed against 1.5 ($gate)"
[ "$(json_get "$T/lock.json" 'd["status"]')" = "fail" ]
ok $? "  the JSON status is fail"
like "$T/lock.md" '^\| 10 \| [0-9.]+ \|' "  the Markdown report has a row per level"
like "$T/lock.html" '<svg' "  the HTML report draws inline SVG"
unlike "$T/lock.html" '<script' "  the HTML report has no script"

# A write case on the throwaway server, kept: its rows rolled back and its sequence put back.
pgperf load --keep --clients 2 --duration 0.5s --warmup 0.2s --json "$T/wk.json" "$L/writes"
is_status 0 "a write case on the kept throwaway server"
W_DIR=$(sed -n 's/^the throwaway server keeps running in \(.*\)$/\1/p' "$T/out" | head -1)
W_DSN=$(sed -n 's/^ *connect: psql "\(.*\)"$/\1/p' "$T/out" | head -1)
W_PID=$(sed -n 's/^ *stop: *kill -INT \([0-9][0-9]*\).*/\1/p' "$T/out" | head -1)
[ -n "$W_DIR" ] && [ -n "$W_PID" ] && at_exit "kill -INT $W_PID 2>/dev/null; for i in \$(seq 50); do kill -0 $W_PID 2>/dev/null || break; sleep 0.1; done; rm -rf '$W_DIR'"
seq_state=$(KEPT_DSN="$W_DSN" psql_kept "SELECT (SELECT count(*) FROM load_orders) || ' ' || last_value || ' ' || is_called FROM load_orders_id_seq")
[ "$seq_state" = "0 1 false" ] && [ "$(json_get "$T/wk.json" 'd["levels"][0]["executions"] > 10')" = "True" ]
ok $? "  no row left and the sequence put back where it started ($seq_state)"

# --- the rest on one kept server, reached with --dsn -----------------------------------------------
start_kept_server "$L/weights"

pgperf load --dsn "$KEPT_DSN" --clients 2,10 "${growth[@]}" --json "$T/twin.json" "$L/lock_twin"
is_status 0 "its twin without the lock passes the p95 growth gate"

pgperf load --dsn "$KEPT_DSN" --clients 2,10 "${short[@]}" --p95-growth-5x 1000 \
	--json "$T/errors.json" "$L/errors"
is_status 1 "a case erroring on about 5 % of executions fails the error-rate gate"
like "$T/out" 'FAIL +error rate at [0-9]+ clients is [0-9.]+%' "  the summary names the gate with its values"
states=$(json_get "$T/errors.json" 'sorted(set(e["sqlstate"] for l in d["levels"] for e in l["errors_by_sqlstate"]))')
[ "$states" = "['22012']" ]
ok $? "  errors are counted by SQLSTATE ($states)"
rate=$(json_get "$T/errors.json" 'all(0.005 < l["error_rate"] < 0.2 for l in d["levels"])')
[ "$rate" = "True" ]
ok $? "  the error rate is a fraction near 0.05"

pgperf load --dsn "$KEPT_DSN" --clients 2,10 "${short[@]}" --p95-growth-5x 1000 \
	--json "$T/steady.json" "$L/errors_twin"
is_status 0 "its twin without errors passes the error-rate gate"

pgperf load --dsn "$KEPT_DSN" --clients 3 "${short[@]}" --json "$T/w.json" "$L/weights"
is_status 0 "weights and a threshold naming a level"
ratio=$(json_get "$T/w.json" 'round(d["levels"][0]["cases"][1]["executions"] / max(1, d["levels"][0]["cases"][0]["executions"]), 1)')
awk -v r="$ratio" 'BEGIN { exit !(r > 2.5 && r < 6.5) }'
ok $? "  a case of weight 4 runs about 4 times as often as one of weight 1 ($ratio)"
like "$T/out" 'pass +common: p95 at 3 clients' "  threshold p95@3 is judged at its level"

pgperf load --dsn "$KEPT_DSN" --clients 2 --rate 100 --duration 2s --warmup 0.5s \
	--json "$T/rate.json" "$L/slow"
p95=$(json_get "$T/rate.json" 'd["levels"][0]["p95_ms"]')
awk -v p="$p95" 'BEGIN { exit !(p > 200) }'
ok $? "  --rate: latency counts from the intended start when the clients fall behind (p95 $p95 ms of a 50 ms statement)"

# A write case: every execution rolled back; with --dsn, the sequence it moved is named as left.
psql_kept "CREATE TABLE load_writes (id serial PRIMARY KEY, v integer)"
mkdir "$T/writes"
printf -- '-- name: insert_one\nINSERT INTO load_writes (v) VALUES (1);\n' >"$T/writes/w.sql"
pgperf load --dsn "$KEPT_DSN" --clients 2 --duration 0.5s --warmup 0.2s --json "$T/writes.json" "$T/writes"
is_status 0 "a write case under load"
[ "$(psql_kept "SELECT count(*) FROM load_writes")" = "0" ] && [ "$(json_get "$T/writes.json" 'd["levels"][0]["executions"] > 0')" = "True" ]
ok $? "  its writes were rolled back"
like "$T/out" 'sequence load_writes_id_seq left moved' "  the sequence it moved is named, not put back on a shared database"

# A case's timeout: is the clients' statement_timeout: a statement cut short is an error (57014).
mkdir "$T/timeout"
printf -- '-- name: too_long\n-- timeout: 20ms\nSELECT pg_sleep(0.05);\n' >"$T/timeout/t.sql"
pgperf load --dsn "$KEPT_DSN" --clients 2 --duration 0.5s --warmup 0.2s --json "$T/timeout.json" "$T/timeout"
is_status 1 "a statement past its timeout: fails the error-rate gate"
[ "$(json_get "$T/timeout.json" '[e["sqlstate"] for e in d["levels"][0]["errors_by_sqlstate"]]')" = "['57014']" ]
ok $? "  counted under SQLSTATE 57014"

# A case's set: applies to each of its executions, in a transaction rolled back after it.
mkdir "$T/set"
printf -- "-- name: tuned\n-- set: work_mem = '8MB'\nSELECT 1 / (current_setting('work_mem') = '8MB')::int;\n" >"$T/set/s.sql"
pgperf load --dsn "$KEPT_DSN" --clients 2 --duration 0.5s --warmup 0.2s "$T/set"
is_status 0 "set: applies under load (the statement divides by zero without it)"

# --spike: 0 to the highest level within --duration (1 s here), the recovery time and its gate.
pgperf load --dsn "$KEPT_DSN" --clients 2,4 "${short[@]}" --spike --p95-growth-5x 1000 \
	--json "$T/spike.json" "$L/steady"
is_status 0 "--spike recovers within its gate"
got=$(json_get "$T/spike.json" '(d["spike"]["clients"], d["spike"]["recovery_s"] is not None, [g["ok"] for g in d["gates"] if g["name"] == "spike_recovery"])')
[ "$got" = "(4, True, [True])" ]
ok $? "  the spike's level, recovery time and gate are in the JSON report ($got)"

# A connection terminated mid-run: an error of that execution, and the client reconnects.
pgperf_bg() { ${PGPERF_WRAPPER:-} "$PGPERF" "$@" >"$T/out" 2>"$T/err" </dev/null & pid=$!; }
pgperf_bg load --dsn "$KEPT_DSN" --clients 4 --duration 3s --warmup 0.5s --p95-growth-5x 1000 \
	--max-error-rate 0.5 --json "$T/lost.json" "$L/steady"
sleep 2
psql_kept "SELECT count(pg_catalog.pg_terminate_backend(pid)) FROM pg_catalog.pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(0.005)%' AND pid <> pg_catalog.pg_backend_pid()" >"$T/killed"
wait "$pid"
status=$?
is_status 0 "the run goes on after connections are terminated ($(cat "$T/killed") terminated)"
got=$(json_get "$T/lost.json" '(d["levels"][0]["reconnects"] > 0, d["levels"][0]["errors"] > 0, d["levels"][0]["executions"] > 100)')
[ "$got" = "(True, True, True)" ]
ok $? "  the lost executions are errors and the clients reconnected ($got)"

# SIGINT: in-flight queries cancelled, reports of what ran written, exit 130.
pgperf_bg load --dsn "$KEPT_DSN" --clients 2,4 --duration 20s --warmup 0.5s --json "$T/int.json" \
	--markdown "$T/int.md" "$L/steady"
sleep 2.5
kill -INT "$pid"
wait "$pid"
status=$?
is_status 130 "SIGINT ends the load"
[ "$(json_get "$T/int.json" '(d["status"], d["interrupted"], d["levels"][0]["executions"] > 0)')" = "('interrupted', True, True)" ]
ok $? "  the JSON report of what ran is written"
[ -s "$T/int.md" ]
ok $? "  the Markdown report too"
