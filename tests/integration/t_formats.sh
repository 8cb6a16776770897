#!/usr/bin/env bash
# t_formats.sh: query files as teams keep them (sqlc, aiosql, yesql, HugSQL, plain), read by
# list, verify and explain as they are, with parameter values drawn from a real seeded server;
# statements and parameters pgperf cannot serve are that case's error, the others still run.
. "$(dirname "$0")/lib.sh"

FORMATS="$DATA/formats"
ERRORS="$DATA/formats_errors"

# --- list: the static check, no server ------------------------------------------------------
pgperf list "$FORMATS"
is_status 0 "every format is read by list"
like "$T/out" '^sqlc/authors/query\.sql:GetAuthor +.*sqlc :one' \
	"a name two files use is shown with its file; the sqlc suffix is the kind"
like "$T/out" '^sqlc/booktest/query\.sql:GetAuthor ' "...in each file"
like "$T/out" '^ListAuthors +' "a name used once stays bare"
like "$T/out" '^get-blog-by-id +.*aiosql \^' "aiosql's suffix is the kind, not part of the name"
like "$T/out" '^character-by-id +.*hugsql :\? :1' "HugSQL's name line"
like "$T/out" '^ +\$1 \(author_id\): from the data: compared with authors\.author_id' \
	"list shows where a \$N's values come from"
like "$T/out" '^ +\$2 \(limit\): LIMIT, default 10' "a LIMIT parameter gets a small default"
like "$T/out" '^ +\$1 \(pattern\): pgperf\.json params\.pattern = ' \
	"pgperf.json gives a parameter's values by name"
like "$T/out" '^ +\$1 \(author_ids\): from the data: compared \(= ANY\) with books\.author_id' \
	"sqlc.arg(name) is a named parameter"
like "$T/out" '^49 cases$' "every query of the files is a case"

pgperf list --case GetAuthor "$FORMATS"
like "$T/out" '^2 cases$' "--case NAME selects the name in every file"
pgperf list --case sqlc/authors/query.sql:GetAuthor "$FORMATS"
like "$T/out" '^1 cases$' "--case FILE:NAME selects one"

pgperf list "$ERRORS"
is_status 2 "list refuses statements that cannot be verified"
like "$T/err" 'cases\.sql:4: case ClearBooks cannot be verified as it is: TRUNCATE cannot be timed' \
	"TRUNCATE is named with its file:line"
like "$T/err" 'cases\.sql:17: case Begin cannot be verified as it is: a transaction command' \
	"BEGIN is refused"
like "$T/err" 'case SayHello cannot be verified as it is: pgperf cannot tell which values \$1' \
	"a parameter used with no column asks for params:"
unlike "$T/err" 'SayHelloGiven|work-mem-set' "their twins are fine"

need_server

# --- verify: as they are, on a seeded throwaway server ----------------------------------------
pgperf verify --json "$T/formats.json" "$FORMATS"
is_status 1 "the formats suite runs; one case errors on its data"
like "$T/out" '^PASS +sqlc/authors/query\.sql:GetAuthor ' "a sqlc lookup drawn from existing keys passes"
like "$T/out" '^(PASS|WARN) +CreateBook ' "an insert gets a new isbn (unique) and existing values (checks, keys)"
like "$T/out" '^(PASS|WARN) +DeleteBookNamedSign ' "@book_id is a parameter"
like "$T/out" '^(PASS|WARN) +characters-by-ids-specify-cols ' "HugSQL :v*:ids runs"
like "$T/out" '^(PASS|WARN) +BooksByAuthors ' "= ANY(sqlc.arg(ids)) gets an array"
like "$T/out" '^(PASS|WARN) +recent-venues ' "params_from: gives each iteration's row"
like "$T/out" '^(PASS|WARN) +author-books .*books_author_idx' "sample() draws existing keys"
like "$T/out" '^ERROR +DeleteAuthor +update or delete on table "authors" violates foreign key' \
	"a delete the data forbids is that case's error"
like "$T/out" '^49 cases: .* 1 error in ' "every other case ran"
like "$T/formats.json" '"name":[[:space:]]*"sqlc/booktest/query\.sql:GetAuthor"' \
	"reports name a repeated case with its file"

# Correlated parameters: a = $1 AND b = $2 gets a pair that exists (rows < 1 fails on a row);
# its twin with a pair that does not exist returns none.
cat >"$T/pairs.sql" <<'SQL'
-- name: pair_drawn
-- threshold: rows < 1
SELECT * FROM venue WHERE slug = $1 AND city = $2;

