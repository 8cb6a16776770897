/*
 * clock.h: the one monotonic clock every timing in pgperf reads (CLOCK_MONOTONIC), in
 * nanoseconds or seconds since an arbitrary start.
 */
#ifndef PP_CLOCK_H
#define PP_CLOCK_H

#include <stdint.h>

int64_t pp_clock_now_ns(void);
double pp_clock_now_seconds(void);

#endif
