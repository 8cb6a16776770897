/*
 * named.h: the named parameters of the query-file formats, turned into PostgreSQL's positional
 * $N with PostgreSQL's own scanner, so a `:name` inside a string, a comment, a cast (`::int`)
 * or an array slice (`a[1:n]`) is left alone:
 *
 *   :name                        aiosql, yesql, HugSQL (HugSQL's :v:name and :v*:name too)
 *   @name                        sqlc (never PostgreSQL's absolute-value operator)
 *   sqlc.arg(name), sqlc.narg(name), sqlc.slice(name)    sqlc; sqlc.embed(t) becomes t.*
 *   $N                           PostgreSQL's own, kept as written
 *
 * Each name gets one number, in order of first use after the highest $N written. A replacement
 * is padded with blanks to the length of what it replaced, so lines and columns of the SQL stay
 * those of the file. A struct pp_named is caller-owned storage (pp_named_rewrite /
 * pp_named_reset) that owns its strings.
 */
#ifndef PP_NAMED_H
#define PP_NAMED_H

#include <stdbool.h>
#include <stddef.h>

#include "input/sql.h"

struct pp_named_param {
	char *name; /* as written, without its sigil; NULL for a $N written as such */
	bool list;  /* a value list (HugSQL :v*:name, sqlc.slice): bound as a single value */
};

struct pp_named {
	char *sql;                     /* the SQL with positional parameters only */
	struct pp_named_param *params; /* params[i] is $(i+1) */
	int n_params;                  /* the highest $N of sql */
	char *problem;  /* a form that cannot be run as it is (HugSQL :i:name, :sql:name ...): what
			 * it is and what to write instead; NULL when none */
	int problem_offset; /* its byte offset in the SQL */
};

/*
 * Rewrites sql into *out. False (with *err filled, release it with pp_sql_error_reset) when the
 * scanner fails: an unterminated string or comment.
 */
bool pp_named_rewrite(const char *sql, struct pp_named *out, struct pp_sql_error *err);
void pp_named_reset(struct pp_named *n);

#endif
