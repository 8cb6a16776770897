/*
 * sequences.c: sequences moved past seeded values (see sequences.h).
 */
#include "seed/sequences.h"

#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "util/str.h"

/*
 * The sequences behind a column: owned by it (serial, identity: an auto or internal dependency
 * of the sequence on the column), or called by its default (the default's dependency on the
 * sequence, as nextval('x_seq'::regclass) records it). Integer columns only.
 */
static const char sequences_sql[] =
	"SELECT DISTINCT d.seq::regclass::text FROM pg_catalog.pg_attribute a CROSS JOIN LATERAL "
	"(SELECT dep.objid FROM pg_catalog.pg_depend dep WHERE dep.classid = "
	"'pg_catalog.pg_class'::regclass AND dep.refclassid = 'pg_catalog.pg_class'::regclass AND "
	"dep.refobjid = a.attrelid AND dep.refobjsubid = a.attnum AND dep.deptype IN ('a', 'i') "
	"UNION SELECT dep.refobjid FROM pg_catalog.pg_attrdef ad JOIN pg_catalog.pg_depend dep ON "
	"dep.classid = 'pg_catalog.pg_attrdef'::regclass AND dep.objid = ad.oid AND dep.refclassid "
	"= 'pg_catalog.pg_class'::regclass WHERE ad.adrelid = a.attrelid AND ad.adnum = a.attnum) "
	"d(seq) JOIN pg_catalog.pg_class s ON s.oid = d.seq AND s.relkind = 'S' WHERE a.attrelid = "
	"$1::regclass AND a.attname = $2 AND NOT a.attisdropped AND a.atttypid IN "
	"('int2'::regtype, 'int4'::regtype, 'int8'::regtype, 'numeric'::regtype) ORDER BY 1";

bool
pp_sequences_advance(struct pp_conn *conn, const char *table, const char *column, int *moved,
		     struct pp_db_error *err)
{
	const char *params[2] = { table, column };
	char **seqs = NULL;
	size_t n = 0;
	bool ok = pp_conn_query_column(conn, sequences_sql, 2, params, &seqs, &n, err);

	for (size_t i = 0; ok && i < n; i++) {
		char *t = pp_conn_quote_ident(conn, table), *c = pp_conn_quote_ident(conn, column);
		char *seq = pp_conn_quote_literal(conn, seqs[i]);
		/* Never back: the sequence may already be past the seeded values. */
		char *sql = pp_str_printf(
			"SELECT CASE WHEN v IS NULL THEN 'empty' WHEN v < q.seqmin OR v > q.seqmax THEN "
			"'out' ELSE pg_catalog.setval(q.seqrelid, v)::text END FROM (SELECT CASE WHEN "
			"q.seqincrement > 0 THEN GREATEST(max(%s)::bigint, "
			"pg_catalog.pg_sequence_last_value(q.seqrelid)) ELSE LEAST(min(%s)::bigint, "
			"pg_catalog.pg_sequence_last_value(q.seqrelid)) END AS v, q.seqrelid FROM %s, "
			"pg_catalog.pg_sequence q WHERE q.seqrelid = %s::regclass GROUP BY q.seqrelid, "
			"q.seqincrement) x JOIN pg_catalog.pg_sequence q USING (seqrelid)",
			c, c, t, seq);
		char *result = NULL;

		ok = pp_conn_query_value(conn, sql, 0, NULL, &result, err);
		if (ok && result != NULL && strcmp(result, "out") == 0)
			pp_log_warning("seeded values of %s.%s are outside the bounds of its sequence "
				       "%s: it was left as it was",
				       table, column, seqs[i]);
		else if (ok && result != NULL && strcmp(result, "empty") != 0) {
			pp_log_debug("sequence %s of %s.%s set to %s", seqs[i], table, column, result);
			(*moved)++;
		}
		free(result);
		free(sql);
		free(seq);
		free(t);
		free(c);
	}
	pp_str_list_free(seqs, n);
	return ok;
}
