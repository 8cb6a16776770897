/*
 * check_hist.c: the latency histogram against exact statistics of the same values: percentiles
 * within the bound hist.h states, merge, clamping, exact min/max/mean, the bucket layout and the
 * export/import round trip.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "run/hist.h"
#include "run/stats.h"
#include "suites.h"
#include "util/rng.h"

#define US    INT64_C(1000)
#define MS    INT64_C(1000000)
#define BOUND (1.0 / 256) /* hist.h's relative precision guarantee */

/* --- distributions, as a table ------------------------------------------------------------- */

static double
normal(struct pp_rng *rng)
{
	double u = pp_rng_double(rng), v = pp_rng_double(rng);

	return sqrt(-2.0 * log(1.0 - u)) * cos(6.283185307179586 * v);
}

static int64_t
in_range(double v)
{
	if (v < (double)PP_HIST_LOWEST_NS)
		return PP_HIST_LOWEST_NS;
	return v > (double)PP_HIST_HIGHEST_NS ? PP_HIST_HIGHEST_NS : (int64_t)v;
}

static int64_t
draw_uniform(struct pp_rng *rng, size_t i)
{
	(void)i;
	return pp_rng_range(rng, 10 * US, 10 * MS);
}

static int64_t
draw_lognormal(struct pp_rng *rng, size_t i)
{
	(void)i;
	return in_range(exp(log(200.0 * US) + normal(rng)));
}

static int64_t
draw_bimodal(struct pp_rng *rng, size_t i)
{
	(void)i;
	if (pp_rng_double(rng) < 0.7)
		return in_range(100.0 * US + 10.0 * US * normal(rng));
	return in_range(5.0 * MS + 500.0 * US * normal(rng));
}

static int64_t
draw_log_uniform(struct pp_rng *rng, size_t i)
{
	double lo = log((double)PP_HIST_LOWEST_NS), hi = log((double)PP_HIST_HIGHEST_NS);

	(void)i;
	return in_range(exp(lo + (hi - lo) * pp_rng_double(rng)));
}

static int64_t
draw_near_lowest(struct pp_rng *rng, size_t i)
{
	(void)i;
	return pp_rng_range(rng, PP_HIST_LOWEST_NS, PP_HIST_LOWEST_NS + 300);
}

static int64_t
draw_constant(struct pp_rng *rng, size_t i)
{
	(void)rng;
	(void)i;
	return 123456789;
}

static int64_t
draw_two_far_apart(struct pp_rng *rng, size_t i)
{
	(void)rng;
	return i == 0 ? 1500 : 2 * INT64_C(1000000000);
}

static const struct dist_case {
	const char *what;
	int64_t (*draw)(struct pp_rng *rng, size_t i);
	size_t n;
} dist_cases[] = {
	{ "uniform 10 us to 10 ms", draw_uniform, 100000 },
	{ "lognormal, median 200 us", draw_lognormal, 100000 },
	{ "bimodal 100 us (70 %) and 5 ms (30 %)", draw_bimodal, 100000 },
	{ "log-uniform over 1 us to 1 h", draw_log_uniform, 50000 },
	{ "uniform 1000 to 1300 ns, the first buckets", draw_near_lowest, 20000 },
	{ "constant 123.456789 ms", draw_constant, 1000 },
	{ "one sample", draw_constant, 1 },
	{ "two samples far apart", draw_two_far_apart, 2 },
};

static const double quantiles[] = { 0,   0.001, 0.01, 0.1,  0.25,  0.5,    0.75,
				    0.9, 0.95,  0.99, 0.999, 0.9999, 1 };

/* Draws the case's values into a sorted array and a histogram. */
static int64_t *
fill(const struct dist_case *tc, struct pp_hist *h)
{
	int64_t *samples = calloc(tc->n, sizeof *samples);
	struct pp_rng rng;
	struct pp_stats s;

	ck_assert_ptr_nonnull(samples);
	pp_rng_init(&rng, 42);
	for (size_t i = 0; i < tc->n; i++) {
		samples[i] = tc->draw(&rng, i);
		pp_hist_record(h, samples[i]);
	}
	pp_stats_compute(samples, tc->n, &s); /* sorts */
	return samples;
}

