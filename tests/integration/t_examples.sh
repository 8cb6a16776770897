#!/usr/bin/env bash
# t_examples.sh: examples/rental, a rental store's schema written the way an application and its
# reports query it (partitioned payments, views, PL/pgSQL and SQL functions, triggers, an enum, a
# domain, a GiST index, a uuid key), seeded from its spec on the throwaway server: every case's
# verdict and the kinds of its findings are those in tests/data/examples/rental.verdicts.
. "$(dirname "$0")/lib.sh"
need_server

pgperf verify --iterations 5 --json "$T/r.json" "$top_srcdir/examples/rental"
is_status 1 "examples/rental runs (some of its cases fail by design)"
python3 - "$T/r.json" >"$T/got" <<'PY'
import json, sys
for c in json.load(open(sys.argv[1]))["cases"]:
    kinds = sorted({f["kind"] for f in c.get("findings", []) if f["severity"] != "info"})
    print(c["name"], c["status"], " ".join(kinds) or "-")
PY
grep -v '^#' "$DATA/examples/rental.verdicts" | awk '{$1=$1; print}' >"$T/want"
while read -r name want_rest; do
	got_rest=$(awk -v n="$name" '$1 == n {$1=""; sub(/^ /, ""); print}' "$T/got")
	[ "$got_rest" = "$want_rest" ]
	ok $? "$name: $want_rest" || true
	[ "$got_rest" = "$want_rest" ] || diag "got: ${got_rest:-(no such case)}"
done <"$T/want"
[ "$(wc -l <"$T/got")" -eq "$(wc -l <"$T/want")" ]
ok $? "no case beyond those listed"
like "$T/out" 'forbid: seq scan on rental\.payment: the plan has Seq Scan on 6 partitions or children of rental\.payment' \
	"the forbidden scan is said once for the partitioned table"
like "$T/out" 'grouping expression \(?date_trunc' "the misestimate names the grouping expression"
like "$T/out" 'trigger RI_ConstraintTrigger_[a-z]_[0-9]+ on [a-z_]+ \(constraint [a-z_]+_fkey\): .*a foreign-key check; an index on the referencing columns of the foreign key' "the unindexed foreign key's check, named with its constraint"

# Two files of one suite (and the suite with one of its files): its seed spec is applied once.
pgperf verify --iterations 1 --no-cache "$top_srcdir/examples/rental/customers.sql" \
	"$top_srcdir/examples/rental/films.sql"
[ "$status" -le 1 ] && ! grep -q 'duplicate key' "$T/err"
ok $? "two files of one suite: seeded once (exit $status)"
pgperf verify --iterations 1 --no-cache --json "$T/twice.json" "$top_srcdir/examples/rental" \
	"$top_srcdir/examples/rental/films.sql"
[ "$status" -le 1 ] && [ "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["cases"]))' "$T/twice.json")" = "$(wc -l <"$T/want")" ]
ok $? "a suite and one of its files: seeded once, each case once (exit $status)"
