/*
 * progress.h: the progress line on a terminal's stderr while a case runs ("[3/11] name
 * 420/1005"), at most ten updates a second, erased before the case's result is printed.
 * A struct pp_progress is caller-owned storage, zeroed to start.
 */
#ifndef PP_PROGRESS_H
#define PP_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "input/case.h"

struct pp_progress {
	bool on;                  /* stderr is a terminal and -q was not given */
	size_t count;             /* cases in the pass */
	size_t index;             /* the case running, from 0 */
	int64_t last_ns;          /* 0 when nothing is shown */
};

/* A runner progress callback (ctx: the struct pp_progress). */
void pp_progress_show(const struct pp_case *c, long done, long total, void *ctx);
/* Erases the line once a case is done (ctx: the struct pp_progress). */
void pp_progress_clear(void *ctx);

#endif
