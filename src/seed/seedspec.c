/*
 * seedspec.c: the seed spec's JSON, parsed with cJSON into plain structs (see seedspec.h).
 *
 * Every value is checked for its type and its documented range (docs/seed-format.md, Limits)
 * before anything is generated, so no spec can make a generator overflow or run unbounded.
 */
#include "seed/seedspec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/buf.h"
#include "util/file.h"
#include "util/json.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/str.h"

struct ctx {
	const char *path;
	const char *dir;
	bool ok;
};

static void
problem(struct ctx *x, const char *where, const char *fmt, ...) PP_PRINTF(3, 4);

static void
problem(struct ctx *x, const char *where, const char *fmt, ...)
{
	va_list ap;
	char *what;

	va_start(ap, fmt);
	what = pp_str_vprintf(fmt, ap);
	va_end(ap);
	pp_log_error("%s: %s%s%s", x->path, where, *where ? ": " : "", what);
	free(what);
	x->ok = false;
}

/* ---- values and their ranges -------------------------------------------------------------- */

/* The range a number option accepts; whole: no fraction. */
struct bound {
	double min, max;
	bool whole;
};

static const struct bound any_whole = { -PP_SEED_MAX_WHOLE, PP_SEED_MAX_WHOLE, true };
static const struct bound any_number = { -PP_SEED_MAX_WHOLE, PP_SEED_MAX_WHOLE, false };
static const struct bound fraction = { 0, 1, false };

/*
 * v is an object (an array or a scalar would make every lookup in it meaningless) whose keys
 * are each given once; what says what was expected there.
 */
static bool
is_object(struct ctx *x, const char *where, const cJSON *v, const char *what)
{
	const char *twice;

	if (!cJSON_IsObject(v)) {
		problem(x, where, "expected %s", what);
		return false;
	}
	twice = pp_json_repeated_key(v);
	if (twice != NULL) {
		problem(x, where, "\"%s\" given twice: expected each key once", twice);
		return false;
	}
	return true;
}

static bool
in_bound(struct ctx *x, const char *where, const char *key, double v, const struct bound *b)
{
	/* Written so that infinities (a JSON 1e400) fail too. */
	if (isfinite(v) && v >= b->min && v <= b->max && (!b->whole || v == floor(v)))
		return true;
	problem(x, where, "\"%s\" must be a %s from %.16g to %.16g", key,
		b->whole ? "whole number" : "number", b->min, b->max);
	return false;
}

/* obj's number key within b into *out; dflt when missing unless required. */
static bool
get_number(struct ctx *x, const char *where, const cJSON *obj, const char *key,
	   const struct bound *b, double dflt, bool required, double *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	*out = dflt;
	if (v == NULL) {
		if (required)
			problem(x, where, "\"%s\" is required", key);
		return !required;
	}
	if (!cJSON_IsNumber(v)) {
		problem(x, where, "\"%s\" must be a number", key);
		return false;
	}
	if (!in_bound(x, where, key, v->valuedouble, b))
		return false;
	*out = v->valuedouble;
	return true;
}

/* As get_number, for an int64_t field. */
static bool
get_whole(struct ctx *x, const char *where, const cJSON *obj, const char *key,
	  const struct bound *b, double dflt, int64_t *out)
{
	double d;

	if (!get_number(x, where, obj, key, b, dflt, false, &d))
		return false;
	*out = (int64_t)d;
	return true;
}

/* "min" and "max" within b, min not above max. */
static bool
get_min_max(struct ctx *x, const char *where, const cJSON *obj, const struct bound *b,
	    struct pp_gen *g)
{
	if (!get_number(x, where, obj, "min", b, 0, true, &g->min) ||
	    !get_number(x, where, obj, "max", b, 0, true, &g->max))
		return false;
	if (g->min > g->max) {
		problem(x, where, "\"min\" (%g) must not exceed \"max\" (%g)", g->min, g->max);
		return false;
	}
	return true;
}

