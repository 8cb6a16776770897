/*
 * check_seedspec.c: seed specs that must be refused. Every row of tests/data/seed/bad.table
 * names a spec under tests/data/seed/bad/ and the message it must be refused with, by the
 * parser or, for what only the row counts reveal, by the plan (what --dry-run prints).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seed/gen.h"
#include "seed/seed.h"
#include "seed/seedspec.h"
#include "util/buf.h"
#include "util/str.h"
#include "suites.h"

#define SEED_DATA TEST_DATA_DIR "/seed/"

/* Refuses the spec at path: loading or planning fails with want in the log. */
static void
check_refused(const char *path, const char *want)
{
	struct pp_seed_options opts = { .scale = 1, .seed = 1 };
	struct pp_seed_spec *spec;
	bool refused;

	test_log_capture_start();
	spec = pp_seedspec_load(path);
	refused = spec == NULL || !pp_seed_plan(spec, &opts);
	ck_assert_msg(refused, "%s was accepted", path);
	ck_assert_msg(strstr(test_log_captured(), want) != NULL, "%s: want \"%s\" in:\n%s", path,
		      want, test_log_captured());
	test_log_capture_stop();
	pp_seedspec_free(spec);
}

START_TEST(test_bad_table)
{
	FILE *f = fopen(SEED_DATA "bad.table", "r");
	char line[1024];
	int rows = 0;

	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof line, f) != NULL) {
		char *bar = strchr(line, '|'), path[512];

		if (line[0] == '#' || bar == NULL)
			continue;
		*bar = '\0';
		snprintf(path, sizeof path, SEED_DATA "bad/%s", pp_str_trim(line));
		check_refused(path, pp_str_trim(bar + 1));
		rows++;
	}
	fclose(f);
	ck_assert_int_ge(rows, 30);
}
END_TEST

/* The limits themselves are accepted: the ranges are inclusive. */
START_TEST(test_limits_accepted)
{
	static const char *const specs[] = {
		"{\"tables\": {\"a.t\": {\"rows\": 1e12, \"columns\": {\"c\": {\"gen\": \"words\", "
		"\"min\": 0, \"max\": 10000}}}}}",
		"{\"tables\": {\"a.t\": {\"rows\": 0, \"columns\": {\"c\": {\"gen\": \"float\", "
		"\"min\": -1e15, \"max\": 1e15, \"decimals\": 15}}}}}",
		"{\"tables\": {\"a.t\": {\"rows\": 1, \"columns\": {\"c\": {\"gen\": \"date\", "
		"\"min\": \"0001-01-01\", \"max\": \"9999-12-31 23:59:59\"}}}}}",
		"{\"tables\": {\"a.t\": {\"rows\": 1000, \"columns\": {\"c\": {\"gen\": \"sequence\", "
		"\"start\": 9007199254740992, \"step\": 9007199254740992}}}}}",
	};
	struct pp_seed_options opts = { .scale = 1, .seed = 1 };

	for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
		struct pp_seed_spec *spec = pp_seedspec_parse("spec.json", ".", specs[i]);

		ck_assert_msg(spec != NULL, "%s", specs[i]);
		ck_assert_msg(pp_seed_plan(spec, &opts), "%s", specs[i]);
		pp_seedspec_free(spec);
	}
}
END_TEST

/*
 * Generators at their limits draw their first and last rows without overflow (the sanitizer
 * build checks each arithmetic step): the widest int range with each distribution, extreme
 * normal parameters, the longest words value, the widest dates, the largest sequence steps.
 */
START_TEST(test_limits_generate)
{
	static const char *const gens[] = {
		"{\"gen\": \"int\", \"min\": -9007199254740992, \"max\": 9007199254740992}",
		"{\"gen\": \"int\", \"min\": -9007199254740992, \"max\": 9007199254740992, "
		"\"distribution\": \"zipf\", \"skew\": 10}",
		"{\"gen\": \"int\", \"min\": 1, \"max\": 9007199254740992, \"distribution\": "
		"\"zipf\", \"skew\": 1e-9}",
		"{\"gen\": \"int\", \"min\": -9007199254740992, \"max\": 9007199254740992, "
		"\"distribution\": \"normal\", \"mean\": 9007199254740992, \"stddev\": "
		"9007199254740992}",
		"{\"gen\": \"float\", \"min\": -1e15, \"max\": 1e15, \"decimals\": 15, "
		"\"distribution\": \"normal\", \"mean\": -9007199254740992, \"stddev\": "
		"9007199254740992}",
		"{\"gen\": \"words\", \"min\": 10000, \"max\": 10000}",
		"{\"gen\": \"timestamp\", \"min\": \"0001-01-01\", \"max\": \"9999-12-31 23:59:59\", "
		"\"ordered\": true}",
		"{\"gen\": \"sequence\", \"start\": -9007199254740992, \"step\": -9007199254740992}",
		"{\"gen\": \"choice\", \"values\": [1e300, -0, true, null], \"weights\": "
		"[9007199254740992, 0, 0, 1e-300]}",
	};
	struct pp_seed_options opts = { .scale = 1, .seed = 1 };

	for (size_t i = 0; i < sizeof gens / sizeof gens[0]; i++) {
		char text[1024];
		struct pp_seed_spec *spec;
		struct pp_gen_state st;
		struct pp_buf out, scratch;
		const int64_t rows = 1000;

		snprintf(text, sizeof text,
			 "{\"tables\": {\"a.t\": {\"rows\": %lld, \"columns\": {\"c\": %s}}}}",
			 (long long)rows, gens[i]);
		spec = pp_seedspec_parse("spec.json", ".", text);
		ck_assert_msg(spec != NULL && pp_seed_plan(spec, &opts), "%s", gens[i]);
		pp_gen_state_init(&st, 1, "a.t", "c");
		pp_buf_init(&out);
		pp_buf_init(&scratch);
		for (int64_t row = 0; row < rows; row += rows - 1)
			pp_gen_emit(&spec->tables[0].columns[0].gen, &st, row, rows, &scratch, &out);
		ck_assert_uint_gt(out.len, 0);
		pp_buf_reset(&out);
		pp_buf_reset(&scratch);
		pp_seedspec_free(spec);
	}
}
END_TEST

/* --scale past the row limit is refused by the plan, naming the table. */
START_TEST(test_scale_limit)
{
	struct pp_seed_spec *spec = pp_seedspec_parse(
		"spec.json", ".",
		"{\"tables\": {\"a.t\": {\"rows\": 1e12, \"columns\": {\"c\": {\"gen\": \"uuid\"}}}}}");
	struct pp_seed_options opts = { .scale = 2, .seed = 1 };

	ck_assert_ptr_nonnull(spec);
	test_log_capture_start();
	ck_assert(!pp_seed_plan(spec, &opts));
	ck_assert_ptr_nonnull(strstr(test_log_captured(), "spec.json: tables.\"a.t\": "
							  "2000000000000 rows after --scale 2: "
							  "expected at most 1000000000000 rows"));
	test_log_capture_stop();
	pp_seedspec_free(spec);
}
END_TEST

Suite *
suite_seedspec(void)
{
	Suite *s = suite_create("seedspec");
	TCase *tc = tcase_create("limits");

	tcase_add_test(tc, test_bad_table);
	tcase_add_test(tc, test_limits_accepted);
	tcase_add_test(tc, test_limits_generate);
	tcase_add_test(tc, test_scale_limit);
	suite_add_tcase(s, tc);
	return s;
}
