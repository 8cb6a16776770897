/*
 * footprint.c: sequences a case moved and dead tuples it left, measured and tidied (see
 * footprint.h).
 */
#include "run/footprint.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/json.h"
#include "util/log.h"
#include "util/mem.h"

/* How long putting a sequence back waits for the lock on the tables that draw from it. */
#define LOCK_TIMEOUT "100ms"

/*
 * Where every sequence this role can read stands: {oid: last_value, null when never called}.
 * The privilege check errs on anything but a sequence, hence the CASE: the planner may test a
 * scan's conditions in any order, a CASE's only in its own.
 */
static const char positions_sql[] =
	"DISCARD SEQUENCES; "
	"SELECT coalesce(pg_catalog.jsonb_object_agg(c.oid::text, "
	"pg_catalog.pg_sequence_last_value(c.oid)), '{}')::text "
	"FROM pg_catalog.pg_class c WHERE NOT pg_catalog.pg_is_other_temp_schema(c.relnamespace) "
	"AND CASE WHEN c.relkind = 'S' THEN "
	"pg_catalog.has_sequence_privilege(c.oid, 'SELECT,USAGE') END";

/* n_dead_tup of every table: {oid: n}. */
static const char tables_sql[] =
	"SELECT pg_catalog.pg_stat_clear_snapshot(); "
	"SELECT coalesce(pg_catalog.jsonb_object_agg(relid::text, n_dead_tup), '{}')::text "
	"FROM pg_catalog.pg_stat_user_tables";

/*
 * This session's statistics counters not flushed yet: buffer reads of each sequence (one per
 * nextval(), or per block of CACHE values) and rows written per table, each counted from b.j,
 * an earlier reading ({"s": {oid: n}, "t": {oid: n}}; 0 for what it lacks).
 */
#define SEQUENCE_READS                                                                             \
	"(SELECT c.oid, pg_catalog.pg_stat_get_xact_blocks_fetched(c.oid) - "                     \
	"coalesce((b.j -> 's' ->> c.oid::text)::bigint, 0) AS n "                                  \
	"FROM pg_catalog.pg_class c WHERE c.relkind = 'S')"
#define TABLE_WRITES                                                                               \
	"(SELECT c.oid, pg_catalog.pg_stat_get_xact_tuples_inserted(c.oid) + "                    \
	"pg_catalog.pg_stat_get_xact_tuples_updated(c.oid) + "                                     \
	"pg_catalog.pg_stat_get_xact_tuples_deleted(c.oid) - "                                     \
	"coalesce((b.j -> 't' ->> c.oid::text)::bigint, 0) AS n "                                  \
	"FROM pg_catalog.pg_class c WHERE c.relkind IN ('r', 'm', 'p'))"

/* The reading BEGIN ends with; %s is the tables' part (write cases) or '{}'. */
static const char counters_sql[] =
	"SELECT pg_catalog.jsonb_build_object("
	"'s', (SELECT coalesce(pg_catalog.jsonb_object_agg(x.oid::text, x.n), '{}') "
	"FROM " SEQUENCE_READS " x WHERE x.n > 0), 't', %s)::text "
	"FROM (SELECT '{}'::jsonb AS j) b";
static const char table_counters[] =
	"(SELECT coalesce(pg_catalog.jsonb_object_agg(x.oid::text, x.n), '{}') "
	"FROM " TABLE_WRITES " x WHERE x.n > 0)";

/*
 * The reading ROLLBACK ends with, "oid:reads,...|{oid,...}": the sequences read and (the first
 * %s, for write cases) the tables written since the reading in the second %s.
 */
static const char counted_sql[] =
	"SELECT coalesce((SELECT pg_catalog.string_agg(x.oid || ':' || x.n, ',') "
	"FROM " SEQUENCE_READS " x WHERE x.n > 0), '') || '|' || %s "
	"FROM (SELECT %s::jsonb AS j) b";
static const char tables_counted[] =
	"coalesce((SELECT '{' || pg_catalog.string_agg(x.oid::text, ',') || '}' "
	"FROM " TABLE_WRITES " x WHERE x.n > 0), '')";

/*
 * For each sequence the case read ($1, "oid:reads,..."), given the positions before ($2): what
 * to do with it and how. A sequence moved by exactly this case's draws advanced by reads x
 * CACHE x INCREMENT (DISCARD SEQUENCES made the session's first nextval() read the sequence);
 * any other movement includes another session's draws. "tables" are those whose rows draw from
 * it (identity, serial or a column default); "undo" sets it back only if it has not moved since.
 */
