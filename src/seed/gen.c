/*
 * gen.c: value generators for `pgperf seed` (see gen.h).
 */
#include "seed/gen.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const word_list[] = {
	"alpha",   "amber",   "anchor", "apex",    "arbor",  "atlas",   "beacon", "birch",
	"bloom",   "breeze",  "brook",  "canyon",  "cedar",  "cinder",  "cobalt", "comet",
	"coral",   "crest",   "delta",  "drift",   "ember",  "falcon",  "fern",   "fjord",
	"flint",   "forest",  "garnet", "glacier", "grove",  "harbor",  "hazel",  "horizon",
	"indigo",  "island",  "jasper", "juniper", "lagoon", "lantern", "larch",  "lotus",
	"maple",   "meadow",  "mesa",   "nebula",  "orchid", "pebble",  "pine",   "prairie",
	"quartz",  "raven",   "reef",   "ridge",   "river",  "sage",    "sierra", "spruce",
	"summit",  "thistle", "tundra", "valley",  "willow", "zephyr",  "zenith", "zinc",
};
static const char *const lorem_list[] = {
	"lorem",   "ipsum",   "dolor",   "sit",       "amet",   "consectetur", "adipiscing",
	"elit",    "sed",     "do",      "eiusmod",   "tempor", "incididunt",  "ut",
	"labore",  "et",      "dolore",  "magna",     "aliqua", "enim",        "ad",
	"minim",   "veniam",  "quis",    "nostrud",   "ullamco", "laboris",    "nisi",
	"aliquip", "ex",      "ea",      "commodo",   "duis",   "aute",        "irure",
	"in",      "velit",   "esse",    "cillum",    "fugiat", "nulla",       "pariatur",
};
#define N_WORDS (sizeof word_list / sizeof word_list[0])
#define N_LOREM (sizeof lorem_list / sizeof lorem_list[0])

