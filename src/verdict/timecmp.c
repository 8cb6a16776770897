/*
 * timecmp.c: median ratio, bootstrap interval and Mann-Whitney U (see timecmp.h).
 */
#include "verdict/timecmp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"
#include "util/rng.h"

#define BOOTSTRAP_ROUNDS 1000
#define BOOTSTRAP_SEED   0x70677065726fULL

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double *
sorted_copy(const double *v, size_t n)
{
	double *s = pp_mem_alloc((n ? n : 1) * sizeof *s);

	memcpy(s, v, n * sizeof *s);
	qsort(s, n, sizeof *s, cmp_double);
	return s;
}

static double
median_sorted(const double *s, size_t n)
{
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

double
pp_timecmp_median(const double *v, size_t n)
{
	double *s = sorted_copy(v, n), m = median_sorted(s, n);

	free(s);
	return m;
}

size_t
pp_timecmp_quantiles(const double *v, size_t n, double *out, size_t k)
{
	double *s = sorted_copy(v, n);
	size_t m = n <= k ? n : k;

	for (size_t i = 0; i < m; i++)
		out[i] = n <= k ? s[i]
		                : s[(size_t)llround((double)i * (double)(n - 1) / (double)(k - 1))];
	free(s);
	return m;
}

/* The median of n values drawn with replacement from sorted s, into scratch. */
static double
resample_median(const double *s, size_t n, double *scratch, struct pp_rng *rng)
{
	for (size_t i = 0; i < n; i++)
		scratch[i] = s[pp_rng_range(rng, 0, (int64_t)n - 1)];
	qsort(scratch, n, sizeof *scratch, cmp_double);
	return median_sorted(scratch, n);
}

static void
bootstrap(const double *b, size_t nb, const double *a, size_t na, double *lo, double *hi)
{
	double *ratios = pp_mem_alloc(BOOTSTRAP_ROUNDS * sizeof *ratios);
	double *scratch = pp_mem_alloc((nb > na ? nb : na) * sizeof *scratch);
	struct pp_rng rng;

	pp_rng_init(&rng, BOOTSTRAP_SEED);
	for (size_t i = 0; i < BOOTSTRAP_ROUNDS; i++) {
		double mb = resample_median(b, nb, scratch, &rng);
		double ma = resample_median(a, na, scratch, &rng);

		ratios[i] = mb > 0 ? ma / mb : 1.0;
	}
	qsort(ratios, BOOTSTRAP_ROUNDS, sizeof *ratios, cmp_double);
	*lo = ratios[(size_t)(0.025 * BOOTSTRAP_ROUNDS)];
	*hi = ratios[(size_t)(0.975 * BOOTSTRAP_ROUNDS) - 1];
	free(scratch);
	free(ratios);
}

/* One-sided p-values of the Mann-Whitney U test (normal approximation, tie-corrected, with
 * continuity correction) that a is stochastically larger (*p_larger) or smaller than b. */
static void
mann_whitney(const double *b, size_t nb, const double *a, size_t na, double *p_larger,
             double *p_smaller)
{
	size_t n = nb + na, i = 0;
	struct tagged {
		double v;
		int from_a;
	} *all = pp_mem_alloc(n * sizeof *all);
	double rank_a = 0, ties = 0, u, mean, var, z;

	for (size_t k = 0; k < nb; k++)
		all[k] = (struct tagged){b[k], 0};
	for (size_t k = 0; k < na; k++)
		all[nb + k] = (struct tagged){a[k], 1};
	qsort(all, n, sizeof *all, cmp_double); /* v is the first member */
	while (i < n) {
		size_t j = i;
		double t, r;

		while (j + 1 < n && all[j + 1].v == all[i].v)
			j++;
		t = (double)(j - i + 1);
		r = ((double)i + (double)j) / 2 + 1;
		for (size_t k = i; k <= j; k++)
			rank_a += all[k].from_a ? r : 0;
		ties += t * t * t - t;
		i = j + 1;
	}
	u = rank_a - (double)na * ((double)na + 1) / 2;
	mean = (double)na * (double)nb / 2;
	var =
	    (double)na * (double)nb / 12 * (((double)n + 1) - ties / ((double)n * ((double)n - 1)));
	free(all);
	if (var <= 0) {
		*p_larger = *p_smaller = 1;
		return;
	}
	z = (u - mean - 0.5) / sqrt(var);
	*p_larger = 0.5 * erfc(z / 1.4142135623730951);
	z = (u - mean + 0.5) / sqrt(var);
	*p_smaller = 0.5 * erfc(-z / 1.4142135623730951);
}

void
pp_timecmp_compute(const double *before, size_t nb, const double *now, size_t nn,
                   struct pp_timecmp *out)
{
	double *b = sorted_copy(before, nb), *a = sorted_copy(now, nn);

	memset(out, 0, sizeof *out);
	out->n_before = nb;
	out->n_now = nn;
	out->before_median = median_sorted(b, nb);
	out->now_median = median_sorted(a, nn);
	out->ratio = out->before_median > 0 ? out->now_median / out->before_median : 1.0;
	bootstrap(b, nb, a, nn, &out->lo, &out->hi);
	mann_whitney(b, nb, a, nn, &out->p_slower, &out->p_faster);
	free(b);
	free(a);
}
