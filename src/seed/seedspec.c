/*
 * seedspec.c: the seed spec's JSON, parsed with cJSON into plain structs (see seedspec.h).
 */
#include "seed/seedspec.h"

#include <cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "util/buf.h"
#include "util/file.h"
#include "util/log.h"
#include "util/mem.h"

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
	struct pp_buf b;
	va_list ap;

	pp_buf_init(&b);
	va_start(ap, fmt);
	pp_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	pp_log_error("%s: %s%s%s", x->path, where, *where ? ": " : "", b.data);
	pp_buf_reset(&b);
	x->ok = false;
}

/* The options each generator accepts, besides "gen" and "null_fraction". */
static const struct {
	const char *name;
	enum pp_gen_kind kind;
	const char *options; /* space-separated */
} generators[] = {
	{ "sequence", PP_GEN_SEQUENCE, "start step repeat" },
	{ "int", PP_GEN_INT, "min max distribution mean stddev skew" },
	{ "float", PP_GEN_FLOAT, "min max distribution mean stddev decimals" },
	{ "choice", PP_GEN_CHOICE, "values weights" },
	{ "text", PP_GEN_TEXT, "pattern" },
	{ "words", PP_GEN_WORDS, "min max" },
	{ "lorem", PP_GEN_LOREM, "min max" },
	{ "timestamp", PP_GEN_TIMESTAMP, "min max ordered" },
	{ "date", PP_GEN_DATE, "min max ordered" },
	{ "uuid", PP_GEN_UUID, "" },
	{ "bool", PP_GEN_BOOL, "probability" },
	{ "json", PP_GEN_JSON, "fields" },
	{ "ref", PP_GEN_REF, "table column distribution skew" },
};

static bool
option_allowed(const char *options, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = options; (p = strstr(p, name)) != NULL; p += n)
		if ((p == options || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

static bool
get_number(struct ctx *x, const char *where, const cJSON *obj, const char *key, double *out,
	   double dflt, bool required)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (v == NULL) {
		if (required)
			problem(x, where, "\"%s\" is required", key);
		*out = dflt;
		return !required;
	}
	if (!cJSON_IsNumber(v)) {
		problem(x, where, "\"%s\" must be a number", key);
		return false;
	}
	*out = v->valuedouble;
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
	return true;
}

static bool
get_distribution(struct ctx *x, const char *where, const cJSON *obj, struct pp_gen *g)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "distribution");

	g->dist = PP_DIST_UNIFORM;
	g->skew = 1.1;
	if (v == NULL)
		return true;
	if (cJSON_IsString(v) && strcmp(v->valuestring, "uniform") == 0)
		return true;
	if (cJSON_IsString(v) && strcmp(v->valuestring, "zipf") == 0 && g->kind != PP_GEN_FLOAT) {
		g->dist = PP_DIST_ZIPF;
		if (!get_number(x, where, obj, "skew", &g->skew, 1.1, false))
			return false;
		if (g->skew <= 0) {
			problem(x, where, "\"skew\" must be above 0");
			return false;
		}
		return true;
	}
	if (cJSON_IsString(v) && strcmp(v->valuestring, "normal") == 0 && g->kind != PP_GEN_REF) {
		g->dist = PP_DIST_NORMAL;
		if (!get_number(x, where, obj, "mean", &g->mean, (g->min + g->max) / 2, false) ||
		    !get_number(x, where, obj, "stddev", &g->stddev, (g->max - g->min) / 6, false))
			return false;
		return true;
	}
	problem(x, where, "\"distribution\" must be %s",
		g->kind == PP_GEN_REF ? "\"uniform\" or \"zipf\""
		: g->kind == PP_GEN_FLOAT ? "\"uniform\" or \"normal\""
					  : "\"uniform\", \"normal\" or \"zipf\"");
	return false;
}

static char *
scalar_text(const cJSON *v)
{
	char num[64];

	if (cJSON_IsString(v))
		return pp_mem_strdup(v->valuestring);
	if (cJSON_IsBool(v))
		return pp_mem_strdup(cJSON_IsTrue(v) ? "true" : "false");
	if (v->valuedouble == floor(v->valuedouble) && fabs(v->valuedouble) < 1e15)
		snprintf(num, sizeof num, "%.0f", v->valuedouble);
	else
		snprintf(num, sizeof num, "%.17g", v->valuedouble);
	return pp_mem_strdup(num);
}

static bool parse_gen(struct ctx *x, const char *where, const cJSON *obj, struct pp_gen *g);

