#!/usr/bin/env bash
# t_safety.sh: pgperf on a database other sessions use (--dsn): a write case with very many
# iterations, sequences other sessions draw from while a case runs, sequences pgperf may not
# read or set, failing cases followed by passing ones, the server's CONTEXT of an error, dead
# tuples left by write cases (and the throwaway server vacuuming them), and kill -9 mid-loop.
# Sessions are coordinated through advisory locks and pg_locks, never through sleeps.
. "$(dirname "$0")/lib.sh"
need_server

SUITE="$DATA/suites/safety"  # the schema (tests/data/suites/safety/schema.sql)
CASES="$DATA/safety"         # the cases, run one file at a time
start_kept_server "$SUITE"
ok 0 "throwaway server kept for the test"

# wait_until SQL WANT: polls SQL on the kept server until it prints WANT (60 s at most).
wait_until() {
	local i got=
	for i in $(seq 600); do
		got=$(psql_kept "$1" 2>/dev/null)
		[ "$got" = "$2" ] && return 0
		sleep 0.1
	done
	diag "waited in vain for $2 from: $1 (last: $got)"
	return 1
}

# hold_lock KEY: a psql session that holds advisory lock KEY until release_lock closes its input
# (file descriptor 3, which a process started meanwhile must not inherit: 3>&-).
hold_lock() {
	mkfifo "$T/lock.fifo"
	"$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "$KEPT_DSN" <"$T/lock.fifo" >"$T/lock.out" 2>&1 &
	lock_pid=$!
	exec 3>"$T/lock.fifo"
	echo "SELECT pg_advisory_lock($1);" >&3
	wait_until "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted
		    AND objid = $1 AND pid <> pg_backend_pid()" 1
}
release_lock() {
	exec 3>&-
	wait "$lock_pid"
	rm -f "$T/lock.fifo"
}
# A pgperf backend waiting for advisory lock KEY.
pgperf_waits_for() {
	wait_until "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid)
		    WHERE l.locktype = 'advisory' AND NOT l.granted AND l.objid = $1
		    AND a.application_name = 'pgperf'" 1
}
last_value() { psql_kept "SELECT last_value FROM $1"; }
position() { psql_kept "SELECT last_value || ' ' || is_called FROM $1"; }
# json FILE PYTHON-EXPRESSION: prints the expression over the parsed report r.
json() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$@"; }
# heap_fetches FILE N: the Heap Fetches of every node of case N's plan, added up.
heap_fetches() {
	python3 -c '
import json, sys
def walk(n):
    return n.get("Heap Fetches", 0) + sum(walk(k) for k in n.get("Plans", []))
r = json.load(open(sys.argv[1]))
print(walk(r["cases"][int(sys.argv[2])]["plan"][0]["Plan"]))' "$@"
}

# --- 1. a write case with 100,000 iterations ------------------------------------------------
t0=$(date +%s%N)
pgperf verify --dsn "$KEPT_DSN" --json "$T/many.json" "$CASES/many_inserts.sql"
t1=$(date +%s%N)
is_status 0 "100,000 iterations of an INSERT run to the end"
like "$T/out" '^PASS +insert_many +p50 ' "the case passes"
unlike "$T/out" '53200|out of shared memory' "no 'out of shared memory' (53200)"
[ "$(json "$T/many.json" "r['cases'][0]['stats']['iterations']")" = 100000 ]
ok $? "all 100,000 iterations are timed"
[ "$(psql_kept 'SELECT count(*) FROM safe.many')" = 0 ]
ok $? "no row of the 100,000 persists"
diag "100,000 INSERT iterations on --dsn: $(( (t1 - t0) / 1000000 )) ms in all," \
	"the timed loop $(json "$T/many.json" "r['cases'][0]['stats']['wall_ms']") ms"

# --- 2. sequences: another session draws from one while the case runs -------------------------
before=$(last_value safe.tickets_id_seq)
hold_lock 4242
"$PGPERF" verify --dsn "$KEPT_DSN" --json "$T/draw.json" "$CASES/draw_and_wait.sql" \
	>"$T/out" 2>"$T/err" 3>&- &
pgperf_pid=$!
pgperf_waits_for 4242
ok $? "pgperf is inside the case, waiting for the test"
theirs=$(psql_kept "INSERT INTO safe.tickets (note) VALUES ('app') RETURNING id")
release_lock
wait "$pgperf_pid"
status=$?
is_status 0 "the case runs to the end once the lock is released"
like "$T/out" '^      sequence safe\.tickets_id_seq left at [0-9]+: another session drew from it' \
	"the text report says the sequence was left, and why"
