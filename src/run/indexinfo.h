/*
 * indexinfo.h: what the plan findings need from the catalog about the indexes around a case's
 * plan, read by the runner after its EXPLAIN ANALYZE run (the findings themselves read no
 * database): which join columns of a hash join that keeps few rows an index leads with
 * (r->indexed: a missing index, or a hash join the planner chose over one), and the leading
 * column and size of each index the plan searches (r->index_leads: an index searched without
 * its leading column is read whole). Best effort: a failed look-up leaves the entry out.
 */
#ifndef PP_INDEXINFO_H
#define PP_INDEXINFO_H

#include "pg/conn.h"
#include "run/result.h"

void pp_indexinfo_read(struct pp_conn *conn, struct pp_case_result *r);

#endif
