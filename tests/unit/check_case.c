/*
 * check_case.c: the case-file parser. Every file in tests/data/cases/bad/ must be rejected with
 * the message its first line names; tests/data/cases/good/ files are read back key by key.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "input/case.h"
#include "suites.h"

#define MS 1000000LL

static char *
data_path(const char *rel)
{
	struct pp_buf b;

	pp_buf_init(&b);
	pp_buf_printf(&b, "%s/%s", TEST_DATA_DIR, rel);
	return pp_buf_steal(&b);
}

/* The `-- expect-error: TEXT` line of a bad case file. */
static char *
expected_error(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[512];
	const char *tag = "-- expect-error: ";

	ck_assert_msg(f != NULL, "cannot open %s", path);
	ck_assert(fgets(line, sizeof line, f) != NULL);
	fclose(f);
	ck_assert_msg(strncmp(line, tag, strlen(tag)) == 0, "%s lacks an expect-error line", path);
	line[strcspn(line, "\n")] = '\0';
	return strdup(line + strlen(tag));
}

START_TEST(test_bad_files)
{
	char *dir = data_path("cases/bad");
	DIR *d = opendir(dir);
	struct dirent *e;
	int seen = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL) {
		struct pp_case *defaults;
		struct pp_case_list list;
		struct pp_buf path;
		char *want;
		bool ok;

		if (strstr(e->d_name, ".sql") == NULL)
			continue;
		defaults = pp_case_new_defaults();
		pp_buf_init(&path);
		pp_buf_printf(&path, "%s/%s", dir, e->d_name);
		want = expected_error(path.data);
		pp_case_list_init(&list);
		test_log_capture_start();
		ok = pp_case_parse_file(path.data, defaults, &list);
		ck_assert_msg(!ok, "%s was accepted", e->d_name);
		ck_assert_msg(strstr(test_log_captured(), want) != NULL,
			      "%s: expected \"%s\" in:\n%s", e->d_name, want, test_log_captured());
		test_log_capture_stop();
		pp_case_list_reset(&list);
		pp_case_free(defaults);
		free(want);
		pp_buf_reset(&path);
		seen++;
	}
	closedir(d);
	free(dir);
	ck_assert_int_ge(seen, 50);
}
END_TEST

/* A missing file, or a folder where a file was expected, is an error naming the path. */
START_TEST(test_unreadable_file)
{
	static const struct {
		const char *rel;
		const char *message;
	} unreadable[] = {
		{ "cases/good/no_such_file.sql", "No such file or directory" },
		{ "cases/good", "it is a folder" },
	};

	for (size_t i = 0; i < sizeof unreadable / sizeof unreadable[0]; i++) {
		char *path = data_path(unreadable[i].rel);
		struct pp_case *defaults = pp_case_new_defaults();
		struct pp_case_list list;

		pp_case_list_init(&list);
		test_log_capture_start();
		ck_assert(!pp_case_parse_file(path, defaults, &list));
		ck_assert_uint_eq(list.len, 0);
		ck_assert_msg(strstr(test_log_captured(), path) != NULL &&
				      strstr(test_log_captured(), unreadable[i].message) != NULL,
			      "%s", test_log_captured());
		test_log_capture_stop();
		pp_case_free(defaults);
		free(path);
	}
}
END_TEST

static struct pp_case_list good;

static void
load_good(void)
{
	char *path = data_path("cases/good/full.sql");
	struct pp_case *defaults = pp_case_new_defaults();

	pp_case_list_init(&good);
	ck_assert(pp_case_parse_file(path, defaults, &good));
	pp_case_free(defaults);
	free(path);
}

static void
free_good(void)
{
	pp_case_list_reset(&good);
}

