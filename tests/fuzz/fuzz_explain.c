/*
 * fuzz_explain.c: EXPLAIN's JSON output through everything that reads a plan: the plan tree,
 * the plan findings, the rendered tree and the baseline's plan shape. Property: the rendered
 * tree and the shape have one line per node.
 */
#include "fuzz.h"

#include "input/case.h"
#include "plan/explain.h"
#include "run/result.h"
#include "util/buf.h"
#include "verdict/baseline.h"
#include "verdict/findings.h"

static void
count_node(const struct pp_plan_node *n, int depth, void *ctx)
{
	(void)n;
	(void)depth;
	(*(size_t *)ctx)++;
}

static size_t
count_lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

int
FUZZ_ENTRY(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	const char *why;
	struct pp_plan *plan = pp_explain_parse(text, &why);

	if (plan != NULL) {
		struct pp_case *c = pp_case_new_defaults();
		struct pp_case_result r = { .c = c, .status = PP_STATUS_PASS, .plan = plan };
		struct pp_buf out;
		size_t nodes = 0, n_shape;
		char **shape;

		c->name = strdup("fuzz");
		pp_explain_walk(plan, count_node, &nodes);
		pp_findings_evaluate(&r);
		pp_buf_init(&out);
		pp_explain_render(plan, &out, NULL, NULL);
		FUZZ_ASSERT(count_lines(out.data) == nodes);
		shape = pp_baseline_shape(&r, &n_shape);
		FUZZ_ASSERT(n_shape == nodes);
		for (size_t i = 0; i < n_shape; i++)
			free(shape[i]);
		free(shape);
		pp_buf_reset(&out);
		pp_result_reset(&r);
		pp_case_free(c);
	}
	free(text);
	return 0;
}
