/*
 * threshold.c: pass/warn/fail verdicts of a case's thresholds (see threshold.h).
 */
#include "threshold.h"

#include "mem.h"
#include "units.h"

enum pp_status
pp_threshold_judge(double value_ns, int64_t limit_ns, double warn_margin)
{
	double limit = (double)limit_ns;

	if (value_ns < limit)
		return PP_STATUS_PASS;
	if (value_ns < limit * (1.0 + warn_margin))
		return PP_STATUS_WARN;
	return PP_STATUS_FAIL;
}

void
pp_threshold_evaluate(struct pp_case_result *r)
{
	const struct pp_case *c = r->c;

	if (!r->has_stats || c->n_thresholds == 0)
		return;
	r->thresholds = pp_mem_calloc(c->n_thresholds, sizeof *r->thresholds);
	r->n_thresholds = c->n_thresholds;
	for (size_t i = 0; i < c->n_thresholds; i++) {
		struct pp_threshold_result *t = &r->thresholds[i];
		char value[32], limit[32];

		t->metric = c->thresholds[i].metric;
		t->limit_ns = c->thresholds[i].limit_ns;
		t->value_ns = pp_stats_metric(&r->stats, t->metric);
		t->status = pp_threshold_judge(t->value_ns, t->limit_ns, c->warn_margin);
		if (t->status == PP_STATUS_PASS)
			continue;
		pp_units_format_duration((int64_t)t->value_ns, value, sizeof value);
		pp_units_format_duration(t->limit_ns, limit, sizeof limit);
		pp_result_add_finding(r, "threshold",
				      t->status == PP_STATUS_FAIL ? PP_SEVERITY_FAIL
								  : PP_SEVERITY_WARN,
				      NULL, NULL, "%s %s is not below the limit %s (%+.0f%%)",
				      pp_stats_metric_name(t->metric), value, limit,
				      (t->value_ns / (double)t->limit_ns - 1.0) * 100.0);
		r->status = pp_result_worse(r->status, t->status);
	}
}
