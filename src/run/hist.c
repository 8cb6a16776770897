/*
 * hist.c: the log-linear latency histogram (see hist.h for the layout and its guarantees).
 *
 * Raw indexes cover every int64 value from 0: values below 2 * SUB get a bucket each, and above
 * that the power of two 2^m (m >= SUB_BITS) is split into SUB buckets of width 2^(m - SUB_BITS),
 * at raw index (m - SUB_BITS) * SUB + (v >> (m - SUB_BITS)). A histogram stores only the raw
 * indexes from that of PP_HIST_LOWEST_NS to that of PP_HIST_HIGHEST_NS, shifted down to 0.
 */
#include "run/hist.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "util/mem.h"

#define SUB_BITS 7
#define SUB      PP_HIST_SUB_BUCKETS

_Static_assert(SUB == 1 << SUB_BITS, "PP_HIST_SUB_BUCKETS must be 2^SUB_BITS");

struct pp_hist {
	uint64_t n;
	uint64_t clamped;
	int64_t min, max;
	uint64_t sum_lo, sum_hi; /* the exact sum of the values, as 128 bits */
	double wmean, m2;        /* running mean and sum of squared deviations, for stddev */
	uint64_t counts[];       /* pp_hist_bucket_count() of them */
};

static size_t
raw_index(int64_t v)
{
	int m, shift;

	if (v < 2 * SUB)
		return (size_t)v;
	m = 63 - __builtin_clzll((unsigned long long)v);
	shift = m - SUB_BITS;
	return (size_t)shift * SUB + (size_t)(v >> shift);
}

/* The raw bucket's first value and width. */
static void
raw_range(size_t raw, int64_t *lo, int64_t *width)
{
	size_t shift;

	if (raw < 2 * SUB) {
		*lo = (int64_t)raw;
		*width = 1;
		return;
	}
	shift = raw / SUB - 1;
	*lo = (int64_t)(raw - shift * SUB) << shift;
	*width = INT64_C(1) << shift;
}

static size_t
first_raw(void)
{
	return raw_index(PP_HIST_LOWEST_NS);
}

size_t
pp_hist_bucket_count(void)
{
	return raw_index(PP_HIST_HIGHEST_NS) - first_raw() + 1;
}

/* Bucket index of a value already clamped to [0, PP_HIST_HIGHEST_NS]. */
static size_t
bucket_of(int64_t v)
{
	return v < PP_HIST_LOWEST_NS ? 0 : raw_index(v) - first_raw();
}

static void
bucket_range(size_t index, int64_t *lo, int64_t *hi)
{
	int64_t width;

	raw_range(index + first_raw(), lo, &width);
	*hi = *lo + width;
	if (index == 0)
		*lo = 0;
}

/*
 * The value a bucket stands for: the midpoint of the integers it holds. The first bucket stands
 * for the in-range values it holds, not for the ones below PP_HIST_LOWEST_NS.
 */
static double
bucket_mid(size_t index)
{
	int64_t lo, width;

	raw_range(index + first_raw(), &lo, &width);
	return (double)lo + (double)(width - 1) / 2.0;
}

static size_t
hist_size(void)
{
	return sizeof(struct pp_hist) + pp_hist_bucket_count() * sizeof(uint64_t);
}

struct pp_hist *
pp_hist_new(void)
{
	return pp_mem_calloc(1, hist_size());
}

void
pp_hist_free(struct pp_hist *h)
{
	free(h);
}

void
pp_hist_reset(struct pp_hist *h)
{
	memset(h, 0, hist_size());
}

/* Folds a group of n values with mean `mean` and squared deviations m2 into h's summary. */
static void
combine(struct pp_hist *h, uint64_t n, double mean, double m2)
{
	double total = (double)h->n + (double)n;
	double delta = mean - h->wmean;

	h->m2 += m2 + delta * delta * ((double)h->n * (double)n / total);
	h->wmean += delta * ((double)n / total);
}

/* Adds v * count to the 128-bit sum. */
static void
add_to_sum(struct pp_hist *h, uint64_t v, uint64_t count)
{
	uint64_t a_lo = v & 0xffffffffu, a_hi = v >> 32;
	uint64_t b_lo = count & 0xffffffffu, b_hi = count >> 32;
	uint64_t ll = a_lo * b_lo, lh = a_lo * b_hi, hl = a_hi * b_lo, hh = a_hi * b_hi;
	uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);
	uint64_t lo = (ll & 0xffffffffu) | (mid << 32);
	uint64_t hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);

	h->sum_lo += lo;
	h->sum_hi += hi + (h->sum_lo < lo);
}

void
pp_hist_record_n(struct pp_hist *h, int64_t ns, uint64_t count)
{
	int64_t v = ns < 0 ? 0 : ns;

	if (count == 0)
		return;
	if (h->n == 0 || v < h->min)
		h->min = v;
	if (h->n == 0 || v > h->max)
		h->max = v;
	add_to_sum(h, (uint64_t)v, count);
	combine(h, count, (double)v, 0.0);
	h->n += count;
	if (v > PP_HIST_HIGHEST_NS) {
		h->clamped += count;
		v = PP_HIST_HIGHEST_NS;
	}
	h->counts[bucket_of(v)] += count;
}

