/*
 * rng.c: xoshiro256** seeded with splitmix64 (see rng.h).
 */
#include "util/rng.h"

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void
pp_rng_init(struct pp_rng *r, uint64_t seed)
{
	uint64_t x = seed;

	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

uint64_t
pp_rng_next(struct pp_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

int64_t
pp_rng_range(struct pp_rng *r, int64_t lo, int64_t hi)
{
	uint64_t span = (uint64_t)hi - (uint64_t)lo;
	uint64_t limit, x;

	if (span == UINT64_MAX)
		return (int64_t)pp_rng_next(r);
	span += 1;
	/* Reject the top partial block so every value is equally likely. */
	limit = UINT64_MAX - (UINT64_MAX % span);
	do
		x = pp_rng_next(r);
	while (x >= limit);
	return (int64_t)((uint64_t)lo + x % span);
}

double
pp_rng_double(struct pp_rng *r)
{
	return (double)(pp_rng_next(r) >> 11) * 0x1.0p-53;
}
