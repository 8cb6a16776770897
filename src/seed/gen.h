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
	PP_GEN_REF,
	PP_GEN_ARRAY,
	PP_GEN_BYTES,
	PP_GEN_RANGE,
	PP_GEN_LOOKUP
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
	/* array, range: the element's generator (owned) */
	struct pp_gen *of;
	/* range: its width, in the element's unit (seconds for timestamp and date) */
	double width_min, width_max;
	/* lookup: the value of the parent's column lookup_column in the parent row that this
	 * table's ref column lookup_ref drew, plus an amount in [plus_min, plus_max] when plus */
	char *lookup_ref, *lookup_column;
	bool plus;
	double plus_min, plus_max;
	size_t lookup_slot;  /* filled before loading: which of the ref's looked-up values */
	/* ref: the parent's keys, filled before loading (seed/keys.c), in one of three forms */
	char *ref_table, *ref_column;
	int64_t ref_lo, ref_hi, ref_step; /* a range: the parent's key is a sequence */
	char *ref_pattern;   /* or a text pattern with {seq} only: key i is its value at row i */
	int64_t ref_rows;    /*   of ref_rows rows */
	char *ref_blob;      /* or the key set read from the database: per key, in key order, */
	size_t *ref_offsets; /*   the key and each looked-up value, each a tag byte ('v' a value, */
	size_t n_ref_keys;   /*   'n' NULL) then its text ended by a NUL; the offset of each key */
	char **ref_lookups;  /* the parent's columns that lookups read (filled before loading) */
	size_t n_ref_lookups;
};

/* Per-column generator state: its random stream and what ordered generators remember. */
struct pp_gen_state {
	struct pp_rng rng;
	double last;
	bool forced;         /* the next value is the one at index in the generator's domain */
	int64_t index;       /* (pp_gen_domain), chosen for a unique tuple (seed/keys.c) or for
			        the lookups of this row */
	const struct pp_gen *peer_gen;     /* lookup: the ref column it reads through */
	const struct pp_gen_state *peer;   /*   and that column's state */
};

void pp_gen_state_init(struct pp_gen_state *st, uint64_t seed, const char *table,
		       const char *column);

/*
 * Appends the value for row (0-based, of rows) to out, escaped for COPY text format. scratch is
 * a caller-owned work buffer (initialised), reused across calls.
 */
void pp_gen_emit(const struct pp_gen *g, struct pp_gen_state *st, int64_t row, int64_t rows,
		 struct pp_buf *scratch, struct pp_buf *out);

/*
 * How many values g draws from by index (a ref: its parent's keys; an int with a uniform
 * distribution: max - min + 1; a choice: its values; a bool: 2), or -1 when its values are not
 * drawn by index.
 * Valid for a ref once its keys are filled.
 */
int64_t pp_gen_domain(const struct pp_gen *g);

/* How many distinct values g can produce for rows rows, or -1 when it may repeat values. */
int64_t pp_gen_unique_capacity(const struct pp_gen *g, int64_t rows);

/* A ref with lookups: draws this row's parent row (st->forced, st->index) before the row. */
void pp_gen_draw_parent(const struct pp_gen *g, struct pp_gen_state *st);

/*
 * Adds amount to a value's text into out: a timestamp ("YYYY-MM-DD HH:MM:SS", any fraction and
 * zone ignored, UTC) or a date by amount seconds, a number by amount. False (out untouched) when
 * the text is none of these.
 */
bool pp_gen_add(const char *value, double amount, struct pp_buf *out);

/* Zipf-distributed rank in [1, n] with exponent s > 0 (rejection-inversion, Hormann). */
int64_t pp_gen_zipf(struct pp_rng *rng, int64_t n, double s);
/* Standard normal deviate (Box-Muller). */
double pp_gen_normal(struct pp_rng *rng);

void pp_gen_reset(struct pp_gen *g);

#endif
