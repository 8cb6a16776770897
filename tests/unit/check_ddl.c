/*
 * check_ddl.c: what a schema script's statements do, read from the parse tree: ownership and
 * privilege statements (skipped as pg_restore --no-owner --no-acl does) and how to undo what a
 * statement creates (pgperf seed --clear).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "input/ddl.h"
#include "suites.h"

static const struct {
	const char *sql;
	bool ownership;
	const char *undo; /* NULL: nothing to undo */
	int rank;
} cases[] = {
	{ "ALTER TABLE public.t OWNER TO postgres", true, NULL, 0 },
	{ "ALTER TABLE ONLY public.t OWNER TO postgres", true, NULL, 0 },
	{ "ALTER SEQUENCE s.q OWNER TO postgres", true, NULL, 0 },
	{ "ALTER SCHEMA s OWNER TO postgres", true, NULL, 0 },
	{ "ALTER TYPE s.e OWNER TO postgres", true, NULL, 0 },
	{ "ALTER FUNCTION s.f(int) OWNER TO postgres", true, NULL, 0 },
	{ "GRANT SELECT ON TABLE s.t TO reader", true, NULL, 0 },
	{ "REVOKE ALL ON SCHEMA s FROM PUBLIC", true, NULL, 0 },
	{ "GRANT reader TO app", true, NULL, 0 },
	{ "ALTER DEFAULT PRIVILEGES FOR ROLE postgres GRANT SELECT ON TABLES TO reader", true, NULL,
	  0 },
	/* an ALTER TABLE that does more than change the owner is applied */
	{ "ALTER TABLE t OWNER TO x, ADD COLUMN c int", false, NULL, 0 },
	/* text that looks like ownership is not */
	{ "COMMENT ON TABLE t IS 'OWNER TO postgres; GRANT ALL'", false, NULL, 0 },
	{ "CREATE SCHEMA app", false, "DROP SCHEMA IF EXISTS \"app\" CASCADE", 0 },
	{ "CREATE SCHEMA IF NOT EXISTS app", false, NULL, 0 },
	{ "CREATE TABLE app.t (id int)", false, "DROP TABLE IF EXISTS \"app\".\"t\" CASCADE", 1 },
	{ "CREATE TABLE t (id int)", false, "DROP TABLE IF EXISTS \"t\" CASCADE", 1 },
	{ "CREATE TABLE IF NOT EXISTS app.t (id int)", false, NULL, 0 },
	{ "CREATE TEMP TABLE t (id int)", false, NULL, 0 },
	{ "CREATE TABLE app.\"Odd\"\"Name\" (id int)", false,
	  "DROP TABLE IF EXISTS \"app\".\"Odd\"\"Name\" CASCADE", 1 },
	{ "CREATE TABLE app.p1 PARTITION OF app.p FOR VALUES FROM (1) TO (2)", false,
	  "DROP TABLE IF EXISTS \"app\".\"p1\" CASCADE", 1 },
	{ "CREATE TYPE app.mood AS ENUM ('a')", false, "DROP TYPE IF EXISTS \"app\".\"mood\" CASCADE",
	  1 },
	{ "CREATE TYPE app.pair AS (a int, b int)", false,
	  "DROP TYPE IF EXISTS \"app\".\"pair\" CASCADE", 1 },
	{ "CREATE DOMAIN app.pos AS int CHECK (VALUE > 0)", false,
	  "DROP DOMAIN IF EXISTS \"app\".\"pos\" CASCADE", 1 },
	{ "CREATE SEQUENCE app.s", false, "DROP SEQUENCE IF EXISTS \"app\".\"s\" CASCADE", 1 },
	{ "CREATE VIEW app.v AS SELECT 1", false, "DROP VIEW IF EXISTS \"app\".\"v\" CASCADE", 1 },
	{ "CREATE OR REPLACE VIEW app.v AS SELECT 1", false, NULL, 0 },
	{ "CREATE MATERIALIZED VIEW app.m AS SELECT 1", false,
	  "DROP MATERIALIZED VIEW IF EXISTS \"app\".\"m\" CASCADE", 1 },
	{ "CREATE INDEX i ON app.t (x)", false, "DROP INDEX IF EXISTS \"app\".\"i\" CASCADE", 2 },
	{ "CREATE INDEX ON app.t (x)", false, NULL, 0 },
	{ "CREATE INDEX IF NOT EXISTS i ON app.t (x)", false, NULL, 0 },
	{ "ALTER TABLE ONLY app.t ADD CONSTRAINT t_pkey PRIMARY KEY (id)", false,
	  "ALTER TABLE IF EXISTS \"app\".\"t\" DROP CONSTRAINT IF EXISTS \"t_pkey\" CASCADE", 2 },
	{ "ALTER TABLE app.t ADD CONSTRAINT a CHECK (x > 0), ADD CONSTRAINT b UNIQUE (y)", false,
	  "ALTER TABLE IF EXISTS \"app\".\"t\" DROP CONSTRAINT IF EXISTS \"a\" CASCADE, DROP "
	  "CONSTRAINT IF EXISTS \"b\" CASCADE",
	  2 },
	{ "ALTER TABLE app.t ADD CHECK (x > 0)", false, NULL, 0 },
	{ "CREATE EXTENSION IF NOT EXISTS pgcrypto", false, NULL, 0 },
	{ "SELECT pg_catalog.set_config('search_path', '', false)", false, NULL, 0 },
};