static void
assert_close(const char *what, const char *name, double got, double want, double rel)
{
	ck_assert_msg(fabs(got - want) <= fabs(want) * rel, "%s: %s = %.17g, want %.17g (within %g)",
		      what, name, got, want, rel);
}

START_TEST(test_percentiles_within_bound)
{
	const struct dist_case *tc = &dist_cases[_i];
	struct pp_hist *h = pp_hist_new();
	int64_t *sorted = fill(tc, h);

	for (size_t k = 0; k < sizeof quantiles / sizeof quantiles[0]; k++) {
		double want = pp_stats_percentile(sorted, tc->n, quantiles[k]);
		double got = pp_hist_percentile(h, quantiles[k]);

		ck_assert_msg(fabs(got - want) <= want * BOUND,
			      "%s: q = %g: %.3f, exact %.3f (relative error %.5f > %.5f)", tc->what,
			      quantiles[k], got, want, fabs(got - want) / want, BOUND);
	}
	free(sorted);
	pp_hist_free(h);
}
END_TEST

START_TEST(test_summary_exact)
{
	const struct dist_case *tc = &dist_cases[_i];
	struct pp_hist *h = pp_hist_new();
	int64_t *sorted = fill(tc, h);
	struct pp_stats exact, approx;

	pp_stats_compute(sorted, tc->n, &exact);
	pp_stats_from_hist(h, &approx);
	ck_assert(exact.exact);
	ck_assert(!approx.exact);
	ck_assert_uint_eq(pp_hist_count(h), tc->n);
	ck_assert_uint_eq(approx.n, tc->n);
	ck_assert_int_eq(pp_hist_min(h), sorted[0]);
	ck_assert_int_eq(pp_hist_max(h), sorted[tc->n - 1]);
	ck_assert_double_eq(approx.min, exact.min);
	ck_assert_double_eq(approx.max, exact.max);
	assert_close(tc->what, "total", approx.total, exact.total, 1e-15);
	assert_close(tc->what, "mean", approx.mean, exact.mean, 1e-15);
	assert_close(tc->what, "stddev", approx.stddev, exact.stddev, 1e-9);
	assert_close(tc->what, "p50", approx.p50, exact.p50, BOUND);
	assert_close(tc->what, "p90", approx.p90, exact.p90, BOUND);
	assert_close(tc->what, "p95", approx.p95, exact.p95, BOUND);
	assert_close(tc->what, "p99", approx.p99, exact.p99, BOUND);
	free(sorted);
	pp_hist_free(h);
}
END_TEST

/* --- merge ---------------------------------------------------------------------------------- */

static void
assert_same_buckets(const struct pp_hist *a, const struct pp_hist *b)
{
	struct pp_hist_bucket *ba, *bb;
	size_t na = pp_hist_export(a, &ba), nb = pp_hist_export(b, &bb);

	ck_assert_uint_eq(na, nb);
	for (size_t i = 0; i < na; i++) {
		ck_assert_uint_eq(ba[i].index, bb[i].index);
		ck_assert_uint_eq(ba[i].count, bb[i].count);
	}
	free(ba);
	free(bb);
}

START_TEST(test_merge_equals_one)
{
	const struct dist_case *tc = &dist_cases[_i];
	struct pp_hist *all = pp_hist_new(), *merged = pp_hist_new(), *part[3];
	struct pp_rng rng;

	for (int p = 0; p < 3; p++)
		part[p] = pp_hist_new();
	pp_rng_init(&rng, 7);
	for (size_t i = 0; i < tc->n; i++) {
		int64_t v = tc->draw(&rng, i);

		pp_hist_record(all, v);
		pp_hist_record(part[i % 3], v);
	}
	for (int p = 0; p < 3; p++) {
		pp_hist_merge(merged, part[p]);
		pp_hist_free(part[p]);
	}
	ck_assert_uint_eq(pp_hist_count(merged), pp_hist_count(all));
	ck_assert_int_eq(pp_hist_min(merged), pp_hist_min(all));
	ck_assert_int_eq(pp_hist_max(merged), pp_hist_max(all));
	ck_assert_double_eq(pp_hist_sum(merged), pp_hist_sum(all));
	assert_close(tc->what, "stddev", pp_hist_stddev(merged), pp_hist_stddev(all), 1e-9);
	for (size_t k = 0; k < sizeof quantiles / sizeof quantiles[0]; k++)
		ck_assert_double_eq(pp_hist_percentile(merged, quantiles[k]),
				    pp_hist_percentile(all, quantiles[k]));
	assert_same_buckets(merged, all);
	pp_hist_free(all);
	pp_hist_free(merged);
}
END_TEST

