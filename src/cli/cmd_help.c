/*
 * cmd_help.c: `pgperf help [COMMAND]` and `pgperf version`.
 */
#include <stdio.h>

#include "cli/command.h"
#include "cli/help.h"
#include "util/log.h"
#include "util/outcome.h"

static int
help_run(const struct pp_options *o)
{
	const struct pp_command *cmd;

	if (o->n_args == 0) {
		pp_help_general(stdout);
		return PP_EXIT_OK;
	}
	cmd = pp_command_find(o->args[0]);
	if (cmd == NULL) {
		pp_log_error("unknown command \"%s\"", o->args[0]);
		pp_log_hint("see \"pgperf help\"");
		return PP_EXIT_USAGE;
	}
	pp_help_command(cmd, stdout);
	return PP_EXIT_OK;
}

static int
version_run(const struct pp_options *o)
{
	(void)o;
	printf("pgperf %s\n", PACKAGE_VERSION);
	return PP_EXIT_OK;
}

const struct pp_command pp_cmd_help = {
	.name = "help",
	.operands = "[COMMAND]",
	.summary = "show pgperf's help, or a command's",
	.options = "",
	.min_args = 0,
	.max_args = 1,
	.operand_hint = "at most one COMMAND",
	.run = help_run,
};

const struct pp_command pp_cmd_version = {
	.name = "version",
	.operands = "",
	.summary = "show the version",
	.options = "",
	.min_args = 0,
	.max_args = 0,
	.operand_hint = "no operands",
	.run = version_run,
};
