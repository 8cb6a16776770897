/*
 * loadgate.h: the gates of a load run (pgperf load), judged on its levels. Pure arithmetic over
 * struct pp_load_result, no I/O.
 *
 * p95 growth: at a level with r times the first level's clients, p95 may be at most f(r) times
 * the first level's p95, f going through the points (1, 1), (5, growth_5x) and (10, growth_10x)
 * in straight lines and on past 10 with the slope of the last segment: with the defaults 1.5 and
 * 2, f(2) = 1.125, f(5) = 1.5, f(7.5) = 1.75, f(10) = 2, f(20) = 3. Levels with no more clients
 * than the first have no growth gate.
 * Error rate: every level's errors / executions at most max_error_rate (default 0.01).
 * Thresholds naming a level (`threshold: p95@50 < 20ms`): the case's metric at that level below
 * the limit. Spike: the recovery time at most spike_limit_s (default 30).
 *
 * A struct pp_load_gates is caller-owned storage (pp_loadgate_init / pp_loadgate_reset)
 * owning its gates' names and messages.
 */
#ifndef PP_LOADGATE_H
#define PP_LOADGATE_H

#include <stdbool.h>
#include <stddef.h>

#include "run/load.h"

struct pp_load_limits {
	double growth_5x;      /* default 1.5 */
	double growth_10x;     /* default 2.0 */
	double max_error_rate; /* default 0.01 */
	double spike_limit_s;  /* default 30 */
};

struct pp_load_gate {
	char *name;    /* "p95_growth@50", "error_rate@10", "threshold:NAME:p95@50",
			  "spike_recovery" */
	bool ok;
	double value, limit;
	const char *unit; /* "x", "fraction", "ms", "s" */
	char *message;    /* one line naming the values */
};

struct pp_load_gates {
	struct pp_load_gate *items;
	size_t n;
	bool ok; /* every gate held */
};

void pp_loadgate_limits_default(struct pp_load_limits *l);
/* The allowed growth f(ratio) above. */
double pp_loadgate_growth_limit(const struct pp_load_limits *l, double ratio);

void pp_loadgate_init(struct pp_load_gates *g);
void pp_loadgate_reset(struct pp_load_gates *g);
/* Judges every gate on the run's levels into g. A threshold naming a level the run did not
 * measure is a warning (logged), not a gate. */
void pp_loadgate_judge(const struct pp_load_result *r, const struct pp_load_limits *l,
		       struct pp_load_gates *g);
/* Marks the levels whose throughput stopped growing with clients: tps grew by less than a
 * tenth of the clients' growth. */
void pp_loadgate_mark_saturated(struct pp_load_result *r);

#endif
