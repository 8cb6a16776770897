/*
 * check_config.c: pgperf.json (defaults applied through the case keys, errors with JSON paths)
 * and the suite loader above it (tests/data/loading/: file order, suite folders, names unique
 * across files, schema files).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input/config.h"
#include "input/suite.h"
#include "suites.h"

#define LOADING TEST_DATA_DIR "/loading/"

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
	{ "{\"exclude\": \"helpers\"}", "exclude: expected an array of glob patterns" },
	{ "{\"exclude\": [\"a\", \"\"]}", "exclude[1]: expected a glob pattern" },
	{ "{\"exclude\": [3]}", "exclude[0]: expected a glob pattern" },
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
	{ "{\n  \"warn_margin\": 0.2,\n  \"defaults\": {\"iterations\": 5,}\n}",
	  "s/pgperf.json:3:" }, /* the line of the stray comma */
	{ "{\"warn_margin\": 0.2} {}", "s/pgperf.json:1:22: invalid JSON at or near \"{}\"" },
	{ "", "s/pgperf.json:1:1: invalid JSON: expected more before the end of the file" },
	{ "{\"schema\": [],\n}", "s/pgperf.json:2:2: invalid JSON at or near \"}\"" },
	{ "{\"defaults\": {\n", "s/pgperf.json:2:1: invalid JSON: expected more before the end" },
	{ "{\"warn_margin\": 0.2, \"warn_margin\": 0.3}",
	  "s/pgperf.json: warn_margin: given twice" },
	{ "{\"defaults\": {\"tags\": \"a\", \"tags\": \"b\"}}", "defaults.tags: given twice" },
	{ "{\"defaults\": {\"iterations\": 1e30}}",
	  "defaults.iterations: invalid iterations \"1e+30\"" },
	{ "{\"defaults\": {\"iterations\": 2.5}}",
	  "defaults.iterations: invalid iterations \"2.5\"" },
	{ "{\"defaults\": {\"warmup\": -1}}", "defaults.warmup: invalid warmup \"-1\"" },
	{ "{\"defaults\": {\"tags\": [\"a\", 3]}}", "defaults.tags[1]: expected a string" },
	{ "{\"defaults\": {\"timeout\": \"5 min\"}}",
	  "defaults.timeout: invalid timeout \"5 min\"" },
	{ "{\"defaults\": {\"params\": \"random(2, 1)\"}}",
	  "defaults.params: invalid params: random(2, 1)" },
	{ "{\"warn_margin\": -1}", "s/pgperf.json: warn_margin: invalid warn_margin" },
	/* Numbers beyond a double's range arrive as infinity; every number key has a range. */
	{ "{\"warn_margin\": 1e400}",
	  "s/pgperf.json: warn_margin: the number is out of range: expected a finite number" },
	{ "{\"warn_margin\": -1e400}", "warn_margin: the number is out of range" },
	{ "{\"defaults\": {\"misestimate_factor\": 1e400}}",
	  "defaults.misestimate_factor: the number is out of range: expected a finite number" },
	{ "{\"defaults\": {\"misestimate_factor\": 1e300}}",
	  "defaults.misestimate_factor: invalid misestimate_factor \"1.0000000000000001e+300\": "
	  "expected a number from 2 to 1000000000000000" },
	{ "{\"defaults\": {\"seq_scan_min_rows\": -5}}",
	  "defaults.seq_scan_min_rows: invalid seq_scan_min_rows \"-5\": expected a number from 0" },
	{ "{\"defaults\": {\"iterations\": 9223372036854775808}}",
	  "defaults.iterations: invalid iterations \"9.2233720368547758e+18\": expected a whole "
	  "number from 1 to 100000000" },
	{ "{\"defaults\": {\"warmup\": -99999999999999999999}}",
	  "defaults.warmup: invalid warmup \"-1e+20\": expected a whole number from 0 to 100000000" },
	{ "{\"defaults\": {\"regression_min_ms\": 1e7}}",
	  "defaults.regression_min_ms: invalid regression_min_ms \"10000000\": expected a number "
	  "from 0 to 3600000" },
	{ "{\"defaults\": {\"timeout\": \"99999999999s\"}}",
	  "defaults.timeout: invalid timeout \"99999999999s\": duration is too long" },
	{ "{\"load\": []}", "load: expected an object" },
	{ "{\"load\": {\"weights\": {\"a\": 0}}}", "load.weights.a: expected a positive number" },
	{ "{\"load\": {\"weights\": 3}}", "load.weights: expected an object" },
	{ "{\"load\": {\"max_error_rate\": 2}}", "load.max_error_rate: expected a positive number up to 1" },
	{ "{\"load\": {\"spike_recovery\": \"soon\"}}", "load.spike_recovery: unknown key or bad value" },
	{ "{\"load\": {\"clients\": 3}}", "load.clients: unknown key" },
};

