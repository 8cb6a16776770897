/*
 * exitcode.h: pgperf's documented exit statuses (docs/pgperf.1, EXIT STATUS).
 */
#ifndef PP_EXITCODE_H
#define PP_EXITCODE_H

enum pp_exit {
	PP_EXIT_OK = 0,           /* every case passed, warned or was skipped */
	PP_EXIT_FAIL = 1,         /* a case failed or errored */
	PP_EXIT_USAGE = 2,        /* bad command line, case file, pgperf.json or schema file */
	PP_EXIT_SERVER = 3,       /* cannot start the server, connect, or the connection was lost */
	PP_EXIT_INTERRUPTED = 130 /* SIGINT or SIGTERM: cleaned up and stopped early */
};

#endif