/* A time bound: "2026-01-01" or "2026-01-01 12:00:00" (UTC), as seconds since the epoch. */
static bool
get_time(struct ctx *x, const char *where, const cJSON *obj, const char *key, double *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof tm);
	if (!cJSON_IsString(v)) {
		problem(x, where, "\"%s\" is required: a date such as \"2026-01-01\"", key);
		return false;
	}
	end = strptime(v->valuestring, "%Y-%m-%d", &tm);
	if (end != NULL && *end != '\0')
		end = strptime(end, " %H:%M:%S", &tm);
	if (end == NULL || *end != '\0') {
		problem(x, where, "\"%s\": \"%s\" is not a date (YYYY-MM-DD or YYYY-MM-DD HH:MM:SS)",
			key, v->valuestring);
		return false;
	}
	*out = (double)timegm(&tm);
	if (*out < PP_SEED_MIN_TIME || *out > PP_SEED_MAX_TIME) {
		problem(x, where, "\"%s\": \"%s\" is out of range: expected a date from 0001-01-01 to "
			"9999-12-31",
			key, v->valuestring);
		return false;
	}
	return true;
}

static bool
get_distribution(struct ctx *x, const char *where, const cJSON *obj, struct pp_gen *g)
{
	static const struct bound skew = { 0, PP_SEED_MAX_SKEW, false };
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "distribution");
	const char *name = cJSON_IsString(v) ? v->valuestring : "";

	g->dist = PP_DIST_UNIFORM;
	g->skew = 1.1;
	if (v == NULL || strcmp(name, "uniform") == 0)
		return true;
	if (strcmp(name, "zipf") == 0 && g->kind != PP_GEN_FLOAT) {
		g->dist = PP_DIST_ZIPF;
		if (!get_number(x, where, obj, "skew", &skew, 1.1, false, &g->skew))
			return false;
		if (g->skew <= 0) {
			problem(x, where, "\"skew\" must be above 0");
			return false;
		}
		return true;
	}
	if (strcmp(name, "normal") == 0 && g->kind != PP_GEN_REF) {
		static const struct bound stddev = { 0, PP_SEED_MAX_WHOLE, false };

		g->dist = PP_DIST_NORMAL;
		return get_number(x, where, obj, "mean", &any_number, (g->min + g->max) / 2, false,
				  &g->mean) &&
		       get_number(x, where, obj, "stddev", &stddev, (g->max - g->min) / 6, false,
				  &g->stddev);
	}
	problem(x, where, "\"distribution\" must be %s",
		g->kind == PP_GEN_REF ? "\"uniform\" or \"zipf\""
		: g->kind == PP_GEN_FLOAT ? "\"uniform\" or \"normal\""
					  : "\"uniform\", \"normal\" or \"zipf\"");
	return false;
}

/* ---- one function per generator kind -------------------------------------------------------- */

static bool parse_gen(struct ctx *x, const char *where, const cJSON *obj, struct pp_gen *g);

static bool
parse_sequence(struct ctx *x, const char *where, const cJSON *obj, struct pp_gen *g)
{
	static const struct bound repeat = { 1, PP_SEED_MAX_WHOLE, true };

	return get_whole(x, where, obj, "start", &any_whole, 1, &g->start) &&
	       get_whole(x, where, obj, "step", &any_whole, 1, &g->step) &&
	       get_whole(x, where, obj, "repeat", &repeat, 1, &g->repeat);
}

static bool
parse_int(struct ctx *x, const char *where, const cJSON *obj, struct pp_gen *g)
{
	return get_min_max(x, where, obj, &any_number, g) && get_distribution(x, where, obj, g);
}

static bool
parse_float(struct ctx *x, const char *where, const cJSON *obj, struct pp_gen *g)
{
	static const struct bound value = { -PP_SEED_MAX_FLOAT, PP_SEED_MAX_FLOAT, false };
	static const struct bound decimals = { 0, PP_SEED_MAX_DECIMALS, true };
	double d;

	if (!get_min_max(x, where, obj, &value, g) ||
	    !get_number(x, where, obj, "decimals", &decimals, 2, false, &d))
		return false;
	g->decimals = (int)d;
	return get_distribution(x, where, obj, g);
}

