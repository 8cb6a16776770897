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
	unlike "$T/err" 's3cret' "  no password printed"
done <"$DATA/cli.table"

# Every malformed case file of tests/data/cases/bad/ through the command line: exit 2, the
# message its "-- expect-error:" line gives (file:line and what was expected), no sanitizer
# report. The same files are the parser's unit test (check_case.c).
for f in "$DATA"/cases/bad/*.sql; do
	want=$(sed -n '1s/^-- expect-error: //p' "$f")
	pgperf list "$f"
	is_status 2 "list $(basename "$f")"
	grep -qF -- "$want" "$T/err"
	found=$?
	ok $found "  says: $want"
	[ $found -eq 0 ] || diag "$(head -c 600 "$T/err")"
	unlike "$T/err" 'AddressSanitizer|runtime error' "  no sanitizer report"
done

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

pgperf list "$DATA/cli/long_chain.sql"
is_status 0 "an expression of 400 terms in one chain is read"
like "$T/out" '^long_chain ' "  and listed"

# Symbolic links: one back up the tree, and folders each linking 12 times to the next, 12
# deep (12^12 paths): each folder is read once.
mkdir -p "$T/links/d0"
cp "$DATA/suites/ok/ok.sql" "$T/links/d0/"
ln -s .. "$T/links/d0/up"
for i in $(seq 1 12); do
	mkdir "$T/links/d$i"
	printf -- '-- name: case_%d\nSELECT %d;\n' "$i" "$i" >"$T/links/d$i/c.sql"
	for k in $(seq 1 12); do ln -s "../d$i" "$T/links/d$((i - 1))/to$k"; done
done
pgperf list "$T/links/d0"
is_status 0 "a suite folder with a link loop and 12^12 linked paths is listed"
like "$T/out" '^14 cases$' "  each case once"
like "$T/err" 'folders reached again through symbolic links were read once' "  and the user is told"

pgperf list --tag smoke "$DATA/suites/ok"
like "$T/out" '^1 cases$' "--tag selects tagged cases"
pgperf list --case select_one --case generate_rows "$DATA/suites/ok"
like "$T/out" '^2 cases$' "--case is repeatable: each named case is selected"

# A suite folder with a schema file, a helper folder and a setup script next to the cases:
# pgperf.json's "schema" and "exclude" keep them from being read as cases.
pgperf list "$DATA/suites/layout"
is_status 0 "schema files and excluded .sql files are not read as cases"
like "$T/out" '^count_items ' "  the case is listed"
like "$T/out" '^1 cases$' "  and nothing else"

pgperf list --case session_by_id "$top_srcdir/queries"
like "$T/out" 'p95 < 5\.00ms, p99 < 10\.0ms, buffers < 20' "list shows a count threshold as a count"

# Each command's help lists exactly its options.
pgperf verify --help
is_status 0 "verify --help"
like "$T/out" '^Usage: pgperf verify \[OPTION\]\.\.\. PATH\.\.\.' "verify --help shows verify's usage"
like "$T/out" '--iterations N' "verify --help lists --iterations"
unlike "$T/out" '--scale' "verify --help does not list seed's --scale"
cp "$T/out" "$T/verify-help"
pgperf seed --help
is_status 0 "seed --help"
like "$T/out" '^Usage: pgperf seed \[OPTION\]\.\.\. SPEC\.json' "seed --help shows seed's usage"
like "$T/out" '--scale F' "seed --help lists --scale"
unlike "$T/out" '--iterations' "seed --help does not list verify's --iterations"
! cmp -s "$T/out" "$T/verify-help"; ok $? "verify --help and seed --help differ"
pgperf help list
is_status 0 "help list"
like "$T/out" '^Usage: pgperf list \[OPTION\]\.\.\. PATH\.\.\.' "help COMMAND shows that command's help"
unlike "$T/out" '--dsn' "list's help has no target options"
pgperf list --help --no-cache
is_status 0 "--help wins over other options"
