/*
 * family.c: partitions and inheritance children (see family.h).
 */
#include "plan/family.h"

#include <stdlib.h>
#include <string.h>

#include "util/mem.h"
#include "util/str.h"

void
pp_family_init(struct pp_family *f)
{
	memset(f, 0, sizeof *f);
	pp_strset_init(&f->by_child);
}

void
pp_family_reset(struct pp_family *f)
{
	pp_strset_reset(&f->by_child);
	pp_str_list_free(f->children, f->n);
	pp_str_list_free(f->parents, f->n);
	free(f->partition);
	pp_family_init(f);
}

void
pp_family_add(struct pp_family *f, const char *child, const char *parent, bool partition)
{
	size_t n = f->n;

	f->partition = pp_mem_realloc(f->partition, (n + 1) * sizeof *f->partition);
	f->partition[n] = partition;

	pp_str_list_push(&f->parents, &n, pp_mem_strdup(parent));
	n = f->n;
	pp_str_list_push(&f->children, &n, pp_mem_strdup(child));
	f->n = n;
	/* The set borrows the name itself, which stays where it is when the array grows. */
	pp_strset_add(&f->by_child, f->children[n - 1], n - 1, NULL);
}

const char *
pp_family_parent(const struct pp_family *f, const char *relation)
{
	const struct pp_strset_slot *slot;

	if (f == NULL || relation == NULL || f->n == 0)
		return NULL;
	slot = pp_strset_find(&f->by_child, relation);
	return slot != NULL ? f->parents[slot->value] : NULL;
}

bool
pp_family_is_partition(const struct pp_family *f, const char *relation)
{
	const struct pp_strset_slot *slot;

	if (f == NULL || relation == NULL || f->n == 0)
		return false;
	slot = pp_strset_find(&f->by_child, relation);
	return slot != NULL && f->partition[slot->value];
}

const char *
pp_family_index_table(const struct pp_family *f, const char *relation)
{
	const char *p;

	/* Bounded: a partition tree is a few levels deep, and a cycle must not hang. */
	for (int depth = 0; depth < 64 && f != NULL && pp_family_is_partition(f, relation) &&
			    (p = pp_family_parent(f, relation)) != NULL;
	     depth++)
		relation = p;
	return relation;
}

char *
pp_family_name_beside(const char *relation, const char *name)
{
	const char *dot = relation != NULL ? strchr(relation, '.') : NULL;

	return dot != NULL ? pp_str_printf("%.*s.%s", (int)(dot - relation), relation, name) : NULL;
}