static const char decide_sql[] =
	"SELECT pg_catalog.json_build_object('name', pg_catalog.format('%I.%I', n.nspname, c.relname), "
	"'last', v.last::text, 'state', CASE WHEN NOT v.readable THEN 'unreadable' "
	"WHEN p.now = p.was THEN 'unmoved' "
	"WHEN p.now - p.was <> d.reads * s.seqcache * s.seqincrement THEN 'shared' "
	"WHEN NOT pg_catalog.has_sequence_privilege(d.oid, 'UPDATE') THEN 'readonly' "
	"WHEN t.tables IS NULL THEN 'unlockable' ELSE 'ours' END, "
	"'tables', t.tables, "
	"'undo', pg_catalog.format('SELECT pg_catalog.setval(%s::pg_catalog.regclass, %s, %s) "
	"WHERE pg_catalog.pg_sequence_last_value(%s::pg_catalog.regclass) IS NOT DISTINCT FROM %s', "
	"d.oid, coalesce(v.was, s.seqstart), (v.was IS NOT NULL)::text, d.oid, "
	"coalesce(v.last::text, 'NULL')))::text "
	"FROM (SELECT pg_catalog.split_part(x, ':', 1)::pg_catalog.oid AS oid, "
	"pg_catalog.split_part(x, ':', 2)::numeric AS reads "
	"FROM pg_catalog.unnest(pg_catalog.string_to_array($1, ',')) AS x) d "
	"JOIN pg_catalog.pg_class c ON c.oid = d.oid "
	"JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
	"JOIN pg_catalog.pg_sequence s ON s.seqrelid = d.oid "
	"CROSS JOIN LATERAL (SELECT r.readable, CASE WHEN r.readable THEN "
	"pg_catalog.pg_sequence_last_value(d.oid) END AS last, "
	"($2::jsonb ->> d.oid::text)::bigint AS was FROM (SELECT "
	"pg_catalog.has_sequence_privilege(d.oid, 'SELECT,USAGE') AND $2::jsonb ? d.oid::text "
	"AS readable) r) v "
	"CROSS JOIN LATERAL (SELECT coalesce(v.last, s.seqstart - s.seqincrement)::numeric AS now, "
	"coalesce(v.was, s.seqstart - s.seqincrement)::numeric AS was) p "
	"LEFT JOIN LATERAL (SELECT pg_catalog.string_agg(pg_catalog.format('%I.%I', tn.nspname, "
	"tc.relname), ', ') AS tables FROM pg_catalog.pg_class tc "
	"JOIN pg_catalog.pg_namespace tn ON tn.oid = tc.relnamespace "
	"WHERE tc.relkind IN ('r', 'p') AND tc.oid IN ("
	"SELECT dp.refobjid FROM pg_catalog.pg_depend dp WHERE dp.classid = "
	"'pg_catalog.pg_class'::pg_catalog.regclass AND dp.objid = d.oid AND dp.refclassid = "
	"'pg_catalog.pg_class'::pg_catalog.regclass AND dp.deptype IN ('a', 'i') "
	"UNION SELECT ad.adrelid FROM pg_catalog.pg_depend dp JOIN pg_catalog.pg_attrdef ad "
	"ON ad.oid = dp.objid WHERE dp.classid = 'pg_catalog.pg_attrdef'::pg_catalog.regclass "
	"AND dp.refobjid = d.oid)) t ON true "
	"ORDER BY 1";

/* The tables a write case wrote to (the second %s, "{oid,...}") with the growth of their
 * n_dead_tup since the first (tables_sql's reading). */
static const char dead_sql[] =
	"SELECT pg_catalog.pg_stat_clear_snapshot(); "
	"SELECT pg_catalog.json_agg(pg_catalog.json_build_object('name', "
	"pg_catalog.format('%%I.%%I', s.schemaname, s.relname), 'dead', s.n_dead_tup - "
	"coalesce((b.j ->> s.relid::text)::bigint, 0)) ORDER BY s.schemaname, s.relname)::text "
	"FROM pg_catalog.pg_stat_user_tables s, (SELECT %s::jsonb AS j) b "
	"WHERE s.relid = ANY (%s::pg_catalog.oid[])";

void
pp_footprint_init(struct pp_footprint *fp, bool writes)
{
	memset(fp, 0, sizeof *fp);
	fp->writes = writes;
}

