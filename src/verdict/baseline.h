/*
 * baseline.h: baselines for CI and DBA comparisons. --save-baseline writes, per case, its
 * statistics and its plan shape (the ordered node types with their relations and indexes,
 * without costs or row counts); --baseline compares a run against one, adding `regression` and
 * `plan_changed` findings (docs/report-format.md). The JSON is read and written with cJSON
 * inside baseline.c. A struct pp_baseline owns everything it points to.
 */
#ifndef PP_BASELINE_H
#define PP_BASELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "run/result.h"

struct pp_baseline_case {
	char *name;
	double p50_ms, p95_ms, p99_ms, mean_ms;
	char **shape;   /* one line per plan node */
	size_t n_shape;
	bool seen;      /* matched by a case of the run being compared */
};

struct pp_baseline {
	char *path;
	struct pp_baseline_case *cases;
	size_t n_cases;
};

/* Writes the run's cases that have statistics, atomically. */
bool pp_baseline_save(const char *path, const struct pp_run *run);
/* Reads a baseline (or a --json report); logs and returns NULL on bad input. */
struct pp_baseline *pp_baseline_load(const char *path);
void pp_baseline_free(struct pp_baseline *b);

/*
 * Compares r with its baseline entry: regression (fail beyond regression_tolerance and
 * regression_min_ms, warn beyond half the tolerance, info for an improvement), plan_changed
 * (fail when an index scan became a sequential scan or an index left the plan, warn for other
 * changes), or new_case (info). Raises r->status.
 */
void pp_baseline_compare(struct pp_baseline *b, struct pp_case_result *r);

/*
 * pgperf diff: compares two saved baselines or reports case by case with the default
 * tolerances, printing each case and its findings to out. False when any would fail.
 */
bool pp_baseline_diff(struct pp_baseline *old, struct pp_baseline *now, FILE *out);

/* The plan shape of r (lines to free with the array). */
char **pp_baseline_shape(const struct pp_case_result *r, size_t *n);

#endif
