/*
 * check_stats.c: statistics over known samples, with exact percentiles (type 7 interpolation).
 */
#include <check.h>
#include <math.h>

#include "run/stats.h"
#include "suites.h"

struct stats_case {
	const char *what;
	int64_t samples[16];
	size_t n;
	double min, mean, p50, p90, p95, p99, max, stddev;
};

static const struct stats_case stats_cases[] = {
	{ "one sample", { 42 }, 1, 42, 42, 42, 42, 42, 42, 42, 0 },
	{ "two samples", { 20, 10 }, 2, 10, 15, 15, 19, 19.5, 19.9, 20, 7.0710678118654755 },
	{ "unsorted five", { 5, 1, 4, 2, 3 }, 5, 1, 3, 3, 4.6, 4.8, 4.96, 5, 1.5811388300841898 },
	{ "one to ten", { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 10, 1, 5.5, 5.5, 9.1, 9.55, 9.91, 10,
	  3.0276503540974917 },
	{ "all equal", { 7, 7, 7, 7 }, 4, 7, 7, 7, 7, 7, 7, 7, 0 },
	{ "outlier", { 100, 100, 100, 100, 100, 100, 100, 100, 100, 10000 }, 10, 100, 1090, 100,
	  1090, 5545, 9109, 10000, 3130.6548835666954 },
};

#define CLOSE(got, want) ck_assert_msg(fabs((got) - (want)) < 1e-9, "%s: %s = %.12g, want %.12g", \
				       tc->what, #want, (double)(got), (double)(want))

START_TEST(test_known_samples)
{
	const struct stats_case *tc = &stats_cases[_i];
	int64_t samples[16];
	struct pp_stats s;

	for (size_t i = 0; i < tc->n; i++)
		samples[i] = tc->samples[i];
	pp_stats_compute(samples, tc->n, &s);
	ck_assert_uint_eq(s.n, tc->n);
	CLOSE(s.min, tc->min);
	CLOSE(s.mean, tc->mean);
	CLOSE(s.p50, tc->p50);
	CLOSE(s.p90, tc->p90);
	CLOSE(s.p95, tc->p95);
	CLOSE(s.p99, tc->p99);
	CLOSE(s.max, tc->max);
	CLOSE(s.stddev, tc->stddev);
	for (size_t i = 1; i < tc->n; i++)
		ck_assert_int_le(samples[i - 1], samples[i]);
}
END_TEST

START_TEST(test_percentile_bounds)
{
	const int64_t sorted[] = { 10, 20, 30 };

	ck_assert_double_eq(pp_stats_percentile(sorted, 3, 0.0), 10);
	ck_assert_double_eq(pp_stats_percentile(sorted, 3, 1.0), 30);
	ck_assert_double_eq(pp_stats_percentile(sorted, 3, 0.25), 15);
}
END_TEST

START_TEST(test_metric_names)
{
	static const struct {
		const char *name;
		bool ok;
		enum pp_metric m;
	} names[] = {
		{ "min", true, PP_METRIC_MIN },   { "mean", true, PP_METRIC_MEAN },
		{ "p50", true, PP_METRIC_P50 },   { "median", true, PP_METRIC_P50 },
		{ "p90", true, PP_METRIC_P90 },   { "p95", true, PP_METRIC_P95 },
		{ "p99", true, PP_METRIC_P99 },   { "max", true, PP_METRIC_MAX },
		{ "p999", false, PP_METRIC_MIN }, { "P95", false, PP_METRIC_MIN },
		{ "", false, PP_METRIC_MIN },
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		enum pp_metric m = PP_METRIC_COUNT;

		ck_assert_msg(pp_stats_metric_parse(names[i].name, &m) == names[i].ok, "%s",
			      names[i].name);
		if (names[i].ok)
			ck_assert_int_eq(m, names[i].m);
	}
	ck_assert_str_eq(pp_stats_metric_name(PP_METRIC_P99), "p99");
}
END_TEST

Suite *
suite_stats(void)
{
	Suite *s = suite_create("stats");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_known_samples, 0,
			    (int)(sizeof stats_cases / sizeof stats_cases[0]));
	tcase_add_test(tc, test_percentile_bounds);
	tcase_add_test(tc, test_metric_names);
	suite_add_tcase(s, tc);
	return s;
}
