#!/usr/bin/env bash
# t_seed_real.sh: pgperf seed on a real server with a schema as pg_dump writes it (owners and
# grants for roles the server lacks, sequences behind defaults, an identity column, a partitioned
# table, text and uuid keys, a junction table), re-seeding with --clear, and the demo spec.
. "$(dirname "$0")/lib.sh"
need_server
start_kept_server "$DATA/suites/seed"
ok 0 "throwaway server (its superuser is pgperf: there is no role postgres)"
SPEC="$DATA/seed/dump.json"

digests() {
	for t in customers products orders favourites shipments; do
		psql_kept "SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM store.$t t"
	done
}

pgperf seed --dsn "$KEPT_DSN" "$SPEC"
is_status 0 "a pg_dump schema applies: OWNER TO postgres, GRANT to missing roles skipped"
unlike "$T/err" 'role .* does not exist' "  no statement for a missing role ran"
like "$T/err" 'moved 3 sequences past the seeded values' "  the sequences behind seeded columns moved"

# Sequences: owned by a serial column, called by a default and owned by nobody, an identity.
id=$(psql_kept "INSERT INTO store.customers (code, tier) VALUES ('new', 'gold') RETURNING id")
[ "$id" = 301 ]
ok $? "serial: the application's first INSERT gets 301, past the 300 seeded ids ($id)"
id=$(psql_kept "INSERT INTO store.orders (customer_code, placed_on, token) VALUES ('new', '2026-03-01', gen_random_uuid()) RETURNING id")
[ "$id" = 21000 ]
ok $? "nextval() default of a sequence nobody owns, increment 10: 21000 after 20990 ($id)"
id=$(psql_kept "INSERT INTO store.shipments (order_token) SELECT token FROM store.orders LIMIT 1 RETURNING id")
[ "$id" = 1501 ]
ok $? "identity column: 1501 after 1500 ($id)"
psql_kept "DELETE FROM store.shipments WHERE id = 1501; DELETE FROM store.orders WHERE customer_code = 'new'; DELETE FROM store.customers WHERE code = 'new'" >/dev/null

