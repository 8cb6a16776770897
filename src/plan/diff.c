/*
 * diff.c: two plan trees aligned node by node and their changes (see diff.h).
 */
#include "plan/diff.h"

#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

static const char *const kind_names[] = {
    [PP_PLAN_NODE_ADDED] = "node_added",       [PP_PLAN_NODE_REMOVED] = "node_removed",
    [PP_PLAN_NODE_TYPE] = "node_type",         [PP_PLAN_INDEX] = "index",
    [PP_PLAN_SCAN_DEGRADED] = "scan_degraded", [PP_PLAN_SCAN_IMPROVED] = "scan_improved",
    [PP_PLAN_JOIN_TYPE] = "join_type",
};

const char *
pp_plan_diff_kind_name(enum pp_plan_change_kind k)
{
	if ((size_t)k < sizeof kind_names / sizeof kind_names[0] && kind_names[k] != NULL)
		return kind_names[k];
	return "?";
}

static bool
same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

bool
pp_plan_node_uses_index(const struct pp_plan_node *n)
{
	static const char *const types[] = {"Index Scan", "Index Only Scan", "Bitmap Heap Scan",
	                                    "Bitmap Index Scan"};

	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strcmp(n->node_type, types[i]) == 0)
			return true;
	return false;
}

const char *
pp_plan_node_index(const struct pp_plan_node *n)
{
	if (n->index != NULL || strcmp(n->node_type, "Bitmap Heap Scan") != 0)
		return n->index;
	for (size_t i = 0; i < n->n_children; i++) {
		const char *idx = pp_plan_node_index(n->children[i]);

		if (idx != NULL)
			return idx;
	}
	return NULL;
}

static bool
is_seq_scan(const struct pp_plan_node *n)
{
	return strcmp(n->node_type, "Seq Scan") == 0;
}

static bool
is_join(const struct pp_plan_node *n)
{
	return strcmp(n->node_type, "Nested Loop") == 0 || strcmp(n->node_type, "Hash Join") == 0 ||
	       strcmp(n->node_type, "Merge Join") == 0;
}

/* --- alignment -------------------------------------------------------------------------- */

struct rows {
	struct pp_plan_pair *v;
	size_t n, cap;
};

static void
push(struct rows *r, const struct pp_plan_node *b, const struct pp_plan_node *a, int depth)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->v = pp_mem_realloc(r->v, r->cap * sizeof *r->v);
	}
	r->v[r->n++] = (struct pp_plan_pair){.before = b, .after = a, .depth = depth};
}

/* Every node of a subtree present on one side only. */
static void
push_one_side(struct rows *r, const struct pp_plan_node *n, bool before, int depth)
{
	push(r, before ? n : NULL, before ? NULL : n, depth);
	for (size_t i = 0; i < n->n_children; i++)
		push_one_side(r, n->children[i], before, depth + 1);
}

/* How many relations of subtree a appear in subtree b (counted over a's scans). */
static size_t
rel_overlap(const struct pp_plan_node *a, const struct pp_plan_node *b)
{
	size_t k = 0;

	if (a->relation != NULL) {
		const struct pp_plan_node *stack[256];
		size_t top = 0;

		stack[top++] = b;
		while (top > 0) {
			const struct pp_plan_node *x = stack[--top];

			if (same_str(x->relation, a->relation)) {
				k = 1;
				break;
			}
			for (size_t i = 0; i < x->n_children && top < 256; i++)
				stack[top++] = x->children[i];
		}
	}
	for (size_t i = 0; i < a->n_children; i++)
		k += rel_overlap(a->children[i], b);
	return k;
}

static size_t
rel_count(const struct pp_plan_node *n)
{
	size_t k = n->relation != NULL;

	for (size_t i = 0; i < n->n_children; i++)
		k += rel_count(n->children[i]);
	return k;
}

/* How alike two nodes are as candidates for the same place; 0: not the same node. */
static double
similarity(const struct pp_plan_node *b, const struct pp_plan_node *a)
{
	size_t rb = rel_count(b), ra = rel_count(a);
	double s = 0;

	if (rb > 0 && ra > 0) {
		size_t k = rel_overlap(b, a);

		if (k == 0)
			return 0;
		s = 4.0 * (double)k / (double)(rb > ra ? rb : ra);
	} else if (rb != ra) {
		return 0;
	} else {
		s = 1;
	}
	if (strcmp(b->node_type, a->node_type) == 0)
		s += 2;
	if (same_str(pp_plan_node_index(b), pp_plan_node_index(a)))
		s += 1;
	if (same_str(b->parent_rel, a->parent_rel))
		s += 0.5;
	return s;
}

static void align(struct rows *r, const struct pp_plan_node *b, const struct pp_plan_node *a,
                  int depth);

