#!/usr/bin/env bash
# t_embedded.sh: the throwaway server pgperf starts when no connection is given: it runs the
# suite, and is stopped and removed after success, a schema error, SIGINT (Ctrl-C), SIGTERM or
# SIGHUP mid-run or during initdb, and a server killed mid-run.
. "$(dirname "$0")/lib.sh"
need_server
SUITE="$DATA/suites/basic"

server_dir() { sed -n 's/.*throwaway server ready in [0-9.]*s in \(.*\)$/\1/p' "$1" | head -1; }

gone() { # gone DIR: the folder is removed and no server runs from it
	[ -n "$1" ] && [ ! -e "$1" ] && ! pgrep -f -- "-D $1/" >/dev/null 2>&1
}

# Waits up to 60 s until the background pgperf's stderr says the server is ready.
wait_ready() {
	for _ in $(seq 600); do
		grep -q 'throwaway server ready' "$T/err" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

pgperf verify -v --filter '^(pass_lookup|skip_missing)$' "$SUITE"
is_status 0 "verify on the embedded default"
like "$T/out" '^target: embedded' "the report says it ran on the throwaway server"
like "$T/out" '^PASS +pass_lookup' "the suite's schema was applied and the case ran"
dir=$(server_dir "$T/err")
gone "$dir"
ok $? "the server's folder is removed after the run ($dir)"

pgperf verify --no-cache -q --filter '^pass_lookup$' "$SUITE"
is_status 0 "--no-cache runs initdb and works the same"

pgperf verify -v "$DATA/suites/bad_schema"
is_status 2 "a failing schema file is an input error"
like "$T/err" 'schema.sql:3:[0-9]+: duplicate key value' "names the schema file, line and error"
dir=$(server_dir "$T/err")
gone "$dir"
ok $? "the server is removed after a schema error"

for sig in INT TERM HUP; do
	"$PGPERF" verify -v --iterations 1000 --filter '^warn_sleep$' "$SUITE" \
		>"$T/out" 2>"$T/err" </dev/null &
	pid=$!
	wait_ready
	ok $? "SIG$sig: server started"
	sleep 0.5
	kill -$sig $pid
	wait $pid
	status=$?
	is_status 130 "SIG$sig stops pgperf with exit 130"
	dir=$(server_dir "$T/err")
	gone "$dir"
	ok $? "SIG$sig: no server process or folder is left ($dir)"
done

# SIGHUP while initdb creates the data directory: initdb is stopped and the folder removed.
"$PGPERF" verify -v --no-cache --filter '^pass_lookup$' "$SUITE" >"$T/out" 2>"$T/err" </dev/null &
pid=$!
initdb_dir=""
for _ in $(seq 600); do
	initdb_pid=$(pgrep -P "$pid" -f initdb | head -1)
	if [ -n "$initdb_pid" ]; then
		initdb_dir=$(tr '\0' '\n' <"/proc/$initdb_pid/cmdline" 2>/dev/null |
			sed -n 's|^\(.*\)/data$|\1|p' | head -1)
		[ -n "$initdb_dir" ] && break
	fi
	sleep 0.05
done
[ -n "$initdb_dir" ]
ok $? "SIGHUP during initdb: initdb runs ($initdb_dir)"
kill -HUP $pid
wait $pid
status=$?
is_status 130 "SIGHUP during initdb stops pgperf with exit 130"
gone "$initdb_dir"
ok $? "SIGHUP during initdb: no initdb, server or folder is left"

# The server dies mid-run: remaining cases are errors, the report is written, exit 3.
"$PGPERF" verify -v --iterations 1000 --json "$T/killed.json" \
	--filter '^(warn_sleep|fail_sleep)$' "$SUITE" >"$T/out" 2>"$T/err" </dev/null &
pid=$!
wait_ready
dir=$(server_dir "$T/err")
sleep 0.5
postmaster=$(head -1 "$dir/data/postmaster.pid" 2>/dev/null)
[ -n "$postmaster" ] && kill -KILL "$postmaster"
ok $? "killed the server (pid $postmaster)"
wait $pid
status=$?
is_status 3 "a killed server exits 3"
like "$T/killed.json" '"connection_lost":[[:space:]]*true' "the report is written"
like "$T/out" '^ERROR +fail_sleep +not run: connection lost' "the remaining case is an error"
gone "$dir"
ok $? "the killed server's folder is removed"