# Partitions, keys of any type, composite unique keys.
parts=$(psql_kept "SELECT (SELECT count(*) FROM store.orders_2026h1) > 0 AND (SELECT count(*) FROM store.orders_2026h2) > 0 AND (SELECT count(*) FROM store.orders) = 2000")
[ "$parts" = t ]
ok $? "the partitioned table is loaded through its partitions"
orphans=$(psql_kept "SELECT count(*) FROM store.shipments s LEFT JOIN store.orders o ON o.token = s.order_token WHERE o.token IS NULL")
[ "$orphans" = 0 ]
ok $? "a ref to a uuid key: every shipment's order exists"
hot=$(psql_kept "SELECT customer_code FROM store.orders GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
[ "$hot" = C-1 ]
ok $? "a ref to a text key derived from its pattern, zipf: C-1 is the hottest ($hot)"
pairs=$(psql_kept "SELECT count(DISTINCT (customer_id, sku)) || ' ' || count(DISTINCT customer_id) || ' ' || count(DISTINCT sku) FROM store.favourites")
[ "$pairs" = "6000 300 40" ]
ok $? "PRIMARY KEY (customer_id, sku) of two plain refs: 6000 distinct pairs over every parent ($pairs)"
first=$(digests)

pgperf seed --dsn "$KEPT_DSN" --clear "$SPEC"
is_status 2 "--clear without --yes is refused when standard input is not a terminal"
like "$T/out" '^  DROP SCHEMA IF EXISTS "store" CASCADE$' "  it lists what it drops: the schema the spec's schema file creates"
[ "$(digests)" = "$first" ]
ok $? "  nothing changed"

pgperf seed --dsn "$KEPT_DSN" --clear --yes "$SPEC"
is_status 0 "re-seed with schema files: --clear --yes drops what they create and applies them again"
[ "$(digests)" = "$first" ]
ok $? "  same digests as the first seed"
id=$(psql_kept "INSERT INTO store.customers (code, tier) VALUES ('new', 'gold') RETURNING id")
[ "$id" = 301 ]
ok $? "  and the sequences are where the first seed left them ($id)"

# A spec without schema files on the same tables: --clear names every partition it empties.
pgperf seed --dsn "$KEPT_DSN" --clear --yes "$DATA/seed/dump_data.json"
is_status 0 "--clear of existing tables, one of them partitioned"
like "$T/out" '^--clear empties 5 tables \(TRUNCATE \.\.\. CASCADE\): store\.customers, store\.favourites, store\.orders, store\.orders_2026h1, store\.orders_2026h2$' "  the listing names every partition and every referencing table"
count=$(psql_kept "SELECT count(*) FROM store.orders")
[ "$count" = 500 ]
ok $? "  the partitioned table reloaded without COPY FREEZE ($count rows)"

pgperf seed --dsn "$KEPT_DSN" --clear --yes "$DATA/seed/too_few_tuples.json"
is_status 2 "more rows than distinct pairs"
like "$T/err" 'the unique key favourites_pkey \(customer_id, sku\) has 12 possible values but the spec asks for 13 rows' "  says the numbers"

# Arrays, jsonb with a shape, bytea, tsvector, ranges, an enum, a domain, and lookups: a
# payment's customer is its rental's customer, paid within three days after the rental.
pgperf seed --dsn "$KEPT_DSN" "$DATA/seed/types.json"
is_status 0 "arrays, json, bytea, tsvector, ranges, enum and domain columns load"
got=$(psql_kept "SELECT min(cardinality(tags)) || ' ' || max(cardinality(tags)) || ' ' || min(length(avatar)) || ' ' || max(length(avatar)) || ' ' || bool_and(length(search) >= 1)::text || ' ' || bool_and(jsonb_typeof(profile->'langs') = 'array' AND jsonb_typeof(profile->'address') = 'object')::text || ' ' || bool_or('late \"payer\"' = ANY (tags)) FROM rent.customers")
[ "$got" = "1 4 16 64 true true true" ]
ok $? "  arrays of 1 to 4 elements (quotes kept), bytea of 16 to 64 bytes, tsvector, nested json ($got)"
got=$(psql_kept "SELECT bool_and(NOT isempty(period) AND upper(period) - lower(period) BETWEEN interval '1 hour' AND interval '7 days') AND bool_and(upper(seats) - lower(seats) BETWEEN 1 AND 10) FROM rent.rentals")
[ "$got" = t ]
ok $? "  ranges as wide as the spec says"
got=$(psql_kept "SELECT count(*) FILTER (WHERE p.customer_id <> r.customer_id) || ' ' || count(*) FILTER (WHERE p.paid_at < r.rented_at OR p.paid_at > r.rented_at + interval '3 days') || ' ' || count(DISTINCT p.customer_id) FROM rent.payments p JOIN rent.rentals r ON r.id = p.rental_id")
case "$got" in "0 0 "[1-9]*) true ;; *) false ;; esac
ok $? "  lookups: each payment's customer is its rental's, paid after it within 3 days ($got)"
got=$(psql_kept "SELECT (SELECT count(*) FROM rent.branches) || ' ' || (SELECT count(DISTINCT (tenant, id)) FROM rent.branches) || ' ' || (SELECT count(DISTINCT (tenant, branch_id)) > 3 FROM rent.desks)::text")
[ "$got" = "60 60 true" ]
ok $? "  a composite key: distinct (tenant, id) pairs of two uniform ints, and desks over many branches through ref + lookup ($got)"

