/*
 * threshold.h: threshold verdicts. Pure arithmetic over statistics, no I/O.
 *
 * A threshold `METRIC < LIMIT` passes when the metric is below LIMIT, warns when it is at or
 * above LIMIT but below LIMIT * (1 + warn_margin), and fails beyond that.
 */
#ifndef PP_THRESHOLD_H
#define PP_THRESHOLD_H

#include "result.h"

enum pp_status pp_threshold_judge(double value_ns, int64_t limit_ns, double warn_margin);

/*
 * Judges every threshold of r->c against r->stats, fills r->thresholds, adds a "threshold"
 * finding for each miss, and raises r->status to the worst verdict.
 */
void pp_threshold_evaluate(struct pp_case_result *r);

#endif
