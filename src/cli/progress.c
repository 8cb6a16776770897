/*
 * progress.c: the progress line (see progress.h).
 */
#include "cli/progress.h"

#include <stdio.h>

#include "util/clock.h"

#define EVERY_NS 100000000 /* 0.1 s */

void
pp_progress_show(const struct pp_case *c, long done, long total, void *ctx)
{
	struct pp_progress *p = ctx;
	int64_t now = pp_clock_now_ns();

	if (!p->on)
		return;
	if (now - p->last_ns < EVERY_NS && done != total)
		return;
	p->last_ns = now;
	fprintf(stderr, "\r\033[K[%zu/%zu] %s %ld/%ld", p->index + 1, p->count, pp_case_label(c), done,
		total);
	fflush(stderr);
}

void
pp_progress_clear(void *ctx)
{
	struct pp_progress *p = ctx;

	p->index++;
	if (p->on && p->last_ns != 0) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		p->last_ns = 0;
	}
}
