/*
 * reads.h: plan findings about the work a plan does for what it returns (EXPLAIN ANALYZE
 * figures): rows_read (an index scan reading rows_read_ratio times what it returns), deep_offset
 * (a Limit skipping offset_min_rows rows), n_plus_one through a nested loop or LATERAL (a
 * sequential scan per outer row), and trigger (each trigger's time; warn when one takes
 * trigger_share of a write's time). Pure, like findings.h, which calls it; documented in
 * docs/case-format.md.
 */
#ifndef PP_READS_H
#define PP_READS_H

#include <stdbool.h>

#include "run/result.h"

/* Adds the findings to r (severities are raised by the caller). Nothing without a plan. */
void pp_reads_evaluate(struct pp_case_result *r, bool allow_seq, bool allow_n_plus_one);

/*
 * "schema.index" of every index r->plan searches with an Index Cond: the runner asks the
 * catalog for each one's leading column and size (r->index_leads) before judging, so that an
 * index searched without its leading column, which reads the whole index, is told. A string
 * list the caller frees.
 */
char **pp_reads_searched_indexes(const struct pp_case_result *r, size_t *n);
/* The node's index as "schema.index" (a Bitmap Index Scan's schema from its heap scan). */
char *pp_reads_index_key(const struct pp_plan_node *n);

#endif
