/*
 * findings.h: a case's plan (EXPLAIN ANALYZE) judged against its assertions and pgperf's default
 * plan findings. Pure: no I/O, no database. The findings and their severities are documented in
 * docs/case-format.md.
 */
#ifndef PP_FINDINGS_H
#define PP_FINDINGS_H

#include "run/result.h"

/*
 * Adds a finding to r for every unmet assertion (expect_unmet, forbidden) and every default
 * finding in r->plan (seq_scan, n_plus_one, misestimate, disk_sort, jit), sets r->plan_fact and
 * raises r->status to the worst severity (info never changes it). Does nothing without a plan.
 */
void pp_findings_evaluate(struct pp_case_result *r);

/*
 * The join columns ("schema.table.column") of the sequential scans in r->plan that a Hash Join
 * keeps few rows of (a seq_scan finding unless an index leads with the column): the runner
 * asks the catalog which are indexed and keeps those in r->indexed before judging. A string
 * list the caller frees.
 */
char **pp_findings_join_columns(const struct pp_case_result *r, size_t *n);

#endif
