/*
 * main.c: pgperf's entry point: argv in, exit status out. Everything else lives in app.c.
 *
 * An interrupt (SIGINT, SIGTERM or SIGHUP) ends with PP_EXIT_INTERRUPTED whatever step it
 * stopped, reading input included: the one place that rule lives for every command.
 */
#include "cli/app.h"
#include "util/interrupt.h"
#include "util/outcome.h"

int
main(int argc, char **argv)
{
	int status = pp_app_main(argc, argv);

	return pp_interrupt_pending() ? PP_EXIT_INTERRUPTED : status;
}
