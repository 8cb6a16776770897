/*
 * explain.c: EXPLAIN JSON to a plan tree (see explain.h).
 */
#include "plan/explain.h"

#include <cJSON.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/json.h"
#include "util/mem.h"
#include "util/str.h"

/* The node fields copied as they are from EXPLAIN's keys of the same meaning. */
static const struct {
	const char *key;
	size_t field; /* offsetof(struct pp_plan_node, ...) */
} text_fields[] = {
	{ "Alias", offsetof(struct pp_plan_node, alias) },
	{ "Index Name", offsetof(struct pp_plan_node, index) },
	{ "Parent Relationship", offsetof(struct pp_plan_node, parent_rel) },
	{ "Subplan Name", offsetof(struct pp_plan_node, subplan_name) },
	{ "Join Type", offsetof(struct pp_plan_node, join_type) },
	{ "Scan Direction", offsetof(struct pp_plan_node, scan_direction) },
	{ "Sort Space Type", offsetof(struct pp_plan_node, sort_space_type) },
	{ "Sort Method", offsetof(struct pp_plan_node, sort_method) },
	{ "Filter", offsetof(struct pp_plan_node, filter) },
	{ "Hash Cond", offsetof(struct pp_plan_node, join_cond) },
	{ "Index Cond", offsetof(struct pp_plan_node, index_cond) },
}, number_fields[] = {
	{ "Sort Space Used", offsetof(struct pp_plan_node, sort_space_kb) },
	{ "Plan Rows", offsetof(struct pp_plan_node, plan_rows) },
	{ "Actual Rows", offsetof(struct pp_plan_node, actual_rows) },
	{ "Actual Loops", offsetof(struct pp_plan_node, loops) },
	{ "Rows Removed by Filter", offsetof(struct pp_plan_node, removed_by_filter) },
	{ "Rows Removed by Index Recheck", offsetof(struct pp_plan_node, removed_by_recheck) },
	{ "Actual Total Time", offsetof(struct pp_plan_node, total_ms) },
	{ "Total Cost", offsetof(struct pp_plan_node, total_cost) },
	{ "Shared Hit Blocks", offsetof(struct pp_plan_node, shared_hit) },
	{ "Shared Read Blocks", offsetof(struct pp_plan_node, shared_read) },
	{ "Temp Written Blocks", offsetof(struct pp_plan_node, temp_written) },
};

#define N_TEXT (sizeof text_fields / sizeof text_fields[0])
#define N_NUMBER (sizeof number_fields / sizeof number_fields[0])

static char **
text_field(struct pp_plan_node *n, size_t i)
{
	return (char **)((char *)n + text_fields[i].field);
}

static void
node_free(struct pp_plan_node *n)
{
	if (n == NULL)
		return;
	for (size_t i = 0; i < n->n_children; i++)
		node_free(n->children[i]);
	free(n->children);
	free(n->path);
	free(n->node_type);
	free(n->relation);
	free(n->group_expr);
	for (size_t i = 0; i < N_TEXT; i++)
		free(*text_field(n, i));
	free(n);
}

/*
 * Whether EXPLAIN's text s names a column: identifiers ("x", or quoted with "" inside) joined
 * by dots, as in "p.payment_date". Anything else (a call, a cast, an operator) is an expression.
 */