# A starting spec from the live schema: tables in foreign-key order, generators from the types,
# keys and pg_stats; seeding it back into the same database works.
pgperf seed --init-spec --dsn "$KEPT_DSN"
is_status 0 "--init-spec writes a spec from the catalog"
cp "$T/out" "$T/init.json"
order=$(grep -oE '"(rent|store)\.[a-z_]+":' "$T/init.json" | tr -d '":' | tr '\n' ' ')
before() { case "$order" in *"$1 "*"$2 "*) return 0 ;; *) return 1 ;; esac; }
before rent.customers rent.rentals && before rent.rentals rent.payments && before store.customers store.favourites && before store.products store.favourites
ok $? "  parents before children ($order)"
tr -d ' \t\n' <"$T/init.json" >"$T/flat.json"
like "$T/flat.json" '"customer_id":\{"gen":"ref","table":"rent.customers","column":"id"\}' "  a foreign key becomes a ref"
like "$T/flat.json" '"mood":\{"gen":"choice","values":\["[a-z]+","[a-z]+","[a-z]+"\],"weights":\[0\.[0-9]+' "  an enum with statistics: its most common values, weighted"
like "$T/flat.json" '"rented_at":\{"gen":"timestamp","min":"2026-01-0[0-9][0-9:]+","max":"2026-06-[0-9]+[0-9:]+"\}' "  a timestamp within the histogram's bounds"
like "$T/flat.json" '"note":\{"gen":"words","min":1,"max":[0-9]+,"null_fraction":0\.[23][0-9]*\}' "  pg_stats' null fraction"
like "$T/flat.json" '"code":\{"gen":"text","pattern":"code-\{seq\}"\}' "  a unique text column gets distinct values"
unlike "$T/flat.json" 'orders_2026h' "  a partitioned table once, without its partitions"
like "$T/flat.json" '"store.orders":\{"rows":500,' "  rows from the planner's estimate"
pgperf seed --dsn "$KEPT_DSN" --clear --yes "$T/init.json"
is_status 0 "  the written spec seeds the database it describes"

# Inheritance with a routing trigger: the parent keeps none of its rows, its children hold them;
# they are analyzed and vacuumed as the seeded table is, and the summary says where the rows are.
pgperf seed --dsn "$KEPT_DSN" "$DATA/seed/inherit.json"
is_status 0 "a parent whose trigger routes rows to inheritance children"
like "$T/out" '^    0 in the table itself, 6000 in its inheritance children: hist\.measurement_2026q1 [0-9]+, hist\.measurement_2026q2 [0-9]+$' \
	"  the summary says the rows are in the children"
got=$(psql_kept "SELECT string_agg(format('%s %s %s', relname, reltuples > 0, relallvisible > 0), ', ' ORDER BY relname) FROM pg_class WHERE relnamespace = 'hist'::regnamespace AND relkind = 'r' AND relname <> 'measurement'")
[ "$got" = "measurement_2026q1 t t, measurement_2026q2 t t" ]
ok $? "  the children are analyzed and vacuumed ($got)"
pgperf seed --dsn "$KEPT_DSN" --clear --yes "$DATA/seed/inherit.json"
got=$(psql_kept "SELECT count(*) FROM hist.measurement")
[ "$status" -eq 0 ] && [ "$got" = 6000 ]
ok $? "  a re-seed with --clear empties the children too (exit $status, $got rows)"
pgperf seed --dsn "$KEPT_DSN" --clear --yes "$SPEC"
unlike "$T/out" 'inheritance children' "  (twin) tables without children say nothing of them"

# The demo: its after files create indexes and foreign keys, which a re-seed meets again.
pgperf verify --keep -q "$top_srcdir/queries"
DEMO_DIR=$(sed -n 's/^the throwaway server keeps running in \(.*\)$/\1/p' "$T/out" | head -1)
DEMO_DSN=$(sed -n 's/^ *connect: psql "\(.*\)"$/\1/p' "$T/out" | head -1)
[ -n "$DEMO_DIR" ] && at_exit "pkill -INT -f -- '-D $DEMO_DIR/data' 2>/dev/null; for i in \$(seq 50); do pgrep -f -- '-D $DEMO_DIR/data' >/dev/null || break; sleep 0.1; done; rm -rf '$DEMO_DIR'"
pgperf seed --dsn "$DEMO_DSN" --clear --yes "$top_srcdir/seed/demo.json"
is_status 0 "the demo spec re-seeds with --clear --yes"
like "$T/out" 'DROP INDEX IF EXISTS "app"."sessions_user_created_idx" CASCADE' "  dropping the indexes its after files create first"