/* words and lorem: a count of words. */
static bool
parse_word_count(struct ctx *x, const char *where, const cJSON *obj, struct pp_gen *g)
{
	static const struct bound words = { 0, PP_SEED_MAX_WORDS, true };

	return get_min_max(x, where, obj, &words, g);
}

static char *
scalar_text(const cJSON *v)
{
	char num[64];

	if (cJSON_IsString(v))
		return pp_mem_strdup(v->valuestring);
	if (cJSON_IsBool(v))
		return pp_mem_strdup(cJSON_IsTrue(v) ? "true" : "false");
	pp_json_format_number(v->valuedouble, num, sizeof num);
	return pp_mem_strdup(num);
}

/* Cumulative weights scaled to end at 1, one per value. */
static bool
parse_weights(struct ctx *x, const char *where, const cJSON *weights, struct pp_gen *g)
{
	static const struct bound weight = { 0, PP_SEED_MAX_WHOLE, false };
	const cJSON *v;
	double total = 0;
	size_t i = 0;

	if (!cJSON_IsArray(weights) || (size_t)cJSON_GetArraySize(weights) != g->n_values) {
		problem(x, where, "\"weights\" must be an array of %zu numbers, one per value",
			g->n_values);
		return false;
	}
	g->weights = pp_mem_calloc(g->n_values, sizeof *g->weights);
	cJSON_ArrayForEach(v, weights)
	{
		char key[32];

		snprintf(key, sizeof key, "weights[%zu]", i);
		if (!cJSON_IsNumber(v)) {
			problem(x, where, "%s must be a number, 0 or more", key);
			return false;
		}
		if (!in_bound(x, where, key, v->valuedouble, &weight))
			return false;
		total += v->valuedouble;
		g->weights[i++] = total;
	}
	if (total <= 0) {
		problem(x, where, "\"weights\" must not all be 0");
		return false;
	}
	for (i = 0; i < g->n_values; i++)
		g->weights[i] /= total;
	return true;
}

static bool
parse_choice(struct ctx *x, const char *where, const cJSON *obj, struct pp_gen *g)
{
	const cJSON *values = cJSON_GetObjectItemCaseSensitive(obj, "values");
	const cJSON *weights = cJSON_GetObjectItemCaseSensitive(obj, "weights");
	const cJSON *v;
	size_t i = 0;

	if (!cJSON_IsArray(values) || cJSON_GetArraySize(values) == 0) {
		problem(x, where, "\"values\" must be a non-empty array");
		return false;
	}
	g->n_values = (size_t)cJSON_GetArraySize(values);
	g->values = pp_mem_calloc(g->n_values, sizeof *g->values);
	cJSON_ArrayForEach(v, values)
	{
		if (!cJSON_IsNull(v) && !cJSON_IsString(v) && !cJSON_IsNumber(v) && !cJSON_IsBool(v)) {
			problem(x, where, "values[%zu] must be a string, number, boolean or null", i);
			return false;
		}
		g->values[i++] = cJSON_IsNull(v) ? NULL : scalar_text(v);
	}
	return weights == NULL || parse_weights(x, where, weights, g);
}

static bool
parse_text(struct ctx *x, const char *where, const cJSON *obj, struct pp_gen *g)
{
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(obj, "pattern");

	if (!cJSON_IsString(p)) {
		problem(x, where, "\"pattern\" is required: text with {seq}, {word} or {hex}");
		return false;
	}
	g->pattern = pp_mem_strdup(p->valuestring);
	return true;
}

/* timestamp and date. */
static bool
parse_time_range(struct ctx *x, const char *where, const cJSON *obj, struct pp_gen *g)
{
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(obj, "ordered");

	if (!get_time(x, where, obj, "min", &g->min) || !get_time(x, where, obj, "max", &g->max))
		return false;
	if (g->min > g->max) {
		problem(x, where, "\"min\" must not be after \"max\"");
		return false;
	}
	if (o != NULL && !cJSON_IsBool(o)) {
		problem(x, where, "\"ordered\" must be true or false");
		return false;
	}
	g->ordered = cJSON_IsTrue(o);
	return true;
}

static bool
parse_uuid(struct ctx *x, const char *where, const cJSON *obj, struct pp_gen *g)
{
	(void)x;
	(void)where;
	(void)obj;
	(void)g;
	return true;
}

