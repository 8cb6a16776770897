/*
 * gen.h: value generators for `pgperf seed` (spec in docs/seed-format.md).
 *
 * A struct pp_gen is plain data built by the spec parser (seedspec.c); pp_gen_emit writes one
 * value for a row in PostgreSQL's COPY text format (escaped; \N for NULL). Every column draws
 * from its own stream (struct pp_gen_state), seeded from the run's seed and the column's name, so
 * the same spec and seed give byte-identical rows whatever else the spec holds. A struct pp_gen
 * owns its strings and nested generators (pp_gen_reset).
 */
#ifndef PP_GEN_H
#define PP_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/rng.h"

enum pp_gen_kind {
	PP_GEN_SEQUENCE,
	PP_GEN_INT,
	PP_GEN_FLOAT,
	PP_GEN_CHOICE,
	PP_GEN_TEXT,
	PP_GEN_WORDS,
	PP_GEN_LOREM,
	PP_GEN_TIMESTAMP,
	PP_GEN_DATE,
	PP_GEN_UUID,
	PP_GEN_BOOL,
	PP_GEN_JSON,
	PP_GEN_REF
};

enum pp_gen_dist { PP_DIST_UNIFORM, PP_DIST_NORMAL, PP_DIST_ZIPF };

struct pp_gen {
	enum pp_gen_kind kind;
	double null_fraction;
	/* sequence */
	int64_t start, step, repeat;
	/* int, float, words, lorem: bounds; timestamp, date: seconds since the epoch */
	double min, max;
	enum pp_gen_dist dist;
	double mean, stddev, skew;
	int decimals;
	bool ordered;        /* timestamp, date: non-decreasing along the rows */
	/* choice */
	char **values;       /* NULL entries are SQL NULL */
	double *weights;     /* cumulative, last = 1; NULL for equal weights */
	size_t n_values;
	/* text */
	char *pattern;       /* {seq} {row} {word} {int} placeholders */
	/* bool */
	double probability;
	/* json: nested fields */
	char **field_names;
	struct pp_gen *fields;
	size_t n_fields;
	/* ref */
	char *ref_table, *ref_column;
	int64_t ref_lo, ref_hi, ref_step; /* the parent's key range, filled before loading */
	int64_t *ref_keys;   /* or its key set, sorted; NULL when a range */
	size_t n_ref_keys;
};

/* Per-column generator state: its random stream and what ordered generators remember. */
struct pp_gen_state {
	struct pp_rng rng;
	double last;
};

void pp_gen_state_init(struct pp_gen_state *st, uint64_t seed, const char *table,
		       const char *column);

/*
 * Appends the value for row (0-based, of rows) to out, escaped for COPY text format. scratch is
 * a caller-owned work buffer (initialised), reused across calls.
 */
void pp_gen_emit(const struct pp_gen *g, struct pp_gen_state *st, int64_t row, int64_t rows,
		 struct pp_buf *scratch, struct pp_buf *out);

/* How many distinct values g can produce for rows rows, or -1 when it may repeat values. */
int64_t pp_gen_unique_capacity(const struct pp_gen *g, int64_t rows);

/* Zipf-distributed rank in [1, n] with exponent s > 0 (rejection-inversion, Hormann). */
int64_t pp_gen_zipf(struct pp_rng *rng, int64_t n, double s);
/* Standard normal deviate (Box-Muller). */
double pp_gen_normal(struct pp_rng *rng);

void pp_gen_reset(struct pp_gen *g);

#endif