START_TEST(test_merge_empty)
{
	struct pp_hist *a = pp_hist_new(), *empty = pp_hist_new();

	pp_hist_record(a, 5 * MS);
	pp_hist_record(a, 7 * MS);
	pp_hist_merge(a, empty);
	ck_assert_uint_eq(pp_hist_count(a), 2);
	ck_assert_int_eq(pp_hist_min(a), 5 * MS);
	pp_hist_merge(empty, a);
	ck_assert_uint_eq(pp_hist_count(empty), 2);
	ck_assert_int_eq(pp_hist_min(empty), 5 * MS);
	ck_assert_int_eq(pp_hist_max(empty), 7 * MS);
	ck_assert_double_eq(pp_hist_mean(empty), 6 * MS);
	assert_close("merge into empty", "stddev", pp_hist_stddev(empty), sqrt(2.0) * MS, 1e-12);
	pp_hist_free(a);
	pp_hist_free(empty);
}
END_TEST

/* --- range and clamping --------------------------------------------------------------------- */

static const struct clamp_case {
	int64_t value;
	int bucket; /* 0 the first, -1 the last, 1 the second */
	bool clamped;
	int64_t min; /* what pp_hist_min reports: the value as given, negatives as 0 */
} clamp_cases[] = {
	{ -5, 0, false, 0 },
	{ 0, 0, false, 0 },
	{ 999, 0, false, 999 },
	{ 1000, 0, false, 1000 },
	{ 1003, 0, false, 1003 },
	{ 1004, 1, false, 1004 },
	{ PP_HIST_HIGHEST_NS, -1, false, PP_HIST_HIGHEST_NS },
	{ PP_HIST_HIGHEST_NS + 1, -1, true, PP_HIST_HIGHEST_NS + 1 },
	{ INT64_MAX, -1, true, INT64_MAX },
};

START_TEST(test_clamping)
{
	const struct clamp_case *tc = &clamp_cases[_i];
	struct pp_hist *h = pp_hist_new();
	struct pp_hist_iter it;
	struct pp_hist_bucket b;
	size_t want = tc->bucket < 0 ? pp_hist_bucket_count() - 1 : (size_t)tc->bucket;

	pp_hist_record_n(h, tc->value, 3);
	ck_assert_uint_eq(pp_hist_count(h), 3);
	ck_assert_uint_eq(pp_hist_clamped(h), tc->clamped ? 3 : 0);
	ck_assert_int_eq(pp_hist_min(h), tc->min);
	ck_assert_int_eq(pp_hist_max(h), tc->min);
	ck_assert_double_eq(pp_hist_mean(h), (double)tc->min);
	ck_assert_double_eq(pp_hist_percentile(h, 0.5), (double)tc->min);
	pp_hist_iter_init(&it, h);
	ck_assert(pp_hist_iter_next(&it, &b));
	ck_assert_msg(b.index == want, "%lld: bucket %u, want %zu", (long long)tc->value, b.index,
		      want);
	ck_assert_uint_eq(b.count, 3);
	if (!tc->clamped)
		ck_assert(b.lo <= tc->min && tc->min < b.hi);
	ck_assert(!pp_hist_iter_next(&it, &b));
	pp_hist_free(h);
}
END_TEST