static bool
parse_bool(struct ctx *x, const char *where, const cJSON *obj, struct pp_gen *g)
{
	return get_number(x, where, obj, "probability", &fraction, 0.5, false, &g->probability);
}

static bool
parse_json(struct ctx *x, const char *where, const cJSON *obj, struct pp_gen *g)
{
	const cJSON *fields = cJSON_GetObjectItemCaseSensitive(obj, "fields"), *f;
	struct pp_buf w;
	size_t i = 0;
	bool ok = true;

	if (!cJSON_IsObject(fields) || cJSON_GetArraySize(fields) == 0) {
		problem(x, where, "\"fields\" must be an object of generators");
		return false;
	}
	pp_buf_init(&w);
	pp_buf_printf(&w, "%s.fields", where);
	if (!is_object(x, w.data, fields, "an object of generators")) {
		pp_buf_reset(&w);
		return false;
	}
	g->n_fields = (size_t)cJSON_GetArraySize(fields);
	g->fields = pp_mem_calloc(g->n_fields, sizeof *g->fields);
	g->field_names = pp_mem_calloc(g->n_fields, sizeof *g->field_names);
	cJSON_ArrayForEach(f, fields)
	{
		pp_buf_clear(&w);
		pp_buf_printf(&w, "%s.fields.%s", where, f->string);
		g->field_names[i] = pp_mem_strdup(f->string);
		ok = parse_gen(x, w.data, f, &g->fields[i]) && ok;
		if (g->fields[i].kind == PP_GEN_REF || g->fields[i].kind == PP_GEN_LOOKUP) {
			problem(x, w.data, "a ref or a lookup cannot stand inside a json value");
			ok = false;
		}
		i++;
	}
	pp_buf_reset(&w);
	return ok;
}

static bool
parse_ref(struct ctx *x, const char *where, const cJSON *obj, struct pp_gen *g)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(obj, "table");
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(obj, "column");

	if (!cJSON_IsString(t) || strchr(t->valuestring, '.') == NULL) {
		problem(x, where, "\"table\" is required: the parent table as schema.table");
		return false;
	}
	if (!cJSON_IsString(c) || c->valuestring[0] == '\0') {
		problem(x, where, "\"column\" is required: the parent's key column");
		return false;
	}
	g->ref_table = pp_mem_strdup(t->valuestring);
	g->ref_column = pp_mem_strdup(c->valuestring);
	return get_distribution(x, where, obj, g);
}

/* A nested generator under key (array and range "of"), which must not be a ref or lookup. */
static bool
parse_nested(struct ctx *x, const char *where, const cJSON *obj, const char *key,
	     struct pp_gen *g)
{
	const cJSON *of = cJSON_GetObjectItemCaseSensitive(obj, key);
	char *w;
	bool ok;

	if (of == NULL) {
		problem(x, where, "\"%s\" is required: the element's generator", key);
		return false;
	}
	w = pp_str_printf("%s.%s", where, key);
	g->of = pp_mem_calloc(1, sizeof *g->of);
	ok = parse_gen(x, w, of, g->of);
	if (ok && (g->of->kind == PP_GEN_REF || g->of->kind == PP_GEN_LOOKUP)) {
		problem(x, w, "a ref or a lookup cannot stand inside an array or a range");
		ok = false;
	}
	free(w);
	return ok;
}

/* At most how many parts (elements, fields, words) one value of g has: bounds its size. */
static double
parts(const struct pp_gen *g)
{
	double n = 1;

	if (g->kind == PP_GEN_ARRAY)
		return g->max * parts(g->of);
	if (g->kind == PP_GEN_WORDS || g->kind == PP_GEN_LOREM)
		return g->max > 1 ? g->max : 1;
	for (size_t i = 0; i < g->n_fields; i++)
		n += parts(&g->fields[i]);
	return n;
}

