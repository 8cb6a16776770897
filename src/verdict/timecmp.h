/*
 * timecmp.h: two sets of timings compared the way skewed latency data allows: the ratio of
 * their medians with a bootstrap confidence interval, and a one-sided Mann-Whitney U test of
 * "now is slower than before". Pure arithmetic, no I/O, no allocation visible to the caller.
 *
 * The values are whatever unit both sides share: times relative to the calibration probe for
 * a baseline, nanoseconds for an A/B run. The bootstrap draws from a fixed seed, so the same
 * inputs always give the same interval.
 */
#ifndef PP_TIMECMP_H
#define PP_TIMECMP_H

#include <stddef.h>
#include <stdint.h>

struct pp_timecmp {
	double before_median, now_median;
	double ratio;    /* now_median / before_median */
	double lo, hi;   /* 95 % bootstrap interval of the ratio */
	double p_slower; /* one-sided Mann-Whitney p-value of "now is slower" */
	double p_faster; /* ...and of "now is faster" */
	size_t n_before, n_now;
};

/* Compares before[0..nb) with now[0..nn) (both >= 1 values; neither is modified). */
void pp_timecmp_compute(const double *before, size_t nb, const double *now, size_t nn,
                        struct pp_timecmp *out);

/* The median of v[0..n) (n >= 1; v is not modified). */
double pp_timecmp_median(const double *v, size_t n);

/* Up to k values summarising v[0..n): evenly spaced quantiles of it (all of v when n <= k),
 * ascending, into out (room for k); returns how many. */
size_t pp_timecmp_quantiles(const double *v, size_t n, double *out, size_t k);

#endif