/* Pairs children greedily: match[j] is the before child aligned with after child j, or -1. */
static void
match_children(const struct pp_plan_node *b, const struct pp_plan_node *a, long *match)
{
	bool *used = pp_mem_calloc(b->n_children + 1, sizeof *used);
	bool positional = b->n_children == a->n_children;

	for (size_t j = 0; j < a->n_children; j++) {
		match[j] = -1;
		if (positional && similarity(b->children[j], a->children[j]) <= 0)
			positional = false;
	}
	for (size_t j = 0; j < a->n_children; j++) {
		double best = 0;

		if (positional) {
			match[j] = (long)j;
			continue;
		}
		for (size_t i = 0; i < b->n_children; i++) {
			double s = used[i] ? 0 : similarity(b->children[i], a->children[j]);

			if (s > best) {
				best = s;
				match[j] = (long)i;
			}
		}
		if (match[j] >= 0)
			used[match[j]] = true;
	}
	free(used);
}

/* The child of wrapper most like n, when one is like it at all. */
static long
through_wrapper(const struct pp_plan_node *n, const struct pp_plan_node *wrapper)
{
	double best = 0;
	long at = -1;

	for (size_t i = 0; i < wrapper->n_children; i++) {
		double s = similarity(n, wrapper->children[i]);

		if (s > best) {
			best = s;
			at = (long)i;
		}
	}
	return at;
}

/* A node one side has above n that the other lacks: n aligned with the wrapper's child. */
static void
align_wrapped(struct rows *r, const struct pp_plan_node *n, const struct pp_plan_node *wrapper,
              long at, bool wrapper_after, int depth)
{
	push(r, wrapper_after ? NULL : wrapper, wrapper_after ? wrapper : NULL, depth);
	for (size_t k = 0; k < wrapper->n_children; k++) {
		if ((long)k != at)
			push_one_side(r, wrapper->children[k], !wrapper_after, depth + 1);
		else if (wrapper_after)
			align(r, n, wrapper->children[k], depth + 1);
		else
			align(r, wrapper->children[k], n, depth + 1);
	}
}

static void
align_children(struct rows *r, const struct pp_plan_node *b, const struct pp_plan_node *a,
               int depth)
{
	long *match = pp_mem_calloc(a->n_children + 1, sizeof *match);
	bool *used = pp_mem_calloc(b->n_children + 1, sizeof *used);

	match_children(b, a, match);
	for (size_t j = 0; j < a->n_children; j++)
		if (match[j] >= 0)
			used[match[j]] = true;
	for (size_t j = 0; j < a->n_children; j++) {
		long at = -1;
		size_t i = 0;

		if (match[j] >= 0) {
			align(r, b->children[match[j]], a->children[j], depth);
			continue;
		}
		for (i = 0; i < b->n_children && at < 0; i++)
			if (!used[i])
				at = through_wrapper(b->children[i], a->children[j]);
		if (at >= 0) {
			used[i - 1] = true;
			align_wrapped(r, b->children[i - 1], a->children[j], at, true, depth);
		} else {
			push_one_side(r, a->children[j], false, depth);
		}
	}
	for (size_t i = 0; i < b->n_children; i++) {
		if (!used[i])
			push_one_side(r, b->children[i], true, depth);
	}
	free(used);
	free(match);
}

static void
align(struct rows *r, const struct pp_plan_node *b, const struct pp_plan_node *a, int depth)
{
	/* A node added or removed above the rest (a Gather, a Sort, a Hash...): the node on the
	 * other side is more like one of its children than like it. */
	if (strcmp(b->node_type, a->node_type) != 0) {
		double s = similarity(b, a);
		long at;

		if ((at = through_wrapper(b, a)) >= 0 && similarity(b, a->children[at]) > s) {
			align_wrapped(r, b, a, at, true, depth);
			return;
		}
		if ((at = through_wrapper(a, b)) >= 0 && similarity(b->children[at], a) > s) {
			align_wrapped(r, a, b, at, false, depth);
			return;
		}
	}
	push(r, b, a, depth);
	align_children(r, b, a, depth + 1);
}

size_t
pp_plan_align(const struct pp_plan *before, const struct pp_plan *after, struct pp_plan_pair **rows)
{
	struct rows r = {0};
	const struct pp_plan_node *b = before != NULL ? before->root : NULL;
	const struct pp_plan_node *a = after != NULL ? after->root : NULL;

	if (b != NULL && a != NULL)
		align(&r, b, a, 0);
	else if (b != NULL)
		push_one_side(&r, b, true, 0);
	else if (a != NULL)
		push_one_side(&r, a, false, 0);
	*rows = r.v;
	return r.n;
}

/* --- changes ---------------------------------------------------------------------------- */

