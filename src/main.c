/*
 * main.c: pgperf's entry point: argv in, exit status out. Everything else lives in app.c.
 */
#include "cli/app.h"

int
main(int argc, char **argv)
{
	return pp_app_main(argc, argv);
}
