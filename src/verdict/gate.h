/*
 * gate.h: the regression gates of a comparison, baseline or A/B (docs/ci.md).
 *
 * Deterministic gates first: what barely moves between runs of an unchanged database, compared
 * node by node on the two plans aligned by plan/diff.h: an index no longer used, a scan that
 * degraded from an index to a sequential scan (fail), other plan changes (warn), shared buffers
 * (hit + read) grown beyond a tolerance, temp blocks written where there were none (fail).
 * Then time, statistically (timecmp.h): slower only when significant and large.
 *
 * Findings are added to the result (result.h owns them); nothing else is kept.
 */
#ifndef PP_GATE_H
#define PP_GATE_H

#include <stdbool.h>
#include <stddef.h>

#include "plan/explain.h"
#include "run/result.h"
#include "verdict/timecmp.h"

struct pp_gate_options {
	double buffers_tolerance; /* fail when shared buffers grow by more than this fraction */
	double buffers_min;       /* ...and by at least this many pages */
	double time_ratio;        /* time: the median ratio's whole 95 % interval at or above */
	double time_min_ms;       /* ...and the medians this far apart (ms) */
	double alpha;             /* ...and the Mann-Whitney p-value below */
	double fragile_within;    /* cost-tie fragility: the plan without its index this close */
};

#define PP_GATE_BUFFERS_TOLERANCE 0.10
#define PP_GATE_BUFFERS_MIN       8
#define PP_GATE_TIME_RATIO        1.5
#define PP_GATE_TIME_MIN_MS       0.5
#define PP_GATE_ALPHA             0.01
#define PP_GATE_FRAGILE_WITHIN    0.05

void pp_gate_defaults(struct pp_gate_options *o);

/*
 * The deterministic gates of now against before (both may lack ANALYZE figures: buffers and
 * temp blocks are then not compared). against names the other side in messages ("the
 * baseline"). Adds plan_changed, buffers and temp_blocks findings and raises r->status.
 */
void pp_gate_plans(const struct pp_plan *before, const struct pp_plan *now, const char *against,
                   const struct pp_gate_options *o, struct pp_case_result *r);

enum pp_gate_time { PP_GATE_TIME_SAME, PP_GATE_TIME_SLOWER, PP_GATE_TIME_FASTER };

/*
 * Judges now against before (same unit; unit_ms converts a difference of medians to ms) and
 * fills *cmp. Slower needs all of: the whole 95 % interval at or above time_ratio, p below
 * alpha, the medians time_min_ms apart; faster is the mirror image.
 */
enum pp_gate_time pp_gate_time_judge(const double *before, size_t nb, const double *now, size_t nn,
                                     double unit_ms, const struct pp_gate_options *o,
                                     struct pp_timecmp *cmp);
/* Whether now looks slower on its point estimate alone (worth re-measuring). */
bool pp_gate_time_suspect(const struct pp_timecmp *cmp, double unit_ms,
                          const struct pp_gate_options *o);

/*
 * The case's server times (one after each timed iteration, run/servertime.h) relative to the
 * calibration probe's: each divided by the median of the probes around it (9 of them). A new array of r->n_probe values; NULL when no probe ran.
 */
double *pp_gate_relative_times(const struct pp_case_result *r, size_t *n);
/* The median probe time of r in ms; 0 when none ran. */
double pp_gate_probe_ms(const struct pp_case_result *r);

/* A/B: the `time` finding of r (head) against rb (base), both timed in one run. */
void pp_gate_ab_time(const struct pp_gate_options *o, const struct pp_case_result *rb,
                     struct pp_case_result *r);

/* An info finding when the plan's cost is within fragile_within of the plan without its index. */
void pp_gate_fragility(const struct pp_gate_options *o, struct pp_case_result *r);

#endif
