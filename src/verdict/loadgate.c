/*
 * loadgate.c: a load run's gates (see loadgate.h).
 */
#include "verdict/loadgate.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "util/mem.h"
#include "util/str.h"
#include "util/units.h"

void
pp_loadgate_limits_default(struct pp_load_limits *l)
{
	l->growth_5x = 1.5;
	l->growth_10x = 2.0;
	l->max_error_rate = 0.01;
	l->spike_limit_s = 30;
}

double
pp_loadgate_growth_limit(const struct pp_load_limits *l, double ratio)
{
	if (ratio <= 1)
		return 1;
	if (ratio <= 5)
		return 1 + (l->growth_5x - 1) * (ratio - 1) / 4;
	return l->growth_5x + (l->growth_10x - l->growth_5x) * (ratio - 5) / 5;
}

void
pp_loadgate_init(struct pp_load_gates *g)
{
	memset(g, 0, sizeof *g);
	g->ok = true;
}

void
pp_loadgate_reset(struct pp_load_gates *g)
{
	for (size_t i = 0; i < g->n; i++) {
		free(g->items[i].name);
		free(g->items[i].message);
	}
	free(g->items);
	memset(g, 0, sizeof *g);
}

static void PP_PRINTF(6, 7)
add_gate(struct pp_load_gates *g, char *name, double value, double limit, const char *unit,
	 const char *fmt, ...)
{
	struct pp_load_gate *t;
	va_list ap;
	char msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	g->items = pp_mem_realloc(g->items, (g->n + 1) * sizeof *g->items);
	t = &g->items[g->n++];
	t->name = name;
	t->value = value;
	t->limit = limit;
	t->unit = unit;
	t->ok = value <= limit;
	t->message = pp_mem_strdup(msg);
	g->ok = g->ok && t->ok;
}

/* p95 growth of every level with more clients than the first. */
static void
judge_growth(const struct pp_load_result *r, const struct pp_load_limits *l,
	     struct pp_load_gates *g)
{
	const struct pp_load_level *first = &r->levels[0];
	double base = pp_hist_percentile(first->hist, 0.95);

	for (size_t i = 1; i < r->n_levels; i++) {
		const struct pp_load_level *lv = &r->levels[i];
		double ratio = (double)lv->clients / first->clients;
		double p95 = pp_hist_percentile(lv->hist, 0.95), f, growth;
		char a[32], b[32];

		if (lv->spike || ratio <= 1 || base <= 0 || lv->ok == 0)
			continue;
		f = pp_loadgate_growth_limit(l, ratio);
		growth = p95 / base;
		pp_units_format_duration((int64_t)p95, a, sizeof a);
		pp_units_format_duration((int64_t)base, b, sizeof b);
		add_gate(g, pp_str_printf("p95_growth@%d", lv->clients), growth, f, "x",
			 "p95 at %d clients is %.2fx the p95 at %d clients (%s vs %s); limit %.2fx%s",
			 lv->clients, growth, first->clients, a, b, f,
			 lv->saturated ? " (saturated: throughput stopped growing with clients)" : "");
	}
}

static void
judge_errors(const struct pp_load_result *r, const struct pp_load_limits *l,
	     struct pp_load_gates *g)
{
	for (size_t i = 0; i < r->n_levels; i++) {
		const struct pp_load_level *lv = &r->levels[i];
		double rate = pp_load_error_rate(lv->ok, lv->errors);

		if (lv->spike)
			continue;
		add_gate(g, pp_str_printf("error_rate@%d", lv->clients), rate, l->max_error_rate,
			 "fraction", "error rate at %d clients is %.2f%% (%llu of %llu); limit %.2f%%",
			 lv->clients, rate * 100, (unsigned long long)lv->errors,
			 (unsigned long long)(lv->ok + lv->errors), l->max_error_rate * 100);
	}
}