static bool
parse_array(struct ctx *x, const char *where, const cJSON *obj, struct pp_gen *g)
{
	static const struct bound elements = { 0, PP_SEED_MAX_ELEMENTS, true };

	if (!get_min_max(x, where, obj, &elements, g) || !parse_nested(x, where, obj, "of", g))
		return false;
	if (g->of->kind == PP_GEN_ARRAY) {
		problem(x, where, "an array of arrays: PostgreSQL's arrays are rectangular, use a "
			"json generator for nested lists");
		return false;
	}
	if (parts(g) > PP_SEED_MAX_PARTS) {
		problem(x, where, "one value may hold up to %.0f elements, words and fields in all, "
			"expected at most %d: a smaller \"max\"",
			parts(g), PP_SEED_MAX_PARTS);
		return false;
	}
	return true;
}

static bool
parse_bytes(struct ctx *x, const char *where, const cJSON *obj, struct pp_gen *g)
{
	static const struct bound bytes = { 0, PP_SEED_MAX_BYTES, true };

	return get_min_max(x, where, obj, &bytes, g);
}

/* A range over an int, float, date or timestamp generator, width in its unit (seconds). */
static bool
parse_range(struct ctx *x, const char *where, const cJSON *obj, struct pp_gen *g)
{
	static const struct bound width = { 0, PP_SEED_MAX_WHOLE, false };

	if (!parse_nested(x, where, obj, "of", g) ||
	    !get_number(x, where, obj, "min_width", &width, 0, false, &g->width_min) ||
	    !get_number(x, where, obj, "max_width", &width, g->width_min, false, &g->width_max))
		return false;
	if (g->of->kind != PP_GEN_INT && g->of->kind != PP_GEN_FLOAT &&
	    g->of->kind != PP_GEN_DATE && g->of->kind != PP_GEN_TIMESTAMP) {
		problem(x, where, "\"of\" must be an int, float, date or timestamp generator");
		return false;
	}
	if (g->of->null_fraction > 0) {
		problem(x, where, "\"of\" cannot have a null_fraction: give it to the range");
		return false;
	}
	if (g->width_min > g->width_max) {
		problem(x, where, "\"min_width\" (%g) must not exceed \"max_width\" (%g)",
			g->width_min, g->width_max);
		return false;
	}
	return true;
}

/* "plus": {"min": a, "max": b}, added to a looked-up value. */
static bool
parse_plus(struct ctx *x, const char *where, const cJSON *obj, struct pp_gen *g)
{
	const cJSON *plus = cJSON_GetObjectItemCaseSensitive(obj, "plus"), *item;
	char *w;
	bool ok;

	if (plus == NULL)
		return true;
	w = pp_str_printf("%s.plus", where);
	ok = is_object(x, w, plus, "an object {\"min\": N, \"max\": N}");
	if (!ok) {
		free(w);
		return false;
	}
	cJSON_ArrayForEach(item, plus)
	{
		if (strcmp(item->string, "min") != 0 && strcmp(item->string, "max") != 0) {
			problem(x, w, "unknown key \"%s\": expected min or max", item->string);
			ok = false;
		}
	}
	ok = ok && get_min_max(x, w, plus, &any_number, g);
	g->plus = ok;
	g->plus_min = g->min;
	g->plus_max = g->max;
	free(w);
	return ok;
}

static bool
parse_lookup(struct ctx *x, const char *where, const cJSON *obj, struct pp_gen *g)
{
	const cJSON *ref = cJSON_GetObjectItemCaseSensitive(obj, "ref");
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(obj, "column");

	if (!cJSON_IsString(ref) || ref->valuestring[0] == '\0') {
		problem(x, where, "\"ref\" is required: a ref column of this table");
		return false;
	}
	if (!cJSON_IsString(c) || c->valuestring[0] == '\0') {
		problem(x, where, "\"column\" is required: the column of the ref's parent to copy");
		return false;
	}
	g->lookup_ref = pp_mem_strdup(ref->valuestring);
	g->lookup_column = pp_mem_strdup(c->valuestring);
	return parse_plus(x, where, obj, g);
}

