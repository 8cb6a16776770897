/*
 * sqluse.h: where each $N of a statement is used, read from PostgreSQL's parse tree, so its
 * values can be drawn from the database under test: the column it is compared with
 * (`author_id = $1`, `id = ANY($1)`, `IN`, `BETWEEN`, `LIKE`), inserted into
 * (`VALUES ($1, $2)`), or assigned (`SET bio = $2`), or a LIMIT or OFFSET.
 *
 * A struct pp_uses is caller-owned storage (pp_sqluse_analyze / pp_sqluse_reset) that owns its
 * strings. No libpg_query or cJSON value leaves sqluse.c.
 */
#ifndef PP_SQLUSE_H
#define PP_SQLUSE_H

#include <stdbool.h>
#include <stddef.h>

enum pp_use_role {
	PP_USE_UNKNOWN, /* none of the below: its values cannot be told from the statement */
	PP_USE_MATCH,   /* compared with a column: the column's existing values */
	PP_USE_ANY,     /* column = ANY($N): an array of the column's existing values */
	PP_USE_WRITE,   /* inserted into or assigned to a column: values the column can take */
	PP_USE_LIMIT,
	PP_USE_OFFSET
};

struct pp_use {
	enum pp_use_role role;
	char *column;      /* the column; NULL for LIMIT, OFFSET, unknown, and an INSERT without
			    * a column list (position then) */
	char *open, *close; /* the expression the column is compared through, around its name:
			     * "lower(" and ")" for lower(email) = $1, "(" and ")::pg_catalog.date"
			     * for created_at::date = $1; NULL when compared bare (or through
			     * something pgperf cannot write back, then the column's own values) */
	int position;      /* INSERT without a column list: the column's position from 1 */
	char **relations;  /* where the column may be, as written ("app.authors", "authors"):
			    * the qualifier's relation when the column was qualified, else every
			    * relation in scope, innermost first */
	size_t n_relations;
};

struct pp_uses {
	struct pp_use *items; /* items[i] is $(i+1) */
	int n;
};

/* Reads sql's uses of $1..$n_params; false only when sql does not parse. */
bool pp_sqluse_analyze(const char *sql, int n_params, struct pp_uses *out);
void pp_sqluse_copy(struct pp_uses *dst, const struct pp_uses *src);
void pp_sqluse_reset(struct pp_uses *u);
/* "compared with", "inserted into or assigned to" ... for messages. */
const char *pp_sqluse_role_name(enum pp_use_role role);

#endif
