/*
 * check_params.c: params values and generators: parsing, draws in range, determinism.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "input/params.h"
#include "suites.h"

START_TEST(test_literals)
{
	struct pp_param_list l;
	char why[256];

	ck_assert(pp_params_parse("42, -1.5, 'a,b', 'it''s', NULL, TRUE, false, ''", &l, why,
				  sizeof why));
	ck_assert_uint_eq(l.len, 8);
	ck_assert_str_eq(l.items[0].text, "42");
	ck_assert_str_eq(l.items[1].text, "-1.5");
	ck_assert_str_eq(l.items[2].text, "a,b"); /* commas inside quotes do not split */
	ck_assert_str_eq(l.items[3].text, "it's");
	ck_assert_int_eq(l.items[4].kind, PP_PARAM_NULL);
	ck_assert_str_eq(l.items[5].text, "true");
	ck_assert_str_eq(l.items[6].text, "false");
	ck_assert_str_eq(l.items[7].text, "");
	pp_params_reset(&l);
}
END_TEST

static const struct {
	const char *text;
	const char *why;
} bad[] = {
	{ "", "expected at least one value" },
	{ "1,", "expected a value" },
	{ "1 2", "expected ',' between values" },
	{ "random(1)", "random(LO, HI): expected ','" },
	{ "random(1, 2.5)", "random(LO, HI): expected a whole number" },
	{ "random(9, 1)", "random(9, 1) needs LO <= HI" },
	{ "choice(1, random(1, 2))", "unknown value \"random\"" },
	{ "choice(", "expected a value" },
	{ "'open", "unterminated string" },
	{ "opened", "unknown value \"opened\"" },
	{ "12abc", "expected a number" },
	{ "0x1F", "expected a number" },     /* no hex */
	{ "-inf", "expected a number" },     /* no infinity, no NaN */
	{ "1.2.3", "expected a number" },
	{ "1e", "expected a number" },
	{ "-", "expected a number" },
	{ "nan", "unknown value \"nan\"" },
	{ "choice('a', 'b',)", "expected a value" },
	{ "choice('a' 'b')", "choice(V, ...): expected ')'" },
	{ "random(1, 0x5)", "random(LO, HI): expected a whole number" },
	{ "random(1, 99999999999999999999)", "random(LO, HI): expected a whole number" },
	{ "random(1, 5) 7", "expected ',' between values" },
	{ "'a''", "unterminated string" },
};

START_TEST(test_bad)
{
	struct pp_param_list l;
	char why[256] = "";

	ck_assert_msg(!pp_params_parse(bad[_i].text, &l, why, sizeof why), "%s", bad[_i].text);
	ck_assert_msg(strstr(why, bad[_i].why) != NULL, "%s: %s", bad[_i].text, why);
	ck_assert_uint_eq(l.len, 0);
}
END_TEST

/* Numbers in every SQL spelling, keywords in any case, blanks anywhere between values. */
START_TEST(test_spellings)
{
	struct pp_param_list l;
	char why[256];

	ck_assert(pp_params_parse(" +3 ,.5,1.,1e6 , 2.5E-3,Null,TRUE , RANDOM ( 1 , 2 ),"
				  "Choice('x')",
				  &l, why, sizeof why));
	ck_assert_uint_eq(l.len, 9);
	ck_assert_str_eq(l.items[0].text, "+3");
	ck_assert_str_eq(l.items[1].text, ".5");
	ck_assert_str_eq(l.items[2].text, "1.");
	ck_assert_str_eq(l.items[3].text, "1e6");
	ck_assert_str_eq(l.items[4].text, "2.5E-3");
	ck_assert_int_eq(l.items[5].kind, PP_PARAM_NULL);
	ck_assert_str_eq(l.items[6].text, "true");
	ck_assert_int_eq(l.items[7].kind, PP_PARAM_RANDOM);
	ck_assert_int_eq(l.items[7].hi, 2);
	ck_assert_int_eq(l.items[8].kind, PP_PARAM_CHOICE);
	pp_params_reset(&l);
}
END_TEST

/* What pp_params_describe writes reads back as the same values. */
static const struct {
	const char *text;
	const char *described;
} spelled[] = {
	{ "42,'open',null", "42, 'open', NULL" },
	{ "'it''s', '', 'a, b'", "'it''s', '', 'a, b'" },
	{ "'1-2', 'e1', '-', '.'", "'1-2', 'e1', '-', '.'" }, /* not numbers: stay quoted */
	{ "'42', 'true'", "42, true" },                      /* the same text either way */
	{ "random(-5,5), choice( 1 ,'x', NULL)", "random(-5, 5), choice(1, 'x', NULL)" },
};

