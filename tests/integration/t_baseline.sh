#!/usr/bin/env bash
# t_baseline.sh: --save-baseline and --baseline on a real server: a clean comparison, a
# regression (pg_sleep added through a view), a plan change (an index dropped), and the JUnit
# (validated with xmllint) and Markdown reports.
. "$(dirname "$0")/lib.sh"
need_server
SUITE="$DATA/suites/baseline"
if ! command -v xmllint >/dev/null 2>&1; then
	ok 1 "xmllint is installed (Debian package libxml2-utils; scripts/bootstrap installs it)"
	exit 1
fi
start_kept_server "$SUITE"
ok 0 "throwaway server with the baseline schema"

pgperf verify --dsn "$KEPT_DSN" --save-baseline "$T/base.json" --junit "$T/first.xml" "$SUITE"
is_status 0 "a clean run saves the baseline"
like "$T/base.json" '"plan_shape":' "the baseline holds plan shapes"
like "$T/base.json" 'Index Scan using items_pkey on bl\.items' "named by node, index and relation"
xmllint --noout --schema "$DATA/junit.xsd" "$T/first.xml" 2>"$T/xmllint.err"
ok $? "the JUnit report is valid against tests/data/junit.xsd"

pgperf verify --dsn "$KEPT_DSN" --baseline "$T/base.json" "$SUITE"
is_status 0 "the same database compares clean against its baseline"
unlike "$T/out" 'plan_changed' "no plan change"

# A regression: every row through the view now sleeps 2 ms.
psql_kept "CREATE OR REPLACE VIEW bl.items_view AS SELECT id, v || pg_sleep(0.002)::text AS v FROM bl.items" >/dev/null
pgperf verify --dsn "$KEPT_DSN" --baseline "$T/base.json" --json "$T/reg.json" --markdown "$T/reg.md" "$SUITE"
is_status 1 "a regression fails the run"
like "$T/out" '^FAIL +item_via_view ' "the slower case fails"
like "$T/out" 'fail time: [0-9.]+x the baseline relative to the calibration probe \(95% interval [0-9.]+-[0-9.]+x, Mann-Whitney p=[^;]*; server time median [0-9.]+ ms against [0-9.]+ ms' "with the ratio, its interval and both medians"
like "$T/out" '^PASS +item_by_id ' "the unchanged case passes"
like "$T/reg.json" '"kind":[[:space:]]*"time"' "the time regression is a finding in the JSON report"
like "$T/reg.md" '^## pgperf: 1 pass, 0 warn, 1 fail, 0 skip, 0 error$' "Markdown: summary line"
like "$T/reg.md" '^\| `item_via_view` \| \*\*fail\*\* \| ' "Markdown: the table"
like "$T/reg.md" '^### Against the baseline$' "Markdown: the baseline comparison"
like "$T/reg.md" '^- server: PostgreSQL 1[0-9]' "Markdown: the environment"
like "$T/reg.md" '^\| `item_by_id` \| 30 \| ' "Markdown: the raw numbers"
# The whole Markdown report against a golden file, with what changes between runs masked:
# versions, the socket folder, the OS and CPU, p-values and every number.
mask() {
	sed -E -e 's/pgperf(:?) [0-9]+\.[0-9]+\.[0-9]+/pgperf\1 V/' -e 's/host=[^ ,]*/host=DIR/g' \
		-e 's/PostgreSQL [0-9][^ ]*( \([^)]*\))?/PostgreSQL V/g' -e 's/^- host: .*/- host: OS; CPU/' \
		-e 's/p=[0-9.e+-]+/p=P/g' \
		-e 's/(^|[^A-Za-z0-9_.])[0-9]+(\.[0-9]+)?(us|ms|s|%|MB|GB|kB)?/\1N/g' "$1"
}
mask "$T/reg.md" >"$T/reg.masked.md"
diff -u "$DATA/golden/baseline-regression.md" "$T/reg.masked.md" >"$T/golden.diff"
ok $? "Markdown report matches tests/data/golden/baseline-regression.md (numbers masked)"
[ -s "$T/golden.diff" ] && diag "$(head -40 "$T/golden.diff")"

# A plan change: the index behind item_by_id is gone.
psql_kept "CREATE OR REPLACE VIEW bl.items_view AS SELECT id, v FROM bl.items; ALTER TABLE bl.items DROP CONSTRAINT items_pkey" >/dev/null
pgperf verify --dsn "$KEPT_DSN" --baseline "$T/base.json" --junit "$T/changed.xml" --json "$T/changed.json" "$SUITE"
is_status 1 "a lost index fails the run"
like "$T/out" 'fail plan_changed: the plan changed: index items_pkey left the plan: bl\.items is now a sequential scan' "plan_changed names the index and the new scan"
like "$T/out" '~ Index Scan using items_pkey on bl\.items → Seq Scan on bl\.items  \(rows 1, loops 1, buffers [0-9]+ → [0-9]+\)' "the node aligned with its replacement, buffers before and after"
xmllint --noout --schema "$DATA/junit.xsd" "$T/changed.xml" 2>"$T/xmllint.err"
ok $? "the JUnit report with failures is valid"
like "$T/changed.xml" '<failure message="fail (regression|plan_changed): ' "a failure element carries the first failing finding"
like "$T/changed.xml" 'fail plan_changed: the plan changed: index items_pkey left the plan' "and every failing finding in its body"

# pgperf diff: the same comparison offline, between saved files
pgperf diff "$T/base.json" "$T/base.json"
is_status 0 "diff of a baseline with itself"
like "$T/out" '^2 cases compared: 2 same, 0 warn, 0 fail$' "everything the same"
pgperf diff "$T/base.json" "$T/changed.json"
is_status 1 "diff against a report whose plan lost its index exits 1"
like "$T/out" '^FAIL +item_by_id +p50 ' "names the case"
like "$T/out" 'fail plan_changed: the plan changed: index items_pkey left the plan' "with the same finding, the shape read from the report's plan"

pgperf verify --dsn "$KEPT_DSN" --baseline "$T/missing.json" "$SUITE"
is_status 2 "a missing baseline is an input error"
