#!/usr/bin/env bash
# t_signals.sh: inputs that could make pgperf wait forever or read without end, no server
# needed. Every file pgperf reads must be a regular file of at most 256 MiB: a FIFO (even one
# whose writer never comes), /dev/zero or a huge file given as any input is refused at once with
# exit 2 and a message naming it; SIGINT while a large folder is read ends pgperf with 130.
# Signals while the throwaway server starts and while cases run:
# t_embedded.sh.
. "$(dirname "$0")/lib.sh"

# A wrapper such as valgrind makes start-up and exit slower; pgperf itself returns at once.
limit=10
[ -n "${PGPERF_WRAPPER:-}" ] && limit=60

mkdir "$T/suite" "$T/fifos"
cp "$DATA/suites/ok/"*.sql "$T/suite/"
mkfifo "$T/suite/pgperf.json" "$T/fifos/baseline.json" "$T/fifos/spec.json" "$T/fifos/old.json" \
	"$T/fifos/fifo.sql"
truncate -s 300M "$T/huge.json"

# run_bounded ARGS...: pgperf with a deadline of $limit s; sets $status (999: it hung).
run_bounded() {
	${PGPERF_WRAPPER:-} "$PGPERF" "$@" >"$T/out" 2>"$T/err" </dev/null &
	local pid=$!
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
}

# message (extended regex) | pgperf's arguments (@T@: the test folder, @DATA@: tests/data)
while IFS='|' read -r pattern args; do
	case "$pattern" in '#'* | '') continue ;; esac
	pattern=$(echo "$pattern" | sed 's/^ *//; s/ *$//')
	args=${args//@T@/$T}
	args=${args//@DATA@/$DATA}
	# shellcheck disable=SC2086 # the table's arguments are words
	eval "set -- $args"
	run_bounded "$@"
	is_status 2 "pgperf$args is refused within $limit s"
	like "$T/err" "$pattern" "  says: $pattern"
done <<'TABLE'
pgperf.json: not a regular file      | verify @T@/suite
baseline.json: not a regular file    | verify --baseline @T@/fifos/baseline.json @DATA@/suites/ok
spec.json: not a regular file        | seed --dry-run @T@/fifos/spec.json
/dev/zero: not a regular file        | seed --dry-run /dev/zero
old.json: not a regular file         | diff @T@/fifos/old.json @T@/fifos/old.json
huge.json: larger than 256 MiB       | diff @T@/huge.json @T@/huge.json
huge.json: larger than 256 MiB       | seed --dry-run @T@/huge.json
fifo.sql: expected a .sql case file  | verify @T@/fifos/fifo.sql
TABLE

# SIGINT while a folder of 100,000 cases is read (about a second of work): exit 130 at once.
mkdir "$T/large"
for ((f = 0; f < 20; f++)); do
	for ((i = 0; i < 5000; i++)); do
		printf -- '-- name: c%d_%d\n-- threshold: p95 < 5ms\nSELECT %d;\n\n' "$f" "$i" "$i"
	done >"$T/large/f$f.sql"
done
${PGPERF_WRAPPER:-} "$PGPERF" list "$T/large" >"$T/out" 2>"$T/err" </dev/null &
pid=$!
sleep 0.2
kill -INT "$pid"
wait "$pid"
status=$?
is_status 130 "SIGINT while 100,000 cases are read ends pgperf"
rm -rf "$T/large"
