/*
 * check_gen.c: seed generators: ranges, distribution shapes within tolerance, null fractions,
 * determinism, COPY escaping; and seed specs' errors with their JSON paths.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seed/gen.h"
#include "seed/seed.h"
#include "seed/seedspec.h"
#include "suites.h"

#define N 20000

/* Parses one generator from JSON through a one-table spec. */
static struct pp_seed_spec *
spec_of(const char *gen_json)
{
	char text[2048];

	snprintf(text, sizeof text,
		 "{\"tables\": {\"s.t\": {\"rows\": %d, \"columns\": {\"c\": %s}}}}", N, gen_json);
	return pp_seedspec_parse("spec.json", ".", text);
}

/* Draws N values of the spec's only column as strings (NULL for \N); caller frees. */
static char **
draw(const char *gen_json, uint64_t seed)
{
	struct pp_seed_spec *spec = spec_of(gen_json);
	struct pp_gen_state st;
	struct pp_buf out, scratch;
	char **v = calloc(N, sizeof *v);

	ck_assert_msg(spec != NULL, "%s", gen_json);
	pp_gen_state_init(&st, seed, "s.t", "c");
	pp_buf_init(&out);
	pp_buf_init(&scratch);
	for (int i = 0; i < N; i++) {
		pp_buf_clear(&out);
		pp_gen_emit(&spec->tables[0].columns[0].gen, &st, i, N, &scratch, &out);
		v[i] = strcmp(out.data, "\\N") == 0 ? NULL : strdup(out.data);
	}
	pp_buf_reset(&out);
	pp_buf_reset(&scratch);
	pp_seedspec_free(spec);
	return v;
}

static void
free_draws(char **v)
{
	for (int i = 0; i < N; i++)
		free(v[i]);
	free(v);
}

START_TEST(test_int_uniform)
{
	char **v = draw("{\"gen\": \"int\", \"min\": 1, \"max\": 10}", 1);
	int counts[11] = { 0 };

	for (int i = 0; i < N; i++) {
		int x = atoi(v[i]);

		ck_assert_int_ge(x, 1);
		ck_assert_int_le(x, 10);
		counts[x]++;
	}
	for (int x = 1; x <= 10; x++) /* 2000 expected; 5 sigma is about 212 */
		ck_assert_msg(abs(counts[x] - 2000) < 212, "%d drawn %d times", x, counts[x]);
	free_draws(v);
}
END_TEST

START_TEST(test_int_normal)
{
	char **v = draw("{\"gen\": \"int\", \"min\": 0, \"max\": 1000, \"distribution\": "
			"\"normal\", \"mean\": 500, \"stddev\": 50}",
			2);
	double sum = 0, ss = 0;

	for (int i = 0; i < N; i++)
		sum += atoi(v[i]);
	for (int i = 0; i < N; i++)
		ss += (atoi(v[i]) - sum / N) * (atoi(v[i]) - sum / N);
	ck_assert_double_eq_tol(sum / N, 500, 2);
	ck_assert_double_eq_tol(sqrt(ss / (N - 1)), 50, 2);
	free_draws(v);
}
END_TEST

START_TEST(test_int_zipf)
{
	char **v = draw("{\"gen\": \"int\", \"min\": 1, \"max\": 100, \"distribution\": \"zipf\", "
			"\"skew\": 1.0}",
			3);
	int counts[101] = { 0 };
	double h = 0;

	for (int i = 0; i < N; i++)
		counts[atoi(v[i])]++;
	for (int k = 1; k <= 100; k++)
		h += 1.0 / k;
	/* P(k) = 1 / (k H): rank 1 about 19%, rank 2 about 9.6%, rank 10 about 1.9% */
	ck_assert_double_eq_tol(counts[1] / (double)N, 1.0 / h, 0.015);
	ck_assert_double_eq_tol(counts[2] / (double)N, 0.5 / h, 0.01);
	ck_assert_double_eq_tol(counts[10] / (double)N, 0.1 / h, 0.005);
	ck_assert_int_gt(counts[1], counts[2]);
	ck_assert_int_gt(counts[2], counts[10]);
	free_draws(v);
}
END_TEST