/* The generators, their options besides "gen" and "null_fraction", and their parsers. */
static const struct generator {
	const char *name;
	enum pp_gen_kind kind;
	const char *options; /* space-separated */
	bool (*parse)(struct ctx *x, const char *where, const cJSON *obj, struct pp_gen *g);
} generators[] = {
	{ "sequence", PP_GEN_SEQUENCE, "start step repeat", parse_sequence },
	{ "int", PP_GEN_INT, "min max distribution mean stddev skew", parse_int },
	{ "float", PP_GEN_FLOAT, "min max distribution mean stddev decimals", parse_float },
	{ "choice", PP_GEN_CHOICE, "values weights", parse_choice },
	{ "text", PP_GEN_TEXT, "pattern", parse_text },
	{ "words", PP_GEN_WORDS, "min max", parse_word_count },
	{ "lorem", PP_GEN_LOREM, "min max", parse_word_count },
	{ "timestamp", PP_GEN_TIMESTAMP, "min max ordered", parse_time_range },
	{ "date", PP_GEN_DATE, "min max ordered", parse_time_range },
	{ "uuid", PP_GEN_UUID, "", parse_uuid },
	{ "bool", PP_GEN_BOOL, "probability", parse_bool },
	{ "json", PP_GEN_JSON, "fields", parse_json },
	{ "ref", PP_GEN_REF, "table column distribution skew", parse_ref },
	{ "array", PP_GEN_ARRAY, "of min max", parse_array },
	{ "bytes", PP_GEN_BYTES, "min max", parse_bytes },
	{ "range", PP_GEN_RANGE, "of min_width max_width", parse_range },
	{ "lookup", PP_GEN_LOOKUP, "ref column plus", parse_lookup },
};

static const struct generator *
find_generator(const char *name)
{
	for (size_t k = 0; k < sizeof generators / sizeof generators[0]; k++)
		if (strcmp(generators[k].name, name) == 0)
			return &generators[k];
	return NULL;
}

/* name is one of the space-separated words of options (never the empty name). */
static bool
option_allowed(const char *options, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = options + strspn(options, " "); *p != '\0'; p += strspn(p, " ")) {
		size_t len = strcspn(p, " ");

		if (n > 0 && len == n && strncmp(p, name, n) == 0)
			return true;
		p += len;
	}
	return false;
}

/* Every key of obj is an option of generator gen. */
static bool
known_options(struct ctx *x, const char *where, const cJSON *obj, const struct generator *gen)
{
	const cJSON *opt;

	cJSON_ArrayForEach(opt, obj)
	{
		if (strcmp(opt->string, "gen") != 0 && strcmp(opt->string, "null_fraction") != 0 &&
		    !option_allowed(gen->options, opt->string)) {
			problem(x, where, "unknown option \"%s\" for %s%s%s", opt->string, gen->name,
				*gen->options ? ": expected " : "", gen->options);
			return false;
		}
	}
	return true;
}

static bool
parse_gen(struct ctx *x, const char *where, const cJSON *obj, struct pp_gen *g)
{
	const cJSON *kind = cJSON_GetObjectItemCaseSensitive(obj, "gen");
	const struct generator *gen;

	memset(g, 0, sizeof *g);
	if (!is_object(x, where, obj,
		       "a generator object such as {\"gen\": \"int\", \"min\": 1, \"max\": 100}"))
		return false;
	if (!cJSON_IsString(kind)) {
		problem(x, where, "\"gen\" is required: the generator's name");
		return false;
	}
	gen = find_generator(kind->valuestring);
	if (gen == NULL) {
		problem(x, where,
			"unknown generator \"%s\": expected sequence, int, float, choice, text, words, "
			"lorem, timestamp, date, uuid, bool, json, ref, array, bytes, range or lookup",
			kind->valuestring);
		return false;
	}
	g->kind = gen->kind;
	return known_options(x, where, obj, gen) &&
	       get_number(x, where, obj, "null_fraction", &fraction, 0, false, &g->null_fraction) &&
	       gen->parse(x, where, obj, g);
}

/* ---- the spec ------------------------------------------------------------------------------ */

