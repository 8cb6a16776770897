#!/usr/bin/env bash
# t_signals.sh: signals while pgperf reads its input, no server needed. Every file pgperf reads
# may be a FIFO whose writer never comes (or stalls mid-file); SIGINT, SIGTERM and SIGHUP must
# still stop it at once with exit 130 and no error message. Signals while the throwaway server
# starts and while cases run: t_embedded.sh.
. "$(dirname "$0")/lib.sh"

# A wrapper such as valgrind makes start-up and exit slower; pgperf itself returns at once.
limit=5
[ -n "${PGPERF_WRAPPER:-}" ] && limit=60

mkdir "$T/suite" "$T/fifos"
cp "$DATA/suites/ok/"*.sql "$T/suite/"
mkfifo "$T/suite/pgperf.json" "$T/fifos/baseline.json" "$T/fifos/spec.json" "$T/fifos/old.json"

# start_bg ARGS...: pgperf in the background; sets $pid.
start_bg() {
	${PGPERF_WRAPPER:-} "$PGPERF" "$@" >"$T/out" 2>"$T/err" </dev/null &
	pid=$!
}

# waits_on FILE: true once pgperf ($pid) has FILE open, i.e. it waits on it (up to 60 s).
waits_on() {
	for _ in $(seq 600); do
		ls -l "/proc/$pid/fd" 2>/dev/null | grep -qF -- "$1" && return 0
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# stop_with SIG: sends SIG to $pid and waits up to $limit s; sets $status and $took (or kills
# pgperf and sets status 999 when it does not stop).
stop_with() {
	local t0=$SECONDS
	kill "-$1" "$pid"
	for _ in $(seq $((limit * 10))); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid"
		wait "$pid"
		status=999
	else
		wait "$pid"
		status=$?
	fi
	took=$((SECONDS - t0))
}

# SIGNAL | FIFO pgperf waits on | pgperf's arguments (@T@: the test folder, @DATA@: tests/data)
while IFS='|' read -r sig fifo args; do
	case "$sig" in '#'* | '') continue ;; esac
	sig=$(echo $sig)
	fifo=$(echo $fifo)
	fifo=${fifo//@T@/$T}
	args=${args//@T@/$T}
	args=${args//@DATA@/$DATA}
	# shellcheck disable=SC2086 # the table's arguments are words
	eval "set -- $args"
	start_bg "$@"
	waits_on "$fifo"
	ok $? "pgperf$args: waits on $(basename "$fifo")"
	stop_with "$sig"
	is_status 130 "  SIG$sig stops it within ${limit} s (${took} s)"
	unlike "$T/err" 'error:' "  no error message"
done <<'TABLE'
INT  | @T@/suite/pgperf.json   | verify @T@/suite
TERM | @T@/suite/pgperf.json   | verify @T@/suite
HUP  | @T@/suite/pgperf.json   | verify @T@/suite
TERM | @T@/fifos/baseline.json | verify --baseline @T@/fifos/baseline.json @DATA@/suites/ok
HUP  | @T@/fifos/spec.json     | seed --dry-run @T@/fifos/spec.json
INT  | @T@/fifos/old.json      | diff @T@/fifos/old.json @T@/fifos/old.json
TABLE

# A writer that sends part of the file and stalls: pgperf waits in read, not in open.
(
	printf '{ "iterations":'
	exec sleep 120
) >"$T/suite/pgperf.json" &
writer=$!
at_exit "kill $writer 2>/dev/null"
start_bg verify "$T/suite"
waits_on "$T/suite/pgperf.json"
ok $? "a stalled writer: pgperf waits on pgperf.json"
sleep 0.3
stop_with TERM
is_status 130 "  SIGTERM stops it mid-file within ${limit} s (${took} s)"
unlike "$T/err" 'error:' "  no error message"
kill "$writer" 2>/dev/null

# The suite loader takes regular .sql files only, so a FIFO given as a case file never blocks.
mkfifo "$T/fifo.sql"
start_bg verify "$T/fifo.sql"
for _ in $(seq $((limit * 10))); do
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
wait "$pid"
status=$?
is_status 2 "a FIFO given as a case file is refused at once"
like "$T/err" 'fifo\.sql: expected a \.sql case file or a folder of them' "  says what it expects"
