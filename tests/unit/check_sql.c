/*
 * check_sql.c: what PostgreSQL's parser tells pgperf about a statement.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "input/sql.h"
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
	{ "SELECT * FROM t FOR UPDATE", 1, false, 0, "SelectStmt" }, /* locks, writes nothing */
	{ "VALUES (1), ($1)", 1, false, 1, "SelectStmt" },
	{ "SELECT * FROM a UNION SELECT * FROM b WHERE x = $4", 1, false, 4, "SelectStmt" },
	{ "SELECT * INTO t2 FROM t", 1, true, 0, "SelectStmt" }, /* creates t2 */
	{ "CREATE TABLE t2 AS SELECT * FROM t", 1, true, 0, "CreateTableAsStmt" },
	{ "TRUNCATE t", 1, true, 0, "TruncateStmt" },
	{ "CALL p($1)", 1, true, 1, "CallStmt" },
	{ "EXPLAIN ANALYZE DELETE FROM t", 1, true, 0, "ExplainStmt" },
	{ "SELECT * FROM t WHERE id IN (WITH d AS (DELETE FROM u RETURNING id) SELECT id FROM d)",
	  1, true, 0, "SelectStmt" },
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

/* Where the first statement ends, so text after its `;` can be dropped. */
static const struct {
	const char *sql;
	int end;
} ends[] = {
	{ "SELECT 1", 8 },
	{ "SELECT 1; -- the end", 8 },
	{ "SELECT 1 -- no semicolon", 24 },
	{ "SELECT ';' ;", 11 },
	{ "SELECT 1;;", 8 },
};

START_TEST(test_first_end)
{
	struct pp_sql_info info;
	struct pp_sql_error err;

	ck_assert_msg(pp_sql_analyze(ends[_i].sql, &info, &err), "%s", ends[_i].sql);
	ck_assert_int_eq(info.n_statements, 1);
	ck_assert_int_eq(info.first_end, ends[_i].end);
	pp_sql_info_reset(&info);
}
END_TEST

/* Messages and 0-based byte offsets of the parser's errors. */
static const struct {
	const char *sql;
	const char *message;
	int offset;
} errors[] = {
	{ "SELECT id,\n  FROM t", "syntax error at or near \"FROM\"", 13 },
	{ "SELECT 'abc", "unterminated quoted string at or near \"'abc\"", 7 },
	{ "SELECT 1 /* open", "unterminated /* comment at or near \"/* open\"", 9 },
	{ "SELEC 1", "syntax error at or near \"SELEC\"", 0 },
	{ "SELECT (1", "syntax error at end of input", 9 },
	{ "SELECT 'ééé', FROM t", "syntax error at or near \"FROM\"", 17 }, /* bytes, not 14 */
};

START_TEST(test_errors)
{
	struct pp_sql_info info;
	struct pp_sql_error err;

	ck_assert(!pp_sql_analyze(errors[_i].sql, &info, &err));
	ck_assert_str_eq(err.message, errors[_i].message);
	ck_assert_int_eq(err.offset, errors[_i].offset);
	pp_sql_error_reset(&err);
	ck_assert_ptr_null(err.message);
	ck_assert_int_eq(err.offset, -1);
}
END_TEST

/* Lines from 1, columns in characters from 1 (an é is one column, two bytes). */
START_TEST(test_locate)
{
	const char *text = "SELECT 'é',\n  x FORM t";
	int line, col, at = (int)(strstr(text, "FORM") - text);

	pp_sql_locate(text, 0, &line, &col);
	ck_assert_int_eq(line, 1);
	ck_assert_int_eq(col, 1);
	pp_sql_locate(text, 10, &line, &col); /* the closing quote after é */
	ck_assert_int_eq(line, 1);
	ck_assert_int_eq(col, 10);
	pp_sql_locate(text, at, &line, &col);
	ck_assert_int_eq(line, 2);
	ck_assert_int_eq(col, 5);
	/* A server's 1-based character position back to a byte offset. */
	ck_assert_int_eq(pp_sql_char_offset(text, 10), 10);
	ck_assert_int_eq(pp_sql_char_offset(text, 1), 0);
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
	/* A range starts right after the previous `;` and stops before its own. */
	ck_assert_int_eq(off[1], 23);
	ck_assert_int_eq(len[1], 25);
	ck_assert_int_eq(strncmp(sql + off[1], "\nINSERT INTO a VALUES (1);", 26), 0);
	free(off);
	free(len);
	ck_assert(!pp_sql_split("CREATE TABLE é (x int);\nCREAT INDEX i ON a (x);", &off, &len, &n,
				&err));
	ck_assert_ptr_nonnull(strstr(err.message, "CREAT"));
	ck_assert_int_eq(err.offset, 25);
	ck_assert_ptr_null(off);
	pp_sql_error_reset(&err);
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
	tcase_add_loop_test(tc, test_first_end, 0, (int)(sizeof ends / sizeof ends[0]));
	tcase_add_loop_test(tc, test_errors, 0, (int)(sizeof errors / sizeof errors[0]));
	tcase_add_test(tc, test_locate);
	tcase_add_test(tc, test_split);
	suite_add_tcase(s, tc);
	return s;
}
