/*
 * calibrate.c: measures the run-to-run noise of a suite and recommends thresholds (see
 * calibrate.h).
 */
#include "cli/calibrate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cases.h"
#include "run/session.h"
#include "util/interrupt.h"
#include "util/mem.h"
#include "util/outcome.h"
#include "verdict/gate.h"
#include "verdict/timecmp.h"

/* One case over the runs: the lowest and highest of each figure. */
struct spread {
	double raw[2], rel[2], probe[2], buf[2];
	int runs;
};

static void
widen(double range[2], double v, bool first)
{
	if (first || v < range[0])
		range[0] = v;
	if (first || v > range[1])
		range[1] = v;
}

static void
record(const struct pp_case_result *r, struct spread *s)
{
	size_t n;
	double *rel = pp_gate_relative_times(r, &n);
	bool first = s->runs == 0;

	if (!r->has_stats || rel == NULL) {
		free(rel);
		return;
	}
	widen(s->raw, r->stats.p50 / 1e6, first);
	widen(s->rel, pp_timecmp_median(rel, n), first);
	widen(s->probe, pp_gate_probe_ms(r), first);
	widen(s->buf,
	      r->plan && r->plan->root ? r->plan->root->shared_hit + r->plan->root->shared_read : 0,
	      first);
	s->runs++;
	free(rel);
}

static double
ratio(const double range[2])
{
	return range[0] > 0 ? range[1] / range[0] : 1;
}

/* Prints the table and the recommendation; *worst_* get the largest spreads. */
static void
print_spreads(const struct pp_selection *sel, const struct spread *sp,
              const struct pp_gate_options *d)
{
	double worst_rel = 1, worst_ms = 0, worst_buf = 0;

	printf("%-*s  %21s  %9s  %21s  %9s  %s\n", sel->name_width, "case", "p50 ms (min-max)",
	       "raw", "relative (min-max)", "relative", "buffers (min-max)");
	for (size_t i = 0; i < sel->n; i++) {
		const struct spread *s = &sp[i];
		double ms_apart;

		if (s->runs < 2) {
			printf("%-*s  not timed in every run\n", sel->name_width,
			       pp_case_label(sel->cases[i]));
			continue;
		}
		ms_apart = (s->rel[1] - s->rel[0]) * (s->probe[0] + s->probe[1]) / 2;
		printf("%-*s  %10.3f-%-10.3f  %8.2fx  %10.3f-%-10.3f  %8.2fx  %.0f-%.0f\n",
		       sel->name_width, pp_case_label(sel->cases[i]), s->raw[0], s->raw[1],
		       ratio(s->raw), s->rel[0], s->rel[1], ratio(s->rel), s->buf[0], s->buf[1]);
		worst_rel = fmax(worst_rel, ratio(s->rel));
		worst_ms = fmax(worst_ms, ms_apart);
		worst_buf = fmax(worst_buf, ratio(s->buf) - 1);
	}
	printf(
	    "\nlargest run-to-run spread: %.2fx relative to the probe (%.3f ms), buffers %+.0f%%\n",
	    worst_rel, worst_ms, worst_buf * 100);
	printf("recommended on this machine (never below the defaults):\n"
	       "  --time-ratio %.2f --time-min %.2fms --buffer-tolerance %.2f --buffer-min %.0f\n",
	       fmax(d->time_ratio, ceil(worst_rel * 1.5 * 10) / 10),
	       fmax(d->time_min_ms, ceil(worst_ms * 2 * 100) / 100),
	       fmax(d->buffers_tolerance, ceil(worst_buf * 2 * 100) / 100), d->buffers_min);
}

int
pp_calibrate_run(const struct pp_options *o, const struct pp_selection *sel, struct pp_target *t)
{
	struct spread *sp = pp_mem_calloc(sel->n + 1, sizeof *sp);
	struct pp_session_options so = {.iterations = (long)o->iterations,
	                                .vacuum_writes = pp_target_embedded(t),
	                                .seed = (uint64_t)o->seed,
	                                .probe = true};
	int status = PP_EXIT_OK;

	pp_cases_gate_options(o, &so.gate);
	for (int k = 0; k < PP_CALIBRATE_RUNS && status == PP_EXIT_OK; k++) {
		struct pp_run run;

		pp_run_init(&run);
		fprintf(stderr, "calibration run %d of %d\n", k + 1, PP_CALIBRATE_RUNS);
		pp_session_run(pp_target_conn(t), sel->cases, sel->n, &so, &run);
		for (size_t i = 0; i < run.n_results && i < sel->n; i++)
			record(&run.results[i], &sp[i]);
		status = run.interrupted       ? PP_EXIT_INTERRUPTED
		         : run.connection_lost ? PP_EXIT_SERVER
		                               : PP_EXIT_OK;
		pp_run_reset(&run);
	}
	if (status == PP_EXIT_OK) {
		printf("calibration: %d runs of %zu cases on %s\n\n", PP_CALIBRATE_RUNS, sel->n,
		       pp_target_name(t));
		print_spreads(sel, sp, &so.gate);
	}
	free(sp);
	return status;
}
