/*
 * check_config.c: pgperf.json: defaults applied through the case keys, errors with JSON paths.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "suites.h"

START_TEST(test_valid)
{
	struct pp_config *cfg = pp_config_parse(
		"s/pgperf.json", TEST_DATA_DIR "/suites/basic",
		"{\"schema\": [\"schema.sql\"], \"warn_margin\": 0.3,"
		" \"defaults\": {\"iterations\": 50, \"threshold\": [\"p95 < 5ms\", \"max < 1s\"],"
		" \"timeout\": \"2s\", \"tags\": \"ci\"}}");

	ck_assert_ptr_nonnull(cfg);
	ck_assert_uint_eq(cfg->n_schema, 1);
	ck_assert_ptr_nonnull(strstr(cfg->schema[0], "suites/basic/schema.sql"));
	ck_assert_double_eq(cfg->defaults->warn_margin, 0.3);
	ck_assert_int_eq(cfg->defaults->iterations, 50);
	ck_assert_uint_eq(cfg->defaults->n_thresholds, 2);
	ck_assert_int_eq(cfg->defaults->timeout_ns, 2000000000LL);
	ck_assert_str_eq(cfg->defaults->tags[0], "ci");
	pp_config_free(cfg);
}
END_TEST

static const struct {
	const char *json;
	const char *message;
} bad[] = {
	{ "{\"schema\": [\"schema.sql\"", "s/pgperf.json:1:" },
	{ "[1, 2]", "expected a JSON object" },
	{ "{\"scheme\": []}", "s/pgperf.json: scheme: unknown key" },
	{ "{\"seed\": \"missing.json\"}", "seed: cannot read" },
	{ "{\"seed\": 3}", "seed: expected the path of a seed spec" },
	{ "{\"schema\": \"schema.sql\"}", "schema: expected an array" },
	{ "{\"schema\": [\"missing.sql\"]}", "schema[0]: cannot read" },
	{ "{\"schema\": [3]}", "schema[0]: expected a file path" },
	{ "{\"warn_margin\": \"lots\"}", "warn_margin: expected a number" },
	{ "{\"defaults\": {\"iterations\": 0}}", "defaults.iterations: invalid iterations \"0\"" },
	{ "{\"defaults\": {\"iterations\": true}}", "defaults.iterations: expected a string" },
	{ "{\"defaults\": {\"treshold\": \"p95 < 5ms\"}}", "defaults.treshold: unknown key" },
	{ "{\"defaults\": {\"threshold\": [\"p95 < 5ms\", \"p99 < 5\"]}}",
	  "defaults.threshold[1]: invalid threshold limit" },
	{ "{\"defaults\": {\"name\": \"x\"}}", "defaults.name: not a default" },
	{ "{\"defaults\": []}", "defaults: expected an object" },
};

START_TEST(test_invalid)
{
	struct pp_config *cfg;

	test_log_capture_start();
	cfg = pp_config_parse("s/pgperf.json", TEST_DATA_DIR "/suites/basic", bad[_i].json);
	ck_assert_msg(cfg == NULL, "%s was accepted", bad[_i].json);
	ck_assert_msg(strstr(test_log_captured(), bad[_i].message) != NULL, "%s: want \"%s\" in %s",
		      bad[_i].json, bad[_i].message, test_log_captured());
	test_log_capture_stop();
}
END_TEST

START_TEST(test_missing_file_means_defaults)
{
	struct pp_config *cfg = pp_config_load(TEST_DATA_DIR "/cases/good");

	ck_assert_ptr_nonnull(cfg);
	ck_assert_ptr_null(cfg->path);
	ck_assert_int_eq(cfg->defaults->iterations, 100);
	pp_config_free(cfg);
}
END_TEST

Suite *
suite_config(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_valid);
	tcase_add_loop_test(tc, test_invalid, 0, (int)(sizeof bad / sizeof bad[0]));
	tcase_add_test(tc, test_missing_file_means_defaults);
	suite_add_tcase(s, tc);
	return s;
}
