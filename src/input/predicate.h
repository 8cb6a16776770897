/*
 * predicate.h: the columns a condition compares, read from PostgreSQL's parse tree (never from
 * the text): a plan node's Filter, Index Cond or Hash Cond as EXPLAIN prints it, e.g.
 * "((o.customer_id = $1) AND (o.created_at > now()))". pgperf whatif --suggest derives candidate
 * indexes from them.
 *
 * The column lists are string lists (util/str.h) the caller frees.
 */
#ifndef PP_PREDICATE_H
#define PP_PREDICATE_H

#include <stdbool.h>
#include <stddef.h>

struct pp_predicate {
	char **equal;  /* compared with =, IN or = ANY: leading index columns */
	size_t n_equal;
	char **range;  /* compared with <, <=, >, >=, BETWEEN, LIKE 'x%': one may follow them */
	size_t n_range;
	size_t n_expressions; /* comparisons of an expression over a column (upper(email) = $1,
			       * (payload ->> 'n')::int = 5), which no plain column's statistics
			       * describe */
};

/*
 * Adds the columns of expr that belong to qualifier (an alias or a table name; a column written
 * without a qualifier belongs to every one) to *out, each once. A comparison between two
 * columns counts for the side that has the qualifier (a join condition). False when expr does
 * not parse (out is left as it was).
 */
bool pp_predicate_read(const char *expr, const char *qualifier, struct pp_predicate *out);
void pp_predicate_reset(struct pp_predicate *p);
/*
 * "CREATE INDEX ON schema.table (a, b, c)" for relation ("schema.table") and p: its equality
 * columns first, then one range column, three at most, identifiers quoted where SQL needs it.
 * Caller frees.
 */
char *pp_predicate_index(const char *relation, const struct pp_predicate *p);

#endif
