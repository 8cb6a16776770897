/*
 * check_keys.c: the permutation behind distinct tuples is a bijection of [0, space) for any
 * space, and each row's tuple decomposes into in-range indexes, distinct across rows.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "seed/keys.h"
#include "suites.h"

static const uint64_t spaces[] = { 1, 2, 3, 5, 12, 100, 1000, 4096, 4097, 65537 };

START_TEST(test_permutation_is_a_bijection)
{
	struct pp_keys_group g = { .space = spaces[_i], .key = { 1, 2, 3, 4 } };
	unsigned char *seen = calloc(g.space, 1);

	g.half = 1;
	while ((1ULL << (2 * g.half)) < g.space)
		g.half++;
	for (uint64_t x = 0; x < g.space; x++) {
		uint64_t y = pp_keys_permute(&g, x);

		ck_assert_msg(y < g.space, "space %llu: %llu -> %llu", (unsigned long long)g.space,
			      (unsigned long long)x, (unsigned long long)y);
		ck_assert_msg(!seen[y], "space %llu: %llu twice", (unsigned long long)g.space,
			      (unsigned long long)y);
		seen[y] = 1;
	}
	free(seen);
}
END_TEST

START_TEST(test_rows_get_distinct_tuples)
{
	size_t columns[2] = { 0, 1 };
	int64_t radix[2] = { 7, 3 };
	struct pp_keys_group g = { .columns = columns, .radix = radix, .n = 2, .space = 21,
				   .key = { 9, 8, 7, 6 }, .half = 3 };
	struct pp_keys_unique u = { .groups = &g, .n = 1 };
	bool seen[7][3] = { { false } };

	for (int64_t row = 0; row < 21; row++) {
		struct pp_gen_state st[2];

		memset(st, 0, sizeof st);
		pp_keys_unique_row(&u, row, st);
		ck_assert(st[0].forced && st[1].forced);
		ck_assert(st[0].index >= 0 && st[0].index < 7 && st[1].index >= 0 && st[1].index < 3);
		ck_assert(!seen[st[0].index][st[1].index]);
		seen[st[0].index][st[1].index] = true;
	}
}
END_TEST

Suite *
suite_keys(void)
{
	Suite *s = suite_create("keys");
	TCase *tc = tcase_create("unique");

	tcase_add_loop_test(tc, test_permutation_is_a_bijection, 0,
			    (int)(sizeof spaces / sizeof spaces[0]));
	tcase_add_test(tc, test_rows_get_distinct_tuples);
	suite_add_tcase(s, tc);
	return s;
}
