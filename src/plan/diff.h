/*
 * diff.h: two plans of one query compared node by node. The trees are aligned first (same
 * path where the shapes match; otherwise children matched by relation, index and node type,
 * looking through a node one side added or removed above a scan), then every aligned pair
 * and every node found on one side only is listed as a change.
 *
 * Ownership: a struct pp_plan_diff is caller-owned storage whose changes and strings
 * pp_plan_diff fills and pp_plan_diff_reset releases. The aligned rows of pp_plan_align
 * point into the two plans, which must outlive them; the array is the caller's to free().
 */
#ifndef PP_DIFF_H
#define PP_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "plan/explain.h"
#include "util/buf.h"

enum pp_plan_change_kind {
	PP_PLAN_NODE_ADDED,
	PP_PLAN_NODE_REMOVED,
	PP_PLAN_NODE_TYPE,
	PP_PLAN_INDEX,
	PP_PLAN_SCAN_DEGRADED,
	PP_PLAN_SCAN_IMPROVED,
	PP_PLAN_JOIN_TYPE,
};

struct pp_plan_change {
	enum pp_plan_change_kind kind;
	char *path_before, *path_after; /* NULL when the node is on one side only */
	char *before, *after; /* one-line descriptions (pp_explain_describe), NULL on the missing
	                         side */
};

struct pp_plan_diff {
	struct pp_plan_change *changes;
	size_t n;
	bool changed;
};

/*
 * Aligns the two trees node by node (same path when shapes match; otherwise children matched
 * by relation/index/node type) and lists the changes. Caller-owned storage; release with
 * pp_plan_diff_reset. Works on plans with or without ANALYZE.
 */
void pp_plan_diff(const struct pp_plan *before, const struct pp_plan *after,
                  struct pp_plan_diff *out);
void pp_plan_diff_reset(struct pp_plan_diff *d);
/* "node_added", "scan_degraded", ... */
const char *pp_plan_diff_kind_name(enum pp_plan_change_kind k);

/* One row of the aligned tree: a node on both sides, or on one side only (the other NULL). */
struct pp_plan_pair {
	const struct pp_plan_node *before, *after;
	int depth;
};

/* The aligned tree, depth first, parents before children; returns the number of rows. */
size_t pp_plan_align(const struct pp_plan *before, const struct pp_plan *after,
                     struct pp_plan_pair **rows);

/*
 * The aligned tree as text, one row a line: "  " per depth, a marker ("=" same node, "~"
 * changed, "+" added, "-" removed), the node before -> after, then rows, loops and shared
 * buffers on each side when the plans carry ANALYZE figures.
 */
void pp_plan_diff_render(const struct pp_plan *before, const struct pp_plan *after,
                         struct pp_buf *out);
/* The marker of one aligned row ('=', '~', '+', '-'). */
char pp_plan_pair_marker(const struct pp_plan_pair *p);

/* Whether a node reads its relation through an index ("Index Scan", "Bitmap Heap Scan"...). */
bool pp_plan_node_uses_index(const struct pp_plan_node *n);
/* The index a node reads through (its own, or a bitmap heap scan's first bitmap index). */
const char *pp_plan_node_index(const struct pp_plan_node *n);

#endif
