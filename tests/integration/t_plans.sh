#!/usr/bin/env bash
# t_plans.sh: plan findings and assertions on a real server: each finding triggered by one case
# and absent from its fixed twin; assertions met and unmet; the plan in the JSON report.
. "$(dirname "$0")/lib.sh"
need_server
SUITE="$DATA/suites/plans"

pgperf verify --json "$T/plans.json" "$SUITE"
is_status 1 "unmet assertions and N+1 fail the run"

# default findings and their fixed twins
like "$T/out" '^WARN +seq_scan_by_email .*Seq Scan on lab\.users read 20000 rows' "seq_scan: a filter without an index"
like "$T/out" '^PASS +seq_scan_fixed_by_id ' "seq_scan: the primary-key twin is quiet"
like "$T/out" '^WARN +seq_scan_by_email .*read 20000 rows to return 1 \(the filter discarded 100%\)' \
	"seq_scan says how much of what it read the filter discarded"
like "$T/out" '^PASS +seq_scan_whole_table_report ' "a whole-table report reading every row is no seq_scan finding"
like "$T/out" '^FAIL +n_plus_one_subquery .*SubPlan 1 runs once per row of lab\.users: 100 loops over lab\.orders' "n_plus_one: a correlated sub-query per row fails"
like "$T/out" '^WARN +n_plus_one_allowed .*100 loops' "n_plus_one: allow: n+1 lowers it to warn"
like "$T/out" '^PASS +n_plus_one_fixed_as_join ' "n_plus_one: the join twin is quiet"
like "$T/out" '^WARN +misestimate_correlated .*Seq Scan on lab\.events: estimated [0-9]+ rows, got 500' "misestimate: correlated columns"
like "$T/out" '^PASS +misestimate_fixed_with_statistics ' "misestimate: extended statistics fix it"
got=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); c=[c for c in r["cases"] if c["name"] == "misestimate_under_window"][0]; print([f["node"] for f in c["findings"] if f["kind"] == "misestimate"])' "$T/plans.json")
[ "$got" = "['Seq Scan']" ]
ok $? "misestimate: said once, on the scan, not on the Sort and WindowAgg passing its rows through ($got)"
like "$T/out" '^PASS +misestimate_under_window_fixed ' "  its twin with extended statistics passes"
like "$T/out" "^WARN +misestimate_group_expression .*Aggregate: estimated [0-9]+ groups, got 90 \\([0-9]+x fewer\\): the planner has no statistics on the grouping expression \\(?date_trunc\\('day'::text, visits\\.at\\)\\)?; CREATE STATISTICS" "misestimate: a grouping expression without statistics, and what gives them"
like "$T/out" '^PASS +misestimate_group_expression_fixed ' "misestimate: statistics on the expression fix it"
like "$T/out" '^PASS +parallel_whole_table_report ' "seq_scan: a whole-table report read by parallel workers is no finding"
like "$T/out" '^WARN +disk_sort_whole_table .*Sort spilled [0-9]+ kB to disk' "disk_sort: a sort larger than work_mem"
like "$T/out" '^PASS +disk_sort_fixed_top_n ' "disk_sort: a top-N sort stays in memory"

# assertions
like "$T/out" '^PASS +expect_index_met .*Index Scan using users_pkey on lab\.users' "expect index scan ... using: met, shown as the plan fact"
like "$T/out" '^PASS +expect_index_only_met .*Index Only Scan using users_pkey on lab\.users' "expect index only scan on an unqualified name"
like "$T/out" '^FAIL +expect_index_unmet .*got Seq Scan on lab\.users' "expect unmet names what the plan did instead"
like "$T/out" 'expect: index scan on lab\.users: got Seq Scan on lab\.users; no index on lab\.users searches on the filtered column email: a missing index, e\.g\. CREATE INDEX ON lab\.users \(email\)$' "unmet because no index can serve it: a missing index, its column and a CREATE INDEX"
like "$T/out" '^FAIL +expect_index_only_for_order .*no index on lab\.users searches on the filtered column email' \
	"an index the re-plan walks only for ORDER BY does not count as one that could serve the filter"
unlike "$T/out" 'expect_index_only_for_order .*could serve it' "  and is never called a cost question"
like "$T/out" 'expect: index scan on lab\.users using users_team_idx: got Seq Scan on lab\.users; .*Bitmap Heap Scan using users_team_idx on lab\.users could serve it but was not chosen: plan cost [0-9.]+ with it against [0-9.]+ chosen' "unmet although an index could serve it: both costs"
like "$T/out" '^FAIL +expect_never_touched .*the plan never touches lab\.orders' "expect on a relation the plan never touches says so"
like "$T/out" '^FAIL +expect_ambiguous .*ambiguous here \(lab\.users and other\.users\)' "an unqualified name in two schemas must be qualified"
like "$T/out" '^FAIL +forbid_seq_scan_hit .*forbid: seq scan on lab\.users: the plan has Seq Scan' "forbid seq scan on REL"
like "$T/out" '^PASS +forbid_seq_scan_clear ' "forbid seq scan: an index scan passes"

