/*
 * check_named.c: named parameters of the query-file formats become $N, through PostgreSQL's
 * scanner: each form with an example that shows it and a twin where the same characters are
 * left alone (inside a string, a comment, a cast, an array slice, an operator).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "input/named.h"
#include "suites.h"

static const struct {
	const char *sql;
	const char *want;   /* the rewritten SQL */
	const char *names;  /* each $N's name, comma-separated ("-" for none) */
} rewrites[] = {
	/* aiosql, yesql, HugSQL :name; a name used twice is one parameter */
	{ "SELECT * FROM t WHERE id = :id", "SELECT * FROM t WHERE id = $1 ", "id" },
	{ "SELECT :a, :b, :a", "SELECT $1, $2, $1", "a,b" },
	{ "SELECT ':id', \":id\", $$:id$$ -- :id", "SELECT ':id', \":id\", $$:id$$ -- :id", "" },
	{ "SELECT x::int /* :id */", "SELECT x::int /* :id */", "" },
	{ "SELECT a[1:2], a[lo:hi] FROM t", "SELECT a[1:2], a[lo:hi] FROM t", "" },
	{ "SELECT a[:n] FROM t WHERE b = :n", "SELECT a[:n] FROM t WHERE b = $1", "n" },
	{ "SELECT :user, :limit", "SELECT $1   , $2    ", "user,limit" }, /* keywords are names */
	/* HugSQL's value and value-list forms */
	{ "SELECT * FROM t WHERE id = :v:id", "SELECT * FROM t WHERE id = $1   ", "id" },
	{ "SELECT * FROM t WHERE id IN (:v*:ids)", "SELECT * FROM t WHERE id IN ($1     )", "ids*" },
	/* sqlc: @name, never the absolute-value operator; "@ x" with a blank stays one */
	{ "DELETE FROM b WHERE book_id = @book_id", "DELETE FROM b WHERE book_id = $1      ",
	  "book_id" },
	{ "DELETE FROM b WHERE book_id=@book_id", "DELETE FROM b WHERE book_id=$1      ",
	  "book_id" },
	{ "SELECT @ x, '@x', a <@ b FROM t", "SELECT @ x, '@x', a <@ b FROM t", "" },
	{ "SELECT sqlc.arg(id), sqlc.narg('bio'), sqlc.arg(id)",
	  "SELECT $1          , $2              , $1          ", "id,bio" },
	{ "SELECT * FROM t WHERE id IN (sqlc.slice(ids))",
	  "SELECT * FROM t WHERE id IN ($1             )", "ids*" },
	{ "SELECT sqlc.embed(authors), b.id FROM authors JOIN b ON true",
	  "SELECT authors.*          , b.id FROM authors JOIN b ON true", "" },
	/* $N stays; names are numbered after the highest $N */
	{ "SELECT $2, @x, $1", "SELECT $2, $3, $1", "-,-,x" },
};

static void
check_names(const struct pp_named *n, const char *want)
{
	char *copy = strdup(want), *save = NULL;
	int i = 0;

	for (char *w = strtok_r(copy, ",", &save); w != NULL; w = strtok_r(NULL, ",", &save), i++) {
		bool list = w[strlen(w) - 1] == '*';

		ck_assert_int_lt(i, n->n_params);
		if (list)
			w[strlen(w) - 1] = '\0';
		if (strcmp(w, "-") == 0)
			ck_assert_ptr_null(n->params[i].name);
		else
			ck_assert_str_eq(n->params[i].name, w);
		ck_assert(n->params[i].list == list);
	}
	ck_assert_int_eq(i, n->n_params);
	free(copy);
}

START_TEST(test_rewrite)
{
	struct pp_named n;
	struct pp_sql_error err;

	ck_assert(pp_named_rewrite(rewrites[_i].sql, &n, &err));
	ck_assert_str_eq(n.sql, rewrites[_i].want);
	/* Padding keeps every column where the file has it. */
	ck_assert_uint_ge(strlen(n.sql), strlen(rewrites[_i].sql) - 1);
	check_names(&n, rewrites[_i].names);
	ck_assert_ptr_null(n.problem);
	pp_named_reset(&n);
}
END_TEST

/* Forms that put SQL text into the statement cannot be prepared: a problem at their offset. */
START_TEST(test_problems)
{
	static const struct {
		const char *sql;
		const char *form;
		int offset;
	} cases[] = {
		{ "SELECT * FROM :i:table", ":i:", 14 },
		{ "SELECT :i*:cols FROM t", ":i*:", 7 },
		{ "SELECT 1 :sql:where", ":sql:", 9 },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct pp_named n;
		struct pp_sql_error err;

		ck_assert(pp_named_rewrite(cases[i].sql, &n, &err));
		ck_assert_ptr_nonnull(n.problem);
		ck_assert_msg(strstr(n.problem, cases[i].form) != NULL, "%s", n.problem);
		ck_assert_int_eq(n.problem_offset, cases[i].offset);
		pp_named_reset(&n);
	}
}
END_TEST

START_TEST(test_scanner_error)
{
	struct pp_named n;
	struct pp_sql_error err;

	ck_assert(!pp_named_rewrite("SELECT 'open", &n, &err));
	ck_assert_ptr_nonnull(err.message);
	pp_sql_error_reset(&err);
}
END_TEST

Suite *
suite_named(void)
{
	Suite *s = suite_create("named");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_rewrite, 0, (int)(sizeof rewrites / sizeof rewrites[0]));
	tcase_add_test(tc, test_problems);
	tcase_add_test(tc, test_scanner_error);
	suite_add_tcase(s, tc);
	return s;
}