START_TEST(test_null_fraction_and_choice)
{
	char **v = draw("{\"gen\": \"choice\", \"values\": [\"a\", \"b\"], \"weights\": [3, 1], "
			"\"null_fraction\": 0.2}",
			4);
	int nulls = 0, a = 0;

	for (int i = 0; i < N; i++) {
		if (v[i] == NULL)
			nulls++;
		else
			a += strcmp(v[i], "a") == 0;
	}
	ck_assert_double_eq_tol(nulls / (double)N, 0.2, 0.015);
	ck_assert_double_eq_tol(a / (double)(N - nulls), 0.75, 0.015);
	free_draws(v);
}
END_TEST

START_TEST(test_deterministic)
{
	const char *g = "{\"gen\": \"lorem\", \"min\": 1, \"max\": 9}";
	char **a = draw(g, 42), **b = draw(g, 42), **c = draw(g, 43);
	int same = 1, differ = 0;

	for (int i = 0; i < N; i++) {
		same = same && strcmp(a[i], b[i]) == 0;
		differ += strcmp(a[i], c[i]) != 0;
	}
	ck_assert_msg(same, "the same seed gave other values");
	ck_assert_int_gt(differ, N / 2);
	free_draws(a);
	free_draws(b);
	free_draws(c);
}
END_TEST

START_TEST(test_shapes)
{
	char **seq = draw("{\"gen\": \"sequence\", \"start\": 10, \"step\": 5, \"repeat\": 2}", 1);
	char **ts = draw("{\"gen\": \"timestamp\", \"min\": \"2026-01-01\", \"max\": "
			 "\"2026-01-02\", \"ordered\": true}",
			 1);
	char **uuid = draw("{\"gen\": \"uuid\"}", 1);
	char **text = draw("{\"gen\": \"text\", \"pattern\": \"a\\tb {seq}\\\\\"}", 1);
	char **json = draw("{\"gen\": \"json\", \"fields\": {\"k\": {\"gen\": \"choice\", "
			   "\"values\": [\"x\\\"y\"]}, \"n\": {\"gen\": \"bool\", "
			   "\"probability\": 1}}}",
			   1);
	char **fl = draw("{\"gen\": \"float\", \"min\": 0, \"max\": 1, \"decimals\": 3}", 1);

	ck_assert_str_eq(seq[0], "10");
	ck_assert_str_eq(seq[1], "10");
	ck_assert_str_eq(seq[2], "15");
	ck_assert_str_eq(ts[0], "2026-01-01 00:00:00+00");
	ck_assert_str_eq(ts[N - 1], "2026-01-02 00:00:00+00");
	for (int i = 1; i < N; i++)
		ck_assert_int_le(strcmp(ts[i - 1], ts[i]), 0);
	ck_assert_int_eq(strlen(uuid[0]), 36);
	ck_assert_int_eq(uuid[0][14], '4');
	ck_assert_ptr_nonnull(strchr("89ab", uuid[0][19]));
	ck_assert_str_ne(uuid[0], uuid[1]);
	/* COPY text format: tab and backslash escaped */
	ck_assert_str_eq(text[0], "a\\tb 1\\\\");
	/* JSON built from nested generators, then escaped for COPY */
	ck_assert_str_eq(json[0], "{\"k\": \"x\\\\\"y\", \"n\": true}");
	ck_assert_int_eq(strlen(fl[0]), 5);
	free_draws(seq);
	free_draws(ts);
	free_draws(uuid);
	free_draws(text);
	free_draws(json);
	free_draws(fl);
}
END_TEST