void
pp_footprint_reset(struct pp_footprint *fp)
{
	free(fp->positions);
	free(fp->tables);
	free(fp->counters);
	free(fp->drawn);
	free(fp->touched);
	memset(fp, 0, sizeof *fp);
}

bool
pp_footprint_mark(struct pp_conn *conn, struct pp_footprint *fp, struct pp_db_error *err)
{
	if (!pp_conn_exec_value(conn, positions_sql, &fp->positions, err))
		return false;
	return !fp->writes || pp_conn_exec_value(conn, tables_sql, &fp->tables, err);
}

bool
pp_footprint_begin(struct pp_conn *conn, struct pp_footprint *fp, const char *setup,
		   struct pp_db_error *err)
{
	struct pp_buf sql;
	bool ok;

	pp_buf_init(&sql);
	pp_buf_printf(&sql, "BEGIN; %s%s", setup, *setup != '\0' ? "; " : "");
	pp_buf_printf(&sql, counters_sql, fp->writes ? table_counters : "'{}'::jsonb");
	ok = pp_conn_exec_value(conn, sql.data, &fp->counters, err);
	pp_buf_reset(&sql);
	return ok;
}

/* Splits "drawn|touched" into the footprint (an empty part is NULL). */
static void
keep_counted(struct pp_footprint *fp, const char *counted)
{
	const char *bar = counted != NULL ? strchr(counted, '|') : NULL;

	if (bar == NULL)
		return;
	if (bar > counted)
		fp->drawn = pp_mem_strndup(counted, (size_t)(bar - counted));
	if (bar[1] != '\0' && fp->writes)
		fp->touched = pp_mem_strdup(bar + 1);
}

bool
pp_footprint_rollback(struct pp_conn *conn, struct pp_footprint *fp, struct pp_db_error *err)
{
	struct pp_buf sql;
	char *lit, *counted = NULL;
	bool ok;

	if (fp->counters == NULL)
		return pp_conn_exec(conn, "ROLLBACK", err);
	pp_buf_init(&sql);
	pp_buf_puts(&sql, "ROLLBACK; ");
	/* The statistics of the rolled-back writes are sent at once after this message, not up
	 * to a second later, so that the dead tuples read next include them. */
	if (fp->writes && pp_conn_server_version(conn) >= 150000)
		pp_buf_puts(&sql, "SELECT pg_catalog.pg_stat_force_next_flush(); ");
	lit = pp_conn_quote_literal(conn, fp->counters);
	pp_buf_printf(&sql, counted_sql, fp->writes ? tables_counted : "''", lit);
	free(lit);
	ok = pp_conn_exec_value(conn, sql.data, &counted, err);
	if (ok)
		keep_counted(fp, counted);
	free(counted);
	pp_buf_reset(&sql);
	return ok;
}

/* ---- sequences ---------------------------------------------------------------------------- */

/* A server error that does not end the connection, logged; false when the connection is lost. */
static bool
survived(const struct pp_db_error *err, const char *doing)
{
	if (err->connection_lost)
		return false;
	pp_log_warning("%s: %s", doing, err->message);
	return true;
}

/*
 * Sets one sequence back inside a transaction that holds the lock on the tables drawing from it
 * (tables, "a, b"), if it has not moved since it was read (undo is conditional). Notes on r when
 * it is left. false: the connection is lost.
 */
static bool
put_back(struct pp_conn *conn, const char *name, const char *value, const char *tables,
	 const char *undo, struct pp_case_result *r)
{
	struct pp_db_error err = { 0 };
	struct pp_buf lock;
	char *set = NULL;
	bool alive;

	pp_buf_init(&lock);
	pp_buf_printf(&lock, "LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE", tables);
	if (!pp_conn_exec(conn, "BEGIN; SET LOCAL lock_timeout = '" LOCK_TIMEOUT "'", &err) ||
	    !pp_conn_exec(conn, lock.data, &err))
		pp_result_add_sequence_left(r, name, value, "cannot lock %s to put it back safely: %s",
					    tables, err.message);
	else if (!pp_conn_query_value(conn, undo, 0, NULL, &set, &err))
		pp_result_add_sequence_left(r, name, value, "cannot put it back: %s", err.message);
	else if (set == NULL)
		pp_result_add_sequence_left(r, name, NULL, "another session drew from it while "
					    "pgperf was putting it back");
	alive = !err.connection_lost;
	pp_db_error_reset(&err);
	if (alive && pp_conn_in_transaction(conn) &&
	    !pp_conn_exec(conn, set != NULL ? "COMMIT" : "ROLLBACK", &err))
		alive = survived(&err, "ending the transaction that put a sequence back");
	pp_db_error_reset(&err);
	pp_buf_reset(&lock);
	free(set);
	return alive && !pp_conn_lost(conn);
}

