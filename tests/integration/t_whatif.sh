#!/usr/bin/env bash
# t_whatif.sh: pgperf whatif on a real server with HypoPG: a hypothetical index that fixes a
# failing expect, hiding an index that breaks one (exit 1), --suggest finding the index an
# unindexed foreign key needs, the JSON and Markdown reports, bad --index and --hide-index
# input (exit 2), a role that cannot create the extension (exit 3), and nothing left behind.
. "$(dirname "$0")/lib.sh"
need_server
if ! ls /usr/share/postgresql/*/extension/hypopg.control >/dev/null 2>&1; then
	if [ -n "${CI:-}" ]; then
		ok 1 "HypoPG is installed (postgresql-15-hypopg; CI is set: not skipping)"
		exit 1
	fi
	echo "1..0 # SKIP HypoPG is not installed (postgresql-15-hypopg)"
	exit 0
fi

SUITE="$DATA/suites/whatif"
start_kept_server "$SUITE"
ok 0 "throwaway server kept for the test"
json() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$@"; }
orders=$(psql_kept "SELECT count(*) || ' ' || sum(total) FROM shop.orders")

# A hypothetical index on the foreign key makes the failing expect hold.
pgperf whatif --dsn "$KEPT_DSN" --index "CREATE INDEX ON shop.orders (customer_id)" \
	--json "$T/fix.json" --markdown "$T/fix.md" "$SUITE"
is_status 0 "a hypothetical index that only helps exits 0"
like "$T/out" '^improves orders_of_customer +cost [0-9.]+ -> [0-9.]+ \(-[0-9]+%\)  fail -> pass  plan changed' \
	"the failing expect holds with the hypothetical index"
like "$T/out" '^ +uses CREATE INDEX ON shop\.orders \(customer_id\)$' "  and the plan uses it"
like "$T/out" '^same +order_by_id ' "a case it does not touch stays the same"
like "$T/out" '^3 cases planned: 2 cost less, 0 cost more, 2 plans changed; verdict better in 1, worse in 0$' \
	"the summary counts them"
[ "$(json "$T/fix.json" "[c['name'] for c in r['cases'] if c['after']['uses']]")" = \
	"['orders_of_customer', 'customer_order_count']" ]
ok $? "the JSON report names the cases that use it"
[ "$(json "$T/fix.json" "(r['cases'][0]['before']['status'], r['cases'][0]['after']['status'], r['cases'][0]['plan_changed'])")" = \
	"('fail', 'pass', True)" ]
ok $? "  with the verdict before and after and plan_changed"
[ "$(json "$T/fix.json" "r['cases'][0]['before']['cost'] > 5 * r['cases'][0]['after']['cost']")" = True ]
ok $? "  and both costs"
like "$T/fix.md" '^\| `orders_of_customer` \| improves \| ' "the Markdown report has a row per case"

# Hiding the primary key breaks the case that expects it.
pgperf whatif --dsn "$KEPT_DSN" --hide-index shop.orders_pkey "$SUITE"
is_status 1 "hiding an index a case expects exits 1"
like "$T/out" '^worsens +order_by_id +cost [0-9.]+ -> [0-9.]+ \(\+[0-9]+%\)  pass -> fail  plan changed' \
	"the case that expects it fails"
like "$T/out" 'expect: index scan on shop\.orders using orders_pkey: got Seq Scan on shop\.orders' \
	"  and says what it got"
pgperf whatif --dsn "$KEPT_DSN" --hide-index orders_pkey --index "CREATE INDEX ON shop.orders (id)" \
	--filter '^order_by_id$' "$SUITE"
is_status 1 "an unqualified name is found; both options combine"

# --suggest: the index the unindexed foreign key needs.
pgperf whatif --dsn "$KEPT_DSN" --suggest --json "$T/suggest.json" "$SUITE"
is_status 0 "--suggest alone changes no verdict"
like "$T/out" '^CREATE INDEX ON shop\.orders \(customer_id\);$' "--suggest proposes the foreign key's index"
like "$T/out" 'saves [0-9.]+ cost, about [0-9]+ kB; helps orders_of_customer, customer_order_count' \
	"  with its saving, its size and the cases it helps"
like "$T/out" '^    also serves the foreign key orders_customer_id_fkey \(shop\.orders → shop\.customers\): its checks on DELETE and UPDATE' \
	"  and names the foreign key whose checks it also serves"
[ "$(json "$T/suggest.json" "r['suggestions'][0]['statement']")" = "CREATE INDEX ON shop.orders (customer_id)" ]
ok $? "  in the JSON report too"
[ "$(json "$T/suggest.json" "r['suggestions'][0]['foreign_keys'][0]")" = "orders_customer_id_fkey (shop.orders → shop.customers)" ]
ok $? "  with the foreign key"
[ "$(json "$T/suggest.json" "len(r['suggestions'])")" = 1 ]
ok $? "  and nothing else"

pgperf whatif --dsn "$KEPT_DSN" --suggest --min-saving 0.95 "$SUITE"
is_status 0 "--min-saving raises the bar"
like "$T/out" '^no index saves at least 95% and 100 of a case.s cost \(1 candidates tried\)$' \
	"  and the 91-92% saving no longer counts"

# Bad input: exit 2 before any case is planned.
while IFS='|' read -r pattern args; do
	pattern=$(echo "$pattern" | sed 's/^ *//; s/ *$//')
	eval "set -- $args"
	pgperf whatif --dsn "$KEPT_DSN" "$@" "$SUITE"
	is_status 2 "whatif $args"
	like "$T/err" "$pattern" "  says: $pattern"
