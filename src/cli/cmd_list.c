/*
 * cmd_list.c: `pgperf list`: load and check the cases without a database, one line each.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cases.h"
#include "cli/command.h"
#include "run/draw.h"
#include "util/log.h"
#include "verdict/threshold.h"

/* Where the values of $(i+1) come from, as far as the case file and parse tree tell. */
static void
print_source(const struct pp_case *c, int i)
{
	const struct pp_param *p = (size_t)i < c->params.len ? &c->params.items[i] : NULL;
	const struct pp_use *u = i < c->uses.n ? &c->uses.items[i] : NULL;
	const char *name = pp_case_param_name(c, i);
	struct pp_param_list one = { (struct pp_param *)p, 1 };
	char *text;

	printf("    $%d%s%s%s: ", i + 1, name ? " (" : "", name ? name : "", name ? ")" : "");
	if (c->params_from != NULL) {
		printf("params_from: column %d of each row\n", i + 1);
		return;
	}
	if (p != NULL && p->kind != PP_PARAM_INFER) {
		text = pp_params_describe(&one);
		if (c->params_given)
			printf("params: %s\n", text);
		else
			printf("pgperf.json params.%s = %s\n", name, text);
		free(text);
		return;
	}
	if (u == NULL || u->role == PP_USE_UNKNOWN) {
		printf("unknown (give params:)\n");
	} else if (u->role == PP_USE_LIMIT || u->role == PP_USE_OFFSET) {
		printf("%s, default %s\n", pp_sqluse_role_name(u->role),
		       u->role == PP_USE_LIMIT ? PP_DRAW_LIMIT : PP_DRAW_OFFSET);
	} else {
		printf("from the data: %s ", pp_sqluse_role_name(u->role));
		for (size_t k = 0; k < u->n_relations; k++)
			printf("%s%s", k ? " or " : "", u->relations[k]);
		if (u->column != NULL && u->open != NULL)
			printf(".%s, through %s%s%s\n", u->column, u->open, u->column, u->close);
		else if (u->column != NULL)
			printf(".%s\n", u->column);
		else
			printf(" column %d\n", u->position);
	}
}

static void
print_case(const struct pp_case *c, int width)
{
	char limit[32];

	printf("%-*s  %s:%d", width, pp_case_label(c), c->file, c->line);
	if (c->kind != NULL)
		printf("  %s %s", c->format, c->kind);
	printf("  %ld iterations", c->iterations);
	for (size_t t = 0; t < c->n_thresholds; t++) {
		pp_threshold_format(c->thresholds[t].metric, (double)c->thresholds[t].limit, limit,
				    sizeof limit);
		printf("%s%s", t == 0 ? "  " : ", ", pp_stats_metric_name(c->thresholds[t].metric));
		if (c->thresholds[t].clients > 0)
			printf("@%d", c->thresholds[t].clients);
		printf(" < %s", limit);
	}
	if (c->modifies)
		printf("  (writes, rolled back)");
	for (size_t t = 0; t < c->n_tags; t++)
		printf("%s%s", t == 0 ? "  tags: " : ", ", c->tags[t]);
	putchar('\n');
	for (int i = 0; i < c->max_param; i++)
		print_source(c, i);
}

static int
list_run(const struct pp_options *o)
{
	struct pp_selection sel;
	struct pp_suite suite;
	int status = PP_EXIT_USAGE;

	pp_suite_init(&suite);
	if (pp_cases_load(o, &suite, &sel)) {
		size_t problems = 0;

		for (size_t i = 0; i < sel.n; i++)
			print_case(sel.cases[i], sel.name_width);
		printf("%zu cases\n", sel.n);
		status = fflush(stdout) == 0 ? PP_EXIT_OK : PP_EXIT_USAGE;
		/* The static check: a case that cannot be verified as it is fails it. */
		for (size_t i = 0; i < sel.n; i++) {
			if (sel.cases[i]->problem != NULL) {
				pp_log_error("%s", sel.cases[i]->problem);
				problems++;
			}
		}
		if (problems > 0)
			status = PP_EXIT_USAGE;
	}
	pp_select_reset(&sel);
	pp_suite_reset(&suite);
	return status;
}

const struct pp_command pp_cmd_list = {
	.name = "list",
	.operands = "PATH...",
	.summary = "check and list the cases, without a database",
	.options = "filter tag case",
	.min_args = 1,
	.max_args = -1,
	.operand_hint = "one or more PATHs: .sql case files or folders of them",
	.run = list_run,
};
