#!/usr/bin/env bash
# t_reads.sh: plan findings about work done for what is returned, on a real server
# (tests/data/suites/reads), each query beside its fixed twin: rows_read (an index scan whose
# filter discards most of what it reads), deep_offset (OFFSET pagination), n_plus_one through a
# LATERAL nested loop, index_walked (an index expectation met by walking an index), trigger (a
# foreign-key check reading a table with no index on its referencing column), and the
# misestimate of a function's rows given as advice, not as a warning.
. "$(dirname "$0")/lib.sh"
need_server

pgperf verify -v --json "$T/r.json" "$DATA/suites/reads"
is_status 1 "the suite has failing cases"
row() { like "$T/out" "$1" "$2"; }
row '^WARN +rows_read_by_index .*Index Scan using items_category_idx on r\.items read 20000 rows to return 50 \(400 per row returned\)' \
	"rows_read: an index scan reading 400 rows per row returned"
row '^PASS +rows_read_fixed ' "  its twin with an index on both columns is quiet"
row '^WARN +deep_offset .*Limit skipped 5000 rows to return 10 \(OFFSET pagination\)' \
	"deep_offset: a Limit skipping 5000 rows"
row '^PASS +keyset_page ' "  its keyset twin is quiet"
row '^FAIL +lateral_per_row_scan .*Seq Scan on r\.items i runs once per outer row of a nested loop: 20 loops, each reading 100000 rows' \
	"n_plus_one: a sequential scan per row through LATERAL"
row '^PASS +lateral_by_index ' "  its twin looking each row up by an index is quiet"
row '^WARN +expect_met_by_walking ' "index_walked: an expectation met by walking the primary key warns"
row 'warn index_walked: expect: index scan on r\.items: met by Index Scan using items_pkey on r\.items with no Index Cond' \
	"  and says the index is walked, not searched"
unlike "$T/out" 'warn rows_read: Index Scan using items_pkey on r\.items read' "  said once: not again as rows_read on the same node"
row '^PASS +expect_met_by_searching ' "  its twin searching the index passes"
row '^WARN +tenant_index_only .*Bitmap Heap Scan using accounts_tenant_idx on r\.accounts$' \
	"rows_read: an expectation met by a tenant's index that reads its 2000 rows to return one warns"
row 'warn rows_read: Bitmap Heap Scan using accounts_tenant_idx on r\.accounts read 2000 rows to return 1 ' \
	"  from rows_read_min (1000) rows read"
row '^PASS +tenant_email_index ' "  its twin with an index on (tenant, email) passes"
row '^WARN +delete_unindexed_fk .*trigger RI_ConstraintTrigger_a_[0-9]+ on parent \(constraint child_parent_id_fkey\): [0-9.]+ ms in 1 calls, of [0-9.]+ ms in all: a foreign-key check' \
	"trigger: a foreign-key check taking most of a delete's time"
row '^PASS +delete_indexed_fk ' "  its twin with an indexed referencing column passes"
row 'info trigger: trigger RI_ConstraintTrigger_a_[0-9]+ on parent_fixed \(constraint child_fixed_parent_id_fkey\): ' "  and still shows the trigger's time"
row '^WARN +join_keeps_few ' "seq_scan: a table read whole for a hash join that keeps 0.2 % of it"
# (rows as EXPLAIN gives them: a parallel scan's are averages per process, rounded)
row 'warn seq_scan: (Parallel )?Seq Scan on r\.tasks t read 3[0-9]{5} rows for a Hash Join that kept [56][0-9]{2}, joined to [0-9]+ rows: an index on its join column project_id' \
	"  the finding names the join column"
grep -q 'warn seq_scan: .*Seq Scan on r\.tasks t read 300000 rows for a Hash Join that kept 600, joined to 6 rows' "$T/out" ||
	diag "join_keeps_few as it ran:" "$(grep -A14 '^[A-Z]* *join_keeps_few ' "$T/out")"
row '^PASS +join_keeps_few_fixed ' "  its twin with an index on the join column passes (a nested loop looks the rows up)"
row '^WARN +semi_join_keeps_few ' "seq_scan: a table read whole for a hash semi join (IN over a CTE) that keeps 0.2 % of it"
row 'warn seq_scan: (Parallel )?Seq Scan on r\.tasks t read 3[0-9]{5} rows for a Hash Semi Join that kept [56][0-9]{2}, joined to [0-9]+ rows: an index on its join column project_id' \
	"  the finding says the semi join and names the join column"
row '^PASS +semi_join_keeps_few_fixed ' "  its twin with an index on the join column passes"
row 'warn index_walked: Index Scan using notifications_user_idx on r\.notifications searches with \(notifications\.user_no = [^)]+\), which leaves out the index.s leading column tenant_id: it reads the whole index \([0-9]+ pages\)' \
	"index_walked: an index searched without its leading column is read whole"
row '^PASS +index_with_leading_column ' "  its twin searching from the leading column passes"
row '^PASS +function_rows_unknown ' "a function's unknowable row count is no warning"
unlike "$T/out" 'r\.items i read [0-9]+ rows for a Hash Join' \
	"  nor its hash join over the primary key the planner chose on the function's guess (the index exists)"
row 'info misestimate: Function Scan: estimated 1000 rows, got 5: .*declare ROWS 5 on the function' \
	"  but advice to declare ROWS"
unlike "$T/out" 'warn misestimate: Hash Join: estimated 1000 rows, got 5' \
	"  and the join inheriting its guess is not flagged"
python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
kinds = {f["kind"] for c in r["cases"] for f in c["findings"]}
assert {"rows_read", "deep_offset", "n_plus_one", "index_walked", "trigger"} <= kinds, kinds
' "$T/r.json"
ok $? "the JSON report carries each new finding kind"