/* Acts on one row of decide_sql. false: connection lost. */
static bool
settle_sequence(struct pp_conn *conn, const cJSON *row, struct pp_case_result *r)
{
	char *name = pp_json_string(row, "name"), *last = pp_json_string(row, "last");
	char *state = pp_json_string(row, "state"), *tables = pp_json_string(row, "tables");
	char *undo = pp_json_string(row, "undo");
	bool alive = true;

	if (name == NULL || state == NULL || strcmp(state, "unmoved") == 0)
		; /* read by the case but not moved */
	else if (strcmp(state, "unreadable") == 0)
		pp_result_add_sequence_left(r, name, NULL, "the case drew from it, and pgperf can "
					    "neither read it nor put it back (no SELECT or USAGE "
					    "privilege on it)");
	else if (strcmp(state, "shared") == 0)
		pp_result_add_sequence_left(r, name, last, "another session drew from it while the "
					    "case ran, so putting it back could hand out a value "
					    "twice");
	else if (strcmp(state, "readonly") == 0)
		pp_result_add_sequence_left(r, name, last, "pgperf may read it but not put it back "
					    "(no UPDATE privilege on it)");
	else if (strcmp(state, "unlockable") == 0)
		pp_result_add_sequence_left(r, name, last, "no table draws from it, so no lock keeps "
					    "other sessions' nextval() out while it is put back");
	else if (tables != NULL && undo != NULL)
		alive = put_back(conn, name, last, tables, undo, r);
	free(name);
	free(last);
	free(state);
	free(tables);
	free(undo);
	return alive;
}

/* Every sequence the case drew from: put back or noted. false: connection lost. */
static bool
settle_sequences(struct pp_conn *conn, const struct pp_footprint *fp, struct pp_case_result *r)
{
	const char *params[2] = { fp->drawn, fp->positions };
	struct pp_db_error err = { 0 };
	char **rows = NULL;
	size_t n = 0;
	bool alive = true;

	if (fp->drawn == NULL || fp->positions == NULL)
		return true;
	if (!pp_conn_query_column(conn, decide_sql, 2, params, &rows, &n, &err)) {
		alive = survived(&err, "reading the sequences the case drew from");
		pp_result_add_sequence_left(r, "(unknown)", NULL, "pgperf could not read which sequences "
					    "the case moved, so it put none back: %s", err.message);
	}
	for (size_t i = 0; i < n; i++) {
		cJSON *row = rows[i] != NULL ? cJSON_Parse(rows[i]) : NULL;

		if (row != NULL && alive)
			alive = settle_sequence(conn, row, r);
		cJSON_Delete(row);
		free(rows[i]);
	}
	free(rows);
	pp_db_error_reset(&err);
	return alive;
}

/* ---- dead tuples -------------------------------------------------------------------------- */

/* Notes the dead tuples of each table in the JSON array text; appends the names to vacuum. */
static void
keep_dead(const char *text, struct pp_case_result *r, struct pp_buf *names)
{
	cJSON *rows = text != NULL ? cJSON_Parse(text) : NULL;
	const cJSON *row;

	r->dead_measured = true;
	cJSON_ArrayForEach(row, rows)
	{
		char *name = pp_json_string(row, "name");

		if (name == NULL)
			continue;
		pp_result_add_dead_tuples(r, name, (int64_t)pp_json_number(row, "dead", 0));
		pp_buf_printf(names, "%s%s", names->len > 0 ? ", " : "", name);
		free(name);
	}
	cJSON_Delete(rows);
}

/* Reads the dead tuples of the tables the case wrote to and, with vacuum, vacuums them. */
static bool
settle_tables(struct pp_conn *conn, const struct pp_footprint *fp, bool vacuum,
	      struct pp_case_result *r)
{
	struct pp_db_error err = { 0 };
	struct pp_buf sql, names;
	char *before, *touched, *text = NULL;
	bool alive = true;