done <<'TABLE'
--index "SELECT 1": expected one CREATE INDEX statement        | --index "SELECT 1"
--index "CREATE INDEX ON nope \(x\)": relation "nope" does not exist | --index "CREATE INDEX ON nope (x)"
--index "CREATE INDX": syntax error                             | --index "CREATE INDX"
--hide-index nope: no such index                                | --hide-index nope
TABLE

# A role that may not create the extension: exit 3 with what to do.
psql_kept "CREATE ROLE whatif_user LOGIN; GRANT USAGE ON SCHEMA shop TO whatif_user;
	   GRANT SELECT ON ALL TABLES IN SCHEMA shop TO whatif_user"
pgperf whatif --dsn "$KEPT_DSN user=whatif_user" --index "CREATE INDEX ON shop.orders (status)" "$SUITE"
is_status 3 "a role that cannot create HypoPG's extension exits 3"
like "$T/err" 'cannot create the HypoPG extension: permission denied' "  and says why"
like "$T/err" 'CREATE EXTENSION hypopg' "  and what a superuser can run"

# Nothing persists: no extension, no index, the primary key valid, the data as it was.
[ "$(psql_kept "SELECT count(*) FROM pg_extension WHERE extname = 'hypopg'")" = 0 ]
ok $? "the extension is not left in the database"
[ "$(psql_kept "SELECT count(*) FROM pg_indexes WHERE schemaname = 'shop'")" = 2 ]
ok $? "no index was made"
[ "$(psql_kept "SELECT indisvalid FROM pg_index WHERE indexrelid = 'shop.orders_pkey'::regclass")" = t ]
ok $? "the hidden index is valid again"
[ "$(psql_kept "SELECT count(*) || ' ' || sum(total) FROM shop.orders")" = "$orders" ]
ok $? "the rows are as they were ($orders)"

# The embedded default: the throwaway server has HypoPG.
pgperf whatif --index "CREATE INDEX ON shop.orders (customer_id)" --filter '^orders_of_customer$' "$SUITE"
is_status 0 "whatif on the throwaway server"
like "$T/out" '^improves orders_of_customer ' "  plans with HypoPG there too"


# Partitioned tables: assertions on the parent cover its partitions in whatif's plan verdicts
# as in verify's, and a candidate from the partitions' scans is one index on the parent.
pgperf whatif --suggest "$DATA/suites/partitions"
is_status 0 "whatif --suggest on partitioned and inherited tables"
like "$T/out" '^same +partitions_read_whole +cost .*  fail -> fail$' "  forbid: seq scan on the parent fails, as in verify"
like "$T/out" '^same +partitions_by_index +cost .*  pass -> pass$' "  expect: index scan on the parent holds, as in verify"
like "$T/out" '^CREATE INDEX ON part\.payment \(amount\);$' "  the suggestion is an index on the partitioned table"
unlike "$T/out" 'CREATE INDEX ON part\.payment_2026' "  not one per partition"
pgperf whatif --index "CREATE INDEX ON part.payment (amount)" "$DATA/suites/partitions"
like "$T/out" '^improves partitions_read_whole +cost [0-9.]+ -> [0-9.]+ \(-[0-9]+%\)  fail -> pass  plan changed$' \
	"  and that index on the parent fixes the failing case"

# A write case's rolled-back executions grow its table between --suggest's two passes: a
# candidate is weighed against the case's cost planned beside it, so an index on u does not
# "make worse" the cases on t, and the index the UPDATE needs is not hidden by the growth.
pgperf whatif --suggest --json "$T/ww.json" "$DATA/suites/whatif_writes"
is_status 0 "whatif --suggest on a suite with a write case"
got=$(json "$T/ww.json" "[(s['statement'], s['worsens']) for s in r['suggestions']]")
[ "$got" = "[('CREATE INDEX ON public.u (k)', []), ('CREATE INDEX ON public.t (grp)', [])]" ]
ok $? "  the index on u worsens no case on t; the UPDATE's index is suggested ($got)"

# Statements run inside functions: whatif's plan verdicts judge them as verify does (captured by
# one execution, rolled back), and say they are not re-planned under the hypothetical indexes.
pgperf whatif --case function_reads_whole --case function_by_index --json "$T/nested.json" "$DATA/suites/nested"
like "$T/out" '^same +function_reads_whole +cost .*  fail -> fail$' "whatif: a sequential scan inside a function fails forbid, as in verify"
like "$T/out" '^same +function_by_index +cost .*  pass -> pass$' "  its twin through the index passes expect (not 'never touches')"
like "$T/out" '1 statement its functions or triggers run judged on their plans as they are' "  and says they are not re-planned"
[ "$(json "$T/nested.json" "[c['nested_not_replanned'] for c in r['cases']]")" = "[1, 1]" ]
ok $? "  nested_not_replanned in the JSON report"
