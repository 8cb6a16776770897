/*
 * named.c: named parameters to positional ones, token by token (see named.h).
 */
#include "input/named.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/mem.h"
#include "util/str.h"

/* The rewrite in progress: the scanner's tokens and what has been written so far. */
struct rewrite {
	const char *sql;
	const struct pp_sql_token *t;
	size_t n;
	struct pp_buf out;
	size_t copied;  /* bytes of sql already copied or replaced */
	struct pp_named *res;
	int next;       /* the number the next new name gets */
};

static bool
adjacent(const struct rewrite *rw, size_t i)
{
	return i + 1 < rw->n && rw->t[i + 1].start == rw->t[i].end;
}

static bool
is_char(const struct rewrite *rw, size_t i, char c)
{
	return i < rw->n && rw->t[i].kind == PP_SQL_TOKEN_CHAR && rw->t[i].ch == c;
}

static bool
is_name(const struct rewrite *rw, size_t i)
{
	return i < rw->n && rw->t[i].kind == PP_SQL_TOKEN_NAME;
}

static bool
token_is(const struct rewrite *rw, size_t i, const char *word)
{
	size_t len = (size_t)(rw->t[i].end - rw->t[i].start);

	return strlen(word) == len && strncmp(rw->sql + rw->t[i].start, word, len) == 0;
}

/* The number of a name, given a new one at its first use. */
static int
number_of(struct rewrite *rw, const char *name, size_t len, bool list)
{
	struct pp_named *r = rw->res;

	for (int i = 0; i < r->n_params; i++)
		if (r->params[i].name != NULL && strlen(r->params[i].name) == len &&
		    strncmp(r->params[i].name, name, len) == 0)
			return i + 1;
	if (rw->next > r->n_params) {
		r->params = pp_mem_realloc(r->params, (size_t)rw->next * sizeof *r->params);
		memset(r->params + r->n_params, 0,
		       (size_t)(rw->next - r->n_params) * sizeof *r->params);
		r->n_params = rw->next;
	}
	r->params[rw->next - 1].name = pp_mem_strndup(name, len);
	r->params[rw->next - 1].list = list;
	return rw->next++;
}

/* Replaces sql[from..to) with text, padded with blanks to the length it replaces. */
static void
replace(struct rewrite *rw, int from, int to, const char *text)
{
	size_t len = strlen(text);

	pp_buf_append(&rw->out, rw->sql + rw->copied, (size_t)from - rw->copied);
	pp_buf_puts(&rw->out, text);
	for (size_t k = len; k < (size_t)(to - from); k++)
		pp_buf_putc(&rw->out, ' ');
	rw->copied = (size_t)to;
}

static void
replace_param(struct rewrite *rw, int from, int to, size_t name_tok, bool list)
{
	const struct pp_sql_token *nt = &rw->t[name_tok];
	const char *name = rw->sql + nt->start;
	size_t len = (size_t)(nt->end - nt->start);
	char text[16];

	if (rw->t[name_tok].kind == PP_SQL_TOKEN_STRING && len >= 2) { /* sqlc.arg('name') */
		name++;
		len -= 2;
	}
	snprintf(text, sizeof text, "$%d", number_of(rw, name, len, list));
	replace(rw, from, to, text);
}

/* Notes the first form that cannot be run as it is: HugSQL's :i:, :t:, :sql:, :snip: ... */
static void
set_problem(struct rewrite *rw, size_t i, const char *what)
{
	if (rw->res->problem != NULL)
		return;
	rw->res->problem = pp_str_printf("the HugSQL parameter %s puts identifiers or SQL text "
					 "into the statement, which cannot be prepared: write "
					 "what it stands for in the case",
					 what);
	rw->res->problem_offset = rw->t[i].start;
}

/* HugSQL's :TYPE:name and :TYPE*:name at the ':' token i; returns the tokens used, 0 if none. */
static size_t
hugsql_param(struct rewrite *rw, size_t i)
{
	size_t k = i + 1, type = i + 1;
	bool star = false;
	char what[32];

	if (!adjacent(rw, i) || !is_name(rw, type) || !adjacent(rw, type))
		return 0;
	k = type + 1;
	if (is_char(rw, k, '*') && adjacent(rw, k)) {
		star = true;
		k++;
	}
	if (!is_char(rw, k, ':') || !adjacent(rw, k) || !is_name(rw, k + 1))
		return 0;
	if (token_is(rw, type, "v")) {
		replace_param(rw, rw->t[i].start, rw->t[k + 1].end, k + 1, star);
		return k + 2 - i;
	}
	snprintf(what, sizeof what, ":%.*s%s:", rw->t[type].end - rw->t[type].start,
		 rw->sql + rw->t[type].start, star ? "*" : "");
	set_problem(rw, i, what);
	return k + 2 - i;
}

