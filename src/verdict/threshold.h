/*
 * threshold.h: threshold verdicts. Pure arithmetic over statistics, no I/O.
 *
 * A threshold `METRIC < LIMIT` passes when the metric is below LIMIT, warns when it is at or
 * above LIMIT but below LIMIT * (1 + warn_margin), and fails beyond that.
 */
#ifndef PP_THRESHOLD_H
#define PP_THRESHOLD_H

#include "run/result.h"

enum pp_status pp_threshold_judge(double value, int64_t limit, double warn_margin);

/* A metric's value as reports print it: "1.23ms" for time, "1234" for buffers and rows. */
void pp_threshold_format(enum pp_metric m, double value, char *out, size_t size);

/*
 * Judges every threshold of r->c against r->stats (time) and r->plan (buffers: shared blocks
 * hit + read over the whole plan; rows: rows returned), fills r->thresholds, adds a "threshold"
 * finding for each miss, and raises r->status to the worst verdict.
 */
void pp_threshold_evaluate(struct pp_case_result *r);

#endif