	if (!fp->writes || fp->tables == NULL || fp->counters == NULL)
		return true;
	pp_buf_init(&sql);
	pp_buf_init(&names);
	before = pp_conn_quote_literal(conn, fp->tables);
	touched = pp_conn_quote_literal(conn, fp->touched != NULL ? fp->touched : "{}");
	pp_buf_printf(&sql, dead_sql, before, touched);
	if (pp_conn_exec_value(conn, sql.data, &text, &err))
		keep_dead(text, r, &names);
	else
		alive = survived(&err, "reading the dead tuples a write case left");
	pp_db_error_reset(&err);
	if (alive && vacuum && names.len > 0) {
		pp_buf_clear(&sql);
		pp_buf_printf(&sql, "VACUUM %s%s",
			      pp_conn_server_version(conn) >= 120000 ? "(INDEX_CLEANUP ON) " : "",
			      names.data);
		r->vacuumed = pp_conn_exec(conn, sql.data, &err);
		if (!r->vacuumed)
			alive = survived(&err, "vacuuming the tables a write case wrote to");
	}
	pp_db_error_reset(&err);
	free(before);
	free(touched);
	free(text);
	pp_buf_reset(&names);
	pp_buf_reset(&sql);
	return alive;
}

bool
pp_footprint_settle(struct pp_conn *conn, struct pp_footprint *fp, bool vacuum,
		    struct pp_case_result *r)
{
	/* Never inside the case's transaction: putting a sequence back commits. */
	if (pp_conn_lost(conn) || pp_conn_in_transaction(conn))
		return false;
	if (!settle_sequences(conn, fp, r))
		return false;
	return settle_tables(conn, fp, vacuum, r) && !pp_conn_lost(conn);
}

/* ---- a whole load run --------------------------------------------------------------------- */

/* The sequences moved since fp->positions, "oid:draws,..." with the draws their movement
 * amounts to (a load run's clients are many sessions, each drawing in its own transactions). */
static const char moved_sql[] =
	"SELECT pg_catalog.string_agg(s.seqrelid || ':' || ((coalesce(pg_catalog."
	"pg_sequence_last_value(s.seqrelid), s.seqstart - s.seqincrement) - coalesce(($1::jsonb ->> "
	"s.seqrelid::text)::bigint, s.seqstart - s.seqincrement)) / (s.seqcache * s.seqincrement)), "
	"',') FROM pg_catalog.pg_sequence s WHERE $1::jsonb ? s.seqrelid::text AND pg_catalog."
	"pg_sequence_last_value(s.seqrelid) IS DISTINCT FROM ($1::jsonb ->> s.seqrelid::text)::bigint";

/* Notes every sequence in drawn ("oid:draws,...") as left, by name. */
static void
note_moved(struct pp_conn *conn, const char *drawn, struct pp_case_result *r)
{
	const char *params[1] = { drawn };
	struct pp_db_error err = { 0 };
	char **names = NULL;
	size_t n = 0;

	if (!pp_conn_query_column(conn, "SELECT pg_catalog.split_part(x, ':', 1)::pg_catalog.oid::"
				  "pg_catalog.regclass::text FROM pg_catalog.unnest(pg_catalog."
				  "string_to_array($1, ',')) AS x", 1, params, &names, &n, &err))
		(void)survived(&err, "naming the sequences the load moved");
	for (size_t i = 0; i < n; i++) {
		pp_result_add_sequence_left(r, names[i] ? names[i] : "?", NULL, "moved during the "
					    "load; on a database other sessions may use, pgperf "
					    "cannot tell its draws from theirs, so it put none back");
		free(names[i]);
	}
	free(names);
	pp_db_error_reset(&err);
}

bool
pp_footprint_settle_all(struct pp_conn *conn, struct pp_footprint *fp, bool put_back,
			struct pp_case_result *r)
{
	const char *params[1] = { fp->positions };
	struct pp_db_error err = { 0 };
	bool alive = true;

	if (fp->positions == NULL || pp_conn_lost(conn) || pp_conn_in_transaction(conn))
		return !pp_conn_lost(conn);
	free(fp->drawn);
	fp->drawn = NULL;
	if (!pp_conn_query_value(conn, moved_sql, 1, params, &fp->drawn, &err)) {
		alive = survived(&err, "reading the sequences the load moved");
	} else if (fp->drawn != NULL && !put_back) {
		note_moved(conn, fp->drawn, r);
	} else if (fp->drawn != NULL) {
		alive = settle_sequences(conn, fp, r);
	}
	pp_db_error_reset(&err);
	return alive;
}