static bool
is_column_ref(const char *s)
{
	for (;;) {
		if (*s == '"') {
			for (s++; *s != '\0' && !(*s == '"' && s[1] != '"'); s += *s == '"' ? 2 : 1)
				;
			if (*s++ != '"')
				return false;
		} else {
			const char *start = s;

			while (*s == '_' || *s == '$' || (*s >= 'a' && *s <= 'z') ||
			       (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
			       (unsigned char)*s >= 0x80)
				s++;
			if (s == start)
				return false;
		}
		if (*s != '.')
			return *s == '\0';
		s++;
	}
}

/* The first "Group Key" of obj that is not a column, or NULL. */
static char *
group_expression(const cJSON *obj)
{
	const cJSON *keys = cJSON_GetObjectItemCaseSensitive(obj, "Group Key"), *k;

	cJSON_ArrayForEach(k, keys)
	{
		if (cJSON_IsString(k) && !is_column_ref(k->valuestring))
			return pp_mem_strdup(k->valuestring);
	}
	return NULL;
}

/* Whether an expression of obj (its own fields, not its children) says "hashed NAME". */
static bool
mentions_hashed(const cJSON *obj, const char *name)
{
	char needle[256];
	const cJSON *f, *el;

	snprintf(needle, sizeof needle, "hashed %s", name);
	cJSON_ArrayForEach(f, obj)
	{
		if (cJSON_IsString(f) && strstr(f->valuestring, needle) != NULL)
			return true;
		if (cJSON_IsArray(f) && strcmp(f->string, "Plans") != 0)
			cJSON_ArrayForEach(el, f) if (cJSON_IsString(el) &&
						      strstr(el->valuestring, needle) != NULL) return true;
	}
	return false;
}

static struct pp_plan_node *
node_parse(const cJSON *obj, const cJSON *parent_obj, struct pp_plan_node *parent)
{
	struct pp_plan_node *n = pp_mem_calloc(1, sizeof *n);
	const cJSON *plans, *child;
	char *schema, *rel;

	n->parent = parent;
	n->path = parent == NULL ? pp_mem_strdup("0")
				 : pp_str_printf("%s.%zu", parent->path, parent->n_children);
	n->node_type = pp_json_string(obj, "Node Type");
	if (n->node_type == NULL)
		n->node_type = pp_mem_strdup("?");
	schema = pp_json_string(obj, "Schema");
	rel = pp_json_string(obj, "Relation Name");
	if (rel != NULL) {
		if (schema != NULL) {
			n->relation = pp_str_printf("%s.%s", schema, rel);
			free(rel);
		} else {
			n->relation = rel;
		}
	}
	free(schema);
	for (size_t i = 0; i < N_TEXT; i++)
		*text_field(n, i) = pp_json_string(obj, text_fields[i].key);
	for (size_t i = 0; i < N_NUMBER; i++)
		*(double *)((char *)n + number_fields[i].field) =
			pp_json_number(obj, number_fields[i].key, 0);
	n->group_expr = group_expression(obj);
	n->workers_launched = (int)pp_json_long(obj, "Workers Launched", 0, 0, 100000);
	n->parallel_aware = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obj, "Parallel Aware"));
	n->hashed = n->subplan_name != NULL && parent_obj != NULL &&
		    mentions_hashed(parent_obj, n->subplan_name);

	plans = cJSON_GetObjectItemCaseSensitive(obj, "Plans");
	if (cJSON_IsArray(plans)) {
		n->children = pp_mem_calloc((size_t)cJSON_GetArraySize(plans) + 1, sizeof *n->children);
		cJSON_ArrayForEach(child, plans)
		{
			if (cJSON_IsObject(child)) {
				/* node_parse reads n_children for the child's path: count after */
				n->children[n->n_children] = node_parse(child, obj, n);
				n->n_children++;
			}
		}
	}
	return n;
}

static void
read_triggers(struct pp_plan *p, const cJSON *triggers)
{
	const cJSON *t;

	if (!cJSON_IsArray(triggers) || cJSON_GetArraySize(triggers) == 0)
		return;
	p->triggers = pp_mem_calloc((size_t)cJSON_GetArraySize(triggers), sizeof *p->triggers);
	cJSON_ArrayForEach(t, triggers)
	{
		struct pp_plan_trigger *tr = &p->triggers[p->n_triggers];

		if (!cJSON_IsObject(t))
			continue;
		tr->name = pp_json_string(t, "Trigger Name");
		if (tr->name == NULL)
			tr->name = pp_mem_strdup("?");
		tr->relation = pp_json_string(t, "Relation");
		tr->constraint = pp_json_string(t, "Constraint Name");
		tr->time_ms = pp_json_number(t, "Time", 0);
		tr->calls = pp_json_number(t, "Calls", 0);
		p->n_triggers++;
	}
}

