/*
 * check_loadgate.c: pgperf load's gate arithmetic and weight picking, from the tables in
 * tests/data/load (gates.table, pick.table).
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/load.h"
#include "suites.h"
#include "util/rng.h"
#include "verdict/loadgate.h"

#define TABLE_DIR TEST_DATA_DIR "/load/"

/* The next line of f that is not blank or a comment, into line; false at the end. */
static bool
next_line(FILE *f, char *line, size_t size)
{
	while (fgets(line, (int)size, f) != NULL)
		if (line[strspn(line, " \t")] != '#' && line[strspn(line, " \t\n")] != '\0')
			return true;
	return false;
}

START_TEST(test_growth_limits)
{
	FILE *f = fopen(TABLE_DIR "gates.table", "r");
	char line[256];
	int n = 0;

	ck_assert_ptr_nonnull(f);
	while (next_line(f, line, sizeof line)) {
		struct pp_load_limits l;
		double ratio, want;

		pp_loadgate_limits_default(&l);
		if (sscanf(line, "growth %lf %lf %lf %lf", &ratio, &l.growth_5x, &l.growth_10x,
			   &want) != 4)
			continue;
		ck_assert_msg(fabs(pp_loadgate_growth_limit(&l, ratio) - want) < 1e-9,
			      "%s: got %g", line, pp_loadgate_growth_limit(&l, ratio));
		n++;
	}
	fclose(f);
	ck_assert_int_gt(n, 5);
}
END_TEST

/* A level of clients whose every success took p95_ms. */
static void
make_level(struct pp_load_level *lv, struct pp_load_case_stats *cs, int clients, double p95_ms,
	   uint64_t errors, uint64_t ok)
{
	memset(lv, 0, sizeof *lv);
	memset(cs, 0, sizeof *cs);
	lv->clients = clients;
	lv->seconds = 1;
	lv->complete = true;
	lv->hist = pp_hist_new();
	pp_hist_record_n(lv->hist, (int64_t)(p95_ms * 1e6), ok > 0 ? ok : 1);
	lv->ok = ok;
	lv->errors = errors;
	lv->cases = cs;
	cs->hist = pp_hist_new();
}

/* The verdict of gate name in g: 1 pass, 0 fail, -1 absent. */
static int
verdict_of(const struct pp_load_gates *g, const char *name)
{
	for (size_t i = 0; i < g->n; i++)
		if (strcmp(g->items[i].name, name) == 0)
			return g->items[i].ok;
	return -1;
}

START_TEST(test_judge)
{
	FILE *f = fopen(TABLE_DIR "gates.table", "r");
	char line[256];
	int n = 0;

	ck_assert_ptr_nonnull(f);
	while (next_line(f, line, sizeof line)) {
		struct pp_case c = { .name = (char *)"c" };
		struct pp_load_case lc = { .c = &c, .weight = 1, .think_ns = -1 };
		struct pp_load_level levels[2];
		struct pp_load_case_stats cs[2];
		struct pp_load_result r = { .cases = &lc, .n_cases = 1, .levels = levels,
					    .n_levels = 2 };
		struct pp_load_limits l;
		struct pp_load_gates g;
		int c0, c1;
		double p0, p1;
		unsigned long long errors, ok;
		char gate[64], want[8];

		if (sscanf(line, "judge %d %lf %d %lf %llu %llu %63s %7s", &c0, &p0, &c1, &p1, &errors,
			   &ok, gate, want) != 8)
			continue;
		make_level(&levels[0], &cs[0], c0, p0, 0, 1000);
		make_level(&levels[1], &cs[1], c1, p1, errors, ok);
		pp_loadgate_limits_default(&l);
		pp_loadgate_init(&g);
		pp_loadgate_judge(&r, &l, &g);
		ck_assert_msg(verdict_of(&g, gate) == (strcmp(want, "pass") == 0), "%s", line);
		pp_loadgate_reset(&g);
		for (int i = 0; i < 2; i++) {
			pp_hist_free(levels[i].hist);
			pp_hist_free(cs[i].hist);
		}
		n++;
	}
	fclose(f);
	ck_assert_int_gt(n, 5);
}
END_TEST

/* Weights "1,4" into cumulative sums; returns how many. */
static size_t
cumulative(const char *text, double *cum, size_t max)
{
	size_t n = 0;

	for (const char *p = text; *p && n < max; p += strcspn(p, ","), p += *p == ',') {
		cum[n] = strtod(p, NULL) + (n > 0 ? cum[n - 1] : 0);
		n++;
	}
	return n;
}

START_TEST(test_pick_table)
{
	FILE *f = fopen(TABLE_DIR "pick.table", "r");
	char line[256], weights[128];
	int n = 0;

	ck_assert_ptr_nonnull(f);
	while (next_line(f, line, sizeof line)) {
		double cum[16], u;
		size_t want, k;

		ck_assert_int_eq(sscanf(line, "%127s %lf %zu", weights, &u, &want), 3);
		k = cumulative(weights, cum, 16);
		ck_assert_msg(pp_load_pick(cum, k, u) == want, "%s: got %zu", line,
			      pp_load_pick(cum, k, u));
		n++;
	}
	fclose(f);
	ck_assert_int_gt(n, 5);
}
END_TEST

/* Picked with the run's generator, weights 1 and 4 give shares within half a point of 20/80. */
START_TEST(test_pick_shares)
{
	double cum[2] = { 1, 5 };
	struct pp_rng rng;
	long counts[2] = { 0 };

	pp_rng_init(&rng, 1);
	for (int i = 0; i < 100000; i++)
		counts[pp_load_pick(cum, 2, pp_rng_double(&rng))]++;
	ck_assert_msg(labs(counts[0] - 20000) < 500, "%ld of 100000", counts[0]);
}
END_TEST

START_TEST(test_error_rate)
{
	ck_assert(pp_load_error_rate(0, 0) == 0);
	ck_assert(fabs(pp_load_error_rate(95, 5) - 0.05) < 1e-12);
	ck_assert(pp_load_error_rate(0, 3) == 1);
}
END_TEST

Suite *
suite_loadgate(void)
{
	Suite *s = suite_create("loadgate");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_growth_limits);
	tcase_add_test(tc, test_judge);
	tcase_add_test(tc, test_pick_table);
	tcase_add_test(tc, test_pick_shares);
	tcase_add_test(tc, test_error_rate);
	suite_add_tcase(s, tc);
	return s;
}