START_TEST(test_every_key)
{
	const struct pp_case *c;
	char *params;

	ck_assert_uint_eq(good.len, 4);
	c = good.items[0];
	ck_assert_str_eq(c->name, "everything");
	ck_assert_int_eq(c->line, 3);
	ck_assert_str_eq(c->description, "a case using every key");
	ck_assert_int_eq(c->iterations, 250);
	ck_assert_int_eq(c->warmup, 0);
	ck_assert_uint_eq(c->n_thresholds, 5);
	ck_assert_int_eq(c->thresholds[3].metric, PP_METRIC_BUFFERS);
	ck_assert_int_eq(c->thresholds[3].limit, 100);
	ck_assert_int_eq(c->thresholds[4].metric, PP_METRIC_ROWS);
	ck_assert_uint_eq(c->n_settings, 2);
	ck_assert_str_eq(c->settings[0].name, "work_mem");
	ck_assert_str_eq(c->settings[0].value, "64MB");
	ck_assert_str_eq(c->settings[1].value, "off");
	ck_assert_int_eq(c->thresholds[0].metric, PP_METRIC_P50);
	ck_assert_int_eq(c->thresholds[0].limit, 250000);
	ck_assert_int_eq(c->thresholds[1].limit, 1500000);
	ck_assert_int_eq(c->thresholds[2].metric, PP_METRIC_MAX);
	ck_assert_int_eq(c->thresholds[2].limit, 2000 * MS);
	ck_assert_uint_eq(c->params.len, 6);
	ck_assert_str_eq(c->params.items[1].text, "it's");
	ck_assert_int_eq(c->params.items[2].kind, PP_PARAM_NULL);
	ck_assert_int_eq(c->params.items[3].kind, PP_PARAM_RANDOM);
	ck_assert_int_eq(c->params.items[3].lo, -5);
	ck_assert_uint_eq(c->params.items[4].n_choices, 3);
	params = pp_params_describe(&c->params);
	ck_assert_str_eq(params, "42, 'it''s', NULL, random(-5, 5), choice('open', 'closed', NULL), "
				 "true");
	free(params);
	ck_assert_int_eq(c->timeout_ns, 5000 * MS);
	ck_assert_uint_eq(c->n_tags, 2);
	ck_assert(pp_case_has_tag(c, "sessions"));
	ck_assert(!pp_case_has_tag(c, "session"));
	ck_assert_uint_eq(c->n_requires, 2);
	ck_assert_str_eq(c->requires[1], "app");
	ck_assert_uint_eq(c->n_assertions, 7);
	ck_assert_int_eq(c->assertions[6].kind, PP_ASSERT_EXPECT_PLAN);
	ck_assert_str_eq(c->assertions[6].text, "Index Scan using \\w+_pkey");
	ck_assert_int_eq(c->assertions[0].kind, PP_ASSERT_EXPECT_INDEX);
	ck_assert_str_eq(c->assertions[0].relation, "app.items");
	ck_assert_str_eq(c->assertions[0].index, "items_pkey");
	ck_assert_int_eq(c->assertions[1].kind, PP_ASSERT_EXPECT_INDEX_ONLY);
	ck_assert_str_eq(c->assertions[1].relation, "items");
	ck_assert_int_eq(c->assertions[2].kind, PP_ASSERT_FORBID_SEQ);
	ck_assert_ptr_null(c->assertions[3].relation);
	ck_assert_int_eq(c->assertions[4].kind, PP_ASSERT_ALLOW_SEQ);
	ck_assert_int_eq(c->assertions[5].kind, PP_ASSERT_ALLOW_N_PLUS_ONE);
	ck_assert_int_eq(c->assertions[5].line, 19);
	ck_assert_double_eq(c->warn_margin, 0.5);
	ck_assert_int_eq(c->max_param, 6);
	ck_assert(!c->modifies);
	ck_assert_int_eq(c->sql_line, 24);
	ck_assert_ptr_nonnull(strstr(c->sql, "-- a comment inside the SQL stays"));
	ck_assert_int_eq(c->sql[strlen(c->sql) - 1], 'e'); /* "WHERE true": the `;` is gone */
}
END_TEST

START_TEST(test_defaults_and_writes)
{
	const struct pp_case *c = good.items[1];

	ck_assert_str_eq(c->name, "defaults_only");
	ck_assert_int_eq(c->iterations, 100);
	ck_assert_int_eq(c->warmup, 5);
	ck_assert_int_eq(c->timeout_ns, 30000 * MS);
	ck_assert_double_eq(c->warn_margin, 0.2);
	ck_assert_str_eq(c->sql, "SELECT 1");
	ck_assert(good.items[2]->modifies); /* UPDATE inside a CTE */
	ck_assert_str_eq(good.items[3]->name, "merge.v15");
	ck_assert(good.items[3]->modifies);
}
END_TEST