struct pp_plan *
pp_explain_parse(const char *json, const char **why)
{
	cJSON *root = cJSON_Parse(json);
	const cJSON *top, *plan, *jit;
	struct pp_plan *p = NULL;

	*why = "EXPLAIN did not return JSON";
	if (root == NULL)
		return NULL;
	top = cJSON_IsArray(root) ? cJSON_GetArrayItem(root, 0) : NULL;
	plan = top ? cJSON_GetObjectItemCaseSensitive(top, "Plan") : NULL;
	if (!cJSON_IsObject(plan)) {
		*why = "EXPLAIN's JSON holds no \"Plan\"";
		goto done;
	}
	p = pp_mem_calloc(1, sizeof *p);
	p->root = node_parse(plan, NULL, NULL);
	p->planning_ms = pp_json_number(top, "Planning Time", 0);
	p->execution_ms = pp_json_number(top, "Execution Time", 0);
	jit = cJSON_GetObjectItemCaseSensitive(top, "JIT");
	if (cJSON_IsObject(jit)) {
		const cJSON *timing = cJSON_GetObjectItemCaseSensitive(jit, "Timing");

		p->jit_functions = (int)pp_json_long(jit, "Functions", 0, 0, INT_MAX);
		p->jit = p->jit_functions > 0;
		p->jit_ms = cJSON_IsObject(timing) ? pp_json_number(timing, "Total", 0) : 0.0;
	}
	read_triggers(p, cJSON_GetObjectItemCaseSensitive(top, "Triggers"));
	p->json = pp_mem_strdup(json);

done:
	cJSON_Delete(root);
	return p;
}

void
pp_explain_free(struct pp_plan *plan)
{
	if (plan == NULL)
		return;
	node_free(plan->root);
	for (size_t i = 0; i < plan->n_triggers; i++) {
		free(plan->triggers[i].name);
		free(plan->triggers[i].relation);
		free(plan->triggers[i].constraint);
	}
	free(plan->triggers);
	free(plan->json);
	free(plan);
}

double
pp_explain_repeats(const struct pp_plan_node *n)
{
	for (const struct pp_plan_node *p = n->parent; p != NULL; p = p->parent)
		if (strcmp(p->node_type, "Gather") == 0 || strcmp(p->node_type, "Gather Merge") == 0)
			return n->loops / (p->workers_launched + 1.0);
	return n->loops;
}

double
pp_explain_rows_read(const struct pp_plan_node *n)
{
	return (n->actual_rows + n->removed_by_filter + n->removed_by_recheck) * n->loops;
}

/* The index a bitmap heap scan reads through: its first Bitmap Index Scan's. */
static const char *
bitmap_index(const struct pp_plan_node *n)
{
	if (strcmp(n->node_type, "Bitmap Index Scan") == 0)
		return n->index;
	for (size_t i = 0; i < n->n_children; i++) {
		const char *idx = bitmap_index(n->children[i]);

		if (idx != NULL)
			return idx;
	}
	return NULL;
}

/* Every index a bitmap combines, "a_idx and b_idx" under a BitmapAnd ("or": BitmapOr). */
static void
put_bitmap_indexes(const struct pp_plan_node *n, struct pp_buf *out)
{
	const char *joiner = strcmp(n->node_type, "BitmapAnd") == 0  ? " and "
			     : strcmp(n->node_type, "BitmapOr") == 0 ? " or "
								     : NULL;

	if (strcmp(n->node_type, "Bitmap Index Scan") == 0 && n->index != NULL) {
		pp_buf_puts_visible(out, n->index);
		return;
	}
	for (size_t i = 0; i < n->n_children; i++) {
		if (i > 0 && joiner == NULL)
			break;
		if (i > 0)
			pp_buf_puts(out, joiner);
		put_bitmap_indexes(n->children[i], out);
	}
}