/* The spec's "schema" or "after": SQL files that must exist, relative to the spec. */
static void
file_list(struct ctx *x, const cJSON *root, const char *key, char ***files, size_t *n)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, key), *el;
	int i = 0;

	if (arr == NULL)
		return;
	if (!cJSON_IsArray(arr)) {
		problem(x, key, "expected an array of SQL file paths");
		return;
	}
	cJSON_ArrayForEach(el, arr)
	{
		char where[64];
		const char *why;
		char *f;

		snprintf(where, sizeof where, "%s[%d]", key, i++);
		if (!cJSON_IsString(el) || el->valuestring[0] == '\0') {
			problem(x, where, "expected a file path");
			continue;
		}
		if (pp_file_find(x->dir, el->valuestring, &f, &why)) {
			pp_str_list_push(files, n, f);
		} else {
			problem(x, where, "cannot read %s: %s", f, why);
			free(f);
		}
	}
}

static void
parse_columns(struct ctx *x, struct pp_buf *where, const cJSON *cols, struct pp_seed_table *tab)
{
	size_t base = where->len;
	const cJSON *c;

	tab->columns = pp_mem_calloc((size_t)cJSON_GetArraySize(cols), sizeof *tab->columns);
	cJSON_ArrayForEach(c, cols)
	{
		struct pp_seed_column *col = &tab->columns[tab->n_columns++];

		col->name = pp_mem_strdup(c->string);
		pp_buf_printf(where, ".columns.%s", c->string);
		if (c->string[0] == '\0')
			problem(x, where->data, "a column needs a name");
		else
			parse_gen(x, where->data, c, &col->gen);
		where->len = base;
		where->data[base] = '\0';
	}
}

static void
parse_table(struct ctx *x, const cJSON *t, struct pp_seed_table *tab)
{
	static const struct bound rows = { 0, PP_SEED_MAX_ROWS, true };
	const cJSON *cols, *item;
	struct pp_buf where;
	double n;

	tab->name = pp_mem_strdup(t->string);
	pp_buf_init(&where);
	pp_buf_printf(&where, "tables.\"%s\"", t->string);
	if (!is_object(x, where.data, t, "an object {\"rows\": N, \"columns\": {...}}")) {
		pp_buf_reset(&where);
		return;
	}
	if (strchr(t->string, '.') == NULL)
		problem(x, where.data, "name the table with its schema (schema.table)");
	cJSON_ArrayForEach(item, t)
	{
		if (strcmp(item->string, "rows") != 0 && strcmp(item->string, "columns") != 0)
			problem(x, where.data, "unknown key \"%s\": expected rows or columns",
				item->string);
	}
	if (get_number(x, where.data, t, "rows", &rows, 0, true, &n))
		tab->rows = (int64_t)n;
	cols = cJSON_GetObjectItemCaseSensitive(t, "columns");
	if (!cJSON_IsObject(cols) || cJSON_GetArraySize(cols) == 0)
		problem(x, where.data, "\"columns\" must be an object of column generators");
	else if (is_object(x, where.data, cols, "an object of column generators"))
		parse_columns(x, &where, cols, tab);
	pp_buf_reset(&where);
}

/* A lookup names a ref column of its own table that draws a parent row every row. */
static void
check_lookup(struct ctx *x, const char *where, const struct pp_seed_table *t,
	     const struct pp_gen *g)
{
	const struct pp_gen *ref = NULL;

	for (size_t j = 0; j < t->n_columns; j++)
		if (strcmp(t->columns[j].name, g->lookup_ref) == 0)
			ref = &t->columns[j].gen;
	if (ref == NULL || ref->kind != PP_GEN_REF)
		problem(x, where, "lookup through \"%s\": expected a ref column of %s", g->lookup_ref,
			t->name);
	else if (ref->null_fraction > 0)
		problem(x, where, "lookup through \"%s\", which has a null_fraction: give the "
				  "null_fraction to the lookup",
			g->lookup_ref);
}