/* Above the range, percentiles read about 1 h while min, max and mean stay exact. */
START_TEST(test_clamped_percentiles)
{
	struct pp_hist *h = pp_hist_new();
	int64_t two_hours = 2 * PP_HIST_HIGHEST_NS;

	pp_hist_record(h, 1 * MS);
	pp_hist_record_n(h, two_hours, 9);
	ck_assert_uint_eq(pp_hist_clamped(h), 9);
	ck_assert_int_eq(pp_hist_max(h), two_hours);
	ck_assert_double_eq(pp_hist_mean(h), (1.0 * MS + 9.0 * (double)two_hours) / 10);
	assert_close("clamped", "p50", pp_hist_percentile(h, 0.5), (double)PP_HIST_HIGHEST_NS,
		     BOUND);
	ck_assert_double_eq(pp_hist_percentile(h, 1), (double)two_hours);
	pp_hist_free(h);
}
END_TEST

/* --- exact summaries ------------------------------------------------------------------------ */

static const struct summary_case {
	const char *what;
	int64_t values[8];
	size_t n;
	int64_t min, max;
	double mean;
} summary_cases[] = {
	{ "one", { 42 * US }, 1, 42 * US, 42 * US, 42 * US },
	{ "unsorted", { 5 * MS, 1 * MS, 4 * MS, 2 * MS, 3 * MS }, 5, 1 * MS, 5 * MS, 3 * MS },
	{ "a mean no bucket holds", { 1001, 1002, 1004 }, 3, 1001, 1004, 1002.3333333333333 },
	{ "odd nanoseconds", { 1234567, 7654321, 1 }, 3, 1, 7654321, 2962963 },
};

START_TEST(test_summary_table)
{
	const struct summary_case *tc = &summary_cases[_i];
	struct pp_hist *h = pp_hist_new();

	for (size_t i = 0; i < tc->n; i++)
		pp_hist_record(h, tc->values[i]);
	ck_assert_int_eq(pp_hist_min(h), tc->min);
	ck_assert_int_eq(pp_hist_max(h), tc->max);
	assert_close(tc->what, "mean", pp_hist_mean(h), tc->mean, 1e-15);
	pp_hist_free(h);
}
END_TEST

/* The sum keeps 128 bits: 1e8 values of 1 h overflow 64. */
START_TEST(test_sum_beyond_64_bits)
{
	struct pp_hist *h = pp_hist_new();
	double want = 1e8 * (double)PP_HIST_HIGHEST_NS + 4.0 * (double)INT64_MAX;

	pp_hist_record_n(h, PP_HIST_HIGHEST_NS, 100000000);
	pp_hist_record_n(h, INT64_MAX, 4);
	assert_close("sum", "sum", pp_hist_sum(h), want, 1e-15);
	assert_close("sum", "mean", pp_hist_mean(h), want / 100000004.0, 1e-15);
	pp_hist_free(h);
}
END_TEST

START_TEST(test_empty_and_reset)
{
	struct pp_hist *h = pp_hist_new();
	struct pp_hist_bucket dummy, *b = &dummy; /* export must set it to NULL */
	struct pp_stats s;

	ck_assert_uint_eq(pp_hist_count(h), 0);
	ck_assert_double_eq(pp_hist_percentile(h, 0.5), 0);
	ck_assert_double_eq(pp_hist_mean(h), 0);
	ck_assert_double_eq(pp_hist_stddev(h), 0);
	ck_assert_uint_eq(pp_hist_export(h, &b), 0);
	ck_assert_ptr_null(b);
	pp_hist_record_n(h, 3 * MS, 10);
	pp_hist_record_n(h, 9 * MS, 0);
	ck_assert_uint_eq(pp_hist_count(h), 10);
	ck_assert_int_eq(pp_hist_max(h), 3 * MS);
	pp_hist_reset(h);
	ck_assert_uint_eq(pp_hist_count(h), 0);
	ck_assert_uint_eq(pp_hist_export(h, &b), 0);
	pp_stats_from_hist(h, &s);
	ck_assert_uint_eq(s.n, 0);
	pp_hist_record(h, 2 * MS);
	ck_assert_int_eq(pp_hist_min(h), 2 * MS);
	pp_hist_free(h);
	pp_hist_free(NULL);
}
END_TEST

