/*
 * check_diff.c: plan pairs as data (tests/data/diffs/NAME.before.json and NAME.after.json)
 * aligned node by node; NAME.changes lists the changes expected, one a line as
 * "kind path_before path_after: before => after" ("-" for a side without the node), and
 * NAME.tree, when present, the aligned tree pp_plan_diff_render prints.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plan/diff.h"
#include "plan/explain.h"
#include "util/buf.h"
#include "util/file.h"
#include "suites.h"

static const char *const pairs[] = {
    "unchanged",    "dropped_index",         "bitmap_to_seq", "index_changed", "join_reordered",
    "gather_added", "semi_and_sort_removed", "index_added",   "grown",         "within",
    "spills",
};

static char *
read_data(const char *name, const char *ext, bool required)
{
	struct pp_buf path;
	char *text;

	pp_buf_init(&path);
	pp_buf_printf(&path, "%s/diffs/%s.%s", TEST_DATA_DIR, name, ext);
	text = required || access(path.data, R_OK) == 0 ? pp_file_read(path.data, "test data", NULL)
	                                                : NULL;
	ck_assert_msg(!required || text != NULL, "%s", path.data);
	pp_buf_reset(&path);
	return text;
}

static struct pp_plan *
load(const char *name, const char *side)
{
	char *json = read_data(name, side, true);
	const char *why = NULL;
	struct pp_plan *p = pp_explain_parse(json, &why);

	ck_assert_msg(p != NULL, "%s.%s: %s", name, side, why);
	free(json);
	return p;
}

static char *
changes_text(const struct pp_plan_diff *d)
{
	struct pp_buf out;

	pp_buf_init(&out);
	for (size_t i = 0; i < d->n; i++) {
		const struct pp_plan_change *c = &d->changes[i];

		pp_buf_printf(&out, "%s %s %s: %s => %s\n", pp_plan_diff_kind_name(c->kind),
		              c->path_before ? c->path_before : "-",
		              c->path_after ? c->path_after : "-", c->before ? c->before : "-",
		              c->after ? c->after : "-");
	}
	return pp_buf_steal(&out);
}

START_TEST(diff_pairs)
{
	const char *name = pairs[_i];
	struct pp_plan *b = load(name, "before.json"), *a = load(name, "after.json");
	char *want = read_data(name, "changes", true), *tree = read_data(name, "tree", false);
	struct pp_plan_diff d;
	char *got;

	pp_plan_diff(b, a, &d);
	got = changes_text(&d);
	ck_assert_msg(strcmp(got, want) == 0, "%s: got\n%s\nwant\n%s", name, got, want);
	ck_assert_int_eq(d.changed, d.n > 0);
	if (tree != NULL) {
		struct pp_buf out;

		pp_buf_init(&out);
		pp_plan_diff_render(b, a, &out);
		ck_assert_msg(strcmp(out.data, tree) == 0, "%s: tree\n%s\nwant\n%s", name, out.data,
		              tree);
		pp_buf_reset(&out);
	}
	pp_plan_diff_reset(&d);
	ck_assert_int_eq(d.n, 0);
	free(got);
	free(want);
	free(tree);
	pp_explain_free(b);
	pp_explain_free(a);
}
END_TEST

START_TEST(diff_one_side_and_names)
{
	struct pp_plan *b = load("join_reordered", "before.json");
	struct pp_plan_diff d;

	pp_plan_diff(b, NULL, &d);
	ck_assert_int_eq(d.n, 3);
	ck_assert_int_eq(d.changes[0].kind, PP_PLAN_NODE_REMOVED);
	ck_assert_ptr_null(d.changes[0].path_after);
	pp_plan_diff_reset(&d);
	pp_plan_diff(b, b, &d);
	ck_assert(!d.changed);
	pp_plan_diff_reset(&d);
	ck_assert_str_eq(pp_plan_diff_kind_name(PP_PLAN_SCAN_DEGRADED), "scan_degraded");
	ck_assert_str_eq(pp_plan_diff_kind_name(PP_PLAN_NODE_ADDED), "node_added");
	ck_assert_str_eq(pp_plan_diff_kind_name(PP_PLAN_JOIN_TYPE), "join_type");
	pp_explain_free(b);
}
END_TEST

Suite *
suite_diff(void)
{
	Suite *s = suite_create("diff");
	TCase *tc = tcase_create("diff");

	tcase_add_loop_test(tc, diff_pairs, 0, (int)(sizeof pairs / sizeof pairs[0]));
	tcase_add_test(tc, diff_one_side_and_names);
	suite_add_tcase(s, tc);
	return s;
}