START_TEST(test_new_types)
{
	char **arr = draw("{\"gen\": \"array\", \"min\": 2, \"max\": 2, \"of\": {\"gen\": "
			  "\"choice\", \"values\": [\"a\\\"b\", null]}}",
			  1);
	char **bytes = draw("{\"gen\": \"bytes\", \"min\": 3, \"max\": 3}", 1);
	char **range = draw("{\"gen\": \"range\", \"of\": {\"gen\": \"int\", \"min\": 5, "
			    "\"max\": 5}, \"min_width\": 2, \"max_width\": 2}",
			    1);
	char **json = draw("{\"gen\": \"json\", \"fields\": {\"l\": {\"gen\": \"array\", "
			   "\"min\": 1, \"max\": 1, \"of\": {\"gen\": \"int\", \"min\": 7, "
			   "\"max\": 7}}, \"o\": {\"gen\": \"json\", \"fields\": {\"b\": "
			   "{\"gen\": \"bool\", \"probability\": 0}}}}}",
			   1);

	/* array literal: elements quoted, quote and backslash escaped, NULL bare, COPY-escaped */
	for (int i = 0; i < N; i++)
		ck_assert_msg(strcmp(arr[i], "{\"a\\\\\"b\",\"a\\\\\"b\"}") == 0 ||
				      strstr(arr[i], "NULL") != NULL,
			      "%s", arr[i]);
	/* bytea hex, its backslash escaped for COPY */
	ck_assert_int_eq(strlen(bytes[0]), 2 + 1 + 6);
	ck_assert(strncmp(bytes[0], "\\\\x", 3) == 0);
	ck_assert_str_eq(range[0], "[\"5\",\"7\")");
	/* arrays and objects nest inside JSON as JSON, not as strings */
	ck_assert_str_eq(json[0], "{\"l\": [7], \"o\": {\"b\": false}}");
	free_draws(arr);
	free_draws(bytes);
	free_draws(range);
	free_draws(json);
}
END_TEST

static const struct {
	const char *value;
	double amount;
	const char *want; /* NULL: not a time, date or number */
} adds[] = {
	{ "2026-01-01 23:00:00+00", 3600, "2026-01-02 00:00:00+00" },
	{ "2026-01-01 23:00:00.123456+00", 60, "2026-01-01 23:01:00+00" },
	{ "2026-02-28", 86400, "2026-03-01" },
	{ "41", 1, "42" },
	{ "41", 0.5, "41.5" },
	{ "1.25", 1, "2.25" },
	{ "-3", -2, "-5" },
	{ "abc", 1, NULL },
	{ "", 1, NULL },
	{ "12abc", 1, NULL },
};

START_TEST(test_add)
{
	struct pp_buf out;

	pp_buf_init(&out);
	ck_assert(pp_gen_add(adds[_i].value, adds[_i].amount, &out) == (adds[_i].want != NULL));
	if (adds[_i].want != NULL)
		ck_assert_str_eq(out.data, adds[_i].want);
	pp_buf_reset(&out);
}
END_TEST

