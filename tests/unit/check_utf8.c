/*
 * check_utf8.c: UTF-8 validation and repair: each row an input, whether it is well-formed, and
 * what pp_utf8_sanitize makes of it (each maximal ill-formed subpart one U+FFFD).
 */
#include <check.h>
#include <string.h>

#include "suites.h"
#include "util/buf.h"
#include "util/utf8.h"

#define FFFD "\xef\xbf\xbd"

struct utf8_case {
	const char *what;
	const char *in;
	bool valid;
	const char *out;
};

static const struct utf8_case utf8_cases[] = {
	{ "empty", "", true, "" },
	{ "ASCII", "SELECT 1", true, "SELECT 1" },
	{ "two bytes", "caf\xc3\xa9", true, "caf\xc3\xa9" },
	{ "three bytes", "\xe2\x82\xac 5", true, "\xe2\x82\xac 5" },
	{ "four bytes", "\xf0\x9f\x90\x98", true, "\xf0\x9f\x90\x98" },
	{ "U+FFFD itself", FFFD, true, FFFD },
	{ "highest scalar U+10FFFF", "\xf4\x8f\xbf\xbf", true, "\xf4\x8f\xbf\xbf" },
	{ "Latin-1 byte", "caf\xe9", false, "caf" FFFD },
	{ "0xFF", "\xff", false, FFFD },
	{ "stray continuation", "a\x80z", false, "a" FFFD "z" },
	{ "overlong slash", "\xc0\xaf", false, FFFD FFFD },
	{ "overlong three bytes", "\xe0\x80\xaf", false, FFFD FFFD FFFD },
	{ "surrogate U+D800", "\xed\xa0\x80", false, FFFD FFFD FFFD },
	{ "past U+10FFFF", "\xf4\x90\x80\x80", false, FFFD FFFD FFFD FFFD },
	{ "truncated at the end", "ok\xe2\x82", false, "ok" FFFD },
	{ "truncated before ASCII", "\xe2\x82x", false, FFFD "x" },
	{ "truncated four bytes", "\xf0\x9f\x90 ", false, FFFD " " },
	{ "lead then ASCII", "\xc3(", false, FFFD "(" },
	{ "F5 lead", "\xf5\x80", false, FFFD FFFD },
};

START_TEST(test_sanitize)
{
	const struct utf8_case *tc = &utf8_cases[_i];
	struct pp_buf b;

	ck_assert_msg(pp_utf8_valid(tc->in, strlen(tc->in)) == tc->valid, "%s: valid", tc->what);
	pp_buf_init(&b);
	pp_utf8_sanitize(&b, tc->in, strlen(tc->in));
	ck_assert_msg(strcmp(b.data, tc->out) == 0, "%s: got \"%s\"", tc->what, b.data);
	ck_assert_msg(pp_utf8_valid(b.data, b.len), "%s: output is valid", tc->what);
	pp_buf_reset(&b);
}
END_TEST

START_TEST(test_nul_is_a_character)
{
	struct pp_buf b;

	ck_assert(pp_utf8_valid("a\0b", 3));
	pp_buf_init(&b);
	pp_utf8_sanitize(&b, "a\0\xff", 3);
	ck_assert_uint_eq(b.len, 5);
	ck_assert_mem_eq(b.data, "a\0" FFFD, 5);
	pp_buf_reset(&b);
}
END_TEST

START_TEST(test_decode_and_put)
{
	size_t len;
	struct pp_buf b;

	ck_assert_uint_eq(pp_utf8_decode("\xe2\x82\xac", 3, &len), 0x20AC);
	ck_assert_uint_eq(len, 3);
	ck_assert_uint_eq(pp_utf8_decode("\xe2\x82\xac", 2, &len), PP_UTF8_REPLACEMENT);
	ck_assert_uint_eq(len, 2);
	pp_buf_init(&b);
	pp_utf8_put(&b, 0x41);
	pp_utf8_put(&b, 0xE9);
	pp_utf8_put(&b, 0x20AC);
	pp_utf8_put(&b, 0x1F418);
	ck_assert_str_eq(b.data, "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x90\x98");
	pp_buf_reset(&b);
}
END_TEST

Suite *
suite_utf8(void)
{
	Suite *s = suite_create("utf8");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_sanitize, 0, sizeof utf8_cases / sizeof utf8_cases[0]);
	tcase_add_test(tc, test_nul_is_a_character);
	tcase_add_test(tc, test_decode_and_put);
	suite_add_tcase(s, tc);
	return s;
}
