/*
 * outcome.h: how things end, in one place: a case's status, a step's status (applying a script,
 * seeding, setting up the target) and the documented exit statuses (docs/pgperf.1, EXIT STATUS),
 * with the one mapping from the first two to the last, used by every command.
 */
#ifndef PP_OUTCOME_H
#define PP_OUTCOME_H

#include <stdbool.h>
#include <stddef.h>

enum pp_exit {
	PP_EXIT_OK = 0,           /* every case passed, warned or was skipped */
	PP_EXIT_FAIL = 1,         /* a case failed or errored; a gate did not hold */
	PP_EXIT_USAGE = 2,        /* bad command line, case file, pgperf.json, spec or schema file */
	PP_EXIT_SERVER = 3,       /* cannot start the server, connect, or the connection was lost */
	PP_EXIT_INTERRUPTED = 130 /* SIGINT, SIGTERM or SIGHUP: cleaned up and stopped early */
};

/* A case's status, in order of gravity for pass < warn < fail (skip and error are set). */
enum pp_status { PP_STATUS_PASS, PP_STATUS_WARN, PP_STATUS_FAIL, PP_STATUS_SKIP, PP_STATUS_ERROR };
#define PP_STATUS_COUNT 5

/* How a step that is not a case ended. */
enum pp_step {
	PP_STEP_OK,
	PP_STEP_BAD_INPUT,  /* the input does not fit (logged); nothing was changed */
	PP_STEP_FAILED,     /* the step failed on the server (logged); rolled back */
	PP_STEP_LOST,       /* the server could not be started or reached, or the connection broke */
	PP_STEP_INTERRUPTED, /* a signal arrived */
	PP_STEP_UNSUPPORTED  /* the server lacks what the step needs (logged: what to install) */
};

const char *pp_outcome_status_name(enum pp_status s);
/* The worse of two statuses (pass < warn < fail; skip and error are set directly). */
enum pp_status pp_outcome_worse(enum pp_status a, enum pp_status b);

/* The exit status of a command that stopped at a step. */
enum pp_exit pp_outcome_step_exit(enum pp_step st);
/* The exit status of a command whose cases ended with these counts (indexed by status). */
enum pp_exit pp_outcome_counts_exit(const size_t counts[PP_STATUS_COUNT]);

#endif
