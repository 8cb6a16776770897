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

/* A whole number in decimal, without printf (the hot path of sequences and ints). */
static void
put_int(struct pp_buf *out, int64_t v)
{
	char digits[24], *p = digits + sizeof digits;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	if (v < 0)
		*--p = '-';
	pp_buf_append(out, p, (size_t)(digits + sizeof digits - p));
}

static bool
sequence_value(const struct pp_gen *g, struct pp_gen_state *st, int64_t row, int64_t rows,
	       struct pp_buf *out)
{
	(void)st;
	(void)rows;
	put_int(out, g->start + g->step * (row / (g->repeat > 0 ? g->repeat : 1)));
	return true;
}

static bool
int_value(const struct pp_gen *g, struct pp_gen_state *st, int64_t row, int64_t rows,
	  struct pp_buf *out)
{
	int64_t lo = (int64_t)g->min, hi = (int64_t)g->max, v;

	(void)row;
	(void)rows;
	if (st->forced) {
		v = lo + st->index;
	} else if (g->dist == PP_DIST_NORMAL) {
		double x = llround(g->mean + g->stddev * pp_gen_normal(&st->rng));

		v = x < (double)lo ? lo : x > (double)hi ? hi : (int64_t)x;
	} else {
		v = lo + draw_index(&st->rng, hi - lo + 1, g->dist, g->skew);
	}
	put_int(out, v);
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
	if (st->forced) {
		i = (size_t)st->index;
	} else if (g->weights == NULL) {
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

/* A text pattern's value at row (0-based): {seq}, {word} and {hex} filled in. */
static void
put_pattern(const char *pattern, struct pp_rng *rng, int64_t row, struct pp_buf *out)
{
	for (const char *p = pattern; *p; p++) {
		if (strncmp(p, "{seq}", 5) == 0) {
			put_int(out, row + 1);
			p += 4;
		} else if (strncmp(p, "{word}", 6) == 0) {
			pp_buf_puts(out, word_list[pp_rng_range(rng, 0, N_WORDS - 1)]);
			p += 5;
		} else if (strncmp(p, "{hex}", 5) == 0) {
			pp_buf_printf(out, "%08llx",
				      (unsigned long long)(pp_rng_next(rng) & 0xffffffffULL));
			p += 4;
		} else {
			pp_buf_putc(out, *p);
		}
	}
}

static bool
text_value(const struct pp_gen *g, struct pp_gen_state *st, int64_t row, int64_t rows,
	   struct pp_buf *out)
{
	(void)rows;
	put_pattern(g->pattern, &st->rng, row, out);
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

static void json_member(const struct pp_gen *g, struct pp_gen_state *st, int64_t row,
			int64_t rows, struct pp_buf *out);

/* An array generator's elements as a JSON array. */
static void
json_array(const struct pp_gen *g, struct pp_gen_state *st, int64_t row, int64_t rows,
	   struct pp_buf *out)
{
	int64_t n = pp_rng_range(&st->rng, (int64_t)g->min, (int64_t)g->max);

	pp_buf_putc(out, '[');
	for (int64_t i = 0; i < n; i++) {
		if (i > 0)
			pp_buf_puts(out, ", ");
		json_member(g->of, st, row, rows, out);
	}
	pp_buf_putc(out, ']');
}

/* Any generator's value as a JSON value: null, an array, an object, a string or as it is. */
static void
json_member(const struct pp_gen *g, struct pp_gen_state *st, int64_t row, int64_t rows,
	    struct pp_buf *out)
{
	struct pp_buf v;
	bool q;

	if (g->kind == PP_GEN_ARRAY &&
	    !(g->null_fraction > 0 && pp_rng_double(&st->rng) < g->null_fraction)) {
		json_array(g, st, row, rows, out);
		return;
	}
	pp_buf_init(&v);
	if (g->kind == PP_GEN_ARRAY)
		pp_buf_puts(out, "null");
	else if (!raw_value(g, st, row, rows, &v, &q))
		pp_buf_puts(out, "null");
	else if (q && g->kind != PP_GEN_JSON)
		json_string(out, v.data);
	else
		pp_buf_puts(out, v.data);
	pp_buf_reset(&v);
}

/* A JSON object with one member per nested generator, in the spec's order. */
static bool
json_value(const struct pp_gen *g, struct pp_gen_state *st, int64_t row, int64_t rows,
	   struct pp_buf *out)
{
	pp_buf_putc(out, '{');
	for (size_t i = 0; i < g->n_fields; i++) {
		if (i > 0)
			pp_buf_puts(out, ", ");
		json_string(out, g->field_names[i]);
		pp_buf_puts(out, ": ");
		json_member(&g->fields[i], st, row, rows, out);
	}
	pp_buf_putc(out, '}');
	return true;
}

/* A PostgreSQL array literal: {"a","b",NULL}, every element quoted. */
static bool
array_value(const struct pp_gen *g, struct pp_gen_state *st, int64_t row, int64_t rows,
	    struct pp_buf *out)
{
	int64_t n = pp_rng_range(&st->rng, (int64_t)g->min, (int64_t)g->max);
	struct pp_buf v;

	pp_buf_init(&v);
	pp_buf_putc(out, '{');
	for (int64_t i = 0; i < n; i++) {
		bool q;

		if (i > 0)
			pp_buf_putc(out, ',');
		pp_buf_clear(&v);
		if (!raw_value(g->of, st, row, rows, &v, &q)) {
			pp_buf_puts(out, "NULL");
			continue;
		}
		pp_buf_putc(out, '"');
		for (const char *p = v.data; *p; p++) {
			if (*p == '"' || *p == '\\')
				pp_buf_putc(out, '\\');
			pp_buf_putc(out, *p);
		}
		pp_buf_putc(out, '"');
	}
	pp_buf_putc(out, '}');
	pp_buf_reset(&v);
	return true;
}

/* bytea in hex: \x and two digits a byte. */
static bool
bytes_value(const struct pp_gen *g, struct pp_gen_state *st, int64_t row, int64_t rows,
	    struct pp_buf *out)
{
	int64_t n = pp_rng_range(&st->rng, (int64_t)g->min, (int64_t)g->max);

	(void)row;
	(void)rows;
	pp_buf_puts(out, "\\x");
	for (int64_t i = 0; i < n; i++)
		pp_buf_printf(out, "%02x", (unsigned)(pp_rng_next(&st->rng) & 0xff));
	return true;
}

/* A range [lower,upper): lower from the element's generator, upper width above it. */
static bool
range_value(const struct pp_gen *g, struct pp_gen_state *st, int64_t row, int64_t rows,
	    struct pp_buf *out)
{
	double width = g->width_min + (g->width_max - g->width_min) * pp_rng_double(&st->rng);
	struct pp_buf lower, upper;
	bool q, ok;

	pp_buf_init(&lower);
	pp_buf_init(&upper);
	ok = raw_value(g->of, st, row, rows, &lower, &q) &&
	     pp_gen_add(lower.data, g->of->kind == PP_GEN_INT ? floor(width) : width, &upper);
	if (ok)
		pp_buf_printf(out, "[\"%s\",\"%s\")", lower.data, upper.data);
	pp_buf_reset(&lower);
	pp_buf_reset(&upper);
	return ok;
}

/* The value a ref of this table drew in this row, read from the parent (see gen.h). */
static bool
lookup_value(const struct pp_gen *g, struct pp_gen_state *st, int64_t row, int64_t rows,
	     struct pp_buf *out)
{
	const struct pp_gen *ref = st->peer_gen;
	const char *p;

	(void)row;
	(void)rows;
	if (ref == NULL || st->peer == NULL || ref->n_ref_keys == 0)
		return false;
	p = ref->ref_blob + ref->ref_offsets[st->peer->index];
	for (size_t k = 0; k <= g->lookup_slot; k++)
		p += strlen(p) + 1; /* past the key, then past the values before this one */
	if (*p == 'n')
		return false;
	if (!g->plus ||
	    !pp_gen_add(p + 1, g->plus_min + (g->plus_max - g->plus_min) * pp_rng_double(&st->rng),
			out))
		pp_buf_puts(out, p + 1);
	return true;
}

/* A parent's key: from its sequence's range, its text pattern or its loaded key set. */
static bool
ref_value(const struct pp_gen *g, struct pp_gen_state *st, int64_t row, int64_t rows,
	  struct pp_buf *out)
{
	int64_t i = st->forced ? st->index
			       : draw_index(&st->rng, pp_gen_domain(g), g->dist, g->skew);

	(void)row;
	(void)rows;
	if (g->n_ref_keys > 0)
		pp_buf_puts(out, g->ref_blob + g->ref_offsets[i] + 1); /* past its tag */
	else if (g->ref_pattern != NULL)
		put_pattern(g->ref_pattern, &st->rng, i, out);
	else
		put_int(out, g->ref_lo + i * g->ref_step);
	return true;
}

/*
 * Per kind: its value function, whether its values are strings (quoted inside JSON), and
 * whether they are plain: never a character COPY's text format escapes.
 */
static const struct {
	value_fn value;
	bool quoted;
	bool plain;
} kinds[] = {
	[PP_GEN_SEQUENCE] = { sequence_value, false, true },
	[PP_GEN_INT] = { int_value, false, true },
	[PP_GEN_FLOAT] = { float_value, false, true },
	[PP_GEN_CHOICE] = { choice_value, true },
	[PP_GEN_TEXT] = { text_value, true },
	[PP_GEN_WORDS] = { words_value, true },
	[PP_GEN_LOREM] = { words_value, true },
	[PP_GEN_TIMESTAMP] = { time_value, true, true },
	[PP_GEN_DATE] = { time_value, true, true },
	[PP_GEN_UUID] = { uuid_value, true, true },
	[PP_GEN_BOOL] = { bool_value, false, true },
	[PP_GEN_JSON] = { json_value, true },
	[PP_GEN_REF] = { ref_value, true },
	[PP_GEN_ARRAY] = { array_value, true },
	[PP_GEN_BYTES] = { bytes_value, true },
	[PP_GEN_RANGE] = { range_value, true },
	[PP_GEN_LOOKUP] = { lookup_value, true },
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
	size_t start = out->len;
	bool quote;

	if (kinds[g->kind].plain) {
		/* Nothing to escape: written in place, taken back for a NULL. */
		if (!raw_value(g, st, row, rows, out, &quote)) {
			out->len = start;
			out->data[start] = '\0';
			pp_buf_puts(out, "\\N");
		}
		return;
	}
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

void
pp_gen_draw_parent(const struct pp_gen *g, struct pp_gen_state *st)
{
	st->forced = true;
	st->index = draw_index(&st->rng, pp_gen_domain(g), g->dist, g->skew);
}

/* "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS..." as seconds since the epoch; false otherwise. */
static bool
parse_time(const char *value, double *secs, bool *date_only)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof tm);
	end = strptime(value, "%Y-%m-%d", &tm);
	if (end == NULL || end - value != 10)
		return false;
	*date_only = *end == '\0';
	if (!*date_only && strptime(end, " %H:%M:%S", &tm) == NULL)
		return false;
	*secs = (double)timegm(&tm);
	return true;
}

bool
pp_gen_add(const char *value, double amount, struct pp_buf *out)
{
	double secs, v;
	bool date_only;
	char *end;

	if (parse_time(value, &secs, &date_only)) {
		put_time(out, secs + amount, date_only);
		return true;
	}
	v = strtod(value, &end);
	if (end == value || *end != '\0' || !isfinite(v + amount))
		return false;
	if (strpbrk(value, ".eE") == NULL && amount == floor(amount) && fabs(v + amount) < 9e15)
		pp_buf_printf(out, "%.0f", v + amount);
	else
		pp_buf_printf(out, "%.15g", v + amount);
	return true;
}

int64_t
pp_gen_domain(const struct pp_gen *g)
{
	switch (g->kind) {
	case PP_GEN_REF:
		if (g->n_ref_keys > 0)
			return (int64_t)g->n_ref_keys;
		if (g->ref_pattern != NULL)
			return g->ref_rows;
		return (g->ref_hi - g->ref_lo) / (g->ref_step ? g->ref_step : 1) + 1;
	case PP_GEN_INT:
		return g->dist == PP_DIST_UNIFORM ? (int64_t)g->max - (int64_t)g->min + 1 : -1;
	case PP_GEN_BOOL:
		return 2;
	case PP_GEN_CHOICE:
		return (int64_t)g->n_values;
	default:
		return -1;
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
	if (g->of != NULL) {
		pp_gen_reset(g->of);
		free(g->of);
	}
	free(g->lookup_ref);
	free(g->lookup_column);
	for (size_t i = 0; i < g->n_ref_lookups; i++)
		free(g->ref_lookups[i]);
	free(g->ref_lookups);
	free(g->ref_table);
	free(g->ref_column);
	free(g->ref_pattern);
	free(g->ref_blob);
	free(g->ref_offsets);
	memset(g, 0, sizeof *g);
}
