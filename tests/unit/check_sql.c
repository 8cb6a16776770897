/*
 * check_sql.c: what PostgreSQL's parser tells pgperf about a statement.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "sql.h"
#include "suites.h"

static const struct {
	const char *sql;
	int n;
	bool modifies;
	int max_param;
	const char *kind;
} good[] = {
	{ "SELECT 1", 1, false, 0, "SelectStmt" },
	{ "SELECT $2::int, $1", 1, false, 2, "SelectStmt" },
	{ "INSERT INTO t VALUES ($1)", 1, true, 1, "InsertStmt" },
	{ "UPDATE t SET a = 1", 1, true, 0, "UpdateStmt" },
	{ "DELETE FROM t WHERE id = $1", 1, true, 1, "DeleteStmt" },
	{ "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE", 1, true, 0,
	  "MergeStmt" },
	{ "WITH d AS (DELETE FROM t RETURNING *) SELECT count(*) FROM d", 1, true, 0,
	  "SelectStmt" },
	{ "SELECT * FROM t WHERE id IN (SELECT id FROM u WHERE x = $3)", 1, false, 3,
	  "SelectStmt" },
	{ "SELECT 'DELETE FROM t'", 1, false, 0, "SelectStmt" },
	{ "SELECT 1; SELECT 2", 2, false, 0, "SelectStmt" },
	{ "-- only a comment", 0, false, 0, NULL },
};

START_TEST(test_analyze)
{
	struct pp_sql_info info;
	struct pp_sql_error err;

	ck_assert_msg(pp_sql_analyze(good[_i].sql, &info, &err), "%s", good[_i].sql);
	ck_assert_int_eq(info.n_statements, good[_i].n);
	ck_assert_msg(info.modifies == good[_i].modifies, "%s", good[_i].sql);
	ck_assert_int_eq(info.max_param, good[_i].max_param);
	if (good[_i].kind != NULL)
		ck_assert_str_eq(info.first_kind, good[_i].kind);
	pp_sql_info_reset(&info);
}
END_TEST

START_TEST(test_second_statement_offset)
{
	struct pp_sql_info info;
	struct pp_sql_error err;
	const char *sql = "SELECT 1;\n-- next\n  SELECT 2";

	ck_assert(pp_sql_analyze(sql, &info, &err));
	ck_assert_int_eq(info.n_statements, 2);
	ck_assert_str_eq(sql + info.second_offset, "SELECT 2");
	pp_sql_info_reset(&info);
}
END_TEST

START_TEST(test_syntax_error)
{
	struct pp_sql_info info;
	struct pp_sql_error err;
	const char *sql = "SELECT id,\n  FROM t";

	ck_assert(!pp_sql_analyze(sql, &info, &err));
	ck_assert_str_eq(err.message, "syntax error at or near \"FROM\"");
	ck_assert_int_eq(err.offset, 13);
	pp_sql_error_reset(&err);
}
END_TEST

START_TEST(test_split)
{
	int *off, *len, n;
	struct pp_sql_error err;
	const char *sql = "CREATE TABLE a (x int);\nINSERT INTO a VALUES (1);";

	ck_assert(pp_sql_split(sql, &off, &len, &n, &err));
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(strncmp(sql + off[0], "CREATE TABLE", 12), 0);
	free(off);
	free(len);
}
END_TEST

Suite *
suite_sql(void)
{
	Suite *s = suite_create("sql");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_analyze, 0, (int)(sizeof good / sizeof good[0]));
	tcase_add_test(tc, test_second_statement_offset);
	tcase_add_test(tc, test_syntax_error);
	tcase_add_test(tc, test_split);
	suite_add_tcase(s, tc);
	return s;
}
