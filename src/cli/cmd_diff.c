/*
 * cmd_diff.c: `pgperf diff`: two saved baselines or --json reports compared offline.
 */
#include <stdio.h>

#include "cli/command.h"
#include "util/outcome.h"
#include "verdict/baseline.h"

static int
diff_run(const struct pp_options *o)
{
	struct pp_baseline *old = pp_baseline_load(o->args[0]);
	struct pp_baseline *now = old ? pp_baseline_load(o->args[1]) : NULL;
	int status = now == NULL			   ? PP_EXIT_USAGE
		     : pp_baseline_diff(old, now, stdout) ? PP_EXIT_OK
							  : PP_EXIT_FAIL;

	pp_baseline_free(old);
	pp_baseline_free(now);
	return status;
}

const struct pp_command pp_cmd_diff = {
	.name = "diff",
	.operands = "OLD.json NEW.json",
	.summary = "compare two baselines or --json reports",
	.description = "Case by case, with the gates of --baseline (plan, buffers, temp blocks, and\n"
		       "time when both files hold times relative to the calibration probe,\n"
		       "taken the same way: format 3 with 3, or 2 with 2); a\n"
		       "changed plan is printed as a node-aligned tree with rows, loops and\n"
		       "buffers before and after. Exits 1 when any would fail.",
	.options = "",
	.min_args = 2,
	.max_args = 2,
	.operand_hint = "two files: OLD.json NEW.json (baselines or --json reports)",
	.run = diff_run,
};
