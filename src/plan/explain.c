/*
 * explain.c: EXPLAIN JSON to a plan tree (see explain.h).
 */
#include "plan/explain.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

static char *
str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(v) ? pp_mem_strdup(v->valuestring) : NULL;
}

static double
num(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsNumber(v) ? v->valuedouble : 0.0;
}

static void
node_free(struct pp_plan_node *n)
{
	if (n == NULL)
		return;
	for (size_t i = 0; i < n->n_children; i++)
		node_free(n->children[i]);
	free(n->children);
	free(n->node_type);
	free(n->relation);
	free(n->alias);
	free(n->index);
	free(n->parent_rel);
	free(n->subplan_name);
	free(n->join_type);
	free(n->scan_direction);
	free(n->sort_space_type);
	free(n->sort_method);
	free(n->filter);
	free(n);
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
	n->node_type = str(obj, "Node Type");
	if (n->node_type == NULL)
		n->node_type = pp_mem_strdup("?");
	schema = str(obj, "Schema");
	rel = str(obj, "Relation Name");
	if (rel != NULL) {
		if (schema != NULL) {
			n->relation = pp_mem_alloc(strlen(schema) + strlen(rel) + 2);
			strcpy(n->relation, schema);
			strcat(n->relation, ".");
			strcat(n->relation, rel);
			free(rel);
		} else {
			n->relation = rel;
		}
	}
	free(schema);
	n->alias = str(obj, "Alias");
	n->index = str(obj, "Index Name");
	n->parent_rel = str(obj, "Parent Relationship");
	n->subplan_name = str(obj, "Subplan Name");
	n->parallel_aware = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obj, "Parallel Aware"));
	n->hashed = n->subplan_name != NULL && parent_obj != NULL &&
		    mentions_hashed(parent_obj, n->subplan_name);
	n->join_type = str(obj, "Join Type");
	n->scan_direction = str(obj, "Scan Direction");
	n->sort_space_type = str(obj, "Sort Space Type");
	n->sort_method = str(obj, "Sort Method");
	n->sort_space_kb = num(obj, "Sort Space Used");
	n->plan_rows = num(obj, "Plan Rows");
	n->actual_rows = num(obj, "Actual Rows");
	n->loops = num(obj, "Actual Loops");
	n->removed_by_filter = num(obj, "Rows Removed by Filter");
	n->total_ms = num(obj, "Actual Total Time");
	n->total_cost = num(obj, "Total Cost");
	n->filter = str(obj, "Filter");
	n->workers_launched = (int)num(obj, "Workers Launched");
	n->shared_hit = num(obj, "Shared Hit Blocks");
	n->shared_read = num(obj, "Shared Read Blocks");

	plans = cJSON_GetObjectItemCaseSensitive(obj, "Plans");
	if (cJSON_IsArray(plans)) {
		n->children = pp_mem_calloc((size_t)cJSON_GetArraySize(plans) + 1, sizeof *n->children);
		cJSON_ArrayForEach(child, plans)
		{
			if (cJSON_IsObject(child))
				n->children[n->n_children++] = node_parse(child, obj, n);
		}
	}
	return n;
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
	p->planning_ms = num(top, "Planning Time");
	p->execution_ms = num(top, "Execution Time");
	jit = cJSON_GetObjectItemCaseSensitive(top, "JIT");
	if (cJSON_IsObject(jit)) {
		const cJSON *timing = cJSON_GetObjectItemCaseSensitive(jit, "Timing");
		const cJSON *total = cJSON_IsObject(timing)
					     ? cJSON_GetObjectItemCaseSensitive(timing, "Total")
					     : NULL;

		p->jit_functions = (int)num(jit, "Functions");
		p->jit = p->jit_functions > 0;
		p->jit_ms = cJSON_IsNumber(total) ? total->valuedouble : 0.0;
	}
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
	free(plan->json);
	free(plan);
}

double
pp_explain_rows_read(const struct pp_plan_node *n)
{
	return (n->actual_rows + n->removed_by_filter) * n->loops;
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

void
pp_explain_describe(const struct pp_plan_node *n, struct pp_buf *out)
{
	const char *index = n->index;

	if (n->parallel_aware)
		pp_buf_puts(out, "Parallel ");
	pp_buf_puts(out, n->node_type);
	if (n->scan_direction != NULL && strcmp(n->scan_direction, "Backward") == 0)
		pp_buf_puts(out, " Backward");
	if (index == NULL && strcmp(n->node_type, "Bitmap Heap Scan") == 0)
		index = bitmap_index(n);
	if (index != NULL)
		pp_buf_printf(out, " using %s", index);
	if (n->relation != NULL) {
		pp_buf_printf(out, " on %s", n->relation);
		if (n->alias != NULL && strcmp(n->alias, strrchr(n->relation, '.') ?
							     strrchr(n->relation, '.') + 1
							     : n->relation) != 0)
			pp_buf_printf(out, " %s", n->alias);
	}
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
	if (n->subplan_name != NULL)
		pp_buf_printf(out, "%s: ", n->subplan_name);
	if (depth > 0)
		pp_buf_puts(out, "-> ");
	pp_explain_describe(n, out);
	pp_buf_printf(out, " (rows=%.0f loops=%.0f)", n->actual_rows, n->loops);
	if (n->removed_by_filter > 0)
		pp_buf_printf(out, " removed by filter=%.0f", n->removed_by_filter);
	if (n->sort_space_type != NULL)
		pp_buf_printf(out, " sort %s %.0fkB", n->sort_space_type, n->sort_space_kb);
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
