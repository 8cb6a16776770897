/*
 * partgroup.c: scans of one table's partitions taken together (see partgroup.h).
 */
#include "plan/partgroup.h"

#include <string.h>

static bool
is_append(const struct pp_plan_node *n)
{
	return n != NULL && (strcmp(n->node_type, "Append") == 0 ||
			     strcmp(n->node_type, "Merge Append") == 0);
}

static void
add(struct pp_partgroup *g, const struct pp_plan_node *m)
{
	if (g->n == 0)
		g->first = m->relation;
	else if (g->n == 1)
		g->second = m->relation;
	g->n++;
	g->rows_read += pp_explain_rows_read(m);
	g->rows_returned += m->actual_rows * m->loops;
	g->removed += m->removed_by_filter * m->loops;
}

/* Whether sibling s is a member of the group of a scan of the same type on parent. */
static bool
member(const struct pp_plan_node *s, const char *node_type, const char *parent,
       const struct pp_family *family, pp_partgroup_keep keep, const void *arg)
{
	const char *p;

	return strcmp(s->node_type, node_type) == 0 && s->relation != NULL &&
	       (p = pp_family_parent(family, s->relation)) != NULL && strcmp(p, parent) == 0 &&
	       keep(s, arg);
}

bool
pp_partgroup_of(const struct pp_plan_node *n, const struct pp_family *family,
		pp_partgroup_keep keep, const void *arg, struct pp_partgroup *g)
{
	const char *parent = n->relation != NULL ? pp_family_parent(family, n->relation) : NULL;
	const struct pp_plan_node *a = n->parent;

	memset(g, 0, sizeof *g);
	if (parent == NULL || !is_append(a)) {
		add(g, n);
		return true;
	}
	for (size_t i = 0; i < a->n_children; i++) {
		const struct pp_plan_node *s = a->children[i];

		if (s != n && !member(s, n->node_type, parent, family, keep, arg))
			continue;
		if (g->n == 0 && s != n)
			return false; /* a member before n heads the group */
		add(g, s);
	}
	if (g->n > 1) {
		g->parent = parent;
		g->append = a;
	}
	return true;
}

void
pp_partgroup_describe(const struct pp_partgroup *g, const char *node_type, struct pp_buf *b)
{
	pp_buf_printf(b, "%s on %zu partitions or children of %s (%s, %s", node_type, g->n,
		      g->parent, g->first, g->second);
	if (g->n > 2)
		pp_buf_printf(b, " and %zu more", g->n - 2);
	pp_buf_putc(b, ')');
}
