/*
 * rng.h: the seedable pseudo-random generator behind every generator in pgperf.
 *
 * xoshiro256** (Blackman and Vigna), seeded through splitmix64, so a given seed gives the same
 * sequence on every platform. A struct pp_rng is caller-owned storage; it holds no resources.
 */
#ifndef PP_RNG_H
#define PP_RNG_H

#include <stdint.h>

struct pp_rng {
	uint64_t s[4];
};

void pp_rng_init(struct pp_rng *r, uint64_t seed);
uint64_t pp_rng_next(struct pp_rng *r);
/* Uniform integer in [lo, hi] inclusive, without modulo bias; lo <= hi. */
int64_t pp_rng_range(struct pp_rng *r, int64_t lo, int64_t hi);
/* Uniform double in [0, 1). */
double pp_rng_double(struct pp_rng *r);

#endif