static void
describe(const struct pp_plan_node *n, bool every_index, struct pp_buf *out)
{
	const char *index = n->index;
	bool bitmap = index == NULL && strcmp(n->node_type, "Bitmap Heap Scan") == 0;

	if (n->parallel_aware)
		pp_buf_puts(out, "Parallel ");
	pp_buf_puts_visible(out, n->node_type);
	if (n->scan_direction != NULL && strcmp(n->scan_direction, "Backward") == 0)
		pp_buf_puts(out, " Backward");
	if (bitmap && every_index && bitmap_index(n) != NULL) {
		pp_buf_puts(out, " using ");
		for (size_t i = 0; i < n->n_children; i++)
			put_bitmap_indexes(n->children[i], out);
		index = NULL;
	} else if (bitmap) {
		index = bitmap_index(n);
	}
	if (index != NULL) {
		pp_buf_puts(out, " using ");
		pp_buf_puts_visible(out, index);
	}
	if (n->relation != NULL) {
		const char *dot = strrchr(n->relation, '.');

		pp_buf_puts(out, " on ");
		pp_buf_puts_visible(out, n->relation);
		if (n->alias != NULL && strcmp(n->alias, dot != NULL ? dot + 1 : n->relation) != 0) {
			pp_buf_putc(out, ' ');
			pp_buf_puts_visible(out, n->alias);
		}
	}
}

void
pp_explain_describe(const struct pp_plan_node *n, struct pp_buf *out)
{
	describe(n, false, out);
}

void
pp_explain_describe_all(const struct pp_plan_node *n, struct pp_buf *out)
{
	describe(n, true, out);
}

static void
walk(const struct pp_plan_node *n, int depth,
     void (*fn)(const struct pp_plan_node *n, int depth, void *ctx), void *ctx)
{
	fn(n, depth, ctx);
	for (size_t i = 0; i < n->n_children; i++)
		walk(n->children[i], depth + 1, fn, ctx);
}

void
pp_explain_walk(const struct pp_plan *plan,
		void (*fn)(const struct pp_plan_node *n, int depth, void *ctx), void *ctx)
{
	if (plan != NULL && plan->root != NULL)
		walk(plan->root, 0, fn, ctx);
}

struct render_ctx {
	struct pp_buf *out;
	void (*annotate)(const struct pp_plan_node *n, struct pp_buf *line, void *ctx);
	void *ctx;
};

static void
render_node(const struct pp_plan_node *n, int depth, void *vctx)
{
	struct render_ctx *rc = vctx;
	struct pp_buf *out = rc->out;

	for (int i = 0; i < depth; i++)
		pp_buf_puts(out, "  ");
	if (n->subplan_name != NULL) {
		pp_buf_puts_visible(out, n->subplan_name);
		pp_buf_puts(out, ": ");
	}
	if (depth > 0)
		pp_buf_puts(out, "-> ");
	pp_explain_describe(n, out);
	pp_buf_printf(out, " (rows=%.0f loops=%.0f)", n->actual_rows, n->loops);
	if (n->removed_by_filter > 0)
		pp_buf_printf(out, " removed by filter=%.0f", n->removed_by_filter);
	if (n->sort_space_type != NULL) {
		pp_buf_puts(out, " sort ");
		pp_buf_puts_visible(out, n->sort_space_type);
		pp_buf_printf(out, " %.0fkB", n->sort_space_kb);
	}
	if (rc->annotate != NULL)
		rc->annotate(n, out, rc->ctx);
	pp_buf_putc(out, '\n');
}

void
pp_explain_render(const struct pp_plan *plan, struct pp_buf *out,
		  void (*annotate)(const struct pp_plan_node *n, struct pp_buf *line, void *ctx),
		  void *ctx)
{
	struct render_ctx rc = { .out = out, .annotate = annotate, .ctx = ctx };

	pp_explain_walk(plan, render_node, &rc);
}