static const struct {
	const char *json;
	const char *message;
} bad_specs[] = {
	{ "{\"tables\": {\"a.t\": {\"rows\": 1, \"columns\": {\"c\": {\"gen\": \"array\", "
	  "\"min\": 1, \"max\": 2}}}}}",
	  "columns.c: \"of\" is required" },
	{ "{\"tables\": {\"a.t\": {\"rows\": 1, \"columns\": {\"c\": {\"gen\": \"array\", "
	  "\"min\": 1, \"max\": 2, \"of\": {\"gen\": \"array\", \"min\": 1, \"max\": 1, "
	  "\"of\": {\"gen\": \"uuid\"}}}}}}}",
	  "columns.c: an array of arrays" },
	{ "{\"tables\": {\"a.t\": {\"rows\": 1, \"columns\": {\"c\": {\"gen\": \"array\", "
	  "\"min\": 1, \"max\": 10000, \"of\": {\"gen\": \"words\", \"min\": 1, \"max\": "
	  "100}}}}}}",
	  "columns.c: one value may hold up to 1000000 elements" },
	{ "{\"tables\": {\"a.t\": {\"rows\": 1, \"columns\": {\"c\": {\"gen\": \"range\", "
	  "\"of\": {\"gen\": \"uuid\"}}}}}}",
	  "columns.c: \"of\" must be an int, float, date or timestamp" },
	{ "{\"tables\": {\"a.t\": {\"rows\": 1, \"columns\": {\"c\": {\"gen\": \"bytes\", "
	  "\"min\": 1, \"max\": 2000000}}}}}",
	  "columns.c: \"max\" must be a whole number from 0 to 1048576" },
	{ "{\"tables\": {\"a.t\": {\"rows\": 1, \"columns\": {\"c\": {\"gen\": \"lookup\", "
	  "\"ref\": \"p\", \"column\": \"x\"}}}}}",
	  "columns.c: lookup through \"p\": expected a ref column of a.t" },
	{ "{\"tables\": {\"a.p\": {\"rows\": 1, \"columns\": {\"id\": {\"gen\": "
	  "\"sequence\"}}}, \"a.t\": {\"rows\": 1, \"columns\": {\"p\": {\"gen\": \"ref\", "
	  "\"table\": \"a.p\", \"column\": \"id\", \"null_fraction\": 0.5}, \"c\": {\"gen\": "
	  "\"lookup\", \"ref\": \"p\", \"column\": \"x\"}}}}}",
	  "columns.c: lookup through \"p\", which has a null_fraction" },
	{ "{\"tables\": {\"a.t\": {\"rows\": 1, \"columns\": {\"c\": {\"gen\": \"lookup\", "
	  "\"ref\": \"p\", \"column\": \"x\", \"plus\": {\"min\": 1, \"max\": 2, \"by\": "
	  "3}}}}}}",
	  "columns.c.plus: unknown key \"by\"" },
	{ "{\"tables\": {\"app.sessions\": {\"rows\": 1, \"columns\": {\"status\": {\"gen\": "
	  "\"choise\"}}}}}",
	  "spec.json: tables.\"app.sessions\".columns.status: unknown generator \"choise\"" },
	{ "{\"tables\": {\"a.t\": {\"rows\": -1, \"columns\": {\"c\": {\"gen\": \"uuid\"}}}}}",
	  "tables.\"a.t\": \"rows\" must be a whole number from 0 to 1000000000000" },
	{ "{\"tables\": {\"t\": {\"rows\": 1, \"columns\": {\"c\": {\"gen\": \"uuid\"}}}}}",
	  "tables.\"t\": name the table with its schema" },
	{ "{\"tables\": {\"a.t\": {\"rows\": 1, \"columns\": {\"c\": {\"gen\": \"int\", \"min\": "
	  "\"1\", \"max\": 2}}}}}",
	  "columns.c: \"min\" must be a number" },
	{ "{\"tables\": {\"a.t\": {\"rows\": 1, \"columns\": {\"c\": {\"gen\": \"int\", \"min\": 5, "
	  "\"max\": 2}}}}}",
	  "columns.c: \"min\" (5) must not exceed \"max\" (2)" },
	{ "{\"tables\": {\"a.t\": {\"rows\": 1, \"columns\": {\"c\": {\"gen\": \"int\", \"min\": 1, "
	  "\"max\": 2, \"mode\": 3}}}}}",
	  "columns.c: unknown option \"mode\" for int" },
	{ "{\"tables\": {\"a.t\": {\"rows\": 1, \"columns\": {\"c\": {\"gen\": \"ref\", \"table\": "
	  "\"a.nope\", \"column\": \"id\"}}}}}",
	  "columns.c: ref to unknown table \"a.nope\"" },
	{ "{\"tables\": {\"a.p\": {\"rows\": 1, \"columns\": {\"id\": {\"gen\": \"sequence\"}}}, "
	  "\"a.t\": {\"rows\": 1, \"columns\": {\"c\": {\"gen\": \"ref\", \"table\": \"a.p\", "
	  "\"column\": \"key\"}}}}}",
	  "columns.c: ref to unknown column \"key\" of a.p" },
	{ "{\"tables\": {\"a.t\": {\"rows\": 1, \"columns\": {\"c\": {\"gen\": \"timestamp\", "
	  "\"min\": \"yesterday\", \"max\": \"2026-01-01\"}}}}}",
	  "columns.c: \"min\": \"yesterday\" is not a date" },
	{ "{\"tables\": {\"a.t\": {\"rows\": 1, \"columns\": {\"c\": {\"gen\": \"choice\", "
	  "\"values\": [1, 2], \"weights\": [1]}}}}}",
	  "columns.c: \"weights\" must be an array of 2 numbers" },
	{ "{\"tables\": {\"a.t\": {\"rows\": 1, \"columns\": {\"c\": {\"gen\": \"bool\", "
	  "\"null_fraction\": 2}}}}}",
	  "columns.c: \"null_fraction\" must be a number from 0 to 1" },
	{ "{\"tables\": {\"a.t\": {\"rows\": 1, \"columns\": {\"c\": {\"gen\": \"json\", \"fields\": "
	  "{\"x\": {\"gen\": \"nope\"}}}}}}}",
	  "columns.c.fields.x: unknown generator \"nope\"" },
	{ "{\"tabels\": {}}", "tabels: unknown key" },
	{ "{\"tables\": {\"a.t\": {\"rows\": 1, \"columns\": {\"c\": 5}}}}",
	  "columns.c: expected a generator object" },
	{ "[1]", "expected a JSON object" },
};