/* Where the SQL ends, where the header ends, and a description wrapped onto two lines. */
START_TEST(test_layout)
{
	char *path = data_path("cases/good/layout.sql");
	struct pp_case *defaults = pp_case_new_defaults();
	struct pp_case_list list;
	const char *log;

	pp_case_list_init(&list);
	test_log_capture_start();
	ck_assert(pp_case_parse_file(path, defaults, &list));
	ck_assert_uint_eq(list.len, 4);
	ck_assert_str_eq(list.items[0]->sql, "SELECT 1");
	ck_assert_int_eq(list.items[0]->iterations, 3);
	ck_assert_int_eq(list.items[0]->sql_line, 6);
	/* A description wrapped onto a second comment line goes on, and the header with it. */
	ck_assert_str_eq(list.items[1]->description,
			 "a description wrapped onto a second comment line");
	ck_assert_uint_eq(list.items[1]->n_thresholds, 1);
	ck_assert_str_eq(list.items[1]->sql, "SELECT 2");
	ck_assert_int_eq(list.items[1]->sql_line, 13);
	log = test_log_captured();
	ck_assert_msg(log[0] == '\0', "%s", log);
	ck_assert_str_eq(list.items[2]->sql, "SELECT 3\n-- note: not a header line\n  + 4");
	ck_assert_str_eq(list.items[2]->description,
			 "a key-shaped comment inside the SQL stays SQL");
	ck_assert_str_eq(list.items[3]->sql, "SELECT 5");
	test_log_capture_stop();
	pp_case_list_reset(&list);
	pp_case_free(defaults);
	free(path);
}
END_TEST

/* CRLF line ends, no final newline, blanks around keys and values. */
START_TEST(test_text_variants)
{
	struct pp_case *defaults = pp_case_new_defaults();
	struct pp_case_list list;
	const char *text = "--name:crlf\r\n--  iterations :  7  \r\n-- tags:a,b\r\nSELECT $1\r\n"
			   "\t-- params: 'x' \r\n" /* not a header line: SQL came first */
			   "-- name: bare\n-- params: 1\nSELECT $1::int";

	pp_case_list_init(&list);
	test_log_capture_start();
	ck_assert_msg(!pp_case_parse_text("mem.sql", text, defaults, &list),
		      "params after the SQL cannot count");
	ck_assert_ptr_nonnull(strstr(test_log_captured(), "mem.sql:5: \"-- params:\" comes after "
							  "the SQL of case crlf, where it is not "
							  "read"));
	test_log_capture_stop();
	ck_assert_uint_eq(list.len, 2);
	ck_assert_str_eq(list.items[1]->name, "bare");
	ck_assert_str_eq(list.items[1]->sql, "SELECT $1::int");
	ck_assert_int_eq(list.items[1]->max_param, 1);
	pp_case_list_reset(&list);

	text = "--name:crlf\r\n--  iterations :  7  \r\n-- tags:a,b\r\nSELECT 1;\r\n";
	ck_assert(pp_case_parse_text("mem.sql", text, defaults, &list));
	ck_assert_int_eq(list.items[0]->iterations, 7);
	ck_assert_uint_eq(list.items[0]->n_tags, 2);
	ck_assert_str_eq(list.items[0]->tags[1], "b");
	ck_assert_str_eq(list.items[0]->sql, "SELECT 1");
	pp_case_list_reset(&list);
	pp_case_free(defaults);
}
END_TEST