# set:, buffers and rows, plan patterns, requires: kinds
like "$T/out" '^PASS +set_work_mem_fixes_disk_sort ' "set: work_mem = '64MB' keeps the same sort in memory"
like "$T/out" '^ERROR +set_unknown_setting +set: no_such_setting_here = 1: unrecognized configuration parameter .*SQLSTATE 42704' "a bad set: is the case's error"
like "$T/out" '^PASS +jit_reported ' "jit is info: it never changes the status"
like "$T/plans.json" '"kind":[[:space:]]*"jit"' "jit finding in the report"
like "$T/plans.json" '"jit_above_cost":[[:space:]]*"0"' "the report lists the settings a case ran with"
like "$T/out" '^PASS +buffers_within ' "threshold: buffers < N and rows < N from EXPLAIN (ANALYZE, BUFFERS)"
like "$T/plans.json" '^[[:space:]]*"limit":[[:space:]]*10,$' "count thresholds report limit and value without a unit"
like "$T/out" '^FAIL +buffers_exceeded .*buffers [0-9]+ >= 10' "a buffers threshold fails like a time threshold"
like "$T/out" '^PASS +expect_plan_met ' "expect_plan: /PCRE/ matches a plan line"
like "$T/out" '^FAIL +forbid_plan_hit .*forbid_plan: /Seq Scan on lab\\.users/ matches "Seq Scan on lab\.users' "forbid_plan quotes the matching plan line"
like "$T/out" '^PASS +requires_schema_present ' "requires: schema NAME present"
like "$T/out" '^SKIP +requires_extension_missing +requires extension hypopg, which does not exist' "requires: extension NAME missing skips"
like "$T/out" '^FAIL +expect_plan_unmet .*expect_plan: /Hash Join/ matches no line of the plan' "expect_plan unmet"
like "$T/out" '^PASS +forbid_plan_clear ' "forbid_plan with no matching line passes"
like "$T/out" '^PASS +expect_bitmap_and .*Bitmap Heap Scan using pairs_[ab]_idx and pairs_[ab]_idx on lab\.pairs$' \
	"a BitmapAnd's summary names both indexes it combines"
like "$T/out" 'expect_index_tiny_table .*could serve it but was not chosen: plan cost [0-9.]+ with it against [0-9.]+ chosen, as lab\.tiny is one page: reading it whole is cheaper than any index' \
	"an index not chosen on a table of one page: the diagnosis says so"
like "$T/out" 'users_team_idx on lab\.users could serve it but was not chosen: plan cost [0-9.]+ with it against [0-9.]+ chosen, a cost or statistics question' \
	"  its twin on a larger table stays a cost or statistics question"
like "$T/out" 'expect_gin_not_chosen .*got Seq Scan on lab\.docs; Bitmap Heap Scan using docs_settings_gin on lab\.docs could serve it but was not chosen' \
	"a GIN index serving @> and not chosen is a cost question, not a missing index"
like "$T/out" 'expect_anti_join_inner .*got Seq Scan on lab\.comments c; Index Only Scan using comments_task_idx on lab\.comments c could serve it but was not chosen' \
	"an anti-join's inner side an index could look up is a cost question, not 'no condition'"
like "$T/out" 'expect_index_unmet .*no index on lab\.users searches on the filtered column email: a missing index' \
	"  (twin) a filter no index serves is still a missing index"
like "$T/out" 'warn misestimate: Seq Scan on lab\.users: estimated [0-9]+ rows, got 1 \([0-9]+x fewer\): its filter \(upper\(users\.email\) = \$1\) compares an expression, on which the planner has no statistics' \
	"misestimate on a filter over an expression: the advice names the expression, not stale statistics"
like "$T/out" '^PASS +misestimate_expression_filter_fixed ' "  its twin with an index on the expression passes"
like "$T/out" '^41 cases: 19 pass, 7 warn, 13 fail, 1 skip, 1 error' "summary"

# the JSON report carries the plan and the findings' node types
like "$T/plans.json" '"planning_ms":[[:space:]]*[0-9]' "planning_ms from EXPLAIN ANALYZE"
like "$T/plans.json" '"execution_ms":[[:space:]]*[0-9]' "execution_ms from EXPLAIN ANALYZE"
like "$T/plans.json" '"Node Type":[[:space:]]*"Index Only Scan"' "the plan as PostgreSQL returned it"
like "$T/plans.json" '"kind":[[:space:]]*"n_plus_one"' "n_plus_one finding in JSON"
like "$T/plans.json" '"node":[[:space:]]*"Seq Scan"' "findings name their node type"
like "$T/plans.json" '"relation":[[:space:]]*"lab.orders"' "findings name their relation, schema-qualified"

pgperf verify -v --case parallel_whole_table_report "$SUITE"
like "$T/out" 'Parallel Seq Scan on lab\.orders \(rows=[0-9]+ loops=[2-9]\)$' "  (its scan ran in several processes)"
pgperf verify -v --filter '^n_plus_one_subquery$' "$SUITE"
like "$T/out" '^      \|   SubPlan 1: -> Aggregate .*loops=100' "-v prints the plan tree"

# pgperf explain: plans and findings without the timing loop
pgperf explain --case n_plus_one_subquery "$SUITE"
is_status 1 "explain exits 1 on a failing finding"
like "$T/out" '^FAIL +n_plus_one_subquery +SubPlan 1 runs once per row' "explain prints the case and its finding"
like "$T/out" '^      \|   SubPlan 1: -> Aggregate \(rows=1 loops=100\)  <-- fail n_plus_one' "explain marks the flagged node in the plan tree"
unlike "$T/out" 'p50' "explain times nothing"
pgperf explain --case seq_scan_fixed_by_id "$SUITE"
is_status 0 "explain exits 0 when the plan is clean"