START_TEST(test_describe_round_trip)
{
	struct pp_param_list a, b;
	char why[256];
	char *once, *twice;

	ck_assert(pp_params_parse(spelled[_i].text, &a, why, sizeof why));
	once = pp_params_describe(&a);
	ck_assert_str_eq(once, spelled[_i].described);
	ck_assert_msg(pp_params_parse(once, &b, why, sizeof why), "%s: %s", once, why);
	twice = pp_params_describe(&b);
	ck_assert_str_eq(twice, once);
	ck_assert_uint_eq(a.len, b.len);
	for (size_t i = 0; i < a.len; i++) {
		ck_assert_int_eq(a.items[i].kind, b.items[i].kind);
		if (a.items[i].text != NULL)
			ck_assert_str_eq(a.items[i].text, b.items[i].text);
	}
	free(once);
	free(twice);
	pp_params_reset(&a);
	pp_params_reset(&b);
}
END_TEST

START_TEST(test_draws)
{
	struct pp_param_list l, copy;
	struct pp_rng a, b;
	const char *va[3], *vb[3];
	char sa[3 * 24], sb[3 * 24];
	char why[256];
	int seen_lo = 0, seen_hi = 0, seen_null = 0;

	ck_assert(pp_params_parse("random(-3, 3), choice('x', NULL), 7", &l, why, sizeof why));
	pp_params_copy(&copy, &l);
	pp_rng_init(&a, 99);
	pp_rng_init(&b, 99);
	for (int i = 0; i < 2000; i++) {
		long v;

		pp_params_draw(&l, &a, va, sa);
		pp_params_draw(&copy, &b, vb, sb);
		v = strtol(va[0], NULL, 10);
		ck_assert_int_ge(v, -3);
		ck_assert_int_le(v, 3);
		seen_lo += v == -3;
		seen_hi += v == 3;
		ck_assert_str_eq(va[0], vb[0]); /* same seed, same draws */
		if (va[1] == NULL)
			seen_null++;
		else
			ck_assert_str_eq(va[1], "x");
		ck_assert_str_eq(va[2], "7");
	}
	/* Both ends are reachable, and choice picks each value about half the time. */
	ck_assert_int_gt(seen_lo, 150);
	ck_assert_int_gt(seen_hi, 150);
	ck_assert_int_gt(seen_null, 800);
	ck_assert_int_lt(seen_null, 1200);
	pp_params_reset(&l);
	pp_params_reset(&copy);
}
END_TEST

/* The whole int64 range, and a range of one value, draw without overflow. */
START_TEST(test_extreme_range)
{
	struct pp_param_list l;
	struct pp_rng r;
	const char *v[2];
	char scratch[2 * 24], why[256];
	bool negative = false, positive = false;

	ck_assert(pp_params_parse("random(-9223372036854775808, 9223372036854775807), random(7, 7)",
				  &l, why, sizeof why));
	pp_rng_init(&r, 5);
	for (int i = 0; i < 64; i++) {
		pp_params_draw(&l, &r, v, scratch);
		negative = negative || v[0][0] == '-';
		positive = positive || v[0][0] != '-';
		ck_assert_str_eq(v[1], "7");
	}
	ck_assert(negative && positive);
	pp_params_reset(&l);
}
END_TEST

START_TEST(test_rng_uniform)
{
	struct pp_rng r;
	int counts[10] = { 0 };

	pp_rng_init(&r, 1);
	for (int i = 0; i < 100000; i++)
		counts[pp_rng_range(&r, 0, 9)]++;
	for (int i = 0; i < 10; i++) {
		ck_assert_int_gt(counts[i], 9500); /* 10000 expected; 5 sigma is about 475 */
		ck_assert_int_lt(counts[i], 10500);
	}
}
END_TEST

Suite *
suite_params(void)
{
	Suite *s = suite_create("params");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_literals);
	tcase_add_loop_test(tc, test_bad, 0, (int)(sizeof bad / sizeof bad[0]));
	tcase_add_test(tc, test_spellings);
	tcase_add_loop_test(tc, test_describe_round_trip, 0,
			    (int)(sizeof spelled / sizeof spelled[0]));
	tcase_add_test(tc, test_draws);
	tcase_add_test(tc, test_extreme_range);
	tcase_add_test(tc, test_rng_uniform);
	suite_add_tcase(s, tc);
	return s;
}