/* pgperf load's section: weights by case name and the gates. */
START_TEST(test_load_section)
{
	struct pp_config *cfg = pp_config_parse(
		"s/pgperf.json", TEST_DATA_DIR "/suites/basic",
		"{\"load\": {\"weights\": {\"a\": 5, \"b\": 0.5}, \"p95_growth_5x\": 2, "
		"\"p95_growth_10x\": 3, \"max_error_rate\": 0.05, \"spike_recovery\": \"10s\"}, "
		"\"defaults\": {\"weight\": 2, \"think\": \"0\"}}");

	ck_assert_ptr_nonnull(cfg);
	ck_assert_uint_eq(cfg->n_weights, 2);
	ck_assert_str_eq(cfg->weight_names[1], "b");
	ck_assert_double_eq(cfg->weights[0], 5);
	ck_assert_double_eq(cfg->growth_5x, 2);
	ck_assert_double_eq(cfg->growth_10x, 3);
	ck_assert_double_eq(cfg->max_error_rate, 0.05);
	ck_assert_double_eq(cfg->spike_recovery_s, 10);
	ck_assert_double_eq(cfg->defaults->weight, 2);
	ck_assert_int_eq(cfg->defaults->think_ns, 0);
	pp_config_free(cfg);
}
END_TEST

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

/* A number that is a whole number reaches the case keys as one ("50", not "50.0"). */
START_TEST(test_numbers)
{
	struct pp_config *cfg = pp_config_parse(
		"s/pgperf.json", TEST_DATA_DIR "/suites/basic",
		"{\"defaults\": {\"iterations\": 50.0, \"warn_margin\": 0.125,"
		" \"seq_scan_min_rows\": 1e4, \"threshold\": \"p95 < 5ms\"}}");

	ck_assert_ptr_nonnull(cfg);
	ck_assert_int_eq(cfg->defaults->iterations, 50);
	ck_assert_double_eq(cfg->defaults->warn_margin, 0.125);
	ck_assert_double_eq(cfg->defaults->seq_scan_min_rows, 10000);
	ck_assert_ptr_null(cfg->seed);
	ck_assert_uint_eq(cfg->n_schema, 0);
	pp_config_free(cfg);
	pp_config_free(NULL);
}
END_TEST

/* ---- the suite loader ---------------------------------------------------------------- */