/* Each format's name line: the name, the kind, the description from a docstring. */
START_TEST(test_formats)
{
	static const char text[] =
		"-- name: GetAuthor :one\n-- threshold: p95 < 5ms\nSELECT * FROM t WHERE id = @id;\n\n"
		"-- name: get-by-id^\n-- record_class: Row\n-- Get one\n-- by its id.\nselect * from t where id = :id\n\n"
		"-- name: plain-one\nselect 1\n\n"
		"-- :name hug-one :? :1\n-- :doc The doc\n-- :result :one\nselect * from t where id = :id\n"
		"-- :snip cond-snip\nwhere x = 1\n";
	static const struct {
		const char *name, *format, *kind, *description;
	} want[] = {
		{ "GetAuthor", "sqlc", ":one", NULL },
		{ "get-by-id", "aiosql", "^", "Get one by its id." },
		{ "plain-one", "pgperf", NULL, NULL },
		{ "hug-one", "hugsql", ":? :1", "The doc" },
	};
	struct pp_case *defaults = pp_case_new_defaults();
	struct pp_case_list list;

	pp_case_list_init(&list);
	test_log_capture_start();
	/* The snippet's "where x = 1" is no statement: a case that cannot be verified as it is. */
	ck_assert(pp_case_parse_text("f.sql", text, defaults, &list));
	test_log_capture_stop();
	ck_assert_uint_eq(list.len, 5);
	ck_assert_ptr_nonnull(strstr(list.items[4]->problem, "f.sql:18: case cond-snip cannot be "
							     "verified as it is: a HugSQL snippet"));
	for (size_t i = 0; i < 4; i++) {
		const struct pp_case *c = list.items[i];

		ck_assert_str_eq(c->name, want[i].name);
		ck_assert_str_eq(c->format, want[i].format);
		if (want[i].kind == NULL)
			ck_assert_ptr_null(c->kind);
		else
			ck_assert_str_eq(c->kind, want[i].kind);
		if (want[i].description == NULL)
			ck_assert_ptr_null(c->description);
		else
			ck_assert_str_eq(c->description, want[i].description);
		ck_assert_ptr_null(c->problem);
	}
	ck_assert_uint_eq(list.items[0]->n_thresholds, 1);
	ck_assert_str_eq(list.items[0]->sql, "SELECT * FROM t WHERE id = $1 ");
	ck_assert_str_eq(list.items[0]->param_names[0].name, "id");
	pp_case_list_reset(&list);
	pp_case_free(defaults);
}
END_TEST

/* Statements that cannot be timed are cases with a problem; the file still loads. */
START_TEST(test_unrunnable)
{
	static const char *const texts[] = {
		"-- name: t\nTRUNCATE x;\n", "-- name: t\nBEGIN;\n", "-- name: t\nSET a = 1;\n",
		"-- name: t\nCREATE TABLE x (a int);\n", "-- name: t\nSELECT 1 INTO x;\n",
		"-- name: t\nVACUUM x;\n", "-- name: t\nSELECT lower($1);\n",
		"-- name: t\nSELECT * FROM :i:tbl;\n",
	};
	static const char *const twins[] = {
		"-- name: t\nDELETE FROM x;\n", "-- name: t\n-- set: a = 1\nSELECT 1;\n",
		"-- name: t\n-- params: 'a'\nSELECT lower($1);\n",
		"-- name: t\nSELECT * FROM x WHERE a = :a;\n",
	};
	struct pp_case *defaults = pp_case_new_defaults();

	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		struct pp_case_list list;

		pp_case_list_init(&list);
		ck_assert(pp_case_parse_text("u.sql", texts[i], defaults, &list));
		ck_assert_msg(list.items[0]->problem != NULL &&
				      strstr(list.items[0]->problem, "u.sql:2: case t cannot be "
								     "verified as it is: ") ==
					      list.items[0]->problem,
			      "%s", texts[i]);
		pp_case_list_reset(&list);
	}
	for (size_t i = 0; i < sizeof twins / sizeof twins[0]; i++) {
		struct pp_case_list list;

		pp_case_list_init(&list);
		ck_assert(pp_case_parse_text("u.sql", twins[i], defaults, &list));
		ck_assert_msg(list.items[0]->problem == NULL, "%s: %s", twins[i],
			      list.items[0]->problem);
		pp_case_list_reset(&list);
	}
	pp_case_free(defaults);
}
END_TEST

/*
 * A name value starting with white space other than blanks (\v, \f, \r) is trimmed like any
 * other, and the parser frees the copy it trimmed, not the trimmed pointer.
 */
