/*
 * indexinfo.c: the catalog look-ups about the indexes around a case's plan (see indexinfo.h).
 */
#include "run/indexinfo.h"

#include <stdlib.h>
#include <string.h>

#include "util/mem.h"
#include "util/str.h"
#include "verdict/findings.h"
#include "verdict/reads.h"

/*
 * Which join columns of the plan's few-kept hash joins an index leads with (r->indexed), so
 * that a missing index is told from a hash join the planner chose over one. Best effort: a
 * failed look-up leaves the column out (a finding may then name an index that exists).
 */
static void
read_indexed(struct pp_conn *conn, struct pp_case_result *r)
{
	static const char sql[] =
		"SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_index i JOIN pg_catalog.pg_attribute a "
		"ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] "
		"WHERE i.indrelid = pg_catalog.to_regclass($1) AND a.attname = $2)::text";
	size_t n;
	char **cols = pp_findings_join_columns(r, &n);

	for (size_t i = 0; i < n; i++) {
		char *dot = strrchr(cols[i], '.'), *rel, *found = NULL;
		const char *params[2];
		struct pp_db_error err = { 0 };

		if (dot == NULL)
			continue;
		*dot = '\0';
		rel = pp_conn_quote_ident(conn, cols[i]);
		params[0] = rel;
		params[1] = dot + 1;
		if (pp_conn_query_value(conn, sql, 2, params, &found, &err) && found != NULL &&
		    strcmp(found, "true") == 0) {
			*dot = '.';
			pp_str_list_push(&r->indexed, &r->n_indexed, pp_mem_strdup(cols[i]));
		}
		pp_db_error_reset(&err);
		free(found);
		free(rel);
	}
	pp_str_list_free(cols, n);
}

/* The leading column and size of each index the plan searches (r->index_leads). Best effort. */
static void
read_index_leads(struct pp_conn *conn, struct pp_case_result *r)
{
	static const char sql[] =
		"SELECT a.attname::text || E'\\t' || c.relpages::text FROM pg_catalog.pg_class c "
		"JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid "
		"JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] "
		"WHERE c.oid = pg_catalog.to_regclass($1)";
	size_t n;
	char **keys = pp_reads_searched_indexes(r, &n);

	for (size_t i = 0; i < n; i++) {
		char *quoted = pp_conn_quote_ident(conn, keys[i]), *found = NULL;
		const char *params[1] = { quoted };
		struct pp_db_error err = { 0 };

		if (pp_conn_query_value(conn, sql, 1, params, &found, &err) && found != NULL)
			pp_str_list_push(&r->index_leads, &r->n_index_leads,
					 pp_str_printf("%s\t%s", keys[i], found));
		pp_db_error_reset(&err);
		free(found);
		free(quoted);
	}
	pp_str_list_free(keys, n);
}

void
pp_indexinfo_read(struct pp_conn *conn, struct pp_case_result *r)
{
	read_indexed(conn, r);
	read_index_leads(conn, r);
}
