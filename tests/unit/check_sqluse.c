/*
 * check_sqluse.c: what each $N is used with, read from the parse tree: each shape with an
 * example that shows it, and twins where no column can be told.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "input/sqluse.h"
#include "suites.h"

static const struct {
	const char *sql;
	int param;               /* the $N looked at */
	enum pp_use_role role;
	const char *column;      /* NULL when none */
	const char *relations;   /* candidates joined with ",", "" when none */
} uses[] = {
	{ "SELECT * FROM authors WHERE author_id = $1", 1, PP_USE_MATCH, "author_id", "authors" },
	{ "SELECT * FROM a.b x JOIN c ON c.id = x.cid WHERE x.id = $1", 1, PP_USE_MATCH, "id",
	  "a.b" },
	{ "SELECT * FROM a JOIN b ON true WHERE k = $1", 1, PP_USE_MATCH, "k", "a,b" },
	{ "SELECT * FROM t WHERE $1 < t.n", 1, PP_USE_MATCH, "n", "t" },
	{ "SELECT * FROM t WHERE id = ANY($1::int[])", 1, PP_USE_ANY, "id", "t" },
	{ "SELECT * FROM t WHERE id IN ($1, $2)", 2, PP_USE_MATCH, "id", "t" },
	{ "SELECT * FROM t WHERE d BETWEEN $1 AND $2", 2, PP_USE_MATCH, "d", "t" },
	{ "SELECT * FROM t WHERE name LIKE $1", 1, PP_USE_MATCH, "name", "t" },
	{ "SELECT * FROM t WHERE lower(email) = lower($1)", 1, PP_USE_MATCH, "email", "t" },
	{ "SELECT * FROM t WHERE lower(email) = upper($1)", 1, PP_USE_UNKNOWN, NULL, "" },
	{ "SELECT * FROM t WHERE lower(email) = $1", 1, PP_USE_MATCH, "email", "t" },
	{ "SELECT * FROM t LIMIT $1 OFFSET $2", 1, PP_USE_LIMIT, NULL, "" },
	{ "SELECT * FROM t LIMIT $1 OFFSET $2", 2, PP_USE_OFFSET, NULL, "" },
	{ "INSERT INTO t (a, b) VALUES ($1, $2)", 2, PP_USE_WRITE, "b", "t" },
	{ "INSERT INTO s.t VALUES ($1, $2)", 2, PP_USE_WRITE, NULL, "s.t" },
	{ "INSERT INTO t (a) SELECT $1", 1, PP_USE_WRITE, "a", "t" },
	{ "INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO UPDATE SET b = $1", 1, PP_USE_WRITE,
	  "b", "t" },
	{ "UPDATE t SET b = coalesce($2, b) WHERE id = $1", 2, PP_USE_WRITE, "b", "t" },
	{ "UPDATE t SET b = $2 WHERE id = $1", 1, PP_USE_MATCH, "id", "t" },
	{ "DELETE FROM t USING u WHERE u.k = $1", 1, PP_USE_MATCH, "k", "u" },
	{ "SELECT * FROM t WHERE x IN (SELECT y FROM u WHERE z = $1)", 1, PP_USE_MATCH, "z",
	  "u,t" },
	{ "SELECT $1::int + 1", 1, PP_USE_UNKNOWN, NULL, "" },
	{ "SELECT f($1)", 1, PP_USE_UNKNOWN, NULL, "" },
	/* the first use counts: a sqlc.narg's IS NULL test adds nothing */
	{ "SELECT * FROM t WHERE ($1::text IS NULL OR name = $1)", 1, PP_USE_MATCH, "name", "t" },
};

START_TEST(test_uses)
{
	struct pp_uses u;
	const struct pp_use *use;
	char joined[256] = "";

	ck_assert(pp_sqluse_analyze(uses[_i].sql, uses[_i].param, &u));
	use = &u.items[uses[_i].param - 1];
	ck_assert_msg(use->role == uses[_i].role, "%s: role %d", uses[_i].sql, (int)use->role);
	if (uses[_i].column == NULL)
		ck_assert_ptr_null(use->column);
	else
		ck_assert_str_eq(use->column, uses[_i].column);
	for (size_t k = 0; k < use->n_relations; k++) {
		strcat(joined, k ? "," : "");
		strcat(joined, use->relations[k]);
	}
	ck_assert_str_eq(joined, uses[_i].relations);
	pp_sqluse_reset(&u);
}
END_TEST

/* The expression $1 is compared through, written back around its column ("" when bare). */
static const struct {
	const char *sql;
	const char *through;
} throughs[] = {
	{ "SELECT * FROM t WHERE email = $1", "" },
	{ "SELECT * FROM t WHERE lower(email) = $1", "lower(email)" },
	/* the same function on both sides: the column's own values match */
	{ "SELECT * FROM t WHERE lower(email) = lower($1)", "" },
	{ "SELECT * FROM t WHERE md5(lower(email)) = md5(lower($1))", "" },
	{ "SELECT * FROM t WHERE $1 = upper(btrim(t.email))", "upper(btrim(email))" },
	{ "SELECT * FROM t WHERE pg_catalog.lower(email) LIKE $1", "pg_catalog.lower(email)" },
	{ "SELECT * FROM t WHERE created::date = $1", "(created)::date" },
	{ "SELECT * FROM t WHERE n::numeric(10,2) = $1", "(n)::pg_catalog.\"numeric\"(10,2)" },
	{ "SELECT * FROM t WHERE tags::text[] = $1", "(tags)::text[]" },
	/* the function's name quoted as written back; the column is quoted where it is sampled */
	{ "SELECT * FROM t WHERE \"Mixed\"(\"select\") = $1", "\"Mixed\"(select)" },
	{ "SELECT * FROM t WHERE lower(email)::varchar(20) = $1",
	  "(lower(email))::pg_catalog.\"varchar\"(20)" },
	/* what cannot be written back draws the column's own values */
	{ "SELECT * FROM t WHERE d::interval day = $1", "" },
	{ "SELECT k FROM t GROUP BY k HAVING count(DISTINCT v) = $1", "" },
	{ "SELECT k FROM t GROUP BY k HAVING count(*) = $1", "" },
};

START_TEST(test_through)
{
	struct pp_uses u;
	const struct pp_use *use;
	char got[256] = "";

	ck_assert(pp_sqluse_analyze(throughs[_i].sql, 1, &u));
	use = &u.items[0];
	if (use->open != NULL)
		snprintf(got, sizeof got, "%s%s%s", use->open, use->column, use->close);
	ck_assert_msg(strcmp(got, throughs[_i].through) == 0, "%s: got \"%s\"", throughs[_i].sql,
		      got);
	pp_sqluse_reset(&u);
}
END_TEST

START_TEST(test_insert_position)
{
	struct pp_uses u;

	ck_assert(pp_sqluse_analyze("INSERT INTO t VALUES (1, $1)", 1, &u));
	ck_assert_int_eq(u.items[0].position, 2);
	pp_sqluse_reset(&u);
	ck_assert(!pp_sqluse_analyze("SELEC 1", 0, &u));
}
END_TEST

Suite *
suite_sqluse(void)
{
	Suite *s = suite_create("sqluse");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_uses, 0, (int)(sizeof uses / sizeof uses[0]));
	tcase_add_loop_test(tc, test_through, 0, (int)(sizeof throughs / sizeof throughs[0]));
	tcase_add_test(tc, test_insert_position);
	suite_add_tcase(s, tc);
	return s;
}
