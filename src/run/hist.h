/*
 * hist.h: a latency histogram with fixed memory and bounded relative error, mergeable.
 *
 * Log-linear buckets in the manner of HdrHistogram: every power of two of nanoseconds is split
 * into PP_HIST_SUB_BUCKETS equal sub-buckets, so a bucket starting at lo is at most lo / 128
 * wide. Every histogram has the same layout (PP_HIST_LOWEST_NS to PP_HIST_HIGHEST_NS, about
 * 4,100 buckets of 8 bytes: 32 KiB allocated once by pp_hist_new), so any two can be merged and
 * a bucket index means the same range everywhere; PP_HIST_LAYOUT changes whenever it does not.
 *
 * Range: a value below PP_HIST_LOWEST_NS (1 us) falls into the first bucket, [0, 1004) ns. A
 * value above PP_HIST_HIGHEST_NS (1 h) is counted in the last bucket as if it were 1 h, and also
 * in pp_hist_clamped. A negative value is recorded as 0.
 *
 * Exact: count, min, max and mean (from a running 128-bit sum of the values as given, clamped
 * ones included), and stddev up to floating-point rounding (a running mean and sum of squared
 * deviations, merged with Chan et al.'s formula).
 *
 * Precision guarantee: pp_hist_percentile(h, q) interpolates between the midpoints of the buckets
 * holding the two order statistics that Hyndman and Fan's type 7 interpolates between (see
 * stats.h), each clamped to [min, max] (rank 0 is min and rank n - 1 is max, exactly). A bucket
 * [lo, lo + w) holds integers at most (w - 1) / 2 from its midpoint, and w <= lo / 128, so when
 * every recorded value lies in [PP_HIST_LOWEST_NS, PP_HIST_HIGHEST_NS] the result is within
 * 1/256 (0.39 %) of the exact type-7 percentile of the recorded values. Values outside the range
 * carry no relative bound: the first bucket reads as 1001.5 ns and the last as about 1 h, each
 * still clamped to [min, max].
 *
 * Ownership: pp_hist_new returns a histogram the caller frees with pp_hist_free (NULL-safe);
 * pp_hist_export returns an array the caller frees with free(). Nothing else allocates.
 */
#ifndef PP_HIST_H
#define PP_HIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PP_HIST_LOWEST_NS   INT64_C(1000)          /* 1 us */
#define PP_HIST_HIGHEST_NS  INT64_C(3600000000000) /* 1 h */
#define PP_HIST_SUB_BUCKETS 128                    /* per power of two */
#define PP_HIST_LAYOUT      1                      /* changes whenever bucket boundaries change */

struct pp_hist;

/* One non-empty bucket: recorded values v with lo <= v < hi (ns). */
struct pp_hist_bucket {
	uint32_t index; /* 0 .. pp_hist_bucket_count() - 1, stable for a PP_HIST_LAYOUT */
	int64_t lo, hi;
	uint64_t count;
};

/* Walks the non-empty buckets in ascending order; caller-owned, no cleanup. */
struct pp_hist_iter {
	const struct pp_hist *h;
	size_t next;
};

struct pp_hist *pp_hist_new(void);
void pp_hist_free(struct pp_hist *h);
/* Empties h, keeping its memory. */
void pp_hist_reset(struct pp_hist *h);

void pp_hist_record(struct pp_hist *h, int64_t ns);
/* Records count copies of ns at once. */
void pp_hist_record_n(struct pp_hist *h, int64_t ns, uint64_t count);
/* Adds everything recorded in src to dst, as if recorded there; src is unchanged. */
void pp_hist_merge(struct pp_hist *dst, const struct pp_hist *src);

uint64_t pp_hist_count(const struct pp_hist *h);
/* Values above PP_HIST_HIGHEST_NS, recorded as PP_HIST_HIGHEST_NS. */
uint64_t pp_hist_clamped(const struct pp_hist *h);
/* min, max, mean, stddev and sum are 0 for an empty histogram. */
int64_t pp_hist_min(const struct pp_hist *h);
int64_t pp_hist_max(const struct pp_hist *h);
double pp_hist_sum(const struct pp_hist *h);
double pp_hist_mean(const struct pp_hist *h);
/* Sample standard deviation (n - 1 in the denominator; 0 below two values). */
double pp_hist_stddev(const struct pp_hist *h);
/* q in [0, 1] (clamped to it), within the bound above; 0 for an empty histogram. */
double pp_hist_percentile(const struct pp_hist *h, double q);

void pp_hist_iter_init(struct pp_hist_iter *it, const struct pp_hist *h);
/* Fills *out with the next non-empty bucket; false at the end. */
bool pp_hist_iter_next(struct pp_hist_iter *it, struct pp_hist_bucket *out);

/* Number of buckets in the layout; valid indexes are below it. */
size_t pp_hist_bucket_count(void);
/*
 * Serialization without a format: pp_hist_export lists the non-empty buckets (ascending index)
 * into *out (NULL when there are none) and returns how many; pp_hist_import rebuilds a
 * histogram from such a list (only index and count are read). A rebuilt histogram has the same
 * buckets, so the same percentiles except where min and max clamp them; its min, max, mean and
 * stddev are computed from bucket midpoints (a caller that needs them exact stores them beside
 * the buckets) and it counts no value as clamped. pp_hist_import logs and returns NULL on an
 * index outside the layout.
 */
size_t pp_hist_export(const struct pp_hist *h, struct pp_hist_bucket **out);
struct pp_hist *pp_hist_import(const struct pp_hist_bucket *buckets, size_t n);

#endif