/* sqlc.arg(x), sqlc.narg(x), sqlc.slice(x), sqlc.embed(t) at token i; tokens used, 0 if none. */
static size_t
sqlc_macro(struct rewrite *rw, size_t i)
{
	size_t f = i + 2, arg = i + 4;
	bool embed;

	if (!token_is(rw, i, "sqlc") || !is_char(rw, i + 1, '.') || !is_name(rw, f) ||
	    !is_char(rw, i + 3, '(') || arg >= rw->n || !is_char(rw, i + 5, ')'))
		return 0;
	embed = token_is(rw, f, "embed");
	if (!(is_name(rw, arg) || (!embed && rw->t[arg].kind == PP_SQL_TOKEN_STRING)))
		return 0;
	if (embed) {
		char *text = pp_str_printf("%.*s.*", rw->t[arg].end - rw->t[arg].start,
					   rw->sql + rw->t[arg].start);

		replace(rw, rw->t[i].start, rw->t[i + 5].end, text);
		free(text);
	} else if (token_is(rw, f, "arg") || token_is(rw, f, "narg") || token_is(rw, f, "slice")) {
		replace_param(rw, rw->t[i].start, rw->t[i + 5].end, arg, token_is(rw, f, "slice"));
	} else {
		return 0;
	}
	return 6;
}

/*
 * @name (an "@" operator token right before a name), also where the scanner joined the "@" to a
 * comparison before it (id=@id scans as "=@" then "id"); tokens used, 0 if none.
 */
static size_t
at_param(struct rewrite *rw, size_t i)
{
	static const char *const ops[] = { "=@", "<>@", "!=@", "<@", ">@", "<=@", ">=@" };
	const struct pp_sql_token *t = &rw->t[i];

	if (t->kind != PP_SQL_TOKEN_OP || !adjacent(rw, i) || !is_name(rw, i + 1))
		return 0;
	if (token_is(rw, i, "@")) {
		replace_param(rw, t->start, rw->t[i + 1].end, i + 1, false);
		return 2;
	}
	/* "<@" stays the contained-by operator: only a comparison's trailing "@" is a sigil. */
	for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
		if (token_is(rw, i, ops[k]) && strcmp(ops[k], "<@") != 0) {
			replace_param(rw, t->end - 1, rw->t[i + 1].end, i + 1, false);
			return 2;
		}
	}
	return 0;
}

/* One token at i (and what follows it): how many tokens it used. */
static size_t
rewrite_token(struct rewrite *rw, size_t i, int *brackets)
{
	size_t used;

	if (is_char(rw, i, '['))
		(*brackets)++;
	else if (is_char(rw, i, ']') && *brackets > 0)
		(*brackets)--;
	if (is_char(rw, i, ':') && *brackets == 0) {
		if ((used = hugsql_param(rw, i)) > 0)
			return used;
		if (adjacent(rw, i) && is_name(rw, i + 1)) {
			replace_param(rw, rw->t[i].start, rw->t[i + 1].end, i + 1, false);
			return 2;
		}
	}
	if (is_name(rw, i) && (used = sqlc_macro(rw, i)) > 0)
		return used;
	if ((used = at_param(rw, i)) > 0)
		return used;
	return 1;
}

/* The highest $N written in the SQL. */
static int
highest_param(const char *sql, const struct pp_sql_token *t, size_t n)
{
	int max = 0;

	for (size_t i = 0; i < n; i++) {
		if (t[i].kind == PP_SQL_TOKEN_PARAM) {
			long v = strtol(sql + t[i].start + 1, NULL, 10);

			if (v > max && v < 65536)
				max = (int)v;
		}
	}
	return max;
}

bool
pp_named_rewrite(const char *sql, struct pp_named *out, struct pp_sql_error *err)
{
	struct pp_sql_token *tokens;
	struct rewrite rw = { .sql = sql, .res = out };
	int brackets = 0;
	size_t n;

	memset(out, 0, sizeof *out);
	if (!pp_sql_scan(sql, &tokens, &n, err))
		return false;
	rw.t = tokens;
	rw.n = n;
	out->n_params = highest_param(sql, tokens, n);
	if (out->n_params > 0)
		out->params = pp_mem_calloc((size_t)out->n_params, sizeof *out->params);
	rw.next = out->n_params + 1;
	pp_buf_init(&rw.out);
	for (size_t i = 0; i < n;)
		i += rewrite_token(&rw, i, &brackets);
	pp_buf_puts(&rw.out, sql + rw.copied);
	out->sql = pp_buf_steal(&rw.out);
	free(tokens);
	return true;
}

void
pp_named_reset(struct pp_named *n)
{
	for (int i = 0; i < n->n_params; i++)
		free(n->params[i].name);
	free(n->params);
	free(n->sql);
	free(n->problem);
	memset(n, 0, sizeof *n);
}
