/*
 * baseline.h: baselines for CI and DBA comparisons (docs/ci.md, docs/report-format.md).
 *
 * --save-baseline writes format 3: per case its statistics, its server times relative to
 * the calibration probe's (a compact set of quantiles; run/servertime.h), its plan shape, its plan nodes with the
 * counters that barely move between runs (shared buffers hit + read, rows, loops, rows removed
 * by filter, temp blocks written), and the EXPLAIN output they come from. --baseline compares
 * a run against one through the gates of gate.h. A --json report is read as a baseline too
 * (plans and p50s; no probe, so its times are compared raw, with the case's
 * regression_tolerance). A format 2 baseline (times taken by the round trip) is compared on
 * its plans and counters only, saying so; format 1 is refused with the command that
 * regenerates it.
 *
 * The JSON is read and written with cJSON inside baseline.c. A struct pp_baseline owns
 * everything it points to.
 */
#ifndef PP_BASELINE_H
#define PP_BASELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "run/result.h"
#include "verdict/gate.h"

#define PP_BASELINE_FORMAT 3
/* Format 2 timed by the round trip: its plans and counters are compared, not its times. */
#define PP_BASELINE_OLDEST_FORMAT 2
/* The relative times kept per case: quantiles of all of them when there are more. */
#define PP_BASELINE_MAX_TIMES 256

struct pp_baseline_case {
	char *name;
	double p50_ms, p95_ms, p99_ms, mean_ms;
	char **shape;   /* one line per plan node */
	size_t n_shape;
	struct pp_plan *plan; /* EXPLAIN ANALYZE as saved; NULL when none */
	double *relative;     /* times relative to the probe, ascending; NULL without a probe */
	size_t n_relative;
	double probe_ms;      /* the probe's median in that run */
	long probe_loops;     /* the probe's size for this case (probe.h) */
	bool old_times;       /* format 2: relative times of round trips, compared only with
				 another format 2's */
	bool seen;      /* matched by a case of the run being compared */
};

struct pp_baseline {
	char *path;
	int format;     /* PP_BASELINE_FORMAT, or 0 for a --json report */
	struct pp_gate_options gate; /* pp_gate_defaults after loading; the caller may change it */
	struct pp_baseline_case *cases;
	size_t n_cases;
};

/* Writes the run's cases that have statistics, atomically. */
bool pp_baseline_save(const char *path, const struct pp_run *run);
/* Reads a baseline (or a --json report); logs and returns NULL on bad input. */
struct pp_baseline *pp_baseline_load(const char *path);
void pp_baseline_free(struct pp_baseline *b);

/*
 * Compares r with its baseline entry: the deterministic gates (plan_changed, buffers,
 * temp_blocks), then time: with probe-relative times on both sides the statistical gate
 * (a `time` finding: fail when slower, info otherwise), else the raw p50 (`regression`, with
 * the case's regression_tolerance and regression_min_ms); new_case (info) when it has none.
 * Raises r->status.
 */
void pp_baseline_compare(struct pp_baseline *b, struct pp_case_result *r);

/*
 * Whether r looks slower than its baseline entry on the point estimate alone (worth timing
 * again before calling it); sets *ratio to the median ratio. False when a deterministic gate
 * fails the case anyway.
 */
bool pp_baseline_time_suspect(struct pp_baseline *b, const struct pp_case_result *r,
			      double *ratio);

/* The probe's size the baseline used for the case named name; 0 when none (or no b). */
long pp_baseline_probe_loops(const struct pp_baseline *b, const char *name);

/*
 * pgperf diff: compares two saved baselines or reports case by case with the default gates,
 * printing each case, its findings and its aligned plan to out. False when any would fail.
 */
bool pp_baseline_diff(struct pp_baseline *old, struct pp_baseline *now, FILE *out);

/* The plan shape of r (lines to free with the array). */
char **pp_baseline_shape(const struct pp_case_result *r, size_t *n);

#endif
