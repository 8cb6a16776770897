/*
 * stats.h: summary statistics of a case's timed iterations. Pure arithmetic, no I/O.
 *
 * Percentiles use linear interpolation between the closest ranks (Hyndman and Fan's type 7, the
 * default of R, NumPy and spreadsheet PERCENTILE.INC): for sorted x[0..n-1] and q in [0, 1],
 * h = (n - 1) q and the value is x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
 * stddev is the sample standard deviation (n - 1 in the denominator; 0 for one sample).
 *
 * Statistics come from the exact samples when the runner kept them, else from a histogram (see
 * hist.h): min, max, mean, stddev and total stay exact, and the percentiles are within 1/256
 * (0.39 %) of the exact ones for values between 1 us and 1 h; `exact` tells which.
 */
#ifndef PP_STATS_H
#define PP_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pp_hist;

enum pp_metric {
	PP_METRIC_MIN,
	PP_METRIC_MEAN,
	PP_METRIC_P50,
	PP_METRIC_P90,
	PP_METRIC_P95,
	PP_METRIC_P99,
	PP_METRIC_MAX,
	PP_METRIC_BUFFERS, /* shared buffers hit + read, from EXPLAIN (ANALYZE, BUFFERS) */
	PP_METRIC_ROWS,    /* rows returned (or affected): the most of any timed iteration */
	PP_METRIC_COUNT
};

/* Time metrics are in nanoseconds; buffers and rows are counts. */
static inline bool
pp_stats_metric_is_time(enum pp_metric m)
{
	return m < PP_METRIC_BUFFERS;
}

/* All times in nanoseconds. */
struct pp_stats {
	size_t n;
	double min, mean, p50, p90, p95, p99, max, stddev;
	double total; /* sum of all samples */
	bool exact;   /* false: percentiles from a histogram, within 0.39 % */
};

/* Fills *out from n samples (n >= 1). samples is sorted in place. */
void pp_stats_compute(int64_t *samples, size_t n, struct pp_stats *out);
/* Fills *out from a histogram's values (out->exact is false); all zero when it is empty. */
void pp_stats_from_hist(const struct pp_hist *h, struct pp_stats *out);
/* q in [0, 1] over sorted values (n >= 1), by the method above. */
double pp_stats_percentile(const int64_t *sorted, size_t n, double q);
double pp_stats_metric(const struct pp_stats *s, enum pp_metric m);

const char *pp_stats_metric_name(enum pp_metric m);
/* Accepts min mean p50 median p90 p95 p99 max buffers rows; median is p50. */
bool pp_stats_metric_parse(const char *name, enum pp_metric *out);

#endif
