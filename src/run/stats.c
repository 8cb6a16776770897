/*
 * stats.c: summary statistics over timed iterations (see stats.h for the methods).
 */
#include "run/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "run/hist.h"

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a;
	int64_t y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

double
pp_stats_percentile(const int64_t *sorted, size_t n, double q)
{
	double h, lo;
	size_t i;

	if (n == 1 || q <= 0.0)
		return (double)sorted[0];
	if (q >= 1.0)
		return (double)sorted[n - 1];
	h = (double)(n - 1) * q;
	lo = floor(h);
	i = (size_t)lo;
	if (i + 1 >= n)
		return (double)sorted[n - 1];
	return (double)sorted[i] + (h - lo) * (double)(sorted[i + 1] - sorted[i]);
}

void
pp_stats_compute(int64_t *samples, size_t n, struct pp_stats *out)
{
	double sum = 0.0, mean, ss = 0.0;

	memset(out, 0, sizeof *out);
	if (n == 0)
		return;
	qsort(samples, n, sizeof *samples, cmp_i64);
	for (size_t i = 0; i < n; i++)
		sum += (double)samples[i];
	mean = sum / (double)n;
	/* Two passes: the textbook one-pass formula loses precision for close values. */
	for (size_t i = 0; i < n; i++) {
		double d = (double)samples[i] - mean;
		ss += d * d;
	}
	out->n = n;
	out->total = sum;
	out->mean = mean;
	out->min = (double)samples[0];
	out->max = (double)samples[n - 1];
	out->p50 = pp_stats_percentile(samples, n, 0.50);
	out->p90 = pp_stats_percentile(samples, n, 0.90);
	out->p95 = pp_stats_percentile(samples, n, 0.95);
	out->p99 = pp_stats_percentile(samples, n, 0.99);
	out->stddev = n > 1 ? sqrt(ss / (double)(n - 1)) : 0.0;
	out->exact = true;
}

void
pp_stats_from_hist(const struct pp_hist *h, struct pp_stats *out)
{
	memset(out, 0, sizeof *out);
	if (pp_hist_count(h) == 0)
		return;
	out->n = (size_t)pp_hist_count(h);
	out->total = pp_hist_sum(h);
	out->mean = pp_hist_mean(h);
	out->min = (double)pp_hist_min(h);
	out->max = (double)pp_hist_max(h);
	out->p50 = pp_hist_percentile(h, 0.50);
	out->p90 = pp_hist_percentile(h, 0.90);
	out->p95 = pp_hist_percentile(h, 0.95);
	out->p99 = pp_hist_percentile(h, 0.99);
	out->stddev = pp_hist_stddev(h);
	out->exact = false;
}

double
pp_stats_metric(const struct pp_stats *s, enum pp_metric m)
{
	switch (m) {
	case PP_METRIC_MIN:
		return s->min;
	case PP_METRIC_MEAN:
		return s->mean;
	case PP_METRIC_P50:
		return s->p50;
	case PP_METRIC_P90:
		return s->p90;
	case PP_METRIC_P95:
		return s->p95;
	case PP_METRIC_P99:
		return s->p99;
	case PP_METRIC_MAX:
	case PP_METRIC_BUFFERS:
	case PP_METRIC_ROWS:
	case PP_METRIC_COUNT:
		break;
	}
	return s->max;
}

static const char *const metric_names[PP_METRIC_COUNT] = {
	[PP_METRIC_MIN] = "min", [PP_METRIC_MEAN] = "mean", [PP_METRIC_P50] = "p50",
	[PP_METRIC_P90] = "p90", [PP_METRIC_P95] = "p95",   [PP_METRIC_P99] = "p99",
	[PP_METRIC_MAX] = "max",  [PP_METRIC_BUFFERS] = "buffers", [PP_METRIC_ROWS] = "rows",
};

const char *
pp_stats_metric_name(enum pp_metric m)
{
	return (unsigned)m < PP_METRIC_COUNT ? metric_names[m] : "?";
}

bool
pp_stats_metric_parse(const char *name, enum pp_metric *out)
{
	if (strcmp(name, "median") == 0) {
		*out = PP_METRIC_P50;
		return true;
	}
	for (int m = 0; m < PP_METRIC_COUNT; m++) {
		if (strcmp(name, metric_names[m]) == 0) {
			*out = (enum pp_metric)m;
			return true;
		}
	}
	return false;
}
