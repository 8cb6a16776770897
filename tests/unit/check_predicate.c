/*
 * check_predicate.c: the columns a plan condition compares, as pgperf whatif --suggest reads
 * them: conditions as EXPLAIN prints them, each with the columns it gives for one relation.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "input/predicate.h"
#include "suites.h"

static const struct {
	const char *expr;
	const char *qualifier;
	const char *equal; /* joined with ",", "" when none */
	const char *range;
} conditions[] = {
	{ "(customer_id = '42'::bigint)", "orders", "customer_id", "" },
	{ "((o.customer_id = $1) AND (o.created_at > now()))", "o", "customer_id", "created_at" },
	{ "((status = 'paid'::text) AND (total >= 10.0))", "orders", "status", "total" },
	{ "(i.order_id = o.id)", "i", "order_id", "" },             /* a join: this side only */
	{ "(i.order_id = o.id)", "o", "id", "" },
	{ "(region = ANY ('{north,south}'::text[]))", "c", "region", "" },
	{ "((created_at >= '2026-01-01') AND (created_at < '2026-02-01'))", "t", "", "created_at" },
	{ "(name ~~ 'abc%'::text)", "t", "", "name" },
	{ "(lower(email) = 'x'::text)", "t", "", "" },               /* an expression: no column */
	{ "(x.a = 1)", "y", "", "" },                                /* another relation's column */
	{ "((a = 1) OR (b = 2))", "t", "", "" },                    /* no one index serves an OR */
	{ "((k = 1) AND ((a = 1) OR (b = 2)))", "t", "k", "" },
};

static void
join(char *out, size_t size, char *const *items, size_t n)
{
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			strncat(out, ",", size - strlen(out) - 1);
		strncat(out, items[i], size - strlen(out) - 1);
	}
}

START_TEST(test_conditions)
{
	struct pp_predicate p = { 0 };
	char equal[256], range[256];

	ck_assert_msg(pp_predicate_read(conditions[_i].expr, conditions[_i].qualifier, &p), "%s",
		      conditions[_i].expr);
	join(equal, sizeof equal, p.equal, p.n_equal);
	join(range, sizeof range, p.range, p.n_range);
	ck_assert_msg(strcmp(equal, conditions[_i].equal) == 0, "%s: equal %s",
		      conditions[_i].expr, equal);
	ck_assert_msg(strcmp(range, conditions[_i].range) == 0, "%s: range %s",
		      conditions[_i].expr, range);
	pp_predicate_reset(&p);
}
END_TEST

START_TEST(test_not_sql)
{
	struct pp_predicate p = { 0 };

	ck_assert(!pp_predicate_read("((a = ", "t", &p));
	ck_assert(!pp_predicate_read("(hashed SubPlan 1)", "t", &p)); /* EXPLAIN's, not SQL */
	ck_assert_uint_eq(p.n_equal + p.n_range, 0);
}
END_TEST

/* The CREATE INDEX a predicate gives: names quoted where quote_ident() would quote them. */
static const struct {
	const char *relation, *expr, *qualifier, *want;
} statements[] = {
	{ "shop.orders", "(customer_id = 42)", "orders", "CREATE INDEX ON shop.orders (customer_id)" },
	{ "shop.orders", "((\"order\" = 1) AND (\"user\" > 2))", "orders",
	  "CREATE INDEX ON shop.orders (\"order\", \"user\")" },       /* reserved keywords */
	{ "shop.Orders", "(\"Status\" = 'x'::text)", "Orders",
	  "CREATE INDEX ON shop.\"Orders\" (\"Status\")" },            /* upper case */
	{ "public.t", "(name = 'x'::text)", "t", "CREATE INDEX ON public.t (name)" }, /* unreserved */
};

START_TEST(test_index_statement)
{
	struct pp_predicate p = { 0 };
	char *stmt;

	ck_assert(pp_predicate_read(statements[_i].expr, statements[_i].qualifier, &p));
	stmt = pp_predicate_index(statements[_i].relation, &p);
	ck_assert_str_eq(stmt, statements[_i].want);
	free(stmt);
	pp_predicate_reset(&p);
}
END_TEST

Suite *
suite_predicate(void)
{
	Suite *s = suite_create("predicate");
	TCase *tc = tcase_create("predicate");

	tcase_add_loop_test(tc, test_conditions, 0,
			    (int)(sizeof conditions / sizeof conditions[0]));
	tcase_add_test(tc, test_not_sql);
	tcase_add_loop_test(tc, test_index_statement, 0,
			    (int)(sizeof statements / sizeof statements[0]));
	suite_add_tcase(s, tc);
	return s;
}
