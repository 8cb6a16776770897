/*
 * family.h: which relations are partitions or inheritance children of which (pg_inherits), so
 * that an assertion naming a table also covers its partitions, and of indexes: a partition's
 * index attached to its partitioned table's index (`using INDEX` naming the latter). Names are
 * "schema.relation", as plan nodes carry them; a table and an index never share one.
 *
 * A struct pp_family is caller-owned storage (pp_family_init / pp_family_reset) that owns its
 * names.
 */
#ifndef PP_FAMILY_H
#define PP_FAMILY_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strset.h"

struct pp_family {
	char **children, **parents; /* pair i: children[i] is a direct child of parents[i] */
	bool *partition;            /* pair i: a partition (of a partitioned table), not an
				       inheritance child */
	size_t n;
	struct pp_strset by_child;  /* child name -> its pair */
};

void pp_family_init(struct pp_family *f);
void pp_family_reset(struct pp_family *f);
/* Adds a direct child; with several parents (multiple inheritance) the first one counts. */
void pp_family_add(struct pp_family *f, const char *child, const char *parent, bool partition);
/* The direct parent of relation, or NULL. */
const char *pp_family_parent(const struct pp_family *f, const char *relation);
/* Whether relation is a partition of a partitioned table (not an inheritance child). */
bool pp_family_is_partition(const struct pp_family *f, const char *relation);
/*
 * The table an index serving relation's scans belongs on: relation, or for a partition the
 * partitioned table at the top of its tree (CREATE INDEX there makes one on every partition).
 * An inheritance child keeps its own: a parent's index does not cover its children.
 */
const char *pp_family_index_table(const struct pp_family *f, const char *relation);
/* "schema.name" for name in relation's schema (an index of "schema.table"), as the family names
 * relations; NULL when relation has no schema. Caller frees. */
char *pp_family_name_beside(const char *relation, const char *name);

#endif