void
pp_gen_state_init(struct pp_gen_state *st, uint64_t seed, const char *table, const char *column)
{
	uint64_t h = 1469598103934665603ULL;

	for (const char *p = table; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	h = (h ^ '.') * 1099511628211ULL;
	for (const char *p = column; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	memset(st, 0, sizeof *st);
	pp_rng_init(&st->rng, seed ^ h);
}

double
pp_gen_normal(struct pp_rng *rng)
{
	double u1 = pp_rng_double(rng), u2 = pp_rng_double(rng);

	if (u1 < 1e-300)
		u1 = 1e-300;
	return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

/* Rejection-inversion sampling of a Zipf distribution (Hormann and Derflinger, 1996). */
static double
helper1(double x)
{
	return fabs(x) > 1e-8 ? log1p(x) / x : 1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));
}

static double
helper2(double x)
{
	return fabs(x) > 1e-8 ? expm1(x) / x : 1.0 + x * 0.5 * (1.0 + x / 3.0 * (1.0 + 0.25 * x));
}

static double
h_integral(double x, double s)
{
	double lx = log(x);

	return helper2((1.0 - s) * lx) * lx;
}

static double
h(double x, double s)
{
	return exp(-s * log(x));
}

static double
h_integral_inverse(double x, double s)
{
	double t = x * (1.0 - s);

	if (t < -1.0)
		t = -1.0;
	return exp(helper1(t) * x);
}

int64_t
pp_gen_zipf(struct pp_rng *rng, int64_t n, double s)
{
	double hx1 = h_integral(1.5, s) - 1.0;
	double hn = h_integral((double)n + 0.5, s);
	double sdelta = 2.0 - h_integral_inverse(h_integral(2.5, s) - h(2.0, s), s);

	for (;;) {
		double u = hn + pp_rng_double(rng) * (hx1 - hn);
		double x = h_integral_inverse(u, s);
		int64_t k = (int64_t)(x + 0.5);

		if (k < 1)
			k = 1;
		else if (k > n)
			k = n;
		if ((double)k - x <= sdelta || u >= h_integral((double)k + 0.5, s) - h((double)k, s))
			return k;
	}
}

/* An index in [0, n): uniform, or Zipf with rank 1 (index 0) hottest. */
static int64_t
draw_index(struct pp_rng *rng, int64_t n, enum pp_gen_dist dist, double skew)
{
	if (n <= 1)
		return 0;
	if (dist == PP_DIST_ZIPF)
		return pp_gen_zipf(rng, n, skew) - 1;
	return pp_rng_range(rng, 0, n - 1);
}

static void
put_time(struct pp_buf *out, double secs, bool date_only)
{
	time_t t = (time_t)floor(secs);
	struct tm tm;
	char s[40];

	gmtime_r(&t, &tm);
	strftime(s, sizeof s, date_only ? "%Y-%m-%d" : "%Y-%m-%d %H:%M:%S+00", &tm);
	pp_buf_puts(out, s);
}

static void
json_string(struct pp_buf *out, const char *s)
{
	pp_buf_putc(out, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			pp_buf_printf(out, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			pp_buf_printf(out, "\\u%04x", (unsigned char)*s);
		else
			pp_buf_putc(out, *s);
	}
	pp_buf_putc(out, '"');
}

/*
 * One function per generator kind: appends g's raw value for row (of rows) to out; returns
 * false for SQL NULL.
 */
typedef bool (*value_fn)(const struct pp_gen *g, struct pp_gen_state *st, int64_t row,
			 int64_t rows, struct pp_buf *out);

static bool raw_value(const struct pp_gen *g, struct pp_gen_state *st, int64_t row, int64_t rows,
		      struct pp_buf *out, bool *quote);

static bool
sequence_value(const struct pp_gen *g, struct pp_gen_state *st, int64_t row, int64_t rows,
	       struct pp_buf *out)
{
	(void)st;
	(void)rows;
	pp_buf_printf(out, "%lld",
		      (long long)(g->start + g->step * (row / (g->repeat > 0 ? g->repeat : 1))));
	return true;
}

static bool
int_value(const struct pp_gen *g, struct pp_gen_state *st, int64_t row, int64_t rows,
	  struct pp_buf *out)
{
	int64_t lo = (int64_t)g->min, hi = (int64_t)g->max, v;

	(void)row;
	(void)rows;
	if (g->dist == PP_DIST_NORMAL) {
		double x = llround(g->mean + g->stddev * pp_gen_normal(&st->rng));

		v = x < (double)lo ? lo : x > (double)hi ? hi : (int64_t)x;
	} else {
		v = lo + draw_index(&st->rng, hi - lo + 1, g->dist, g->skew);
	}
	pp_buf_printf(out, "%lld", (long long)v);
	return true;
}

static bool
float_value(const struct pp_gen *g, struct pp_gen_state *st, int64_t row, int64_t rows,
	    struct pp_buf *out)
{
	double v = g->dist == PP_DIST_NORMAL
			   ? fmin(g->max, fmax(g->min, g->mean + g->stddev * pp_gen_normal(&st->rng)))
			   : g->min + (g->max - g->min) * pp_rng_double(&st->rng);

	(void)row;
	(void)rows;
	pp_buf_printf(out, "%.*f", g->decimals, v);
	return true;
}

static bool
choice_value(const struct pp_gen *g, struct pp_gen_state *st, int64_t row, int64_t rows,
	     struct pp_buf *out)
{
	size_t i;

	(void)row;
	(void)rows;
	if (g->weights == NULL) {
		i = (size_t)pp_rng_range(&st->rng, 0, (int64_t)g->n_values - 1);
	} else {
		double u = pp_rng_double(&st->rng);

		for (i = 0; i + 1 < g->n_values && u >= g->weights[i]; i++)
			;
	}
	if (g->values[i] == NULL)
		return false;
	pp_buf_puts(out, g->values[i]);
	return true;
}

static bool
text_value(const struct pp_gen *g, struct pp_gen_state *st, int64_t row, int64_t rows,
	   struct pp_buf *out)
{
	(void)rows;
	for (const char *p = g->pattern; *p; p++) {
		if (strncmp(p, "{seq}", 5) == 0) {
			pp_buf_printf(out, "%lld", (long long)row + 1);
			p += 4;
		} else if (strncmp(p, "{word}", 6) == 0) {
			pp_buf_puts(out, word_list[pp_rng_range(&st->rng, 0, N_WORDS - 1)]);
			p += 5;
		} else if (strncmp(p, "{hex}", 5) == 0) {
			pp_buf_printf(out, "%08llx",
				      (unsigned long long)(pp_rng_next(&st->rng) & 0xffffffffULL));
			p += 4;
		} else {
			pp_buf_putc(out, *p);
		}
	}
	return true;
}

/* words and lorem: a lorem sentence starts with a capital and ends with a period. */
static bool
words_value(const struct pp_gen *g, struct pp_gen_state *st, int64_t row, int64_t rows,
	    struct pp_buf *out)
{
	int64_t n = pp_rng_range(&st->rng, (int64_t)g->min, (int64_t)g->max);
	bool lorem = g->kind == PP_GEN_LOREM;

	(void)row;
	(void)rows;
	for (int64_t i = 0; i < n; i++) {
		const char *w = lorem ? lorem_list[pp_rng_range(&st->rng, 0, N_LOREM - 1)]
				      : word_list[pp_rng_range(&st->rng, 0, N_WORDS - 1)];

		if (i > 0)
			pp_buf_putc(out, ' ');
		if (lorem && i == 0) {
			pp_buf_putc(out, (char)(w[0] - 'a' + 'A'));
			pp_buf_puts(out, w + 1);
		} else {
			pp_buf_puts(out, w);
		}
	}
	if (lorem && n > 0)
		pp_buf_putc(out, '.');
	return true;
}

/* timestamp and date: uniform in the range, or rising steadily along the rows. */
static bool
time_value(const struct pp_gen *g, struct pp_gen_state *st, int64_t row, int64_t rows,
	   struct pp_buf *out)
{
	double v;

	if (g->ordered)
		v = g->min + (g->max - g->min) * (rows > 1 ? (double)row / (double)(rows - 1) : 0);
	else
		v = g->min + (g->max - g->min) * pp_rng_double(&st->rng);
	put_time(out, v, g->kind == PP_GEN_DATE);
	return true;
}

static bool
uuid_value(const struct pp_gen *g, struct pp_gen_state *st, int64_t row, int64_t rows,
	   struct pp_buf *out)
{
	uint64_t a = pp_rng_next(&st->rng), b = pp_rng_next(&st->rng);

	(void)g;
	(void)row;
	(void)rows;
	a = (a & 0xffffffffffff0fffULL) | 0x0000000000004000ULL; /* version 4 */
	b = (b & 0x3fffffffffffffffULL) | 0x8000000000000000ULL; /* RFC 4122 variant */
	pp_buf_printf(out, "%08llx-%04llx-%04llx-%04llx-%012llx", (unsigned long long)(a >> 32),
		      (unsigned long long)((a >> 16) & 0xffff), (unsigned long long)(a & 0xffff),
		      (unsigned long long)(b >> 48), (unsigned long long)(b & 0xffffffffffffULL));
	return true;
}

static bool
bool_value(const struct pp_gen *g, struct pp_gen_state *st, int64_t row, int64_t rows,
	   struct pp_buf *out)
{
	(void)row;
	(void)rows;
	pp_buf_puts(out, pp_rng_double(&st->rng) < g->probability ? "true" : "false");
	return true;
}

/* A JSON object with one member per nested generator, in the spec's order. */
static bool
json_value(const struct pp_gen *g, struct pp_gen_state *st, int64_t row, int64_t rows,
	   struct pp_buf *out)
{
	struct pp_buf v;

	pp_buf_init(&v);
	pp_buf_putc(out, '{');
	for (size_t i = 0; i < g->n_fields; i++) {
		bool q, present;

		pp_buf_clear(&v);
		present = raw_value(&g->fields[i], st, row, rows, &v, &q);
		if (i > 0)
			pp_buf_puts(out, ", ");
		json_string(out, g->field_names[i]);
		pp_buf_puts(out, ": ");
		if (!present)
			pp_buf_puts(out, "null");
		else if (q)
			json_string(out, v.data);
		else
			pp_buf_puts(out, v.data);
	}
	pp_buf_putc(out, '}');
	pp_buf_reset(&v);
	return true;
}

/* A parent's key: from its sequence's range, or from its loaded key set. */
static bool
ref_value(const struct pp_gen *g, struct pp_gen_state *st, int64_t row, int64_t rows,
	  struct pp_buf *out)
{
	int64_t n = g->ref_keys ? (int64_t)g->n_ref_keys
				: (g->ref_hi - g->ref_lo) / (g->ref_step ? g->ref_step : 1) + 1;
	int64_t i = draw_index(&st->rng, n, g->dist, g->skew);

	(void)row;
	(void)rows;
	pp_buf_printf(out, "%lld",
		      (long long)(g->ref_keys ? g->ref_keys[i] : g->ref_lo + i * g->ref_step));
	return true;
}

/* Per kind: its value function, and whether its values are strings (quoted inside JSON). */
static const struct {
	value_fn value;
	bool quoted;
} kinds[] = {
	[PP_GEN_SEQUENCE] = { sequence_value, false },
	[PP_GEN_INT] = { int_value, false },
	[PP_GEN_FLOAT] = { float_value, false },
	[PP_GEN_CHOICE] = { choice_value, true },
	[PP_GEN_TEXT] = { text_value, true },
	[PP_GEN_WORDS] = { words_value, true },
	[PP_GEN_LOREM] = { words_value, true },
	[PP_GEN_TIMESTAMP] = { time_value, true },
	[PP_GEN_DATE] = { time_value, true },
	[PP_GEN_UUID] = { uuid_value, true },
	[PP_GEN_BOOL] = { bool_value, false },
	[PP_GEN_JSON] = { json_value, true },
	[PP_GEN_REF] = { ref_value, false },
};

/*
 * Writes g's raw value for row to out. Returns false for SQL NULL. *quote says the value is a
 * string (for JSON objects).
 */
static bool
raw_value(const struct pp_gen *g, struct pp_gen_state *st, int64_t row, int64_t rows,
	  struct pp_buf *out, bool *quote)
{
	*quote = false;
	if (g->null_fraction > 0 && pp_rng_double(&st->rng) < g->null_fraction)
		return false;
	*quote = kinds[g->kind].quoted;
	return kinds[g->kind].value(g, st, row, rows, out);
}

void
pp_gen_emit(const struct pp_gen *g, struct pp_gen_state *st, int64_t row, int64_t rows,
	    struct pp_buf *scratch, struct pp_buf *out)
{
	struct pp_buf *raw = scratch;
	bool quote;

	pp_buf_clear(raw);
	if (!raw_value(g, st, row, rows, raw, &quote)) {
		pp_buf_puts(out, "\\N");
		return;
	}
	/* COPY text format: backslash, newline, carriage return and tab are escaped. */
	if (strpbrk(raw->data, "\\\n\r\t") == NULL) {
		pp_buf_append(out, raw->data, raw->len);
		return;
	}
	for (const char *p = raw->data; *p; p++) {
		switch (*p) {
		case '\\':
			pp_buf_puts(out, "\\\\");
			break;
		case '\n':
			pp_buf_puts(out, "\\n");
			break;
		case '\r':
			pp_buf_puts(out, "\\r");
			break;
		case '\t':
			pp_buf_puts(out, "\\t");
			break;
		default:
			pp_buf_putc(out, *p);
		}
	}
}

int64_t
pp_gen_unique_capacity(const struct pp_gen *g, int64_t rows)
{
	if (g->null_fraction > 0)
		return -1;
	switch (g->kind) {
	case PP_GEN_SEQUENCE:
		return g->step != 0 && g->repeat <= 1 ? rows : -1;
	case PP_GEN_UUID:
		return rows;
	case PP_GEN_TEXT:
		return strstr(g->pattern, "{seq}") != NULL ? rows : -1;
	case PP_GEN_TIMESTAMP:
		return g->ordered && g->max - g->min >= (double)rows ? rows : -1;
	default:
		return -1;
	}
}

void
pp_gen_reset(struct pp_gen *g)
{
	for (size_t i = 0; i < g->n_values; i++)
		free(g->values[i]);
	free(g->values);
	free(g->weights);
	free(g->pattern);
	for (size_t i = 0; i < g->n_fields; i++) {
		free(g->field_names[i]);
		pp_gen_reset(&g->fields[i]);
	}
	free(g->field_names);
	free(g->fields);
	free(g->ref_table);
	free(g->ref_column);
	free(g->ref_keys);
	memset(g, 0, sizeof *g);
}
