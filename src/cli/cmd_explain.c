/*
 * cmd_explain.c: `pgperf explain`: each case's plan with its findings, without timing.
 */
#include "cli/cases.h"
#include "cli/command.h"

static int
explain_run(const struct pp_options *o)
{
	return pp_cases_verify(o, true);
}

const struct pp_command pp_cmd_explain = {
	.name = "explain",
	.operands = "PATH...",
	.summary = "print each case's plan with its findings, no timing",
	.description =
		"The warmup runs still happen, so the plan is the one verify sees; then each case\n"
		"runs once under EXPLAIN ANALYZE and its plan tree is printed with flagged nodes.",
	.options = "dsn pg-bin keep no-cache filter tag case seed",
	.min_args = 1,
	.max_args = -1,
	.operand_hint = "one or more PATHs: .sql case files or folders of them",
	.run = explain_run,
};