[ "$(json "$T/draw.json" "r['cases'][0]['sequences_left'][0]['sequence']")" = safe.tickets_id_seq ]
ok $? "the JSON report lists it in sequences_left"
now=$(last_value safe.tickets_id_seq)
[ "$now" -ge "$theirs" ]
ok $? "the sequence is not set back below the value the other session took ($now >= $theirs)"
psql_kept "INSERT INTO safe.tickets (note) SELECT 'app' FROM generate_series(1, 10)" >/dev/null
ok $? "the application's next inserts find no duplicate key"
[ "$(psql_kept "SELECT count(*) FROM safe.tickets WHERE note = 'pgperf'")" = 0 ]
ok $? "no row pgperf wrote persists"
diag "tickets_id_seq: $before before, other session took $theirs, $now after"

# The same case with nobody else drawing: the sequence is put back exactly.
before=$(last_value safe.tickets_id_seq)
pgperf verify --dsn "$KEPT_DSN" --json "$T/alone.json" "$CASES/draw_and_wait.sql"
is_status 0 "the same case alone passes"
[ "$(last_value safe.tickets_id_seq)" = "$before" ]
ok $? "alone, the sequence is put back where it was ($before)"
[ "$(json "$T/alone.json" "len(r['cases'][0]['sequences_left'])")" = 0 ]
ok $? "and nothing is reported left"

# Another session writes to the table (ROW EXCLUSIVE) for the whole case: pgperf cannot take
# the lock it puts the sequence back under, and leaves it.
before=$(last_value safe.tickets_id_seq)
mkfifo "$T/lock.fifo"
"$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "$KEPT_DSN" <"$T/lock.fifo" >"$T/lock.out" 2>&1 &
lock_pid=$!
exec 3>"$T/lock.fifo"
echo "BEGIN; LOCK TABLE safe.tickets IN ROW EXCLUSIVE MODE;" >&3
wait_until "SELECT count(*) FROM pg_locks WHERE relation = 'safe.tickets'::regclass
	    AND mode = 'RowExclusiveLock' AND granted AND pid <> pg_backend_pid()" 1
pgperf verify --dsn "$KEPT_DSN" --json "$T/locked.json" "$CASES/tickets.sql" 3>&-
release_lock
is_status 0 "a case whose sequence cannot be locked still passes"
like "$T/out" 'sequence safe\.tickets_id_seq left at [0-9]+: cannot lock safe\.tickets to put it back safely' \
	"the report says the table could not be locked"
[ "$(last_value safe.tickets_id_seq)" -gt "$before" ]
ok $? "the sequence is left moved, not set back without the lock"

# A sequence no table draws from: no lock keeps other sessions' nextval() out, so it is left.
before=$(last_value safe.counter)
pgperf verify --dsn "$KEPT_DSN" --json "$T/counter.json" "$CASES/counter.sql"
is_status 0 "drawing from a free-standing sequence passes"
like "$T/out" "sequence safe\.counter left at [0-9]+: no table draws from it" \
	"the report says why a free-standing sequence is left"

# --- 2. sequences pgperf may not read or set --------------------------------------------------
counter=$(last_value safe.counter)
tickets=$(last_value safe.tickets_id_seq)
pgperf verify --dsn "$KEPT_DSN user=pgperf_usage" --json "$T/usage.json" "$CASES/usage_only.sql"
is_status 0 "cases run as a role with USAGE only"
like "$T/out" "sequence safe\.counter left at [0-9]+: pgperf may read it but not put it back \(no UPDATE privilege" \
	"a sequence with USAGE only is reported, not silently left moved"
like "$T/out" "sequence safe\.tickets_id_seq left moved: the case drew from it, and pgperf can neither read it" \
	"a sequence pgperf cannot read at all is reported too"
[ "$(last_value safe.counter)" -gt "$counter" ] && [ "$(last_value safe.tickets_id_seq)" -gt "$tickets" ]
ok $? "both are indeed left moved"
unlike "$T/err" 'permission denied' "no permission error reaches the user"

# --- 4. the server's CONTEXT, DETAIL and HINT ----------------------------------------------
pgperf verify --dsn "$KEPT_DSN" --json "$T/context.json" --junit "$T/context.xml" \
	--markdown "$T/context.md" --html "$T/context.html" "$CASES/context.sql"
is_status 1 "an erroring case exits 1"
like "$T/out" '^ERROR +raises_in_function +explode: 3 is positive \(SQLSTATE P0001\)' \
	"the error line names the message"
like "$T/out" '^      detail: the argument was 3$' "the detail is under it"
like "$T/out" '^      hint: call it with zero$' "the hint is under it"
like "$T/out" '^      context: PL/pgSQL function safe\.explode\(integer\) line [0-9]+ at RAISE$' \
	"the context says where the function raised it"