-- name: pair_given
-- params: 'no-such-venue', 'city-1'
-- threshold: rows < 1
SELECT * FROM venue WHERE slug = $1 AND city = $2;
SQL
cp "$FORMATS/pgperf.json" "$FORMATS/schema.sql" "$FORMATS/seed.json" "$T/"
pgperf verify "$T/pairs.sql"
like "$T/out" '^(WARN|FAIL) +pair_drawn .*rows [1-9][0-9]* >= 1' "parameters compared with one table come from one row"
like "$T/out" '^PASS +pair_given ' "...where a made-up pair finds nothing"

# A parameter compared through a function or a cast is drawn through it: lower(name) = $1 gets
# 'city 3', not 'City 3' (which matched no row: a lookup timed on nothing passed); its twin given
# a name no city has finds nothing.
cat >"$T/through.sql" <<'SQL'
-- name: lower_drawn
-- threshold: rows < 1
SELECT * FROM city WHERE lower(name) = $1;

-- name: upper_trim_drawn
-- threshold: rows < 1
SELECT * FROM city WHERE upper(btrim(name)) = $1;

-- name: day_drawn
-- threshold: rows < 1
SELECT * FROM venue WHERE created_at::date = $1;

-- name: lower_given
-- params: 'no such city'
-- threshold: rows < 1
SELECT * FROM city WHERE lower(name) = $1;

-- name: lower_both_sides
-- threshold: rows < 1
SELECT * FROM city WHERE lower(name) = lower($1);

-- name: view_drawn
-- threshold: rows < 1
SELECT * FROM open_venue WHERE city = $1;
SQL
cp "$FORMATS/pgperf.json" "$FORMATS/schema.sql" "$FORMATS/seed.json" "$T/"
pgperf list "$T/through.sql"
like "$T/out" '^ +\$1 \(name\): from the data: compared with city\.name, through lower\(name\)$' \
	"list names the expression a parameter is drawn through"
pgperf verify --iterations 3 "$T/through.sql"
like "$T/out" '^(WARN|FAIL) +lower_drawn .*rows [1-9][0-9]* >= 1' "lower(name) = \$1 is drawn from lower(name)"
like "$T/out" '^(WARN|FAIL) +upper_trim_drawn .*rows [1-9][0-9]* >= 1' "...upper(btrim(name)) too"
like "$T/out" '^(WARN|FAIL) +day_drawn .*rows [1-9][0-9]* >= 1' "created_at::date = \$1 is drawn from the dates"
like "$T/out" '^PASS +lower_given ' "...where a name no city has finds nothing"
like "$T/out" '^(WARN|FAIL) +lower_both_sides .*rows [1-9][0-9]* >= 1' "lower(name) = lower(\$1) is drawn from the column"
like "$T/out" '^(WARN|FAIL) +view_drawn .*rows [1-9][0-9]* >= 1' "a parameter compared with a view's column is drawn from the view (no TABLESAMPLE on a view)"

pgperf explain --case sqlc/booktest/query.sql:GetBook "$FORMATS"
is_status 0 "explain reads a sqlc file as it is"
like "$T/out" 'books_pkey' "explain shows the plan"

# --- cases that cannot be verified are errors; the others run ---------------------------------
pgperf verify "$ERRORS"
is_status 1 "unverifiable cases are errors, not a stopped run"
like "$T/out" '^ERROR +ClearBooks +.*cases\.sql:4: .*TRUNCATE cannot be timed' "TRUNCATE never runs"
like "$T/out" '^ERROR +Vacuum +.*VACUUM and ANALYZE cannot be timed' "VACUUM never runs"
like "$T/out" '^ERROR +select-into +.*SELECT INTO creates a table' "SELECT INTO never runs"
like "$T/out" '^(PASS|WARN) +DeleteAllBooks ' "its twin, a DELETE, runs"
like "$T/out" '^PASS +work-mem-set ' "a setting as set: runs"
like "$T/out" '^ERROR +AuditFor +.*audit_log holds no row' \
	"a lookup on an empty table says so"
like "$T/out" '^PASS +Audit ' "an insert into an empty table gets generated values (uuid, enum, time, varchar)"
unlike "$T/out" 'EXPLAIN.s JSON holds no Plan' "nothing runs N times before failing"

# --- the example: a sqlc file verified as it is -------------------------------------------------
pgperf verify --iterations 20 "$top_srcdir/examples/sqlc"
is_status 0 "examples/sqlc passes unedited"
like "$T/out" '^PASS +BooksByAuthor .*books_author_idx' "@author_id drawn from existing keys uses the index"