static bool
parse_kind(struct ctx *x, const char *where, const cJSON *obj, struct pp_gen *g)
{
	double d;

	switch (g->kind) {
	case PP_GEN_SEQUENCE:
		if (!get_number(x, where, obj, "start", &d, 1, false))
			return false;
		g->start = (int64_t)d;
		if (!get_number(x, where, obj, "step", &d, 1, false))
			return false;
		g->step = (int64_t)d;
		if (!get_number(x, where, obj, "repeat", &d, 1, false))
			return false;
		g->repeat = (int64_t)d;
		if (g->repeat < 1) {
			problem(x, where, "\"repeat\" must be 1 or more");
			return false;
		}
		return true;
	case PP_GEN_INT:
	case PP_GEN_FLOAT:
	case PP_GEN_WORDS:
	case PP_GEN_LOREM:
		if (!get_number(x, where, obj, "min", &g->min, 0, true) ||
		    !get_number(x, where, obj, "max", &g->max, 0, true))
			return false;
		if (g->min > g->max) {
			problem(x, where, "\"min\" (%g) must not exceed \"max\" (%g)", g->min, g->max);
			return false;
		}
		if ((g->kind == PP_GEN_WORDS || g->kind == PP_GEN_LOREM) && g->min < 0) {
			problem(x, where, "\"min\" must be 0 or more");
			return false;
		}
		if (g->kind == PP_GEN_FLOAT) {
			if (!get_number(x, where, obj, "decimals", &d, 2, false))
				return false;
			g->decimals = (int)d;
		}
		return g->kind == PP_GEN_WORDS || g->kind == PP_GEN_LOREM ||
		       get_distribution(x, where, obj, g);
	case PP_GEN_CHOICE: {
		const cJSON *values = cJSON_GetObjectItemCaseSensitive(obj, "values");
		const cJSON *weights = cJSON_GetObjectItemCaseSensitive(obj, "weights");
		const cJSON *v;
		double total = 0;
		size_t i = 0;

		if (!cJSON_IsArray(values) || cJSON_GetArraySize(values) == 0) {
			problem(x, where, "\"values\" must be a non-empty array");
			return false;
		}
		g->n_values = (size_t)cJSON_GetArraySize(values);
		g->values = pp_mem_calloc(g->n_values, sizeof *g->values);
		cJSON_ArrayForEach(v, values)
		{
			if (!cJSON_IsNull(v) && !cJSON_IsString(v) && !cJSON_IsNumber(v) &&
			    !cJSON_IsBool(v)) {
				problem(x, where, "values[%zu] must be a string, number, boolean or null",
					i);
				return false;
			}
			g->values[i++] = cJSON_IsNull(v) ? NULL : scalar_text(v);
		}
		if (weights == NULL)
			return true;
		if (!cJSON_IsArray(weights) || (size_t)cJSON_GetArraySize(weights) != g->n_values) {
			problem(x, where, "\"weights\" must be an array of %zu numbers, one per value",
				g->n_values);
			return false;
		}
		g->weights = pp_mem_calloc(g->n_values, sizeof *g->weights);
		i = 0;
		cJSON_ArrayForEach(v, weights)
		{
			if (!cJSON_IsNumber(v) || v->valuedouble < 0) {
				problem(x, where, "weights[%zu] must be a number, 0 or more", i);
				return false;
			}
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
	case PP_GEN_TEXT: {
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(obj, "pattern");

		if (!cJSON_IsString(p)) {
			problem(x, where, "\"pattern\" is required: text with {seq}, {word} or {hex}");
			return false;
		}
		g->pattern = pp_mem_strdup(p->valuestring);
		return true;
	}
	case PP_GEN_TIMESTAMP:
	case PP_GEN_DATE: {
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
	case PP_GEN_UUID:
		return true;
	case PP_GEN_BOOL:
		if (!get_number(x, where, obj, "probability", &g->probability, 0.5, false))
			return false;
		if (g->probability < 0 || g->probability > 1) {
			problem(x, where, "\"probability\" must be between 0 and 1");
			return false;
		}
		return true;
	case PP_GEN_JSON: {
		const cJSON *fields = cJSON_GetObjectItemCaseSensitive(obj, "fields"), *f;
		size_t i = 0;
		bool ok = true;

		if (!cJSON_IsObject(fields) || cJSON_GetArraySize(fields) == 0) {
			problem(x, where, "\"fields\" must be an object of generators");
			return false;
		}
		g->n_fields = (size_t)cJSON_GetArraySize(fields);
		g->fields = pp_mem_calloc(g->n_fields, sizeof *g->fields);
		g->field_names = pp_mem_calloc(g->n_fields, sizeof *g->field_names);
		cJSON_ArrayForEach(f, fields)
		{
			struct pp_buf w;

			pp_buf_init(&w);
			pp_buf_printf(&w, "%s.fields.%s", where, f->string);
			g->field_names[i] = pp_mem_strdup(f->string);
			ok = parse_gen(x, w.data, f, &g->fields[i]) && ok;
			if (g->fields[i].kind == PP_GEN_REF) {
				problem(x, w.data, "\"ref\" cannot stand inside a json value");
				ok = false;
			}
			i++;
			pp_buf_reset(&w);
		}
		return ok;
	}
	case PP_GEN_REF: {
		const cJSON *t = cJSON_GetObjectItemCaseSensitive(obj, "table");
		const cJSON *c = cJSON_GetObjectItemCaseSensitive(obj, "column");

		if (!cJSON_IsString(t) || strchr(t->valuestring, '.') == NULL) {
			problem(x, where, "\"table\" is required: the parent table as schema.table");
			return false;
		}
		if (!cJSON_IsString(c)) {
			problem(x, where, "\"column\" is required: the parent's key column");
			return false;
		}
		g->ref_table = pp_mem_strdup(t->valuestring);
		g->ref_column = pp_mem_strdup(c->valuestring);
		return get_distribution(x, where, obj, g);
	}
	}
	return false;
}

static bool
parse_gen(struct ctx *x, const char *where, const cJSON *obj, struct pp_gen *g)
{
	const cJSON *kind = cJSON_GetObjectItemCaseSensitive(obj, "gen"), *opt;
	size_t k;

	memset(g, 0, sizeof *g);
	if (!cJSON_IsObject(obj)) {
		problem(x, where, "expected a generator object such as {\"gen\": \"int\", \"min\": 1, "
				  "\"max\": 100}");
		return false;
	}
	if (!cJSON_IsString(kind)) {
		problem(x, where, "\"gen\" is required: the generator's name");
		return false;
	}
	for (k = 0; k < sizeof generators / sizeof generators[0]; k++)
		if (strcmp(generators[k].name, kind->valuestring) == 0)
			break;
	if (k == sizeof generators / sizeof generators[0]) {
		problem(x, where,
			"unknown generator \"%s\": expected sequence, int, float, choice, text, words, "
			"lorem, timestamp, date, uuid, bool, json or ref",
			kind->valuestring);
		return false;
	}
	g->kind = generators[k].kind;
	cJSON_ArrayForEach(opt, obj)
	{
		if (strcmp(opt->string, "gen") != 0 && strcmp(opt->string, "null_fraction") != 0 &&
		    !option_allowed(generators[k].options, opt->string)) {
			problem(x, where, "unknown option \"%s\" for %s%s%s", opt->string,
				generators[k].name, *generators[k].options ? ": expected " : "",
				generators[k].options);
			return false;
		}
	}
	if (!get_number(x, where, obj, "null_fraction", &g->null_fraction, 0, false))
		return false;
	if (g->null_fraction < 0 || g->null_fraction > 1) {
		problem(x, where, "\"null_fraction\" must be between 0 and 1");
		return false;
	}
	return parse_kind(x, where, obj, g);
}

static char **
file_list(struct ctx *x, const cJSON *root, const char *key, size_t *n)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, key), *el;
	char **files = NULL;
	int i = 0;

	*n = 0;
	if (arr == NULL)
		return NULL;
	if (!cJSON_IsArray(arr)) {
		problem(x, key, "expected an array of SQL file paths");
		return NULL;
	}
	cJSON_ArrayForEach(el, arr)
	{
		char where[64];
		struct stat st;
		char *f;

		snprintf(where, sizeof where, "%s[%d]", key, i++);
		if (!cJSON_IsString(el)) {
			problem(x, where, "expected a file path");
			continue;
		}
		f = pp_file_join(x->dir, el->valuestring);
		errno = 0;
		if (stat(f, &st) != 0 || !S_ISREG(st.st_mode)) {
			problem(x, where, "cannot read %s: %s", f, errno ? strerror(errno) : "not a file");
			free(f);
			continue;
		}
		files = pp_mem_realloc(files, (*n + 1) * sizeof *files);
		files[(*n)++] = f;
	}
	return files;
}

struct pp_seed_spec *
pp_seedspec_parse(const char *path, const char *dir, const char *text)
{
	struct ctx x = { .path = path, .dir = dir, .ok = true };
	struct pp_seed_spec *spec = pp_mem_calloc(1, sizeof *spec);
	cJSON *root = cJSON_Parse(text);
	const cJSON *tables, *t, *item;

	spec->path = pp_mem_strdup(path);
	if (root == NULL || !cJSON_IsObject(root)) {
		problem(&x, "", "expected a JSON object with \"tables\" (invalid JSON%s)",
			root ? ": not an object" : "");
		goto done;
	}
	cJSON_ArrayForEach(item, root)
	{
		if (strcmp(item->string, "schema") != 0 && strcmp(item->string, "after") != 0 &&
		    strcmp(item->string, "tables") != 0)
			problem(&x, item->string, "unknown key: expected schema, after or tables");
	}
	spec->schema = file_list(&x, root, "schema", &spec->n_schema);
	spec->after = file_list(&x, root, "after", &spec->n_after);
	tables = cJSON_GetObjectItemCaseSensitive(root, "tables");
	if (!cJSON_IsObject(tables) || cJSON_GetArraySize(tables) == 0) {
		problem(&x, "tables", "expected an object of \"schema.table\": {\"rows\": N, "
				      "\"columns\": {...}}");
		goto done;
	}
	spec->tables = pp_mem_calloc((size_t)cJSON_GetArraySize(tables), sizeof *spec->tables);
	cJSON_ArrayForEach(t, tables)
	{
		struct pp_seed_table *tab = &spec->tables[spec->n_tables++];
		const cJSON *rows = cJSON_GetObjectItemCaseSensitive(t, "rows");
		const cJSON *cols = cJSON_GetObjectItemCaseSensitive(t, "columns"), *c;
		struct pp_buf where;

		tab->name = pp_mem_strdup(t->string);
		pp_buf_init(&where);
		pp_buf_printf(&where, "tables.\"%s\"", t->string);
		if (strchr(t->string, '.') == NULL)
			problem(&x, where.data, "name the table with its schema (schema.table)");
		cJSON_ArrayForEach(item, t)
		{
			if (strcmp(item->string, "rows") != 0 && strcmp(item->string, "columns") != 0)
				problem(&x, where.data, "unknown key \"%s\": expected rows or columns",
					item->string);
		}
		if (!cJSON_IsNumber(rows) || rows->valuedouble < 0 ||
		    rows->valuedouble != floor(rows->valuedouble))
			problem(&x, where.data, "\"rows\" must be a whole number, 0 or more");
		else
			tab->rows = (int64_t)rows->valuedouble;
		if (!cJSON_IsObject(cols) || cJSON_GetArraySize(cols) == 0) {
			problem(&x, where.data, "\"columns\" must be an object of column generators");
			pp_buf_reset(&where);
			continue;
		}
		tab->columns = pp_mem_calloc((size_t)cJSON_GetArraySize(cols), sizeof *tab->columns);
		cJSON_ArrayForEach(c, cols)
		{
			struct pp_seed_column *col = &tab->columns[tab->n_columns++];
			size_t base = where.len;

			col->name = pp_mem_strdup(c->string);
			pp_buf_printf(&where, ".columns.%s", c->string);
			parse_gen(&x, where.data, c, &col->gen);
			where.len = base;
			where.data[base] = '\0';
		}
		pp_buf_reset(&where);
	}
	/* Every ref names a table and column of the spec or, checked later, of the database. */
	for (size_t i = 0; i < spec->n_tables; i++) {
		for (size_t k = 0; k < spec->tables[i].n_columns; k++) {
			const struct pp_seed_column *col = &spec->tables[i].columns[k];
			const struct pp_seed_table *parent;
			char where[512];

			if (col->gen.kind != PP_GEN_REF || col->gen.ref_table == NULL)
				continue;
			snprintf(where, sizeof where, "tables.\"%s\".columns.%s", spec->tables[i].name,
				 col->name);
			parent = pp_seedspec_table(spec, col->gen.ref_table);
			if (parent == NULL) {
				problem(&x, where, "ref to unknown table \"%s\": it must be in the spec's "
						   "tables",
					col->gen.ref_table);
				continue;
			}
			{
				bool found = false;

				for (size_t j = 0; j < parent->n_columns; j++)
					found = found || strcmp(parent->columns[j].name,
								col->gen.ref_column) == 0;
				if (!found)
					problem(&x, where,
						"ref to unknown column \"%s\" of %s: the spec must "
						"generate it (a sequence gives a key range)",
						col->gen.ref_column, parent->name);
			}
		}
	}

done:
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
	const char *slash = strrchr(path, '/');
	char *dir = slash ? pp_mem_strndup(path, (size_t)(slash - path) + 1) : pp_mem_strdup(".");
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
	for (size_t i = 0; i < spec->n_schema; i++)
		free(spec->schema[i]);
	free(spec->schema);
	for (size_t i = 0; i < spec->n_after; i++)
		free(spec->after[i]);
	free(spec->after);
	free(spec->path);
	free(spec);
}
