/*
 * check_report.c: the JSON report reads back as documented in docs/report-format.md, and is
 * written atomically (no temporary file left beside it); a result with only a histogram reports
 * approximate percentiles and still gets its HTML histogram.
 */
#include <cJSON.h>
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/mem.h"
#include "report/report.h"
#include "run/hist.h"
#include "run/result.h"
#include "suites.h"
#include "verdict/threshold.h"

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct pp_buf b;
	char chunk[4096];
	size_t n;

	ck_assert_ptr_nonnull(f);
	pp_buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		pp_buf_append(&b, chunk, n);
	fclose(f);
	return pp_buf_steal(&b);
}

START_TEST(test_json_round_trip)
{
	struct pp_threshold th[] = { { PP_METRIC_P95, 2000000 } };
	struct pp_case ok = { .name = (char *)"fast", .file = (char *)"q/a.sql", .line = 3,
			      .sql = (char *)"SELECT 1", .warn_margin = 0.2, .thresholds = th,
			      .n_thresholds = 1 };
	struct pp_case skip = { .name = (char *)"later", .file = (char *)"q/b.sql", .line = 9,
				.sql = (char *)"SELECT 2", .thresholds = th, .n_thresholds = 1 };
	int64_t samples[] = { 3000000, 1000000, 2000000, 4000000 };
	char dir[] = "/tmp/pgperf-check-XXXXXX";
	struct pp_buf path;
	struct pp_reporter *rep;
	struct pp_case_result *r;
	struct pp_run run;
	cJSON *root, *cases, *c0, *c1, *stats;
	char *text;
	DIR *d;
	struct dirent *e;
	int entries = 0;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	pp_buf_init(&path);
	pp_buf_printf(&path, "%s/report.json", dir);

	pp_run_init(&run);
	run.target = pp_mem_strdup("embedded");
	run.seed = 18446744073709551615ULL;
	r = pp_run_add(&run, &ok);
	r->samples = pp_mem_alloc(sizeof samples);
	memcpy(r->samples, samples, sizeof samples);
	pp_stats_compute(r->samples, 4, &r->stats);
	r->has_stats = true;
	pp_threshold_evaluate(r); /* p95 = 3.85ms against 2ms: fail */
	r = pp_run_add(&run, &skip);
	r->status = PP_STATUS_SKIP;
	pp_result_set_reason(r, "requires relation app.x, which does not exist");
	pp_run_count(&run);

	rep = pp_report_json_new(path.data);
	ck_assert(rep->finish(rep, &run));
	pp_report_free(rep);

	text = slurp(path.data);
	root = cJSON_Parse(text);
	ck_assert_ptr_nonnull(root);
	ck_assert_str_eq(cJSON_GetObjectItem(root, "seed")->valuestring, "18446744073709551615");
	ck_assert_str_eq(cJSON_GetObjectItem(root, "target")->valuestring, "embedded");
	cases = cJSON_GetObjectItem(root, "cases");
	ck_assert_int_eq(cJSON_GetArraySize(cases), 2);
	c0 = cJSON_GetArrayItem(cases, 0);
	ck_assert_str_eq(cJSON_GetObjectItem(c0, "name")->valuestring, "fast");
	ck_assert_str_eq(cJSON_GetObjectItem(c0, "status")->valuestring, "fail");
	ck_assert_int_eq(cJSON_GetObjectItem(c0, "line")->valueint, 3);
	stats = cJSON_GetObjectItem(c0, "stats");
	ck_assert_double_eq_tol(cJSON_GetObjectItem(stats, "p50_ms")->valuedouble, 2.5, 1e-9);
	ck_assert_double_eq_tol(cJSON_GetObjectItem(stats, "p95_ms")->valuedouble, 3.85, 1e-9);
	ck_assert_int_eq(cJSON_GetObjectItem(stats, "iterations")->valueint, 4);
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(stats, "exact")));
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(c0,
		"thresholds"), 0), "status")->valuestring, "fail");
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(c0,
		"findings"), 0), "kind")->valuestring, "threshold");
	c1 = cJSON_GetArrayItem(cases, 1);
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(c1, "stats")));
	ck_assert_str_eq(cJSON_GetObjectItem(c1, "status")->valuestring, "skip");
	ck_assert_ptr_nonnull(strstr(cJSON_GetObjectItem(c1, "reason")->valuestring, "app.x"));
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(c1,
		"thresholds"), 0), "value_ms")));
	ck_assert_int_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "summary"), "fail")->valueint,
			 1);
	ck_assert_int_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "summary"), "skip")->valueint,
			 1);
	cJSON_Delete(root);
	free(text);

	d = opendir(dir);
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			entries++;
	closedir(d);
	ck_assert_int_eq(entries, 1); /* report.json only: the temporary file was renamed */

	unlink(path.data);
	rmdir(dir);
	pp_buf_reset(&path);
	pp_run_reset(&run);
}
END_TEST

