#!/usr/bin/env bash
# t_partitions.sh: an assertion naming a partitioned or inherited table covers its partitions
# and children (tests/data/suites/partitions): forbid fails when any partition is seq-scanned
# (it passed, reading every partition whole, when only the parent's name was matched), expect
# holds when every scanned partition uses an index and fails naming the one that does not, and
# findings on a partition say whose it is. Each with its fixed twin. And findings are tied to
# their plan node by its path (node_path), so a Sort in memory is not marked for another that
# spilled.
. "$(dirname "$0")/lib.sh"
need_server

SUITE="$DATA/suites/partitions"
pgperf verify --json "$T/r.json" "$SUITE"
is_status 1 "the suite has failing cases"

[ "$(status_of partitions_read_whole)" = fail ]
ok $? "forbid: seq scan on the parent fails when its partitions are seq-scanned"
like "$T/out" 'forbid: seq scan on part\.payment: the plan has Seq Scan on 3 partitions or children of part\.payment \(part\.payment_2026_01, part\.payment_2026_02 and 1 more\) \([0-9]+ rows read\)' \
	"  once for the table, naming its partitions"
[ "$(status_of partitions_by_index)" = pass ]
ok $? "the twin reading every partition through its index passes forbid and expect"
[ "$(status_of partitions_expect_unmet)" = fail ]
ok $? "expect: index scan on the parent fails when a partition is seq-scanned"
like "$T/out" 'expect: index scan on part\.payment: got Seq Scan on part\.payment_2026_01 payment_1 \(a partition or child of part\.payment\)' \
	"  naming the partition, not \"the plan never touches part.payment\""
unlike "$T/out" 'never touches part\.payment' "no case says the plan never touches the parent"
like "$T/out" 'payment_1 \(a partition or child of part\.payment\); no index on part\.payment_2026_01 searches on the filtered column amount: a missing index, e.g\. CREATE INDEX ON part\.payment \(amount\)' \
	"  with the re-plan's diagnosis, the index suggested on the partitioned table"
like "$T/out" 'n_plus_one: SubPlan 1 runs once per row of the outer query: 100 loops over the partitions of part\.payment \(N\+1' \
	"an N+1 over partitions names the partitioned table"
[ "$(status_of pruned_to_one_partition)" = pass ]
ok $? "expect holds on the one partition left after pruning"
[ "$(status_of inherited_by_index)" = pass ]
ok $? "an inheritance parent and its child through indexes pass expect"
[ "$(status_of inherited_child_seq)" = fail ]
ok $? "forbid fails when the inheritance tree is seq-scanned"
[ "$(status_of empty_parent_child_by_index)" = pass ]
ok $? "forbid passes over an empty inheritance parent's own scan when its child uses an index"
[ "$(status_of empty_parent_child_read_whole)" = fail ]
ok $? "  its twin reading the child whole fails"
like "$T/out" 'forbid: seq scan on part\.readings: the plan has Seq Scan on part\.readings_2026 readings_2 \(a partition or child of part\.readings\) \(20000 rows read\)' \
	"  naming the child, not the empty parent"
like "$T/out" 'expect: index scan on part\.events_local: got Seq Scan on part\.events_local_[12] .*; no index on part\.events_local_[12] searches on the filtered column kind: a missing index, e\.g\. CREATE INDEX ON part\.events_local \(kind\)' \
	"an expectation unmet where some partitions lack the index names one that lacks it"
unlike "$T/out" 'events_local_3_kind_idx .*could serve it' "  not another partition's index as 'could serve it'"
[ "$(status_of inherited_using_parent_index)" = pass ]
ok $? "using names an inheritance parent's index: the child's index of the same definition counts"
[ "$(status_of inherited_using_other_index)" = fail ]
ok $? "  its twin naming an index the child has no counterpart read for fails"
got=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); c=[c for c in r["cases"] if c["name"] == "misestimate_over_partitions"][0]; print(len([f for f in c["findings"] if f["kind"] == "misestimate"]))' "$T/r.json")
[ "$got" = 1 ]
ok $? "a misestimate on every partition of a table is said once ($got finding)"
like "$T/out" 'misestimate: Seq Scan on part\.payment_2026_01 payment_1 \(a partition or child of part\.payment\) \(and 2 more partitions of part\.payment, the same\)' \
	"  with how many more partitions"
[ "$(status_of partitions_using_parent_index)" = pass ]
ok $? "using names the partitioned table's index: the partitions' indexes attached to it count"
[ "$(status_of partitions_using_one_partition_index)" = fail ]
ok $? "  its twin naming one partition's own index fails on the others"
like "$T/out" 'expect: index scan on part\.payment using payment_2026_01_customer_id_idx: got Index Only Scan using payment_2026_0[23]_customer_id_idx' \
	"  naming the partition read through another index"
like "$T/r.json" '"message":[[:space:]]*"Seq Scan on 3 partitions or children of part\.payment \(part\.payment_2026_01, part\.payment_2026_02 and 1 more\) read [0-9]+ rows to return [0-9]+ ' \
	"a seq_scan finding on partitions says whose they are, in the JSON report too"
findings_of() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); c=[c for c in r["cases"] if c["name"] == sys.argv[2]][0]; print(" ".join(f["kind"] + "@" + str(f.get("node_path")) for f in c["findings"] if f["kind"] == sys.argv[3]))' "$T/r.json" "$1" "$2"; }
[ "$(findings_of partitions_read_whole seq_scan)" = "seq_scan@0.0" ] && [ "$(findings_of partitions_read_whole forbidden)" = "forbidden@0.0" ]
ok $? "one seq_scan and one forbidden finding for the three partitions, on their Append (got: $(findings_of partitions_read_whole seq_scan) $(findings_of partitions_read_whole forbidden))"

# Findings are tied to their node by its path in the plan, not by node type: of two Sorts, only
# the one that spilled is marked disk_sort, in -v's plan tree and in the JSON report.
pgperf verify -v --json "$T/nodes.json" "$DATA/suites/nodes"
like "$T/out" 'Sort \(rows=[0-9]+ loops=1\) sort Disk [0-9]+kB  <-- warn disk_sort' "the Sort that spilled is marked"
unlike "$T/out" 'sort Memory [0-9]+kB  <--' "a Sort in memory is not marked"
python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
paths = [f["node_path"] for f in r["cases"][0]["findings"] if f["kind"] == "disk_sort"]
def node(p, path):
    for i in path.split(".")[1:]:
        p = p["Plans"][int(i)]
    return p
plan = r["cases"][0]["plan"][0]["Plan"]
assert paths and all(node(plan, p)["Sort Space Type"] == "Disk" for p in paths), paths
' "$T/nodes.json"
ok $? "each disk_sort finding's node_path leads to a Sort that spilled"