/* Whether an aligned pair changed, and how. */
static bool
classify(const struct pp_plan_node *b, const struct pp_plan_node *a, enum pp_plan_change_kind *kind)
{
	if (b == NULL || a == NULL) {
		*kind = b == NULL ? PP_PLAN_NODE_ADDED : PP_PLAN_NODE_REMOVED;
		return true;
	}
	if (strcmp(b->node_type, a->node_type) != 0) {
		if (pp_plan_node_uses_index(b) && is_seq_scan(a))
			*kind = PP_PLAN_SCAN_DEGRADED;
		else if (is_seq_scan(b) && pp_plan_node_uses_index(a))
			*kind = PP_PLAN_SCAN_IMPROVED;
		else if (is_join(b) && is_join(a))
			*kind = PP_PLAN_JOIN_TYPE;
		else
			*kind = PP_PLAN_NODE_TYPE;
		return true;
	}
	if (!same_str(pp_plan_node_index(b), pp_plan_node_index(a))) {
		*kind = PP_PLAN_INDEX;
		return true;
	}
	if (b->join_type != NULL && a->join_type != NULL && !same_str(b->join_type, a->join_type)) {
		*kind = PP_PLAN_JOIN_TYPE;
		return true;
	}
	if (b->parallel_aware != a->parallel_aware) {
		*kind = PP_PLAN_NODE_TYPE;
		return true;
	}
	return false;
}

char
pp_plan_pair_marker(const struct pp_plan_pair *p)
{
	enum pp_plan_change_kind kind;

	if (p->before == NULL)
		return '+';
	if (p->after == NULL)
		return '-';
	return classify(p->before, p->after, &kind) ? '~' : '=';
}

static char *
describe(const struct pp_plan_node *n)
{
	struct pp_buf b;

	if (n == NULL)
		return NULL;
	pp_buf_init(&b);
	pp_explain_describe(n, &b);
	return pp_buf_steal(&b);
}

void
pp_plan_diff(const struct pp_plan *before, const struct pp_plan *after, struct pp_plan_diff *out)
{
	struct pp_plan_pair *rows = NULL;
	size_t n = pp_plan_align(before, after, &rows);

	memset(out, 0, sizeof *out);
	out->changes = pp_mem_calloc(n + 1, sizeof *out->changes);
	for (size_t i = 0; i < n; i++) {
		const struct pp_plan_node *b = rows[i].before, *a = rows[i].after;
		struct pp_plan_change *c = &out->changes[out->n];

		if (!classify(b, a, &c->kind))
			continue;
		c->path_before = b != NULL ? pp_mem_strdup(b->path) : NULL;
		c->path_after = a != NULL ? pp_mem_strdup(a->path) : NULL;
		c->before = describe(b);
		c->after = describe(a);
		out->n++;
	}
	out->changed = out->n > 0;
	free(rows);
}

void
pp_plan_diff_reset(struct pp_plan_diff *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->changes[i].path_before);
		free(d->changes[i].path_after);
		free(d->changes[i].before);
		free(d->changes[i].after);
	}
	free(d->changes);
	memset(d, 0, sizeof *d);
}

/* --- rendering -------------------------------------------------------------------------- */

static bool
analyzed(const struct pp_plan_node *n)
{
	return n != NULL && n->loops > 0;
}

static void
figure(struct pp_buf *out, const char *name /* "rows" first */, const struct pp_plan_node *b,
       const struct pp_plan_node *a, double vb, double va)
{
	pp_buf_printf(out, "%s%s ", strcmp(name, "rows") == 0 ? "" : ", ", name);
	if (analyzed(b))
		pp_buf_printf(out, "%.0f", vb);
	else
		pp_buf_puts(out, "-");
	if (analyzed(b) && analyzed(a) && vb == va)
		return;
	pp_buf_puts(out, " \u2192 ");
	if (analyzed(a))
		pp_buf_printf(out, "%.0f", va);
	else
		pp_buf_puts(out, "-");
}

static void
render_row(const struct pp_plan_pair *p, struct pp_buf *out)
{
	const struct pp_plan_node *b = p->before, *a = p->after;
	char marker = pp_plan_pair_marker(p);

	pp_buf_putc(out, marker);
	pp_buf_putc(out, ' ');
	for (int d = 0; d < p->depth; d++)
		pp_buf_puts(out, "  ");
	pp_explain_describe(b != NULL ? b : a, out);
	if (marker == '~') {
		pp_buf_puts(out, " \u2192 ");
		pp_explain_describe(a, out);
	}
	if (!analyzed(b) && !analyzed(a))
		return;
	pp_buf_puts(out, "  (");
	figure(out, "rows", b, a, b ? b->actual_rows : 0, a ? a->actual_rows : 0);
	figure(out, "loops", b, a, b ? b->loops : 0, a ? a->loops : 0);
	figure(out, "buffers", b, a, b ? b->shared_hit + b->shared_read : 0,
	       a ? a->shared_hit + a->shared_read : 0);
	pp_buf_putc(out, ')');
}

void
pp_plan_diff_render(const struct pp_plan *before, const struct pp_plan *after, struct pp_buf *out)
{
	struct pp_plan_pair *rows = NULL;
	size_t n = pp_plan_align(before, after, &rows);

	for (size_t i = 0; i < n; i++) {
		render_row(&rows[i], out);
		pp_buf_putc(out, '\n');
	}
	free(rows);
}