/* --- layout --------------------------------------------------------------------------------- */

/* Buckets tile [0, beyond 1 h) without gaps, each at most lo / 128 wide, in fixed memory. */
START_TEST(test_layout)
{
	struct pp_hist *h = pp_hist_new();
	struct pp_hist_iter it;
	struct pp_hist_bucket b;
	int64_t next_lo = 0;
	size_t n = 0;

	ck_assert_uint_le(pp_hist_bucket_count() * sizeof(uint64_t), 40 * 1024);
	for (int64_t v = 0; v <= PP_HIST_HIGHEST_NS; v += v / 512 + 1)
		pp_hist_record(h, v);
	pp_hist_iter_init(&it, h);
	while (pp_hist_iter_next(&it, &b)) {
		ck_assert_uint_eq(b.index, n);
		ck_assert_int_eq(b.lo, next_lo);
		if (b.index > 0)
			ck_assert_msg((b.hi - b.lo) * PP_HIST_SUB_BUCKETS <= b.lo,
				      "bucket %u: [%lld, %lld) is too wide", b.index,
				      (long long)b.lo, (long long)b.hi);
		next_lo = b.hi;
		n++;
	}
	ck_assert_uint_eq(n, pp_hist_bucket_count());
	ck_assert_int_gt(next_lo, PP_HIST_HIGHEST_NS);
	pp_hist_free(h);
}
END_TEST

/* --- serialization -------------------------------------------------------------------------- */

START_TEST(test_round_trip)
{
	const struct dist_case *tc = &dist_cases[_i];
	struct pp_hist *h = pp_hist_new(), *back;
	int64_t *sorted = fill(tc, h);
	struct pp_hist_bucket *buckets;
	size_t n = pp_hist_export(h, &buckets);

	back = pp_hist_import(buckets, n);
	ck_assert_ptr_nonnull(back);
	ck_assert_uint_eq(pp_hist_count(back), tc->n);
	assert_same_buckets(h, back);
	for (size_t k = 0; k < sizeof quantiles / sizeof quantiles[0]; k++) {
		double want = pp_stats_percentile(sorted, tc->n, quantiles[k]);

		assert_close(tc->what, "rebuilt percentile", pp_hist_percentile(back, quantiles[k]),
			     want, BOUND);
	}
	assert_close(tc->what, "rebuilt mean", pp_hist_mean(back), pp_hist_mean(h), BOUND);
	free(buckets);
	free(sorted);
	pp_hist_free(back);
	pp_hist_free(h);
}
END_TEST

START_TEST(test_import_rejects_bad_index)
{
	struct pp_hist_bucket bad[] = { { .index = 3, .count = 1 },
					{ .index = (uint32_t)pp_hist_bucket_count(), .count = 1 } };

	test_log_capture_start();
	ck_assert_ptr_null(pp_hist_import(bad, 2));
	ck_assert_ptr_nonnull(strstr(test_log_captured(), "outside the layout"));
	test_log_capture_stop();
}
END_TEST

#define LEN(a) ((int)(sizeof(a) / sizeof((a)[0])))

Suite *
suite_hist(void)
{
	Suite *s = suite_create("hist");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_percentiles_within_bound, 0, LEN(dist_cases));
	tcase_add_loop_test(tc, test_summary_exact, 0, LEN(dist_cases));
	tcase_add_loop_test(tc, test_merge_equals_one, 0, LEN(dist_cases));
	tcase_add_test(tc, test_merge_empty);
	tcase_add_loop_test(tc, test_clamping, 0, LEN(clamp_cases));
	tcase_add_test(tc, test_clamped_percentiles);
	tcase_add_loop_test(tc, test_summary_table, 0, LEN(summary_cases));
	tcase_add_test(tc, test_sum_beyond_64_bits);
	tcase_add_test(tc, test_empty_and_reset);
	tcase_add_test(tc, test_layout);
	tcase_add_loop_test(tc, test_round_trip, 0, LEN(dist_cases));
	tcase_add_test(tc, test_import_rejects_bad_index);
	suite_add_tcase(s, tc);
	return s;
}
