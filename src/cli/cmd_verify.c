/*
 * cmd_verify.c: `pgperf verify`: time every case, judge it and report (cases.c runs the pass).
 */
#include "cli/cases.h"
#include "cli/command.h"

static int
verify_run(const struct pp_options *o)
{
	return pp_cases_verify(o, false);
}

const struct pp_command pp_cmd_verify = {
	.name = "verify",
	.operands = "PATH...",
	.summary = "time the cases in PATH (.sql files or folders) and judge them",
	.description =
		"Each case is timed over its iterations, run once more under EXPLAIN ANALYZE, and\n"
		"judged against its thresholds, its plan assertions and pgperf's plan findings.\n"
		"With --baseline or --compare-dsn, the regression gates of docs/ci.md: plan,\n"
		"buffers and temp blocks per plan node, then time judged statistically.",
	.options = "dsn pg-bin keep no-cache filter tag case iterations seed json junit markdown "
		   "html save-baseline baseline compare-dsn calibrate time-ratio time-min "
		   "buffer-tolerance buffer-min",
	.min_args = 1,
	.max_args = -1,
	.operand_hint = "one or more PATHs: .sql case files or folders of them",
	.run = verify_run,
};