void
pp_hist_record(struct pp_hist *h, int64_t ns)
{
	pp_hist_record_n(h, ns, 1);
}

void
pp_hist_merge(struct pp_hist *dst, const struct pp_hist *src)
{
	size_t nb = pp_hist_bucket_count();

	if (src->n == 0)
		return;
	if (dst->n == 0 || src->min < dst->min)
		dst->min = src->min;
	if (dst->n == 0 || src->max > dst->max)
		dst->max = src->max;
	dst->sum_lo += src->sum_lo;
	dst->sum_hi += src->sum_hi + (dst->sum_lo < src->sum_lo);
	combine(dst, src->n, src->wmean, src->m2);
	dst->n += src->n;
	dst->clamped += src->clamped;
	for (size_t i = 0; i < nb; i++)
		dst->counts[i] += src->counts[i];
}

uint64_t
pp_hist_count(const struct pp_hist *h)
{
	return h->n;
}

uint64_t
pp_hist_clamped(const struct pp_hist *h)
{
	return h->clamped;
}

int64_t
pp_hist_min(const struct pp_hist *h)
{
	return h->min;
}

int64_t
pp_hist_max(const struct pp_hist *h)
{
	return h->max;
}

double
pp_hist_sum(const struct pp_hist *h)
{
	return (double)h->sum_hi * 18446744073709551616.0 + (double)h->sum_lo;
}

double
pp_hist_mean(const struct pp_hist *h)
{
	return h->n > 0 ? pp_hist_sum(h) / (double)h->n : 0.0;
}

double
pp_hist_stddev(const struct pp_hist *h)
{
	return h->n > 1 ? sqrt(h->m2 / (double)(h->n - 1)) : 0.0;
}

/* The estimate of the rank-th smallest value (0-based, rank < n), clamped to [min, max]. */
static double
value_at_rank(const struct pp_hist *h, uint64_t rank)
{
	size_t nb = pp_hist_bucket_count();
	uint64_t seen = 0;
	double v = (double)h->max;

	if (rank == 0)
		return (double)h->min;
	if (rank >= h->n - 1)
		return (double)h->max;
	for (size_t i = 0; i < nb; i++) {
		seen += h->counts[i];
		if (seen > rank) {
			v = bucket_mid(i);
			break;
		}
	}
	if (v < (double)h->min)
		return (double)h->min;
	return v > (double)h->max ? (double)h->max : v;
}

double
pp_hist_percentile(const struct pp_hist *h, double q)
{
	double rank, k, lo, hi;

	if (h->n == 0)
		return 0.0;
	if (!(q > 0.0))
		return (double)h->min;
	if (q >= 1.0)
		return (double)h->max;
	rank = (double)(h->n - 1) * q;
	k = floor(rank);
	lo = value_at_rank(h, (uint64_t)k);
	if (rank == k)
		return lo;
	hi = value_at_rank(h, (uint64_t)k + 1);
	return lo + (rank - k) * (hi - lo);
}

void
pp_hist_iter_init(struct pp_hist_iter *it, const struct pp_hist *h)
{
	it->h = h;
	it->next = 0;
}

bool
pp_hist_iter_next(struct pp_hist_iter *it, struct pp_hist_bucket *out)
{
	size_t nb = pp_hist_bucket_count();

	while (it->next < nb && it->h->counts[it->next] == 0)
		it->next++;
	if (it->next >= nb)
		return false;
	out->index = (uint32_t)it->next;
	out->count = it->h->counts[it->next];
	bucket_range(it->next, &out->lo, &out->hi);
	it->next++;
	return true;
}

size_t
pp_hist_export(const struct pp_hist *h, struct pp_hist_bucket **out)
{
	struct pp_hist_iter it;
	struct pp_hist_bucket b;
	size_t n = 0;

	*out = NULL;
	pp_hist_iter_init(&it, h);
	while (pp_hist_iter_next(&it, &b))
		n++;
	if (n == 0)
		return 0;
	*out = pp_mem_calloc(n, sizeof **out);
	n = 0;
	pp_hist_iter_init(&it, h);
	while (pp_hist_iter_next(&it, &b))
		(*out)[n++] = b;
	return n;
}

struct pp_hist *
pp_hist_import(const struct pp_hist_bucket *buckets, size_t n)
{
	size_t nb = pp_hist_bucket_count();
	struct pp_hist *h;

	for (size_t i = 0; i < n; i++) {
		if (buckets[i].index >= nb) {
			pp_log_error("histogram bucket %u is outside the layout (0 to %zu)",
				     (unsigned)buckets[i].index, nb - 1);
			return NULL;
		}
	}
	h = pp_hist_new();
	/* The midpoint, rounded down, lies in its own bucket (the first one's is in range too). */
	for (size_t i = 0; i < n; i++)
		pp_hist_record_n(h, (int64_t)bucket_mid(buckets[i].index), buckets[i].count);
	return h;
}
