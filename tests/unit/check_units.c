/*
 * check_units.c: durations and whole numbers as users write them.
 */
#include <check.h>
#include <string.h>

#include "suites.h"
#include "util/units.h"

static const struct {
	const char *text;
	bool ok;
	int64_t ns;
	const char *why; /* part of the message when not ok */
} durations[] = {
	{ "250us", true, 250000, NULL },
	{ "5ms", true, 5000000, NULL },
	{ " 1.5 ms ", true, 1500000, NULL },
	{ "2s", true, 2000000000, NULL },
	{ "0.001s", true, 1000000, NULL },
	{ ".5ms", true, 500000, NULL },
	{ "0us", true, 0, NULL },
	{ "5", false, 0, "expected a unit after the number" },
	{ "5 sec", false, 0, "expected the unit us, ms or s" },
	{ "5m", false, 0, "expected the unit us, ms or s" },
	{ "ms", false, 0, "expected a duration" },
	{ "-5ms", false, 0, "expected a duration" },
	{ "", false, 0, "expected a duration" },
	{ "5ms5", false, 0, "expected the unit" },
	{ "99999999999s", false, 0, "too long" },
	{ "1e3ms", false, 0, "expected the unit" }, /* no exponent */
	{ "0x10ms", false, 0, "expected the unit" }, /* no hex */
	{ "5MS", false, 0, "expected the unit" },
	{ "1.5.ms", false, 0, "expected the unit" },
	{ "2.s", true, 2000000000, NULL },
	{ "0.0004us", true, 0, NULL }, /* below a nanosecond */
	{ "1.0000005ms", true, 1000001, NULL }, /* rounded to the nearest nanosecond */
};

START_TEST(test_durations)
{
	int64_t ns = -1;
	const char *why = NULL;
	bool ok = pp_units_parse_duration(durations[_i].text, &ns, &why);

	ck_assert_msg(ok == durations[_i].ok, "\"%s\"", durations[_i].text);
	if (ok)
		ck_assert_int_eq(ns, durations[_i].ns);
	else
		ck_assert_msg(strstr(why, durations[_i].why) != NULL, "\"%s\": %s",
			      durations[_i].text, why);
}
END_TEST

START_TEST(test_format)
{
	static const struct {
		int64_t ns;
		const char *want;
	} f[] = {
		{ 850000, "850us" },      { 1234000, "1.23ms" },    { 12400000, "12.4ms" },
		{ 2000000000, "2.00s" },  { 0, "0us" },             { 499, "0us" },
		{ 999499, "999us" },      { 999500, "1.00ms" },     /* never "1000us" */
		{ 9994999, "9.99ms" },    { 9995000, "10.0ms" },    /* never "10.00ms" */
		{ 999949999, "999.9ms" }, { 999950000, "1.00s" },   /* never "1000.0ms" */
		{ -1500000, "-1.50ms" },  { -250000, "-250us" },    /* differences */
	};
	char out[32];

	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		pp_units_format_duration(f[i].ns, out, sizeof out);
		ck_assert_str_eq(out, f[i].want);
	}
}
END_TEST

START_TEST(test_ints)
{
	long long v = 0;
	const char *why;

	ck_assert(pp_units_parse_int(" 42 ", 1, 100, &v, &why));
	ck_assert_int_eq(v, 42);
	ck_assert(!pp_units_parse_int("0", 1, 100, &v, &why));
	ck_assert_str_eq(why, "expected a whole number, 1 or more");
	ck_assert(!pp_units_parse_int("4.5", 0, 100, &v, &why));
	ck_assert(!pp_units_parse_int("x", 0, 100, &v, &why));
	ck_assert(!pp_units_parse_int("99999999999999999999", 0, 100, &v, &why));
	ck_assert_str_eq(why, "expected a whole number from 0 to 100");
	ck_assert(!pp_units_parse_int("101", 1, 100, &v, &why)); /* too large: not "1 or more" */
	ck_assert_str_eq(why, "expected a whole number from 1 to 100");
	ck_assert(!pp_units_parse_int("-1", 0, 100, &v, &why));
	ck_assert_str_eq(why, "expected a whole number, 0 or more");
	ck_assert(!pp_units_parse_int("+5", 0, 100, &v, &why));
	ck_assert(!pp_units_parse_int("5 5", 0, 100, &v, &why));
	ck_assert(pp_units_parse_int("-3", -5, 5, &v, &why));
	ck_assert_int_eq(v, -3);
}
END_TEST

Suite *
suite_units(void)
{
	Suite *s = suite_create("units");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_durations, 0, (int)(sizeof durations / sizeof durations[0]));
	tcase_add_test(tc, test_format);
	tcase_add_test(tc, test_ints);
	suite_add_tcase(s, tc);
	return s;
}
