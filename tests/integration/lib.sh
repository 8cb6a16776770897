# lib.sh: TAP helpers for pgperf's integration tests. Each test script sources this, runs the
# real pgperf binary ($PGPERF, optionally under $PGPERF_WRAPPER such as valgrind) and asserts on
# its exit status, stdout and stderr.
set -u

: "${PGPERF:?run through make check, which sets PGPERF}"
: "${top_srcdir:?run through make check, which sets top_srcdir}"
DATA="$top_srcdir/tests/data"
T=$(mktemp -d "${TMPDIR:-/tmp}/pgperf-test.XXXXXX")
chmod 755 "$T"
tap_n=0
tap_failed=0
cleanup_hooks=""

at_exit() { cleanup_hooks="$1; $cleanup_hooks"; }
finish() {
	eval "$cleanup_hooks"
	rm -rf "$T"
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}
trap 'finish' EXIT

ok() { # ok STATUS DESCRIPTION: STATUS 0 passes
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}

diag() { printf '# %s\n' "$@"; }

# pgperf ARGS...: runs pgperf; sets $status, and $T/out and $T/err hold its output.
pgperf() {
	${PGPERF_WRAPPER:-} "$PGPERF" "$@" >"$T/out" 2>"$T/err" </dev/null
	status=$?
}

is_status() { # is_status WANT DESCRIPTION
	if [ "$status" -eq "$1" ]; then
		ok 0 "$2 (exit $1)"
	else
		ok 1 "$2 (exit $status, want $1)"
		diag "stdout:" "$(head -c 2000 "$T/out")" "stderr:" "$(head -c 2000 "$T/err")"
	fi
}

like() { # like FILE EXTENDED-REGEX DESCRIPTION
	if grep -Eq -- "$2" "$1"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		diag "no line of $(basename "$1") matches: $2" "$(head -c 2000 "$1")"
	fi
}

unlike() { # unlike FILE EXTENDED-REGEX DESCRIPTION
	if grep -Eq -- "$2" "$1"; then
		ok 1 "$3"
		diag "unexpected match of $2:" "$(grep -E -- "$2" "$1" | head -5)"
	else
		ok 0 "$3"
	fi
}

# The PostgreSQL server binaries: a test that needs them skips without them, except under CI,
# where their absence is a failure (a skipped server test must never pass as green).
need_server() {
	for d in /usr/lib/postgresql/*/bin; do
		if [ -x "$d/initdb" ] && [ -x "$d/postgres" ]; then
			PGBIN="$d"
			return 0
		fi
	done
	if [ -n "${CI:-}" ]; then
		ok 1 "PostgreSQL server binaries are installed (CI is set: not skipping)"
		exit 1
	fi
	echo "1..0 # SKIP no PostgreSQL server binaries (install postgresql-15)"
	trap - EXIT
	rm -rf "$T"
	exit 0
}

# A SQL statement through psql on the kept server started by start_kept_server.
# status_of NAME: the status of case NAME in the JSON report $T/r.json.
status_of() {
	python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print([c["status"] for c in r["cases"] if c["name"] == sys.argv[2]][0])' "$T/r.json" "$1"
}

psql_kept() {
	"$PGBIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 "$KEPT_DSN" -c "$1"
}

# Starts a throwaway server with pgperf --keep on the given suite and sets KEPT_DSN/KEPT_PID;
# the server is stopped and its folder removed when the test ends.
start_kept_server() {
	pgperf verify --keep -q "$1"
	KEPT_DIR=$(sed -n 's/^the throwaway server keeps running in \(.*\)$/\1/p' "$T/out" | head -1)
	KEPT_DSN=$(sed -n 's/^ *connect: psql "\(.*\)"$/\1/p' "$T/out" | head -1)
	KEPT_PID=$(sed -n 's/^ *stop: *kill -INT \([0-9][0-9]*\).*/\1/p' "$T/out" | head -1)
	if [ -n "$KEPT_DIR" ]; then
		# Stopped however the test ends, even when what follows fails to parse.
		at_exit "pkill -INT -f -- '-D $KEPT_DIR/data' 2>/dev/null; for i in \$(seq 50); do pgrep -f -- '-D $KEPT_DIR/data' >/dev/null || break; sleep 0.1; done; rm -rf '$KEPT_DIR'"
	fi
	if [ -z "$KEPT_DSN" ] || [ -z "$KEPT_PID" ] || [ -z "$KEPT_DIR" ]; then
		ok 1 "pgperf --keep printed how to reach the server"
		diag "$(cat "$T/out" "$T/err")"
		exit 1
	fi
}
