#!/usr/bin/env bash
# t_cli.sh: the command line without a database: every row of tests/data/cli.table is run and
# its exit status and message checked; then help, version and list.
. "$(dirname "$0")/lib.sh"

while IFS='|' read -r want pattern args; do
	case "$want" in '#'* | '') continue ;; esac
	want=$(echo $want)
	pattern=$(echo "$pattern" | sed 's/^ *//; s/ *$//')
	args=${args//@DATA@/$DATA}
	# shellcheck disable=SC2086 # the table's arguments are words
	eval "set -- $args"
	pgperf "$@"
	is_status "$want" "pgperf $args"
	like "$T/err" "$pattern" "  says: $pattern"
	unlike "$T/err" 'AddressSanitizer|runtime error' "  no sanitizer report"
done <"$DATA/cli.table"

pgperf verify --dsn 'postgresql://app:s3cret@127.0.0.1:1/x?connect_timeout=1' "$DATA/suites/ok"
is_status 3 "an unreachable --dsn exits 3"
unlike "$T/err" 's3cret' "the password is never printed"
like "$T/err" 'password=\*+' "the password is shown masked"

pgperf --help
is_status 0 "--help"
like "$T/out" '^  pgperf verify \[OPTION\]\.\.\. PATH\.\.\.' "--help shows usage"
like "$T/out" 'Exit status: 0 ' "--help lists exit statuses"

pgperf --version
is_status 0 "--version"
like "$T/out" '^pgperf [0-9]+\.[0-9]+\.[0-9]+$' "--version prints the version"

pgperf list "$DATA/suites/ok"
is_status 0 "list validates without a database"
like "$T/out" '^select_one +.*ok\.sql:3 +100 iterations +p99 < 1' "list shows a case"
like "$T/out" '^2 cases$' "list counts cases"

pgperf list --tag smoke "$DATA/suites/ok"
like "$T/out" '^1 cases$' "--tag selects tagged cases"

pgperf list --case session_by_id "$top_srcdir/queries"
like "$T/out" 'p95 < 5\.00ms, p99 < 10\.0ms, buffers < 20' "list shows a count threshold as a count"