/*
 * A case timed more often than the runner keeps samples for: stats and the HTML histogram come
 * from the latency histogram alone, and the JSON report says the percentiles are approximate.
 */
START_TEST(test_histogram_only)
{
	struct pp_case c = { .name = (char *)"many", .file = (char *)"q/m.sql", .line = 1,
			     .sql = (char *)"SELECT 1" };
	char dir[] = "/tmp/pgperf-check-XXXXXX";
	struct pp_buf json_path, html_path;
	struct pp_reporter *reps[2];
	struct pp_case_result *r;
	struct pp_run run;
	cJSON *root, *stats;
	char *text;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	pp_buf_init(&json_path);
	pp_buf_printf(&json_path, "%s/report.json", dir);
	pp_buf_init(&html_path);
	pp_buf_printf(&html_path, "%s/report.html", dir);
	pp_run_init(&run);
	run.target = pp_mem_strdup("embedded");
	r = pp_run_add(&run, &c);
	r->hist = pp_hist_new();
	for (int64_t i = 1; i <= 1000; i++)
		pp_hist_record(r->hist, i * 10000); /* 10 us to 10 ms */
	pp_stats_from_hist(r->hist, &r->stats);
	r->has_stats = true;
	pp_run_count(&run);

	reps[0] = pp_report_json_new(json_path.data);
	reps[1] = pp_report_html_new(html_path.data);
	for (int i = 0; i < 2; i++) {
		ck_assert(reps[i]->finish(reps[i], &run));
		pp_report_free(reps[i]);
	}

	text = slurp(json_path.data);
	root = cJSON_Parse(text);
	ck_assert_ptr_nonnull(root);
	stats = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(root, "cases"), 0),
				    "stats");
	ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(stats, "exact")));
	ck_assert_int_eq(cJSON_GetObjectItem(stats, "iterations")->valueint, 1000);
	ck_assert_double_eq_tol(cJSON_GetObjectItem(stats, "p50_ms")->valuedouble, 5.005,
				5.005 / 256);
	cJSON_Delete(root);
	free(text);

	text = slurp(html_path.data);
	ck_assert_ptr_nonnull(strstr(text, "<svg class=\"hist\""));
	ck_assert_ptr_nonnull(strstr(text, "iterations</title></rect>"));
	free(text);

	unlink(json_path.data);
	unlink(html_path.data);
	rmdir(dir);
	pp_buf_reset(&json_path);
	pp_buf_reset(&html_path);
	pp_run_reset(&run);
}
END_TEST

START_TEST(test_unwritable_path)
{
	test_log_capture_start();
	ck_assert(!pp_report_write_file("/nonexistent-dir/report.json", "{}", 2));
	ck_assert_ptr_nonnull(strstr(test_log_captured(), "cannot write report /nonexistent-dir"));
	test_log_capture_stop();
}
END_TEST

Suite *
suite_report(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("json");

	tcase_add_test(tc, test_json_round_trip);
	tcase_add_test(tc, test_histogram_only);
	tcase_add_test(tc, test_unwritable_path);
	suite_add_tcase(s, tc);
	return s;
}
