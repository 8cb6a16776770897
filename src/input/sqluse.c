/*
 * sqluse.c: the uses of each $N, from PostgreSQL's parse tree as JSON (see sqluse.h). Scopes
 * follow the statements: each SELECT, INSERT, UPDATE and DELETE sees its own relations, then
 * those of the statements around it.
 */
#include "input/sqluse.h"

#include <cJSON.h>
#include <pg_query.h>
#include <stdlib.h>
#include <string.h>

#include "input/sql.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/str.h"

/* A relation in a FROM list; the strings point into the parse tree. */
struct rel {
	const char *schema, *name, *alias;
};

struct scope {
	struct rel *rels;
	size_t n, cap;
	const struct scope *up;
};

struct walk {
	struct pp_uses *out;
};

static const char *
str_of(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const cJSON *
get(const cJSON *obj, const char *key)
{
	return obj ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
}

/* The $N a node is (also through a cast or as COALESCE's first argument), else 0. */
static int
param_of(const cJSON *node)
{
	const cJSON *p;

	if ((p = get(node, "ParamRef")) != NULL) {
		const cJSON *num = get(p, "number");

		return cJSON_IsNumber(num) ? num->valueint : 0;
	}
	if ((p = get(node, "TypeCast")) != NULL)
		return param_of(get(p, "arg"));
	if ((p = get(node, "CoalesceExpr")) != NULL)
		return param_of(cJSON_GetArrayItem(get(p, "args"), 0));
	return 0;
}

/* The ColumnRef a node is (through a cast or a one-argument function such as lower()). */
static const cJSON *
column_of(const cJSON *node)
{
	const cJSON *p;

	if ((p = get(node, "ColumnRef")) != NULL)
		return p;
	if ((p = get(node, "TypeCast")) != NULL)
		return column_of(get(p, "arg"));
	if ((p = get(node, "FuncCall")) != NULL && cJSON_GetArraySize(get(p, "args")) == 1)
		return column_of(cJSON_GetArrayItem(get(p, "args"), 0));
	return NULL;
}

/* Appends a list of String nodes as a qualified name; false if an item is not a String. */
static bool
put_name(struct pp_buf *b, const cJSON *names)
{
	const cJSON *item;
	bool first = true;

	cJSON_ArrayForEach(item, names) {
		const char *part = str_of(get(item, "String"), "sval");

		if (part == NULL)
			return false;
		if (!first)
			pp_buf_putc(b, '.');
		pp_sql_put_ident(b, part);
		first = false;
	}
	return !first;
}

/* Appends a cast's type as written back ("pg_catalog.numeric(10,2)"); false if it cannot be. */
static bool
put_type(struct pp_buf *b, const cJSON *type)
{
	const cJSON *names = get(type, "names"), *mods = get(type, "typmods"), *item;
	const char *last = str_of(get(cJSON_GetArrayItem(names, cJSON_GetArraySize(names) - 1),
				      "String"),
				  "sval");
	const char *sep = "(";

	if (get(type, "setof") != NULL || get(type, "pct_type") != NULL || !put_name(b, names))
		return false;
	cJSON_ArrayForEach(item, mods) {
		const cJSON *v = get(get(get(item, "A_Const"), "ival"), "ival");

		if (!cJSON_IsNumber(v) || (last != NULL && strcmp(last, "interval") == 0))
			return false; /* an interval's typmod is its fields, not a number */
		pp_buf_printf(b, "%s%d", sep, v->valueint);
		sep = ",";
	}
	if (cJSON_GetArraySize(mods) > 0)
		pp_buf_putc(b, ')');
	for (int i = 0; i < cJSON_GetArraySize(get(type, "arrayBounds")); i++)
		pp_buf_puts(b, "[]");
	return true;
}

/*
 * The text around the column of node, as column_of walks to it: into open (prepended) and close
 * (appended). False when a step cannot be written back (an aggregate, a window, a cast to a type
 * written in a way not kept): the column's own values are drawn then.
 */
static bool
wrapping(const cJSON *node, struct pp_buf *open, struct pp_buf *close)
{
	const cJSON *p;
	struct pp_buf pre;
	bool ok;

	if (get(node, "ColumnRef") != NULL)
		return true;
	pp_buf_init(&pre);
	if ((p = get(node, "TypeCast")) != NULL) {
		ok = wrapping(get(p, "arg"), open, close);
		pp_buf_putc(&pre, '(');
		pp_buf_puts(close, ")::");
		ok = ok && put_type(close, get(p, "typeName"));
	} else {
		p = get(node, "FuncCall");
		ok = p != NULL && get(p, "agg_star") == NULL && get(p, "agg_distinct") == NULL &&
		     get(p, "over") == NULL && get(p, "agg_order") == NULL &&
		     get(p, "agg_filter") == NULL && get(p, "func_variadic") == NULL &&
		     get(p, "agg_within_group") == NULL &&
		     wrapping(cJSON_GetArrayItem(get(p, "args"), 0), open, close) &&
		     put_name(&pre, get(p, "funcname"));
		pp_buf_putc(&pre, '(');
		pp_buf_putc(close, ')');
	}
	pp_buf_puts(&pre, open->data);
	pp_buf_clear(open);
	pp_buf_puts(open, pre.data);
	pp_buf_reset(&pre);
	return ok;
}

static void
add_relation(struct pp_use *u, const struct rel *r)
{
	char *name = r->schema ? pp_str_printf("%s.%s", r->schema, r->name)
			       : pp_mem_strdup(r->name);

	if (pp_str_list_has(u->relations, u->n_relations, name)) {
		free(name);
		return;
	}
	pp_str_list_push(&u->relations, &u->n_relations, name);
}

/* Records the first use of $n only: later ones (a sqlc.narg's IS NULL test) add nothing. */
static struct pp_use *
claim(struct walk *w, int n, enum pp_use_role role)
{
	struct pp_use *u;

	if (n < 1 || n > w->out->n)
		return NULL;
	u = &w->out->items[n - 1];
	if (u->role != PP_USE_UNKNOWN)
		return NULL;
	u->role = role;
	return u;
}

/* $n compared with expr, whose column (column_of) is resolved against the scopes. */
static void
use_column(struct walk *w, int n, enum pp_use_role role, const cJSON *expr,
	   const struct scope *sc)
{
	const cJSON *ref = column_of(expr);
	const cJSON *fields = get(ref, "fields");
	int nf = cJSON_GetArraySize(fields);
	const char *col = str_of(get(cJSON_GetArrayItem(fields, nf - 1), "String"), "sval");
	const char *qual = nf >= 2 ? str_of(get(cJSON_GetArrayItem(fields, nf - 2), "String"),
					    "sval")
				   : NULL;
	struct pp_use *u;

	if (col == NULL || (u = claim(w, n, role)) == NULL)
		return;
	u->column = pp_mem_strdup(col);
	if (get(expr, "ColumnRef") == NULL) {
		struct pp_buf open, close;

		pp_buf_init(&open);
		pp_buf_init(&close);
		if (wrapping(expr, &open, &close)) {
			u->open = pp_buf_steal(&open);
			u->close = pp_buf_steal(&close);
		}
		pp_buf_reset(&open);
		pp_buf_reset(&close);
	}
	for (const struct scope *s = sc; s != NULL; s = s->up) {
		for (size_t i = 0; i < s->n; i++) {
			const struct rel *r = &s->rels[i];

			if (qual == NULL || (r->alias ? strcmp(r->alias, qual) == 0
						      : strcmp(r->name, qual) == 0))
				add_relation(u, r);
		}
		if (qual != NULL && u->n_relations > 0)
			return;
	}
}

static void
use_target(struct walk *w, int n, const char *col, int position, const struct rel *r)
{
	struct pp_use *u = claim(w, n, PP_USE_WRITE);

	if (u == NULL)
		return;
	u->column = col ? pp_mem_strdup(col) : NULL;
	u->position = col ? 0 : position;
	add_relation(u, r);
}

/* The one argument of a call of a function named as other's is (lower(x) and lower(y)). */
static bool
same_call(const cJSON *a, const cJSON *b, const cJSON **arg_a, const cJSON **arg_b)
{
	const cJSON *fa = get(a, "FuncCall"), *fb = get(b, "FuncCall");
	struct pp_buf na, nb;
	bool same;

	if (fa == NULL || fb == NULL || cJSON_GetArraySize(get(fa, "args")) != 1 ||
	    cJSON_GetArraySize(get(fb, "args")) != 1)
		return false;
	pp_buf_init(&na);
	pp_buf_init(&nb);
	same = put_name(&na, get(fa, "funcname")) && put_name(&nb, get(fb, "funcname")) &&
	       strcmp(na.data, nb.data) == 0;
	pp_buf_reset(&na);
	pp_buf_reset(&nb);
	*arg_a = cJSON_GetArrayItem(get(fa, "args"), 0);
	*arg_b = cJSON_GetArrayItem(get(fb, "args"), 0);
	return same;
}

/*
 * column OP $n, $n OP column, column = ANY($n), column IN ($n, ...), BETWEEN, LIKE. The same
 * function on both sides (lower(email) = lower($1)) is taken off both: the column's own values
 * then match, whatever the function does.
 */
static void
on_expr(struct walk *w, const cJSON *e, const struct scope *sc)
{
	const char *kind = str_of(e, "kind");
	const cJSON *l = get(e, "lexpr"), *r = get(e, "rexpr"), *item, *la, *ra;
	const cJSON *lcol, *rcol;

	for (int depth = 0; depth < 16 && same_call(l, r, &la, &ra); depth++) {
		l = la;
		r = ra;
	}
	lcol = column_of(l);
	rcol = column_of(r);

	if (kind == NULL || strcmp(kind, "AEXPR_OP") == 0) {
		if (lcol != NULL && param_of(r) > 0)
			use_column(w, param_of(r), PP_USE_MATCH, l, sc);
		else if (rcol != NULL && param_of(l) > 0)
			use_column(w, param_of(l), PP_USE_MATCH, r, sc);
	} else if (strcmp(kind, "AEXPR_OP_ANY") == 0 || strcmp(kind, "AEXPR_OP_ALL") == 0) {
		if (lcol != NULL && param_of(r) > 0)
			use_column(w, param_of(r), PP_USE_ANY, l, sc);
	} else if (lcol != NULL && get(r, "List") != NULL) { /* IN, BETWEEN */
		cJSON_ArrayForEach(item, get(get(r, "List"), "items"))
			if (param_of(item) > 0)
				use_column(w, param_of(item), PP_USE_MATCH, l, sc);
	} else if (lcol != NULL && param_of(r) > 0) { /* LIKE, ILIKE, SIMILAR TO, IS DISTINCT */
		use_column(w, param_of(r), PP_USE_MATCH, l, sc);
	}
}

static void walk(struct walk *w, const cJSON *node, const struct scope *sc);

static void
push_rel(struct scope *s, const cJSON *rv)
{
	struct rel *r;

	if (rv == NULL || str_of(rv, "relname") == NULL)
		return;
	s->rels = pp_mem_push(s->rels, &s->n, &s->cap, sizeof *s->rels);
	r = &s->rels[s->n - 1];
	r->schema = str_of(rv, "schemaname");
	r->name = str_of(rv, "relname");
	r->alias = str_of(get(rv, "alias"), "aliasname");
}

/* The relations of a FROM item (joins flattened; sub-queries are scopes of their own). */
static void
collect_item(struct scope *s, const cJSON *item)
{
	const cJSON *j = get(item, "JoinExpr");

	push_rel(s, get(item, "RangeVar"));
	if (j != NULL) {
		collect_item(s, get(j, "larg"));
		collect_item(s, get(j, "rarg"));
	}
}

static void
collect_from(struct scope *s, const cJSON *list)
{
	const cJSON *item;

	cJSON_ArrayForEach(item, list)
		collect_item(s, item);
}

/* INSERT: VALUES lists and a SELECT's target list, position by position with its columns. */
static void
on_insert(struct walk *w, const cJSON *ins, const struct rel *target)
{
	const cJSON *cols = get(ins, "cols"), *sel = get(get(ins, "selectStmt"), "SelectStmt");
	const cJSON *list, *item;

	cJSON_ArrayForEach(list, get(sel, "valuesLists"))
	{
		int i = 0;

		cJSON_ArrayForEach(item, get(get(list, "List"), "items"))
		{
			const cJSON *col = cJSON_GetArrayItem(cols, i++);

			if (param_of(item) > 0)
				use_target(w, param_of(item), str_of(get(col, "ResTarget"), "name"),
					   i, target);
		}
	}
	if (get(sel, "valuesLists") == NULL) {
		int i = 0;

		cJSON_ArrayForEach(item, get(sel, "targetList"))
		{
			const cJSON *col = cJSON_GetArrayItem(cols, i++);
			const cJSON *val = get(get(item, "ResTarget"), "val");

			if (param_of(val) > 0)
				use_target(w, param_of(val), str_of(get(col, "ResTarget"), "name"), i,
					   target);
		}
	}
}

/* SET col = $n (UPDATE, and INSERT's ON CONFLICT DO UPDATE). */
static void
on_assignments(struct walk *w, const cJSON *targets, const struct rel *target)
{
	const cJSON *item;

	cJSON_ArrayForEach(item, targets)
	{
		const cJSON *rt = get(item, "ResTarget");

		if (param_of(get(rt, "val")) > 0 && str_of(rt, "name") != NULL)
			use_target(w, param_of(get(rt, "val")), str_of(rt, "name"), 0, target);
	}
}

/* A statement: its own scope, its writes and limits, then everything inside it. */
static void
on_statement(struct walk *w, const char *kind, const cJSON *st, const struct scope *up)
{
	struct scope sc = { .up = up };
	const cJSON *child;

	if (strcmp(kind, "SelectStmt") == 0) {
		collect_from(&sc, get(st, "fromClause"));
		if (param_of(get(st, "limitCount")) > 0)
			claim(w, param_of(get(st, "limitCount")), PP_USE_LIMIT);
		if (param_of(get(st, "limitOffset")) > 0)
			claim(w, param_of(get(st, "limitOffset")), PP_USE_OFFSET);
	} else {
		push_rel(&sc, get(st, "relation"));
		collect_from(&sc, get(st, strcmp(kind, "DeleteStmt") == 0 ? "usingClause"
									  : "fromClause"));
	}
	if (sc.n > 0 && strcmp(kind, "InsertStmt") == 0) {
		on_insert(w, st, &sc.rels[0]);
		on_assignments(w, get(get(st, "onConflictClause"), "targetList"), &sc.rels[0]);
	} else if (sc.n > 0 && strcmp(kind, "UpdateStmt") == 0) {
		on_assignments(w, get(st, "targetList"), &sc.rels[0]);
	}
	cJSON_ArrayForEach(child, st)
		walk(w, child, &sc);
	free(sc.rels);
}

static void
walk(struct walk *w, const cJSON *node, const struct scope *sc)
{
	const cJSON *child;

	cJSON_ArrayForEach(child, node)
	{
		const char *k = child->string;

		if (k != NULL && (strcmp(k, "SelectStmt") == 0 || strcmp(k, "InsertStmt") == 0 ||
				  strcmp(k, "UpdateStmt") == 0 || strcmp(k, "DeleteStmt") == 0)) {
			on_statement(w, k, child, sc);
			continue;
		}
		if (k != NULL && strcmp(k, "A_Expr") == 0)
			on_expr(w, child, sc);
		if (cJSON_IsObject(child) || cJSON_IsArray(child))
			walk(w, child, sc);
	}
}

bool
pp_sqluse_analyze(const char *sql, int n_params, struct pp_uses *out)
{
	PgQueryParseResult res = pg_query_parse(sql);
	cJSON *tree = NULL;
	struct walk w = { .out = out };

	memset(out, 0, sizeof *out);
	if (res.error == NULL)
		tree = cJSON_Parse(res.parse_tree);
	pg_query_free_parse_result(res);
	if (tree == NULL)
		return false;
	out->n = n_params;
	out->items = n_params > 0 ? pp_mem_calloc((size_t)n_params, sizeof *out->items) : NULL;
	walk(&w, get(tree, "stmts"), NULL);
	cJSON_Delete(tree);
	return true;
}

void
pp_sqluse_copy(struct pp_uses *dst, const struct pp_uses *src)
{
	dst->n = src->n;
	dst->items = src->n > 0 ? pp_mem_calloc((size_t)src->n, sizeof *dst->items) : NULL;
	for (int i = 0; i < src->n; i++) {
		dst->items[i] = src->items[i];
		dst->items[i].column = src->items[i].column ? pp_mem_strdup(src->items[i].column)
							    : NULL;
		dst->items[i].open = src->items[i].open ? pp_mem_strdup(src->items[i].open) : NULL;
		dst->items[i].close = src->items[i].close ? pp_mem_strdup(src->items[i].close)
							  : NULL;
		dst->items[i].relations = pp_str_list_dup(src->items[i].relations,
							  src->items[i].n_relations);
	}
}

void
pp_sqluse_reset(struct pp_uses *u)
{
	for (int i = 0; i < u->n; i++) {
		free(u->items[i].column);
		free(u->items[i].open);
		free(u->items[i].close);
		pp_str_list_free(u->items[i].relations, u->items[i].n_relations);
	}
	free(u->items);
	memset(u, 0, sizeof *u);
}

const char *
pp_sqluse_role_name(enum pp_use_role role)
{
	switch (role) {
	case PP_USE_MATCH:
		return "compared with";
	case PP_USE_ANY:
		return "compared (= ANY) with";
	case PP_USE_WRITE:
		return "written to";
	case PP_USE_LIMIT:
		return "LIMIT";
	case PP_USE_OFFSET:
		return "OFFSET";
	default:
		return "used";
	}
}
