/*
 * app.c: from argv to an exit status (see app.h). Only main, app and the commands decide exit
 * statuses; everything below them logs and returns.
 */
#include "cli/app.h"

#include <stdlib.h>
#include <unistd.h>

#include "cli/command.h"
#include "cli/opt.h"
#include "input/sql.h"
#include "util/interrupt.h"
#include "util/log.h"
#include "util/outcome.h"

static bool
want_color(int fd)
{
	const char *no_color = getenv("NO_COLOR");

	return isatty(fd) && (no_color == NULL || no_color[0] == '\0');
}

int
pp_app_main(int argc, char **argv)
{
	const struct pp_command *cmd;
	struct pp_options opts;
	int status;

	pp_log_set_color(want_color(STDERR_FILENO));
	pp_interrupt_install();
	switch (pp_opt_parse(argc, argv, &opts, &cmd)) {
	case PP_OPT_SHOWN:
		status = PP_EXIT_OK;
		break;
	case PP_OPT_BAD:
		status = PP_EXIT_USAGE;
		break;
	default:
		if (opts.verbosity > 0)
			pp_log_set_level(PP_LOG_DEBUG);
		else if (opts.verbosity < 0)
			pp_log_set_level(PP_LOG_WARNING);
		status = cmd->run(&opts);
		break;
	}
	pp_opt_reset(&opts);
	pp_sql_shutdown();
	return status;
}
