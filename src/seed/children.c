/*
 * children.c: the inheritance children of a seeded table, analyzed (see children.h).
 */
#include "seed/children.h"

#include <stdlib.h>
#include <string.h>

#include "util/mem.h"
#include "util/str.h"

/* Every inheritance descendant of $1, partitions of a partitioned table left out. */
static const char children_sql[] =
	"WITH RECURSIVE tree(oid) AS ("
	" SELECT i.inhrelid FROM pg_catalog.pg_inherits i WHERE i.inhparent = $1::regclass"
	" UNION"
	" SELECT i.inhrelid FROM pg_catalog.pg_inherits i JOIN tree t ON i.inhparent = t.oid)"
	" SELECT c.oid::regclass::text FROM tree t JOIN pg_catalog.pg_class c ON c.oid = t.oid"
	" WHERE NOT c.relispartition AND c.relkind IN ('r', 'p') ORDER BY 1";

/* The rows ANALYZE counted in $1 alone. */
static const char rows_sql[] =
	"SELECT greatest(reltuples, 0)::bigint::text FROM pg_catalog.pg_class "
	"WHERE oid = $1::regclass";

static bool
read_rows(struct pp_conn *conn, const char *table, int64_t *rows, struct pp_db_error *err)
{
	const char *params[1] = { table };
	char *text = NULL;
	bool ok = pp_conn_query_value(conn, rows_sql, 1, params, &text, err);

	*rows = ok && text != NULL ? strtoll(text, NULL, 10) : 0;
	free(text);
	return ok;
}

bool
pp_children_analyze(struct pp_conn *conn, const char *table, struct pp_children *out,
		    struct pp_db_error *err)
{
	char *quoted = pp_conn_quote_ident(conn, table);
	const char *params[1] = { quoted };
	bool ok;

	memset(out, 0, sizeof *out);
	ok = pp_conn_query_column(conn, children_sql, 1, params, &out->names, &out->n, err);
	if (ok && out->n > 0) {
		out->rows = pp_mem_calloc(out->n, sizeof *out->rows);
		ok = read_rows(conn, quoted, &out->parent_rows, err);
	}
	for (size_t i = 0; ok && i < out->n; i++) {
		char *sql = pp_str_printf("ANALYZE %s", out->names[i]);

		ok = pp_conn_exec(conn, sql, err) && read_rows(conn, out->names[i], &out->rows[i], err);
		free(sql);
	}
	free(quoted);
	return ok;
}

void
pp_children_reset(struct pp_children *c)
{
	pp_str_list_free(c->names, c->n);
	free(c->rows);
	memset(c, 0, sizeof *c);
}