START_TEST(test_suite_order_and_defaults)
{
	char *paths[] = { (char[]){ LOADING "suite" }, (char[]){ LOADING "other" } };
	static const char *const names[] = { "upper_a", "a_case", "a_x", "b_case", "c_case" };
	struct pp_suite s;
	const char **schema;
	size_t n;

	pp_suite_init(&s);
	ck_assert(pp_suite_load(&s, paths, 2));
	ck_assert_uint_eq(s.n_configs, 2);
	/* In byte order of the path (A.sql, a.sql, a/x.sql, b.sql); no schema.sql, no .hidden. */
	ck_assert_uint_eq(s.cases.len, 5);
	for (size_t i = 0; i < 5; i++)
		ck_assert_str_eq(s.cases.items[i]->name, names[i]);
	ck_assert_ptr_nonnull(strstr(s.cases.items[2]->file, "loading/suite/a/x.sql"));
	/* Each PATH's pgperf.json applies to the cases under it, and only to them. */
	ck_assert_int_eq(s.cases.items[2]->iterations, 7);
	ck_assert(pp_case_has_tag(s.cases.items[3], "loading"));
	ck_assert_int_eq(s.cases.items[4]->iterations, 100);
	ck_assert_uint_eq(s.cases.items[4]->n_tags, 0);
	/* shared.sql is named three times, through different paths: it is applied once. */
	schema = pp_suite_schema_files(&s, &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_ptr_nonnull(strstr(schema[0], "loading/suite/schema.sql"));
	ck_assert_ptr_nonnull(strstr(schema[1], "shared/shared.sql"));
	free(schema);
	pp_suite_reset(&s);
}
END_TEST

/* A file reached twice (its folder, itself) is loaded once; a file's folder is its suite. */
START_TEST(test_suite_file_paths)
{
	char *paths[] = { (char[]){ LOADING "suite" }, (char[]){ LOADING "suite/a.sql" },
			  (char[]){ LOADING "suite/a/x.sql" } };
	struct pp_suite s;

	pp_suite_init(&s);
	ck_assert(pp_suite_load(&s, paths, 3));
	ck_assert_uint_eq(s.cases.len, 5 - 1);
	ck_assert_uint_eq(s.n_configs, 3);
	ck_assert_ptr_nonnull(s.configs[1]->path); /* suite/pgperf.json for suite/a.sql */
	ck_assert_ptr_null(s.configs[2]->path);    /* suite/a/ has none */
	pp_suite_reset(&s);

	pp_suite_init(&s);
	ck_assert(pp_suite_load(&s, paths + 2, 1));
	ck_assert_uint_eq(s.cases.len, 1);
	ck_assert_int_eq(s.cases.items[0]->iterations, 100);
	pp_suite_reset(&s);
}
END_TEST

static const struct {
	const char *path;
	const char *message;
} bad_paths[] = {
	{ LOADING "no_such_folder", "cannot read " LOADING "no_such_folder: No such file" },
	{ LOADING "empty", LOADING "empty: no .sql case files in this folder" },
	{ LOADING "suite/pgperf.json", "suite/pgperf.json: expected a .sql case file or a folder" },
	{ LOADING "bad_json", LOADING "bad_json/pgperf.json:4:" },
};

START_TEST(test_suite_errors)
{
	char *paths[] = { strdup(bad_paths[_i].path) };
	struct pp_suite s;

	pp_suite_init(&s);
	test_log_capture_start();
	ck_assert(!pp_suite_load(&s, paths, 1));
	ck_assert_msg(strstr(test_log_captured(), bad_paths[_i].message) != NULL,
		      "want \"%s\" in %s", bad_paths[_i].message, test_log_captured());
	test_log_capture_stop();
	pp_suite_reset(&s);
	free(paths[0]);
}
END_TEST

/* Every PATH is tried, every problem reported; names clash across PATHs too. */
START_TEST(test_suite_all_errors)
{
	char *paths[] = { (char[]){ LOADING "no_such_folder" }, (char[]){ LOADING "empty" },
			  (char[]){ LOADING "suite" },
			  (char[]){ LOADING "suite/.hidden/skip.sql" } };
	struct pp_suite s;
	const char *log;

	pp_suite_init(&s);
	test_log_capture_start();
	ck_assert(!pp_suite_load(&s, paths, 4));
	log = test_log_captured();
	ck_assert_ptr_nonnull(strstr(log, "no_such_folder"));
	ck_assert_ptr_nonnull(strstr(log, "empty: no .sql case files"));
	ck_assert_ptr_null(strstr(log, "duplicate case name"));
	test_log_capture_stop();
	pp_suite_reset(&s);
}
END_TEST

/*
 * Names are scoped by file: two files may each have a case "twin", and each is then labelled
 * with its file as found under the PATH; a name used once keeps its bare label.
 */
START_TEST(test_suite_scoped_names)
{
	char *paths[] = { (char[]){ LOADING "dup" }, (char[]){ LOADING "other" } };
	struct pp_suite s;

	pp_suite_init(&s);
	ck_assert(pp_suite_load(&s, paths, 2));
	ck_assert_uint_eq(s.cases.len, 3);
	ck_assert_str_eq(s.cases.items[0]->name, "twin");
	ck_assert_str_eq(pp_case_label(s.cases.items[0]), "one.sql:twin");
	ck_assert_str_eq(pp_case_label(s.cases.items[1]), "sub/two.sql:twin");
	ck_assert_str_eq(pp_case_label(s.cases.items[2]), s.cases.items[2]->name);
	pp_suite_reset(&s);
}
END_TEST

/* A symbolic link back up the tree is not followed forever. */
START_TEST(test_suite_symlink_loop)
{
	char dir[] = "/tmp/pgperf-suite-XXXXXX";
	char file[64], link[64];
	char *paths[] = { dir };
	struct pp_suite s;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(file, sizeof file, "%s/a.sql", dir);
	snprintf(link, sizeof link, "%s/loop", dir);
	f = fopen(file, "w");
	ck_assert_ptr_nonnull(f);
	fputs("-- name: only\nSELECT 1;\n", f);
	fclose(f);
	ck_assert_int_eq(symlink(".", link), 0);
	pp_suite_init(&s);
	ck_assert(pp_suite_load(&s, paths, 1));
	ck_assert_uint_eq(s.cases.len, 1);
	pp_suite_reset(&s);
	unlink(link);
	unlink(file);
	rmdir(dir);
}
END_TEST

Suite *
suite_config(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("core");
	TCase *load = tcase_create("suite");

	tcase_add_test(tc, test_valid);
	tcase_add_test(tc, test_load_section);
	tcase_add_loop_test(tc, test_invalid, 0, (int)(sizeof bad / sizeof bad[0]));
	tcase_add_test(tc, test_missing_file_means_defaults);
	tcase_add_test(tc, test_numbers);
	suite_add_tcase(s, tc);
	tcase_add_test(load, test_suite_order_and_defaults);
	tcase_add_test(load, test_suite_file_paths);
	tcase_add_loop_test(load, test_suite_errors, 0,
			    (int)(sizeof bad_paths / sizeof bad_paths[0]));
	tcase_add_test(load, test_suite_all_errors);
	tcase_add_test(load, test_suite_scoped_names);
	tcase_add_test(load, test_suite_symlink_loop);
	suite_add_tcase(s, load);
	return s;
}
