/*
 * predicate.c: the columns a condition compares (see predicate.h).
 */
#include "input/predicate.h"

#include <cJSON.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "input/sql.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/str.h"

#define MAX_KEY_COLUMNS 3 /* of a suggested index */

static const cJSON *
get(const cJSON *obj, const char *key)
{
	return obj ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
}

static const char *
sval(const cJSON *node)
{
	const cJSON *v = get(get(node, "String"), "sval");

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The column a node names (through a cast) when it belongs to qualifier, else NULL. */
static const char *
column_of(const cJSON *node, const char *qualifier)
{
	const cJSON *ref = get(node, "ColumnRef"), *fields;
	int n;

	if (get(node, "TypeCast") != NULL)
		return column_of(get(get(node, "TypeCast"), "arg"), qualifier);
	if (ref == NULL)
		return NULL;
	fields = get(ref, "fields");
	n = cJSON_GetArraySize(fields);
	if (n < 1 || sval(cJSON_GetArrayItem(fields, n - 1)) == NULL)
		return NULL;
	if (n >= 2 && qualifier != NULL) {
		const char *q = sval(cJSON_GetArrayItem(fields, n - 2));

		if (q == NULL || strcmp(q, qualifier) != 0)
			return NULL;
	}
	return sval(cJSON_GetArrayItem(fields, n - 1));
}

static void
add(char ***list, size_t *n, const char *col)
{
	if (col != NULL && !pp_str_list_has(*list, *n, col))
		pp_str_list_push(list, n, pp_mem_strdup(col));
}

static bool
is_range_op(const char *op)
{
	return strcmp(op, "<") == 0 || strcmp(op, "<=") == 0 || strcmp(op, ">") == 0 ||
	       strcmp(op, ">=") == 0 || strcmp(op, "~~") == 0;
}

/* Whether node is an expression (a call, an operator, a cast of one) over some column. */
static bool
over_column(const cJSON *node, int depth)
{
	const cJSON *child;

	if (depth > 32 || node == NULL)
		return false;
	if (get(node, "ColumnRef") != NULL)
		return depth > 0;
	cJSON_ArrayForEach(child, node)
		if ((cJSON_IsObject(child) || cJSON_IsArray(child)) && over_column(child, depth + 1))
			return true;
	return false;
}

/* One A_Expr: column OP value, value OP column, column IN (...), column = ANY (...). */
static void
on_expr(const cJSON *e, const char *qualifier, struct pp_predicate *out)
{
	const char *kind = cJSON_GetStringValue(get(e, "kind"));
	const char *op = sval(cJSON_GetArrayItem(get(e, "name"), 0));
	const char *l = column_of(get(e, "lexpr"), qualifier);
	const char *r = column_of(get(e, "rexpr"), qualifier);
	const char *col = l != NULL ? l : r;

	if (kind != NULL && op != NULL && col == NULL && strcmp(kind, "AEXPR_OP") == 0 &&
	    (strcmp(op, "=") == 0 || is_range_op(op)) &&
	    (over_column(get(e, "lexpr"), 0) || over_column(get(e, "rexpr"), 0)))
		out->n_expressions++;
	if (kind == NULL || op == NULL || col == NULL)
		return;
	if (strcmp(kind, "AEXPR_IN") == 0 || strcmp(kind, "AEXPR_OP_ANY") == 0 ||
	    (strcmp(kind, "AEXPR_OP") == 0 && strcmp(op, "=") == 0))
		add(&out->equal, &out->n_equal, col);
	else if (strcmp(kind, "AEXPR_BETWEEN") == 0 ||
		 (strcmp(kind, "AEXPR_OP") == 0 && is_range_op(op)))
		add(&out->range, &out->n_range, col);
}

static void
walk(const cJSON *node, const char *qualifier, struct pp_predicate *out)
{
	const cJSON *child;

	cJSON_ArrayForEach(child, node)
	{
		if (child->string != NULL && strcmp(child->string, "A_Expr") == 0)
			on_expr(child, qualifier, out);
		if (child->string != NULL && strcmp(child->string, "SubLink") == 0)
			continue; /* a sub-query's columns are not this relation's */
		if (child->string != NULL && strcmp(child->string, "BoolExpr") == 0 &&
		    cJSON_IsString(get(child, "boolop")) &&
		    strcmp(get(child, "boolop")->valuestring, "OR_EXPR") == 0)
			continue; /* one index cannot serve both sides of an OR */
		if (cJSON_IsObject(child) || cJSON_IsArray(child))
			walk(child, qualifier, out);
	}
}

bool
pp_predicate_read(const char *expr, const char *qualifier, struct pp_predicate *out)
{
	struct pp_sql_error err;
	char *sql = pp_str_printf("SELECT WHERE %s", expr);
	char *text = pp_sql_tree(sql, &err);
	cJSON *tree = text != NULL ? cJSON_Parse(text) : NULL;

	free(sql);
	free(text);
	pp_sql_error_reset(&err);
	if (tree == NULL)
		return false;
	walk(tree, qualifier, out); /* depth bounded by pp_sql_tree */
	cJSON_Delete(tree);
	return true;
}

char *
pp_predicate_index(const char *relation, const struct pp_predicate *p)
{
	const char *dot = strchr(relation, '.');
	struct pp_buf b;
	size_t n = 0;

	pp_buf_init(&b);
	pp_buf_puts(&b, "CREATE INDEX ON ");
	if (dot != NULL) {
		char *schema = pp_mem_strndup(relation, (size_t)(dot - relation));

		pp_sql_put_ident(&b, schema);
		pp_buf_putc(&b, '.');
		free(schema);
	}
	pp_sql_put_ident(&b, dot != NULL ? dot + 1 : relation);
	pp_buf_puts(&b, " (");
	for (size_t i = 0; i < p->n_equal && n < MAX_KEY_COLUMNS; i++, n++) {
		if (n > 0)
			pp_buf_puts(&b, ", ");
		pp_sql_put_ident(&b, p->equal[i]);
	}
	for (size_t i = 0; i < p->n_range && n < MAX_KEY_COLUMNS; i++) {
		if (pp_str_list_has(p->equal, p->n_equal, p->range[i]))
			continue;
		if (n++ > 0)
			pp_buf_puts(&b, ", ");
		pp_sql_put_ident(&b, p->range[i]);
		break;
	}
	pp_buf_putc(&b, ')');
	return pp_buf_steal(&b);
}

void
pp_predicate_reset(struct pp_predicate *p)
{
	pp_str_list_free(p->equal, p->n_equal);
	pp_str_list_free(p->range, p->n_range);
	memset(p, 0, sizeof *p);
}