static const struct pp_load_level *
level_of(const struct pp_load_result *r, int clients)
{
	for (size_t i = 0; i < r->n_levels; i++)
		if (!r->levels[i].spike && r->levels[i].clients == clients)
			return &r->levels[i];
	return NULL;
}

/* Thresholds naming a level: `threshold: p95@50 < 20ms`. */
static void
judge_thresholds(const struct pp_load_result *r, struct pp_load_gates *g)
{
	for (size_t k = 0; k < r->n_cases; k++) {
		const struct pp_case *c = r->cases[k].c;

		for (size_t t = 0; t < c->n_thresholds; t++) {
			const struct pp_threshold *th = &c->thresholds[t];
			const struct pp_load_level *lv;
			struct pp_stats st;
			double v;

			if (th->clients <= 0 || !pp_stats_metric_is_time(th->metric))
				continue;
			lv = level_of(r, th->clients);
			if (lv == NULL) {
				pp_log_warning("%s: threshold %s@%d names %d clients, a level this run "
					       "did not measure", pp_case_label(c),
					       pp_stats_metric_name(th->metric), th->clients,
					       th->clients);
				continue;
			}
			pp_stats_from_hist(lv->cases[k].hist, &st);
			v = pp_stats_metric(&st, th->metric);
			add_gate(g, pp_str_printf("threshold:%s:%s@%d", pp_case_label(c),
						  pp_stats_metric_name(th->metric), th->clients),
				 v / 1e6, (double)th->limit / 1e6, "ms",
				 "%s: %s at %d clients is %.3fms; limit %.3fms%s", pp_case_label(c),
				 pp_stats_metric_name(th->metric), th->clients, v / 1e6,
				 (double)th->limit / 1e6,
				 lv->cases[k].ok == 0 ? " (no execution succeeded)" : "");
			if (lv->cases[k].ok == 0) {
				g->items[g->n - 1].ok = false;
				g->ok = false;
			}
		}
	}
}

static void
judge_spike(const struct pp_load_result *r, const struct pp_load_limits *l,
	    struct pp_load_gates *g)
{
	for (size_t i = 0; i < r->n_levels; i++) {
		const struct pp_load_level *lv = &r->levels[i];
		bool never = lv->spike_recovery_s < 0;

		if (!lv->spike)
			continue;
		add_gate(g, pp_mem_strdup("spike_recovery"),
			 never ? lv->seconds : lv->spike_recovery_s, l->spike_limit_s, "s",
			 never ? "after the spike to %d clients, p99 was not back within the bound "
				 "in %.1fs; limit %.0fs"
			       : "after the spike to %d clients, p99 was back within the bound in "
				 "%.1fs; limit %.0fs",
			 lv->clients, never ? lv->seconds : lv->spike_recovery_s, l->spike_limit_s);
		if (never) {
			g->items[g->n - 1].ok = false;
			g->ok = false;
		}
	}
}

void
pp_loadgate_judge(const struct pp_load_result *r, const struct pp_load_limits *l,
		  struct pp_load_gates *g)
{
	if (r->n_levels == 0)
		return;
	judge_growth(r, l, g);
	judge_errors(r, l, g);
	judge_thresholds(r, g);
	judge_spike(r, l, g);
}

void
pp_loadgate_mark_saturated(struct pp_load_result *r)
{
	const struct pp_load_level *prev = NULL;

	for (size_t i = 0; i < r->n_levels; i++) {
		struct pp_load_level *lv = &r->levels[i];
		double tps, ptps, growth;

		if (lv->spike || lv->seconds <= 0)
			continue;
		if (prev != NULL && lv->clients > prev->clients && prev->seconds > 0) {
			tps = (double)(lv->ok + lv->errors) / lv->seconds;
			ptps = (double)(prev->ok + prev->errors) / prev->seconds;
			growth = (double)lv->clients / prev->clients - 1;
			lv->saturated = ptps > 0 && tps / ptps - 1 < 0.1 * growth;
		}
		prev = lv;
	}
}