START_TEST(test_name_leading_space)
{
	static const char *const texts[] = {
		"-- name:\vv\nSELECT 1;\n",
		"-- name: \ff\nSELECT 1;\n",
		"-- name:\rr\nSELECT 1;\n",
		"-- name:\v\f\r\tall \v\nSELECT 1;\n",
	};
	static const char *const names[] = { "v", "f", "r", "all" };
	struct pp_case *defaults = pp_case_new_defaults();

	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		struct pp_case_list list;

		pp_case_list_init(&list);
		ck_assert_msg(pp_case_parse_text("mem.sql", texts[i], defaults, &list), "%zu", i);
		ck_assert_uint_eq(list.len, 1);
		ck_assert_str_eq(list.items[0]->name, names[i]);
		pp_case_list_reset(&list);
	}
	pp_case_free(defaults);
}
END_TEST

/* Every number key refuses what is not finite or lies outside its documented range. */
START_TEST(test_number_ranges)
{
	static const struct {
		const char *key, *value;
		bool ok;
	} checks[] = {
		{ "misestimate_factor", "inf", false },   { "misestimate_factor", "-inf", false },
		{ "misestimate_factor", "nan", false },   { "misestimate_factor", "1e300", false },
		{ "misestimate_factor", "1.5", false },   { "misestimate_factor", "1e15", true },
		{ "warn_margin", "NaN", false },          { "warn_margin", "100", true },
		{ "warn_margin", "100.5", false },        { "seq_scan_min_rows", "0", true },
		{ "seq_scan_min_rows", "-1", false },     { "seq_scan_discard", "0.9", true },
		{ "seq_scan_discard", "0.4", false },     { "seq_scan_discard", "1.5", false },     { "n_plus_one_min_loops", "0.5", false },
		{ "regression_tolerance", "inf", false }, { "regression_min_ms", "3600000", true },
		{ "regression_min_ms", "3600001", false }, { "iterations", "1e30", false },
		{ "iterations", "99999999999999999999", false }, { "warmup", "-0", true },
		/* statement_timeout is an int of milliseconds, rounded up from the timeout */
		{ "timeout", "2147483647ms", true },      { "timeout", "2147483.647s", true },
		{ "timeout", "2147483648ms", false },     { "timeout", "2147483647.000001ms", false },
		{ "timeout", "3000000s", false },         { "timeout", "0.999ms", false },
		{ "timeout", "1ms", true },
	};
	struct pp_case *c = pp_case_new_defaults();

	test_log_capture_start();
	for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++)
		ck_assert_msg(pp_case_apply_key(c, checks[i].key, checks[i].value, "here", 0) ==
				      checks[i].ok,
			      "%s: %s", checks[i].key, checks[i].value);
	ck_assert_ptr_nonnull(strstr(test_log_captured(), "here: invalid iterations \"1e30\": "
							  "expected a whole number from 1 to 100000000"));
	test_log_capture_stop();
	ck_assert_double_eq(c->misestimate_factor, 1e15);
	ck_assert_int_eq(c->timeout_ns, 1000000);
	pp_case_free(c);
}
END_TEST

START_TEST(test_inheritance)
{
	struct pp_case *defaults = pp_case_new_defaults();
	struct pp_case_list list;
	const char *text = "-- name: own\n"
			   "-- threshold: p99 < 9ms\n"
			   "-- tags: mine\n"
			   "-- expect: index scan on t\n"
			   "SELECT 1;\n"
			   "-- name: inherits\n"
			   "SELECT 2;\n";

	ck_assert(pp_case_apply_key(defaults, "threshold", "p95 < 5ms, max < 1s", "json", 0));
	ck_assert(pp_case_apply_key(defaults, "tags", "all", "json", 0));
	ck_assert(pp_case_apply_key(defaults, "forbid", "seq scan", "json", 0));
	ck_assert(pp_case_apply_key(defaults, "iterations", "7", "json", 0));
	pp_case_list_init(&list);
	ck_assert(pp_case_parse_text("mem.sql", text, defaults, &list));
	ck_assert_uint_eq(list.len, 2);
	/* A case's own list keys replace the inherited ones... */
	ck_assert_uint_eq(list.items[0]->n_thresholds, 1);
	ck_assert_int_eq(list.items[0]->thresholds[0].metric, PP_METRIC_P99);
	ck_assert_uint_eq(list.items[0]->n_tags, 1);
	ck_assert_str_eq(list.items[0]->tags[0], "mine");
	/* ...plan assertions add up, and scalars are inherited. */
	ck_assert_uint_eq(list.items[0]->n_assertions, 2);
	ck_assert_int_eq(list.items[0]->iterations, 7);
	ck_assert_uint_eq(list.items[1]->n_thresholds, 2);
	ck_assert_str_eq(list.items[1]->tags[0], "all");
	pp_case_list_reset(&list);
	pp_case_free(defaults);
}
END_TEST