START_TEST(test_statement)
{
	struct pp_sql_error err;
	struct pp_ddl d;

	ck_assert_msg(pp_ddl_read(cases[_i].sql, &d, &err), "%s", cases[_i].sql);
	ck_assert_int_eq(d.n, 1);
	ck_assert_msg(d.stmts[0].ownership == cases[_i].ownership, "%s", cases[_i].sql);
	if (cases[_i].undo == NULL) {
		ck_assert_msg(d.stmts[0].undo == NULL, "%s: %s", cases[_i].sql, d.stmts[0].undo);
	} else {
		ck_assert_str_eq(d.stmts[0].undo, cases[_i].undo);
		ck_assert_int_eq(d.stmts[0].rank, cases[_i].rank);
	}
	pp_ddl_reset(&d);
}
END_TEST

START_TEST(test_offsets_match_the_text)
{
	const char *sql = "-- dump\nCREATE SCHEMA s;\n\nALTER SCHEMA s OWNER TO postgres;\n"
			  "CREATE TABLE s.t (id int)";
	struct pp_sql_error err;
	struct pp_ddl d;

	ck_assert(pp_ddl_read(sql, &d, &err));
	ck_assert_int_eq(d.n, 3);
	ck_assert(strncmp(sql + d.stmts[1].offset, "\n\nALTER SCHEMA s OWNER TO postgres",
			  (size_t)d.stmts[1].length) == 0);
	ck_assert_int_eq(d.stmts[2].offset + d.stmts[2].length, (int)strlen(sql));
	ck_assert_str_eq(d.stmts[2].schema, "s");
	ck_assert_str_eq(d.stmts[2].table, "s.t");
	pp_ddl_reset(&d);
}
END_TEST

START_TEST(test_syntax_error)
{
	struct pp_sql_error err;
	struct pp_ddl d;

	ck_assert(!pp_ddl_read("CREATE TABLE t (id int);\nCREAT INDEX i ON t (id);", &d, &err));
	ck_assert_ptr_nonnull(err.message);
	ck_assert_int_eq(err.offset, 25);
	pp_sql_error_reset(&err);
	pp_ddl_reset(&d);
}
END_TEST

static const struct {
	const char *check, *column, *values; /* values: joined by |, NULL when none */
} checks[] = {
	{ "CHECK ((plan = ANY (ARRAY['free'::text, 'pro'::text, 'team'::text])))", "plan",
	  "free|pro|team" },
	{ "CHECK (((status)::text = ANY ((ARRAY['a'::character varying, 'b c'::character "
	  "varying])::text[])))",
	  "status", "a|b c" },
	{ "CHECK ((level IN (1, 0, 3)))", "level", "1|0|3" },
	{ "CHECK ((kind IN ('x', 'y')))", "other", NULL },
	{ "CHECK ((n > 0))", "n", NULL },
	{ "CHECK ((k = ANY (ARRAY[lower('A'), 'b'])))", "k", NULL },
	{ "CHECK ((", "k", NULL },
};

START_TEST(test_check_values)
{
	char **values = NULL;
	size_t n = 0;
	char joined[256] = "";
	bool found = pp_ddl_check_values(checks[_i].check, checks[_i].column, &values, &n);

	ck_assert_msg(found == (checks[_i].values != NULL), "%s", checks[_i].check);
	for (size_t i = 0; i < n; i++) {
		strcat(joined, i ? "|" : "");
		strcat(joined, values[i]);
	}
	if (found)
		ck_assert_str_eq(joined, checks[_i].values);
	for (size_t i = 0; i < n; i++)
		free(values[i]);
	free(values);
}
END_TEST

Suite *
suite_ddl(void)
{
	Suite *s = suite_create("ddl");
	TCase *tc = tcase_create("statements");

	tcase_add_loop_test(tc, test_statement, 0, (int)(sizeof cases / sizeof cases[0]));
	tcase_add_test(tc, test_offsets_match_the_text);
	tcase_add_test(tc, test_syntax_error);
	tcase_add_loop_test(tc, test_check_values, 0, (int)(sizeof checks / sizeof checks[0]));
	suite_add_tcase(s, tc);
	return s;
}
