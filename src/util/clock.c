/*
 * clock.c: the monotonic clock (see clock.h).
 */
#include "util/clock.h"

#include <time.h>

int64_t
pp_clock_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

double
pp_clock_now_seconds(void)
{
	return (double)pp_clock_now_ns() / 1e9;
}