/*
 * Every list key: a case's first line replaces what pgperf.json gave, its later lines add up;
 * a case that does not use the key keeps the inherited list; the defaults stay untouched.
 */
START_TEST(test_inheritance_add_up)
{
	struct pp_case *defaults = pp_case_new_defaults();
	struct pp_case_list list;
	const char *text = "-- name: own\n"
			   "-- threshold: p50 < 1ms\n"
			   "-- threshold: p90 < 2ms, p99 < 3ms\n"
			   "-- params: 1\n"
			   "-- params: 2\n"
			   "-- tags: a\n"
			   "-- tags: b, c\n"
			   "-- requires: x.t\n"
			   "-- requires: y\n"
			   "-- forbid: seq scan on x.t\n"
			   "SELECT $1::int + $2::int;\n"
			   "-- name: inherited\n"
			   "SELECT $1::int;\n";

	/* A pgperf.json "defaults" with arrays: each element is one line, adding up. */
	ck_assert(pp_case_apply_key(defaults, "threshold", "p95 < 5ms", "json[0]", 0));
	ck_assert(pp_case_apply_key(defaults, "threshold", "max < 1s", "json[1]", 0));
	ck_assert(pp_case_apply_key(defaults, "params", "random(1, 9)", "json", 0));
	ck_assert(pp_case_apply_key(defaults, "tags", "all", "json", 0));
	ck_assert(pp_case_apply_key(defaults, "tags", "ci", "json", 0));
	ck_assert(pp_case_apply_key(defaults, "requires", "app", "json", 0));
	ck_assert(pp_case_apply_key(defaults, "allow", "n+1", "json", 0));
	ck_assert_uint_eq(defaults->n_thresholds, 2);
	ck_assert_uint_eq(defaults->n_tags, 2);

	pp_case_list_init(&list);
	ck_assert(pp_case_parse_text("mem.sql", text, defaults, &list));
	ck_assert_uint_eq(list.len, 2);
	ck_assert_uint_eq(list.items[0]->n_thresholds, 3);
	ck_assert_int_eq(list.items[0]->thresholds[0].metric, PP_METRIC_P50);
	ck_assert_int_eq(list.items[0]->thresholds[2].metric, PP_METRIC_P99);
	ck_assert_uint_eq(list.items[0]->params.len, 2);
	ck_assert_str_eq(list.items[0]->params.items[1].text, "2");
	ck_assert_uint_eq(list.items[0]->n_tags, 3);
	ck_assert_str_eq(list.items[0]->tags[0], "a");
	ck_assert_uint_eq(list.items[0]->n_requires, 2);
	ck_assert_str_eq(list.items[0]->requires[1], "y");
	ck_assert_uint_eq(list.items[0]->n_assertions, 2); /* allow n+1 from json, forbid here */
	ck_assert_int_eq(list.items[0]->assertions[0].kind, PP_ASSERT_ALLOW_N_PLUS_ONE);
	ck_assert_int_eq(list.items[0]->assertions[1].line, 10);

	ck_assert_uint_eq(list.items[1]->n_thresholds, 2);
	ck_assert_uint_eq(list.items[1]->params.len, 1);
	ck_assert_int_eq(list.items[1]->params.items[0].kind, PP_PARAM_RANDOM);
	ck_assert_uint_eq(list.items[1]->n_tags, 2);
	ck_assert_str_eq(list.items[1]->requires[0], "app");

	/* The cases were clones: the defaults hold what they held. */
	ck_assert_uint_eq(defaults->n_thresholds, 2);
	ck_assert_uint_eq(defaults->params.len, 1);
	ck_assert_uint_eq(defaults->n_tags, 2);
	ck_assert_uint_eq(defaults->n_assertions, 1);
	ck_assert_ptr_null(defaults->name);
	pp_case_list_reset(&list);
	pp_case_free(defaults);
}
END_TEST

