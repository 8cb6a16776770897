/*
 * check_threshold.c: pass/warn/fail bands and the findings a miss produces.
 */
#include <check.h>
#include <string.h>

#include "run/result.h"
#include "suites.h"
#include "verdict/threshold.h"

#define MS 1000000LL

static const struct {
	double value;
	int64_t limit;
	double margin;
	enum pp_status want;
} bands[] = {
	{ 9.99 * MS, 10 * MS, 0.2, PP_STATUS_PASS },  /* below the limit */
	{ 10.0 * MS, 10 * MS, 0.2, PP_STATUS_WARN },  /* `<` is strict: at the limit warns */
	{ 11.99 * MS, 10 * MS, 0.2, PP_STATUS_WARN }, /* inside the 20% margin */
	{ 12.0 * MS, 10 * MS, 0.2, PP_STATUS_FAIL },  /* at the margin's end */
	{ 50.0 * MS, 10 * MS, 0.2, PP_STATUS_FAIL },
	{ 10.0 * MS, 10 * MS, 0.0, PP_STATUS_FAIL },  /* no margin: any miss fails */
	{ 14.0 * MS, 10 * MS, 0.5, PP_STATUS_WARN },
	{ 0.0, 1, 0.2, PP_STATUS_PASS },
};

START_TEST(test_bands)
{
	ck_assert_int_eq(pp_threshold_judge(bands[_i].value, bands[_i].limit, bands[_i].margin),
			 bands[_i].want);
}
END_TEST

START_TEST(test_evaluate_findings)
{
	struct pp_threshold th[] = {
		{ PP_METRIC_P50, 5 * MS, 0 },  /* p50 = 4ms: pass */
		{ PP_METRIC_P95, 9 * MS, 0 },  /* p95 = 10ms: warn (+11%) */
		{ PP_METRIC_MAX, 10 * MS, 0 }, /* max = 20ms: fail */
	};
	struct pp_case c = { .name = (char *)"c", .warn_margin = 0.2, .thresholds = th,
			     .n_thresholds = 3 };
	struct pp_case_result r = { .c = &c, .status = PP_STATUS_PASS, .has_stats = true };

	r.stats.p50 = 4.0 * MS;
	r.stats.p95 = 10.0 * MS;
	r.stats.max = 20.0 * MS;
	pp_threshold_evaluate(&r);
	ck_assert_int_eq(r.status, PP_STATUS_FAIL);
	ck_assert_uint_eq(r.n_thresholds, 3);
	ck_assert_int_eq(r.thresholds[0].status, PP_STATUS_PASS);
	ck_assert_int_eq(r.thresholds[1].status, PP_STATUS_WARN);
	ck_assert_int_eq(r.thresholds[2].status, PP_STATUS_FAIL);
	ck_assert_uint_eq(r.n_findings, 2);
	ck_assert_str_eq(r.findings[0].kind, "threshold");
	ck_assert_int_eq(r.findings[0].severity, PP_SEVERITY_WARN);
	ck_assert_msg(strstr(r.findings[0].message, "p95") != NULL, "%s", r.findings[0].message);
	ck_assert_int_eq(r.findings[1].severity, PP_SEVERITY_FAIL);
	ck_assert_msg(strstr(r.findings[1].message, "+100%") != NULL, "%s",
		      r.findings[1].message);
	pp_result_reset(&r);
}
END_TEST

START_TEST(test_evaluate_warn_only)
{
	struct pp_threshold th[] = { { PP_METRIC_P99, 10 * MS, 0 } };
	struct pp_case c = { .name = (char *)"c", .warn_margin = 0.2, .thresholds = th,
			     .n_thresholds = 1 };
	struct pp_case_result r = { .c = &c, .status = PP_STATUS_PASS, .has_stats = true };

	r.stats.p99 = 11.0 * MS;
	pp_threshold_evaluate(&r);
	ck_assert_int_eq(r.status, PP_STATUS_WARN);
	pp_result_reset(&r);
}
END_TEST

Suite *
suite_threshold(void)
{
	Suite *s = suite_create("threshold");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_bands, 0, (int)(sizeof bands / sizeof bands[0]));
	tcase_add_test(tc, test_evaluate_findings);
	tcase_add_test(tc, test_evaluate_warn_only);
	suite_add_tcase(s, tc);
	return s;
}