/* Every ref names a table and column of the spec or, checked later, of the database. */
static void
check_refs(struct ctx *x, const struct pp_seed_spec *spec)
{
	for (size_t i = 0; i < spec->n_tables; i++) {
		for (size_t k = 0; k < spec->tables[i].n_columns; k++) {
			const struct pp_seed_column *col = &spec->tables[i].columns[k];
			const struct pp_seed_table *parent;
			char where[512];
			bool found = false;

			snprintf(where, sizeof where, "tables.\"%s\".columns.%s", spec->tables[i].name,
				 col->name);
			if (col->gen.kind == PP_GEN_LOOKUP && col->gen.lookup_ref != NULL)
				check_lookup(x, where, &spec->tables[i], &col->gen);
			if (col->gen.kind != PP_GEN_REF || col->gen.ref_table == NULL)
				continue;
			parent = pp_seedspec_table(spec, col->gen.ref_table);
			if (parent == NULL) {
				problem(x, where, "ref to unknown table \"%s\": it must be in the spec's "
						  "tables",
					col->gen.ref_table);
				continue;
			}
			for (size_t j = 0; j < parent->n_columns; j++)
				found = found || strcmp(parent->columns[j].name, col->gen.ref_column) == 0;
			if (!found)
				problem(x, where,
					"ref to unknown column \"%s\" of %s: the spec must generate it (a "
					"sequence gives a key range)",
					col->gen.ref_column, parent->name);
		}
	}
}

static void
parse_root(struct ctx *x, const cJSON *root, struct pp_seed_spec *spec)
{
	const cJSON *tables, *item;

	if (!is_object(x, "", root, "a JSON object with \"tables\""))
		return;
	cJSON_ArrayForEach(item, root)
	{
		if (strcmp(item->string, "schema") != 0 && strcmp(item->string, "after") != 0 &&
		    strcmp(item->string, "tables") != 0)
			problem(x, item->string, "unknown key: expected schema, after or tables");
	}
	file_list(x, root, "schema", &spec->schema, &spec->n_schema);
	file_list(x, root, "after", &spec->after, &spec->n_after);
	tables = cJSON_GetObjectItemCaseSensitive(root, "tables");
	if (!cJSON_IsObject(tables) || cJSON_GetArraySize(tables) == 0) {
		problem(x, "tables", "expected an object of \"schema.table\": {\"rows\": N, "
				     "\"columns\": {...}}");
		return;
	}
	if (!is_object(x, "tables", tables, "an object of tables"))
		return;
	spec->tables = pp_mem_calloc((size_t)cJSON_GetArraySize(tables), sizeof *spec->tables);
	cJSON_ArrayForEach(item, tables)
		parse_table(x, item, &spec->tables[spec->n_tables++]);
	check_refs(x, spec);
}

struct pp_seed_spec *
pp_seedspec_parse(const char *path, const char *dir, const char *text)
{
	struct ctx x = { .path = path, .dir = dir, .ok = true };
	struct pp_seed_spec *spec = pp_mem_calloc(1, sizeof *spec);
	cJSON *root = pp_json_parse(path, text);

	spec->path = pp_mem_strdup(path);
	if (root == NULL)
		x.ok = false;
	else
		parse_root(&x, root, spec);
	cJSON_Delete(root);
	if (!x.ok) {
		pp_seedspec_free(spec);
		return NULL;
	}
	return spec;
}

struct pp_seed_spec *
pp_seedspec_load(const char *path)
{
	char *text = pp_file_read(path, "seed spec", NULL);
	char *dir = pp_file_dir(path);
	struct pp_seed_spec *spec = text ? pp_seedspec_parse(path, dir, text) : NULL;

	free(text);
	free(dir);
	return spec;
}

struct pp_seed_table *
pp_seedspec_table(const struct pp_seed_spec *spec, const char *name)
{
	for (size_t i = 0; i < spec->n_tables; i++)
		if (strcmp(spec->tables[i].name, name) == 0)
			return &spec->tables[i];
	return NULL;
}

void
pp_seedspec_free(struct pp_seed_spec *spec)
{
	if (spec == NULL)
		return;
	for (size_t i = 0; i < spec->n_tables; i++) {
		for (size_t k = 0; k < spec->tables[i].n_columns; k++) {
			free(spec->tables[i].columns[k].name);
			pp_gen_reset(&spec->tables[i].columns[k].gen);
		}
		free(spec->tables[i].columns);
		free(spec->tables[i].name);
	}
	free(spec->tables);
	pp_str_list_free(spec->schema, spec->n_schema);
	pp_str_list_free(spec->after, spec->n_after);
	free(spec->path);
	free(spec);
}