/* The same rules from pp_case_apply_key alone, for pgperf.json and its clones. */
START_TEST(test_apply_key)
{
	struct pp_case *c = pp_case_new_defaults();
	struct pp_case *copy;

	ck_assert_int_eq(c->iterations, 100);
	ck_assert_int_eq(c->warmup, 5);
	ck_assert_int_eq(c->timeout_ns, 30000 * MS);
	ck_assert_double_eq(c->warn_margin, 0.2);
	test_log_capture_start();
	ck_assert(!pp_case_apply_key(c, "warmpu", "3", "here", 0));
	ck_assert_ptr_nonnull(strstr(test_log_captured(), "here: unknown key \"warmpu\" (did you "
							  "mean \"warmup\"?)"));
	ck_assert_ptr_nonnull(strstr(test_log_captured(), "hint: keys: name, description, "));
	ck_assert(!pp_case_apply_key(c, "colour", "red", "here", 0));
	ck_assert_ptr_null(strstr(test_log_captured(), "\"colour\" (did you mean"));
	ck_assert(!pp_case_apply_key(c, "Iterations", "3", "here", 0)); /* keys are lowercase */
	test_log_capture_stop();
	ck_assert(pp_case_apply_key(c, "timeout", "1.5 s", "here", 0));
	ck_assert_int_eq(c->timeout_ns, 1500 * MS);
	ck_assert(pp_case_apply_key(c, "expect", "INDEX ONLY SCAN ON t USING t_pkey", "here", 4));
	ck_assert_int_eq(c->assertions[0].kind, PP_ASSERT_EXPECT_INDEX_ONLY);
	ck_assert_str_eq(c->assertions[0].index, "t_pkey");
	ck_assert_int_eq(c->assertions[0].line, 4);
	ck_assert(pp_case_apply_key(c, "threshold", "median < 2ms", "here", 0));
	ck_assert_int_eq(c->thresholds[0].metric, PP_METRIC_P50);
	copy = pp_case_clone(c);
	ck_assert_ptr_ne(copy->assertions, c->assertions);
	ck_assert_str_eq(copy->assertions[0].relation, "t");
	pp_case_free(copy);
	pp_case_free(c);
	pp_case_free(NULL);
}
END_TEST

START_TEST(test_every_error_reported)
{
	struct pp_case *defaults = pp_case_new_defaults();
	struct pp_case_list list;
	const char *text = "-- name: a\n-- iterations: x\nSELECT 1;\n"
			   "-- name: b\n-- warmup: y\nSELECT 1;\n";

	pp_case_list_init(&list);
	test_log_capture_start();
	ck_assert(!pp_case_parse_text("two.sql", text, defaults, &list));
	ck_assert_ptr_nonnull(strstr(test_log_captured(), "two.sql:2:"));
	ck_assert_ptr_nonnull(strstr(test_log_captured(), "two.sql:5:"));
	test_log_capture_stop();
	pp_case_list_reset(&list);
	pp_case_free(defaults);
}
END_TEST

Suite *
suite_case(void)
{
	Suite *s = suite_create("case");
	TCase *bad = tcase_create("bad files");
	TCase *ok = tcase_create("good files");

	tcase_add_test(bad, test_bad_files);
	tcase_add_test(bad, test_every_error_reported);
	tcase_add_test(bad, test_unreadable_file);
	tcase_add_checked_fixture(ok, load_good, free_good);
	tcase_add_test(ok, test_every_key);
	tcase_add_test(ok, test_defaults_and_writes);
	tcase_add_test(ok, test_inheritance);
	tcase_add_test(ok, test_inheritance_add_up);
	tcase_add_test(ok, test_apply_key);
	tcase_add_test(ok, test_layout);
	tcase_add_test(ok, test_text_variants);
	tcase_add_test(ok, test_formats);
	tcase_add_test(ok, test_unrunnable);
	tcase_add_test(ok, test_name_leading_space);
	tcase_add_test(ok, test_number_ranges);
	suite_add_tcase(s, bad);
	suite_add_tcase(s, ok);
	return s;
}
