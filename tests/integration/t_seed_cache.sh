#!/usr/bin/env bash
# t_seed_cache.sh: the seeded-database cache of the embedded default: a second run with nothing
# changed starts from the cached seeded data directory (same data, schema files and seed specs
# not applied again); a changed seed spec, --seed or schema file makes a new entry; --no-cache
# bypasses it; an entry others can write is not used.
. "$(dirname "$0")/lib.sh"
need_server
export XDG_CACHE_HOME="$T/cache"
SUITE="$T/suite"
mkdir -p "$SUITE"
cp "$DATA/suites/seed/schema.sql" "$DATA/suites/seed/cases.sql" "$DATA/seed/shop.json" "$SUITE/"
echo '{ "schema": ["schema.sql"], "seed": "shop.json" }' >"$SUITE/pgperf.json"

digest() { # the data, read from a kept server
	pgperf verify --keep -q "$SUITE" "$@"
	local dir dsn pid
	dir=$(sed -n 's/^the throwaway server keeps running in \(.*\)$/\1/p' "$T/out" | head -1)
	dsn=$(sed -n 's/^ *connect: psql "\(.*\)"$/\1/p' "$T/out" | head -1)
	pid=$(sed -n 's/^ *stop: *kill -INT \([0-9][0-9]*\).*/\1/p' "$T/out" | head -1)
	"$PGBIN/psql" -X -q -A -t "$dsn" -c "SELECT md5(string_agg(o::text, ',' ORDER BY id)) FROM shop.orders o"
	[ -n "$pid" ] && kill -INT "$pid" && for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	[ -n "$dir" ] && rm -rf "$dir"
}
entries() { find "$XDG_CACHE_HOME/pgperf" -maxdepth 1 -name '*-seeded-*' ! -name '*.new-*' ! -name '*.old-*' 2>/dev/null | wc -l; }

pgperf verify -v "$SUITE"
is_status 0 "a first run seeds the throwaway server"
like "$T/err" 'loaded shop\.orders' "  and loads the tables"
[ "$(entries)" = 1 ]
ok $? "  then caches the seeded data directory ($(entries) entry)"
entry=$(find "$XDG_CACHE_HOME/pgperf" -maxdepth 1 -name '*-seeded-*' ! -name '*.new-*' ! -name '*.old-*')
mode=$(stat -c '%a %u' "$entry")
[ "$mode" = "700 $(id -u)" ]
ok $? "  the entry is the user's own, mode 700 ($mode)"

pgperf verify -v "$SUITE"
is_status 0 "a second run with nothing changed"
like "$T/err" 'the seeded database came from the cache' "  starts from the cached seeded database"
unlike "$T/err" 'loaded shop\.orders' "  and seeds nothing"

first=$(digest)
again=$(digest)
[ -n "$first" ] && [ "$first" = "$again" ]
ok $? "the cached database holds the same data as the seeded one"

pgperf verify -v --no-cache "$SUITE"
is_status 0 "--no-cache"
like "$T/err" 'loaded shop\.orders' "  bypasses the cache and seeds"

pgperf verify -v --seed 7 "$SUITE"
like "$T/err" 'loaded shop\.orders' "another --seed seeds anew"
sed -i 's/"rows": 5000/"rows": 4000/' "$SUITE/shop.json"
pgperf verify -v "$SUITE"
like "$T/err" 'loaded shop\.orders: 4000 rows' "a changed seed spec seeds anew"
echo "-- a comment" >>"$SUITE/schema.sql"
pgperf verify -v "$SUITE"
like "$T/err" 'loaded shop\.orders' "a changed schema file seeds anew"
[ "$(entries)" = 4 ]
ok $? "one entry per key ($(entries))"

pgperf verify -v "$SUITE"
like "$T/err" 'the seeded database came from the cache' "the latest entry is used"
entry=$(ls -td "$XDG_CACHE_HOME"/pgperf/*-seeded-* | head -1)
chmod g+w "$entry"
pgperf verify -v "$SUITE"
is_status 0 "an entry others could write"
like "$T/err" 'loaded shop\.orders' "  is not used: the database is seeded"
[ "$(stat -c '%a' "$entry")" = 700 ]
ok $? "  and the entry is replaced by a valid one"

# Stale entries are pruned: the 8 most recently used are kept.
for s in 11 12 13 14 15 16; do
	pgperf verify -q --seed "$s" "$SUITE"
done
[ "$(entries)" = 8 ]
ok $? "at most 8 seeded entries are kept ($(entries))"
pgperf verify -v --seed 16 "$SUITE"
like "$T/err" 'the seeded database came from the cache' "  the most recent one among them"
