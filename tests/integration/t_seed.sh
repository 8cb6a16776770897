#!/usr/bin/env bash
# t_seed.sh: pgperf seed on a real server: row counts, foreign keys, load order from the
# database's own keys, reproducibility, --clear, atomic rollback, ANALYZE, and bad specs.
. "$(dirname "$0")/lib.sh"
need_server
start_kept_server "$DATA/suites/seed"
ok 0 "throwaway server with the shop schema"
SPEC="$DATA/seed/shop.json"

contents() {
	psql_kept "SELECT count(*) FROM shop.customers; SELECT count(*) FROM shop.orders;
		   SELECT md5(string_agg(c::text, ',' ORDER BY id)) FROM shop.customers c;
		   SELECT md5(string_agg(o::text, ',' ORDER BY id)) FROM shop.orders o;"
}

pgperf seed --dry-run --dsn 'host=/nonexistent port=1' "$SPEC"
is_status 0 "--dry-run needs no database"
like "$T/out" '^  2\. shop\.customers +1000 rows' "the plan puts the referenced table first"
like "$T/out" '^  3\. shop\.orders +5000 rows' "and the referencing table after it"

# shop.audit comes first in the spec and has no ref: only the database's foreign key to
# shop.customers puts it after that table; loaded first, it would fail.
pgperf seed --dsn "$KEPT_DSN" "$SPEC"
is_status 0 "seed fills the tables, ordered by refs and the database's foreign keys"
like "$T/out" '^6010 rows in [0-9.]+s \([0-9]+ rows/s while loading\).*peak memory [0-9]+ KiB' "summary: rows, time, rate, memory"
counts=$(psql_kept "SELECT (SELECT count(*) FROM shop.customers) || ' ' || (SELECT count(*) FROM shop.orders) || ' ' || (SELECT count(*) FROM shop.audit)")
[ "$counts" = "1000 5000 10" ]
ok $? "row counts as the spec says ($counts)"
orphans=$(psql_kept "SELECT count(*) FROM shop.orders o LEFT JOIN shop.customers c ON c.id = o.customer_id WHERE c.id IS NULL")
[ "$orphans" = 0 ]
ok $? "every ref exists in its parent"
analyzed=$(psql_kept "SELECT count(*) FROM pg_stat_user_tables WHERE schemaname = 'shop' AND last_analyze IS NOT NULL")
[ "$analyzed" = 3 ]
ok $? "ANALYZE ran on every seeded table ($analyzed of 3)"
hot=$(psql_kept "SELECT customer_id FROM shop.orders GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
[ "$hot" = 1 ]
ok $? "zipf refs make the first parent the hottest"
first=$(contents)

pgperf seed --dsn "$KEPT_DSN" --clear "$SPEC"
is_status 2 "--clear without --yes is refused when standard input is not a terminal"
like "$T/out" '^--clear empties 3 tables \(TRUNCATE \.\.\. CASCADE\): shop\.audit, shop\.customers, shop\.orders' "it lists what it would empty first"
[ "$(contents)" = "$first" ]
ok $? "nothing changed"

pgperf seed --dsn "$KEPT_DSN" --clear --yes "$SPEC"
is_status 0 "--clear --yes empties and reseeds"
[ "$(contents)" = "$first" ]
ok $? "same spec and seed: byte-identical table contents"

pgperf seed --dsn "$KEPT_DSN" --clear --yes --seed 7 --scale 2 "$SPEC"
is_status 0 "--seed 7 --scale 2"
again=$(contents)
[ "$(head -2 <<<"$again" | tr '\n' ' ')" = "2000 10000 " ]
ok $? "--scale doubles every table"
[ "$again" != "$first" ]
ok $? "another seed gives other data"

pgperf seed --dsn "$KEPT_DSN" "$DATA/seed/fails_midway.json"
is_status 1 "a failure midway exits 1"
like "$T/err" 'loading shop\.orders: null value in column "note"' "names the table and the problem"
like "$T/err" 'COPY orders, line [0-9]+' "and the row"
[ "$(contents)" = "$again" ]
ok $? "rolled back: the first table's rows are gone too"

for bad in typo:'columns\.plan: unknown generator "choise"' \
	missing_column:'tables\."shop\.customers"\.columns\.nickname: no such column' \
	missing_table:'tables\."shop\.invoices": no such table' \
	not_unique:'columns\.id: the column is unique but its generator can repeat values' \
	cycle:'the tables shop\.a, shop\.b refer to each other in a cycle'; do
	pgperf seed --dsn "$KEPT_DSN" "$DATA/seed/${bad%%:*}.json"
	is_status 2 "bad spec ${bad%%:*}"
	like "$T/err" "${bad#*:}" "  says: ${bad#*:}"
done
[ "$(contents)" = "$again" ]
ok $? "bad specs wrote nothing"

# Specs refused before anything connects (tests/data/seed/bad.table): wrong types at any level,
# empty keys, numbers past the documented limits. --dry-run needs no database.
while IFS='|' read -r file message; do
	case "$file" in '#'* | '') continue ;; esac
	file=$(echo $file)
	message=$(echo "$message" | sed 's/^ *//; s/ *$//')
	pgperf seed --dry-run "$DATA/seed/bad/$file"
	is_status 2 "seed --dry-run bad/$file"
	grep -Fq -- "$message" "$T/err"
	ok $? "  says: $message"
	grep -Fq -- "$message" "$T/err" || diag "stderr:" "$(head -c 2000 "$T/err")"
	unlike "$T/err" 'AddressSanitizer|runtime error' "  no sanitizer report"
done <"$DATA/seed/bad.table"

pgperf seed "$SPEC"
is_status 2 "seed with no database and no --keep"
like "$T/err" 'seed needs a database' "says what to give"
