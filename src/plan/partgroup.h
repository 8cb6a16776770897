/*
 * partgroup.h: scans of partitions (or inheritance children) of one table, side by side under
 * one Append or Merge Append, taken together, so that a finding on them is said once for the
 * table ("Seq Scan on 6 partitions or children of public.payment (...)") instead of once per
 * partition. Pure: reads a plan and a family (family.h), allocates nothing.
 */
#ifndef PP_PARTGROUP_H
#define PP_PARTGROUP_H

#include <stdbool.h>
#include <stddef.h>

#include "plan/explain.h"
#include "plan/family.h"
#include "util/buf.h"

struct pp_partgroup {
	const char *parent;                /* the table the members belong to; NULL: n alone */
	const struct pp_plan_node *append; /* the node above the members; NULL: n alone */
	size_t n;                          /* members, n included */
	double rows_read;                  /* summed over the members (pp_explain_rows_read) */
	double rows_returned;              /* actual rows x loops, summed */
	double removed;                    /* rows removed by filter x loops, summed */
	const char *first, *second;        /* the first two members' relations */
};

/* Whether a sibling scan belongs in the group (the finding's own condition). */
typedef bool (*pp_partgroup_keep)(const struct pp_plan_node *n, const void *arg);

/*
 * The group n heads: its members are n and the siblings of n under the same Append or Merge
 * Append that scan a partition or child of n's parent table and pass keep. n itself must pass
 * keep. Returns false when n is a later member (its finding is the first member's); otherwise
 * fills *g, with g->parent NULL when n has no such sibling (the figures are then n's own).
 */
bool pp_partgroup_of(const struct pp_plan_node *n, const struct pp_family *family,
		     pp_partgroup_keep keep, const void *arg, struct pp_partgroup *g);

/* "Seq Scan on 6 partitions or children of P (P_1, P_2 and 4 more)" for a group with a parent. */
void pp_partgroup_describe(const struct pp_partgroup *g, const char *node_type, struct pp_buf *b);

#endif