like "$T/out" '^PASS +calls_function_fine ' "the same function with an argument it accepts passes"
[ "$(json "$T/context.json" "r['cases'][0]['hint'] + '|' + r['cases'][0]['detail']")" = \
	"call it with zero|the argument was 3" ]
ok $? "the JSON report has detail and hint keys"
json "$T/context.json" "r['cases'][0]['context']" | grep -q 'PL/pgSQL function safe.explode(integer)'
ok $? "the JSON report has the context"
[ "$(json "$T/context.json" "r['cases'][1]['context']")" = None ]
ok $? "a case without an error has a null context"
like "$T/context.xml" 'context: PL/pgSQL function safe\.explode\(integer\)' \
	"JUnit's error body carries the context"
like "$T/context.md" 'context: PL/pgSQL function safe\.explode\(integer\)' "so does Markdown"
like "$T/context.html" '<ul class="error-info">' "and HTML"

# --- 5. a failing case never poisons the next ------------------------------------------------
pgperf verify --dsn "$KEPT_DSN" "$CASES/poison.sql"
is_status 1 "cases that fail to start exit 1"
like "$T/out" "^ERROR +bad_setting +set: work_mem = lots: invalid value" "a failing set: is an error"
like "$T/out" '^ERROR +missing_column +column "no_such_column" does not exist' \
	"a failing PREPARE is an error"
like "$T/out" '^ERROR +write_fails_midway +division by zero' "an error mid-loop is an error"
like "$T/out" '^ERROR +times_out +timed out after 10' "a timeout is an error"
like "$T/out" '^PASS +passes_after_all ' "the case after them passes"
unlike "$T/out" '25P02' "no case finds the connection inside a failed transaction"
[ "$(psql_kept "SELECT count(*) FROM safe.tickets WHERE note = 'half'")" = 0 ]
ok $? "the failed write left no row"

# --- 3. dead tuples, and the visibility map -------------------------------------------------
pgperf verify --dsn "$KEPT_DSN" --json "$T/dsn-vm.json" "$CASES/visibility.sql"
is_status 0 "on --dsn the write case and the index-only read pass"
like "$T/out" '^      dead tuples left: safe\.ios [1-9][0-9]*$' \
	"the text report says how many dead tuples the write case left"
dead=$(json "$T/dsn-vm.json" "r['cases'][0]['dead_tuples']['safe.ios']")
[ "$dead" -gt 0 ]
ok $? "the JSON report has them per table ($dead in safe.ios)"
[ "$(json "$T/dsn-vm.json" "r['cases'][0]['vacuumed']")" = False ]
ok $? "pgperf does not vacuum a database given with --dsn"
[ "$(json "$T/dsn-vm.json" "r['cases'][1]['dead_tuples']")" = None ]
ok $? "a read case has no dead_tuples entry"
fetches=$(heap_fetches "$T/dsn-vm.json" 1)
[ "$fetches" -gt 0 ]
ok $? "on --dsn the index-only scan after the write fetches heap pages ($fetches)"

pgperf verify --json "$T/embedded-vm.json" "$SUITE" "$CASES/visibility.sql"
is_status 0 "on the throwaway server both pass"
like "$T/out" '^      dead tuples left: safe\.ios [1-9][0-9]*; vacuumed$' \
	"the throwaway server vacuums what the write case wrote to"
fetches=$(heap_fetches "$T/embedded-vm.json" 2)
[ "$fetches" = 0 ]
ok $? "so the index-only scan after it fetches no heap page ($fetches)"

# --- 6. kill -9 mid-loop ---------------------------------------------------------------------
before=$(position safe.killed_id_seq)
hold_lock 4343
"$PGPERF" verify --dsn "$KEPT_DSN" "$CASES/kill.sql" >"$T/out" 2>"$T/err" 3>&- &
pgperf_pid=$!
pgperf_waits_for 4343
ok $? "pgperf has written a row and waits inside the case"
backend=$(psql_kept "SELECT pid FROM pg_stat_activity WHERE application_name = 'pgperf'")
kill -9 "$pgperf_pid"
wait "$pgperf_pid" 2>/dev/null
release_lock
wait_until "SELECT count(*) FROM pg_stat_activity WHERE pid = $backend" 0
ok $? "the killed pgperf's backend ends"
[ "$(psql_kept 'SELECT count(*) FROM safe.killed')" = 0 ]
ok $? "no row written before the kill persists"
after=$(position safe.killed_id_seq)
[ "$after" != "$before" ]
ok $? "the sequence stays moved, as the README says ($before before, $after after)"