START_TEST(test_bad_specs)
{
	struct pp_seed_spec *spec;

	test_log_capture_start();
	spec = pp_seedspec_parse("spec.json", ".", bad_specs[_i].json);
	ck_assert_msg(spec == NULL, "accepted: %s", bad_specs[_i].json);
	ck_assert_msg(strstr(test_log_captured(), bad_specs[_i].message) != NULL,
		      "want \"%s\" in:\n%s", bad_specs[_i].message, test_log_captured());
	test_log_capture_stop();
}
END_TEST

START_TEST(test_plan_order)
{
	const char *text =
		"{\"tables\": {"
		"\"a.child\": {\"rows\": 10, \"columns\": {\"p\": {\"gen\": \"ref\", \"table\": "
		"\"a.parent\", \"column\": \"id\"}}},"
		"\"a.parent\": {\"rows\": 2, \"columns\": {\"id\": {\"gen\": \"sequence\"}, \"g\": "
		"{\"gen\": \"ref\", \"table\": \"a.grand\", \"column\": \"id\"}}},"
		"\"a.grand\": {\"rows\": 1, \"columns\": {\"id\": {\"gen\": \"sequence\"}}}}}";
	struct pp_seed_spec *spec = pp_seedspec_parse("spec.json", ".", text);
	struct pp_seed_options opts = { .scale = 3, .seed = 1 };
	char *out = NULL;
	size_t len = 0;

	ck_assert_ptr_nonnull(spec);
	opts.out = open_memstream(&out, &len);
	ck_assert(pp_seed_plan(spec, &opts));
	fclose(opts.out);
	ck_assert_msg(strstr(out, "1. a.grand") && strstr(out, "2. a.parent") &&
			      strstr(out, "3. a.child"),
		      "%s", out);
	ck_assert_ptr_nonnull(strstr(out, "30 rows"));
	ck_assert_ptr_nonnull(strstr(out, "39 rows in all"));
	free(out);
	pp_seedspec_free(spec);
}
END_TEST

Suite *
suite_gen(void)
{
	Suite *s = suite_create("gen");
	TCase *tc = tcase_create("generators");
	TCase *sp = tcase_create("specs");

	tcase_add_test(tc, test_int_uniform);
	tcase_add_test(tc, test_int_normal);
	tcase_add_test(tc, test_int_zipf);
	tcase_add_test(tc, test_null_fraction_and_choice);
	tcase_add_test(tc, test_deterministic);
	tcase_add_test(tc, test_shapes);
	tcase_add_test(tc, test_new_types);
	tcase_add_loop_test(tc, test_add, 0, (int)(sizeof adds / sizeof adds[0]));
	tcase_add_loop_test(sp, test_bad_specs, 0, (int)(sizeof bad_specs / sizeof bad_specs[0]));
	tcase_add_test(sp, test_plan_order);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, sp);
	return s;
}
