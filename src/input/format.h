/*
 * format.h: the name lines of the query-file formats pgperf reads as they are, each format a
 * row of one table behind this interface:
 *
 *   pgperf, yesql, plain named-query files   -- name: get-author
 *   sqlc                                     -- name: GetAuthor :one   (and :many, :exec, ...)
 *   aiosql                                   -- name: get-author^      (and $ ! <! *! #)
 *   HugSQL                                   -- :name get-author :? :1  (and -- :doc TEXT)
 *
 * The suffix a format writes after the name (what the statement returns or does) is the case's
 * kind, never part of its name. A struct pp_name_line is caller-owned storage
 * (pp_format_name_line / pp_format_reset) that owns its strings.
 */
#ifndef PP_FORMAT_H
#define PP_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

struct pp_name_line {
	const char *format; /* "pgperf", "sqlc", "aiosql", "hugsql" (static strings) */
	char *name;         /* as written, trimmed */
	char *kind;         /* ":one", "^", ":? :1" ...; NULL when the line gives none */
	char *error;        /* a malformed name line: what was expected; NULL when well formed */
	char *problem;      /* a well-formed line naming something that is not a statement
			     * (a HugSQL snippet); NULL otherwise */
};

/* True when line (n bytes, no line end) is a name line of one of the formats; fills *out. */
bool pp_format_name_line(const char *line, size_t n, struct pp_name_line *out);
/*
 * True when line is a header line a format uses to document a case (HugSQL's `-- :doc TEXT`,
 * or its other `-- :KEY ...` lines, whose *len is then 0); *text points into line.
 */
bool pp_format_doc_line(const char *line, size_t n, const char **text, size_t *len);
void pp_format_reset(struct pp_name_line *l);

#endif
