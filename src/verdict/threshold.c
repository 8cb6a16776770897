/*
 * threshold.c: pass/warn/fail verdicts of a case's thresholds (see threshold.h).
 */
#include "verdict/threshold.h"

#include <stdio.h>

#include "util/mem.h"
#include "util/units.h"

enum pp_status
pp_threshold_judge(double value, int64_t limit, double warn_margin)
{
	double l = (double)limit;

	if (value < l)
		return PP_STATUS_PASS;
	if (value < l * (1.0 + warn_margin))
		return PP_STATUS_WARN;
	return PP_STATUS_FAIL;
}

/*
 * The measured value of m: from the statistics for time; rows, the most any timed iteration
 * returned (each draws its own values: one EXPLAIN run's count could be the smallest) or the
 * EXPLAIN run's; buffers from the EXPLAIN run.
 */
static bool
measured(const struct pp_case_result *r, enum pp_metric m, double *value)
{
	bool timed = r->stats.n > 0;

	if (pp_stats_metric_is_time(m)) {
		*value = pp_stats_metric(&r->stats, m);
		return true;
	}
	if (m == PP_METRIC_ROWS && timed)
		*value = (double)r->rows_max;
	if (r->plan == NULL || r->plan->root == NULL)
		return m == PP_METRIC_ROWS && timed;
	if (m == PP_METRIC_BUFFERS)
		*value = r->plan->root->shared_hit + r->plan->root->shared_read;
	else if (!timed || r->plan->root->actual_rows * r->plan->root->loops > *value)
		*value = r->plan->root->actual_rows * r->plan->root->loops;
	return true;
}

void
pp_threshold_format(enum pp_metric m, double value, char *out, size_t size)
{
	if (pp_stats_metric_is_time(m))
		pp_units_format_duration((int64_t)value, out, size);
	else
		snprintf(out, size, "%.0f", value);
}

void
pp_threshold_evaluate(struct pp_case_result *r)
{
	const struct pp_case *c = r->c;

	if (!r->has_stats || c->n_thresholds == 0)
		return;
	/* Thresholds naming a level of clients (p95@50) are pgperf load's, not verify's. */
	r->thresholds = pp_mem_calloc(c->n_thresholds, sizeof *r->thresholds);
	for (size_t i = 0; i < c->n_thresholds; i++) {
		struct pp_threshold_result *t = &r->thresholds[r->n_thresholds];
		char value[32], limit[32];

		if (c->thresholds[i].clients > 0)
			continue;
		r->n_thresholds++;
		t->metric = c->thresholds[i].metric;
		t->limit = c->thresholds[i].limit;
		if (!measured(r, t->metric, &t->value)) {
			t->status = PP_STATUS_FAIL;
			pp_result_add_finding(r, "threshold", PP_SEVERITY_FAIL, NULL, NULL,
					      "%s: not measured (no plan)",
					      pp_stats_metric_name(t->metric));
			r->status = pp_outcome_worse(r->status, t->status);
			continue;
		}
		t->status = pp_threshold_judge(t->value, t->limit, c->warn_margin);
		if (t->status == PP_STATUS_PASS)
			continue;
		pp_threshold_format(t->metric, t->value, value, sizeof value);
		pp_threshold_format(t->metric, (double)t->limit, limit, sizeof limit);
		pp_result_add_finding(r, "threshold",
				      t->status == PP_STATUS_FAIL ? PP_SEVERITY_FAIL
								  : PP_SEVERITY_WARN,
				      NULL, NULL, "%s %s is not below the limit %s (%+.0f%%)",
				      pp_stats_metric_name(t->metric), value, limit,
				      (t->value / (double)t->limit - 1.0) * 100.0);
		r->status = pp_outcome_worse(r->status, t->status);
	}
}
