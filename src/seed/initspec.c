/*
 * initspec.c: a starting seed spec from a live database's catalog (see initspec.h). The
 * catalog's answers arrive as JSON text, one row per table or column, and the spec is built as
 * a cJSON tree and printed; neither leaves this file.
 */
#include "seed/initspec.h"

#include <cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "input/ddl.h"
#include "util/mem.h"
#include "util/str.h"

/* The user's tables (no partitions: their parent is seeded), with their estimated rows. */
static const char tables_sql[] =
	"SELECT json_build_object('name', n.nspname || '.' || c.relname, 'rows', CASE WHEN "
	"c.relkind = 'p' THEN (SELECT coalesce(sum(GREATEST(pc.reltuples, 0)), 0) FROM "
	"pg_catalog.pg_inherits i JOIN pg_catalog.pg_class pc ON pc.oid = i.inhrelid WHERE "
	"i.inhparent = c.oid) ELSE c.reltuples END)::text FROM pg_catalog.pg_class c JOIN "
	"pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND NOT "
	"c.relispartition AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname "
	"NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%' AND NOT EXISTS (SELECT 1 FROM "
	"pg_catalog.pg_depend e WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = "
	"c.oid AND e.deptype = 'e') ORDER BY 1";

/*
 * A table's columns: type (a domain's base type), keys, default, enum labels, the foreign key
 * the column is in (its parent column, and the key's first column), and pg_stats.
 */
static const char columns_sql[] =
	"SELECT json_build_object('name', a.attname, 'base', bt.typname, 'category', "
	"bt.typcategory::text, 'elem', et.typname, 'notnull', a.attnotnull, 'identity', "
	"a.attidentity::text, 'serial', coalesce(pg_catalog.pg_get_expr(d.adbin, d.adrelid) LIKE "
	"'nextval(%', false), 'has_default', d.adbin IS NOT NULL, 'maxlen', CASE WHEN "
	"a.atttypmod > 4 AND bt.typname IN ('varchar', 'bpchar') THEN a.atttypmod - 4 END, "
	"'unique', EXISTS (SELECT 1 FROM pg_catalog.pg_index i WHERE i.indrelid = a.attrelid AND "
	"i.indisunique AND i.indnkeyatts = 1 AND i.indkey[0] = a.attnum AND i.indpred IS NULL), "
	"'labels', (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_catalog.pg_enum e "
	"WHERE e.enumtypid = bt.oid), 'checks', (SELECT json_agg(pg_catalog.pg_get_constraintdef(k.oid)) "
	"FROM pg_catalog.pg_constraint k WHERE k.conrelid = a.attrelid AND k.contype = 'c' AND "
	"k.conkey = ARRAY[a.attnum]), 'fk', (SELECT json_build_object('table', pn.nspname || '.' "
	"|| pc.relname, 'column', pa.attname, 'first', fa.attname, 'self', k.confrelid = "
	"k.conrelid) FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_class pc ON pc.oid = "
	"k.confrelid JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace JOIN "
	"pg_catalog.pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = "
	"k.confkey[array_position(k.conkey, a.attnum)] JOIN pg_catalog.pg_attribute fa ON "
	"fa.attrelid = k.conrelid AND fa.attnum = k.conkey[1] WHERE k.conrelid = a.attrelid AND "
	"k.contype = 'f' AND a.attnum = ANY (k.conkey) ORDER BY k.conname LIMIT 1), 'null_frac', "
	"s.null_frac, 'avg_width', s.avg_width, 'n_distinct', s.n_distinct, 'mcv', CASE WHEN "
	"bt.typcategory <> 'A' THEN to_json(s.most_common_vals::text::text[]) END, 'mcf', "
	"to_json(s.most_common_freqs), 'hist', CASE WHEN bt.typcategory <> 'A' THEN "
	"to_json(s.histogram_bounds::text::text[]) END)::text FROM pg_catalog.pg_attribute a JOIN "
	"pg_catalog.pg_class c ON c.oid = a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = "
	"c.relnamespace JOIN pg_catalog.pg_type t ON t.oid = a.atttypid JOIN pg_catalog.pg_type "
	"bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END LEFT JOIN "
	"pg_catalog.pg_type et ON et.oid = bt.typelem AND bt.typcategory = 'A' LEFT JOIN "
	"pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum LEFT JOIN "
	"pg_catalog.pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname AND "
	"s.attname = a.attname AND s.inherited = (c.relkind = 'p') WHERE a.attrelid = "
	"$1::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY "
	"a.attnum";

/* ---- a generator per column ---------------------------------------------------------------- */

static const char *
str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool
is(const cJSON *obj, const char *key)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obj, key));
}

static bool
named(const char *name, const char *list)
{
	size_t n = strlen(name);

	for (const char *p = list; *p != '\0'; p += strcspn(p, " "), p += *p == ' ')
		if (strncmp(p, name, n) == 0 && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

static cJSON *
gen(const char *kind)
{
	cJSON *g = cJSON_CreateObject();

	cJSON_AddStringToObject(g, "gen", kind);
	return g;
}

static cJSON *
gen_min_max(const char *kind, double min, double max)
{
	cJSON *g = gen(kind);

	cJSON_AddNumberToObject(g, "min", min);
	cJSON_AddNumberToObject(g, "max", max);
	return g;
}

/* The histogram's first and last bounds as numbers, when there is one. */
static bool
number_bounds(const cJSON *col, double *min, double *max)
{
	const cJSON *hist = cJSON_GetObjectItemCaseSensitive(col, "hist");
	const cJSON *lo = cJSON_GetArrayItem(hist, 0);
	const cJSON *hi = cJSON_GetArrayItem(hist, cJSON_GetArraySize(hist) - 1);
	char *end_lo, *end_hi;

	if (!cJSON_IsString(lo) || !cJSON_IsString(hi))
		return false;
	*min = strtod(lo->valuestring, &end_lo);
	*max = strtod(hi->valuestring, &end_hi);
	return *end_lo == '\0' && *end_hi == '\0' && isfinite(*min) && isfinite(*max) &&
	       fabs(*min) < 9e15 && fabs(*max) < 9e15 && *min <= *max;
}

/* A time bound from the histogram ("2026-01-01 10:00:00" or "2026-01-01"), else dflt. */
static void
add_time_bound(cJSON *g, const char *key, const cJSON *bound, size_t len, const char *dflt)
{
	char buf[32];
	const char *v = cJSON_IsString(bound) ? bound->valuestring : "";
	bool ok = strlen(v) >= len && len < sizeof buf && v[4] == '-' && v[7] == '-';

	for (size_t i = 0; ok && i < 4; i++)
		ok = v[i] >= '0' && v[i] <= '9';
	if (ok) {
		memcpy(buf, v, len);
		buf[len] = '\0';
		if (len > 10)
			buf[10] = ' ';
	}
	cJSON_AddStringToObject(g, key, ok ? buf : dflt);
}

static cJSON *
time_gen(const cJSON *col, bool date)
{
	const cJSON *hist = cJSON_GetObjectItemCaseSensitive(col, "hist");
	cJSON *g = gen(date ? "date" : "timestamp");
	size_t len = date ? 10 : 19;

	add_time_bound(g, "min", cJSON_GetArrayItem(hist, 0), len, "2026-01-01");
	add_time_bound(g, "max", cJSON_GetArrayItem(hist, cJSON_GetArraySize(hist) - 1), len,
		       "2026-12-31");
	return g;
}

/*
 * The most common values as a choice weighted by their frequencies, when they describe the
 * column (few distinct values, or values covering nearly every row).
 */
static cJSON *
mcv_choice(const cJSON *col)
{
	const cJSON *mcv = cJSON_GetObjectItemCaseSensitive(col, "mcv");
	const cJSON *mcf = cJSON_GetObjectItemCaseSensitive(col, "mcf"), *v;
	double distinct = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(col, "n_distinct"));
	double covered = 0;
	cJSON *g, *values, *weights;

	if (!cJSON_IsArray(mcv) || !cJSON_IsArray(mcf) || cJSON_GetArraySize(mcv) == 0 ||
	    cJSON_GetArraySize(mcv) != cJSON_GetArraySize(mcf))
		return NULL;
	cJSON_ArrayForEach(v, mcf) covered += cJSON_GetNumberValue(v);
	if (!(distinct > 0 && distinct <= 100) && covered < 0.95)
		return NULL;
	g = gen("choice");
	values = cJSON_AddArrayToObject(g, "values");
	weights = cJSON_AddArrayToObject(g, "weights");
	cJSON_ArrayForEach(v, mcv)
		cJSON_AddItemToArray(values, cJSON_IsString(v) ? cJSON_CreateString(v->valuestring)
							       : cJSON_CreateNull());
	cJSON_ArrayForEach(v, mcf)
		cJSON_AddItemToArray(weights, cJSON_CreateNumber(round(v->valuedouble * 1e4) / 1e4));
	return g;
}

static cJSON *
number_gen(const cJSON *col, const char *base)
{
	bool whole = named(base, "int2 int4 int8");
	double min = 1, max = named(base, "int2") ? 100 : 1000;
	cJSON *g;

	if (whole && is(col, "unique"))
		return gen("sequence");
	g = mcv_choice(col);
	if (g != NULL)
		return g;
	number_bounds(col, &min, &max);
	g = gen_min_max(whole ? "int" : "float", whole ? floor(min) : min, whole ? ceil(max) : max);
	return g;
}

static cJSON *
string_gen(const cJSON *col)
{
	const cJSON *maxlen = cJSON_GetObjectItemCaseSensitive(col, "maxlen");
	double width = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(col, "avg_width"));
	double words = isnan(width) || width < 7 ? 2 : fmin(width / 6, 200);
	cJSON *g;

	if (is(col, "unique")) {
		char *pattern = pp_str_printf("%s-{seq}", str(col, "name"));

		g = gen("text");
		cJSON_AddStringToObject(g, "pattern", pattern);
		free(pattern);
		return g;
	}
	g = mcv_choice(col);
	if (g != NULL)
		return g;
	if (cJSON_IsNumber(maxlen) && maxlen->valuedouble < 24) {
		g = gen("text");
		cJSON_AddStringToObject(g, "pattern", maxlen->valuedouble >= 8 ? "{hex}" : "x");
		return g;
	}
	return gen_min_max("words", 1, round(words));
}

static cJSON *
bool_gen(const cJSON *col)
{
	const cJSON *mcv = cJSON_GetObjectItemCaseSensitive(col, "mcv");
	const cJSON *mcf = cJSON_GetObjectItemCaseSensitive(col, "mcf");
	double p = 0.5;
	cJSON *g = gen("bool");

	for (int i = 0; i < cJSON_GetArraySize(mcv); i++) {
		const char *v = cJSON_GetStringValue(cJSON_GetArrayItem(mcv, i));

		if (v != NULL && strcmp(v, "t") == 0)
			p = cJSON_GetNumberValue(cJSON_GetArrayItem(mcf, i));
	}
	cJSON_AddNumberToObject(g, "probability", isnan(p) ? 0.5 : round(p * 1e4) / 1e4);
	return g;
}

/* A CHECK (column IN (...)) of the column: a choice of its values, or NULL. */
static cJSON *
check_choice(const cJSON *col)
{
	const cJSON *check;

	cJSON_ArrayForEach(check, cJSON_GetObjectItemCaseSensitive(col, "checks"))
	{
		char **values = NULL;
		size_t n = 0;
		cJSON *g;

		if (!cJSON_IsString(check) ||
		    !pp_ddl_check_values(check->valuestring, str(col, "name"), &values, &n))
			continue;
		g = gen("choice");
		cJSON_AddItemToObject(g, "values",
				      cJSON_CreateStringArray((const char *const *)values, (int)n));
		pp_str_list_free(values, n);
		return g;
	}
	return NULL;
}

/* An enum: its labels, weighted by the most common values when pg_stats has them. */
static cJSON *
enum_gen(const cJSON *col)
{
	const cJSON *labels = cJSON_GetObjectItemCaseSensitive(col, "labels");
	cJSON *g = mcv_choice(col);

	if (g != NULL || !cJSON_IsArray(labels))
		return g;
	g = gen("choice");
	cJSON_AddItemToObject(g, "values", cJSON_Duplicate(labels, true));
	return g;
}

/* A type by its name alone (an array's element, a range's subtype), or NULL. */
static cJSON *
plain_gen(const char *type)
{
	cJSON *g;

	if (named(type, "int2 int4 int8"))
		return gen_min_max("int", 1, 1000);
	if (named(type, "numeric float4 float8 money"))
		return gen_min_max("float", 0, 1000);
	if (named(type, "text varchar bpchar name citext tsvector"))
		return gen_min_max("words", 1, 3);
	if (named(type, "uuid"))
		return gen("uuid");
	if (named(type, "bool"))
		return gen("bool");
	if (named(type, "bytea"))
		return gen_min_max("bytes", 8, 64);
	if (named(type, "date timestamp timestamptz")) {
		g = gen(strcmp(type, "date") == 0 ? "date" : "timestamp");
		cJSON_AddStringToObject(g, "min", "2026-01-01");
		cJSON_AddStringToObject(g, "max", "2026-12-31");
		return g;
	}
	if (named(type, "json jsonb")) {
		g = gen("json");
		cJSON_AddItemToObject(g, "fields", cJSON_CreateObject());
		cJSON_AddItemToObject(cJSON_GetObjectItemCaseSensitive(g, "fields"), "value",
				      gen_min_max("int", 1, 100));
		return g;
	}
	return NULL;
}

/* range types: the subtype's generator and a width in its unit. */
static cJSON *
range_gen(const char *type)
{
	static const struct {
		const char *range, *of;
		double width;
	} ranges[] = { { "int4range", "int4", 10 },	 { "int8range", "int8", 10 },
		       { "numrange", "numeric", 10 },	 { "daterange", "date", 7 * 86400.0 },
		       { "tsrange", "timestamp", 86400 }, { "tstzrange", "timestamptz", 86400 } };

	for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
		cJSON *g;

		if (strcmp(type, ranges[i].range) != 0)
			continue;
		g = gen("range");
		cJSON_AddItemToObject(g, "of", plain_gen(ranges[i].of));
		cJSON_AddNumberToObject(g, "min_width", ranges[i].width > 10 ? 3600 : 1);
		cJSON_AddNumberToObject(g, "max_width", ranges[i].width);
		return g;
	}
	return NULL;
}

/* A generator for the column's type (the foreign keys and sequences are decided before). */
static cJSON *
type_gen(const cJSON *col)
{
	const char *base = str(col, "base"), *category = str(col, "category");
	cJSON *g;

	if (base == NULL || category == NULL)
		return NULL;
	if (named(base, "int2 int4 int8 numeric float4 float8"))
		return number_gen(col, base);
	if (strcmp(category, "S") == 0)
		return string_gen(col);
	if (strcmp(base, "bool") == 0)
		return bool_gen(col);
	if (named(base, "date timestamp timestamptz"))
		return time_gen(col, strcmp(base, "date") == 0);
	if (strcmp(category, "E") == 0)
		return enum_gen(col);
	if (strcmp(category, "A") == 0 && str(col, "elem") != NULL &&
	    (g = plain_gen(str(col, "elem"))) != NULL) {
		cJSON *arr = gen_min_max("array", 0, 3);

		cJSON_AddItemToObject(arr, "of", g);
		return arr;
	}
	if (strcmp(category, "R") == 0)
		return range_gen(base);
	return plain_gen(base);
}

/*
 * The column's generator, or NULL to leave it to its default: a foreign key is a ref (its
 * first column) or a lookup through it (the others), a serial or identity key a sequence, a
 * GENERATED ALWAYS identity and a self-reference are left out, the rest goes by type.
 */
static cJSON *
column_gen(const cJSON *col)
{
	const cJSON *fk = cJSON_GetObjectItemCaseSensitive(col, "fk");
	const char *identity = str(col, "identity"), *name = str(col, "name");
	double null_frac = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(col, "null_frac"));
	cJSON *g;

	if ((identity != NULL && strcmp(identity, "a") == 0) || (fk != NULL && is(fk, "self")))
		return NULL;
	if (cJSON_IsObject(fk) && str(fk, "first") != NULL && name != NULL &&
	    strcmp(str(fk, "first"), name) == 0) {
		g = gen("ref");
		cJSON_AddStringToObject(g, "table", str(fk, "table"));
		cJSON_AddStringToObject(g, "column", str(fk, "column"));
		return g; /* a ref that lookups may read takes no null_fraction */
	}
	if (cJSON_IsObject(fk)) {
		g = gen("lookup");
		cJSON_AddStringToObject(g, "ref", str(fk, "first"));
		cJSON_AddStringToObject(g, "column", str(fk, "column"));
		return g;
	}
	if ((is(col, "serial") || (identity != NULL && strcmp(identity, "d") == 0)) &&
	    named(str(col, "base"), "int2 int4 int8"))
		return gen("sequence");
	/* The most common values describe the data best, then a CHECK's list, then the type. */
	g = mcv_choice(col);
	if (g == NULL && !is(col, "unique"))
		g = check_choice(col);
	if (g == NULL)
		g = type_gen(col);
	if (g == NULL && (!is(col, "notnull") || is(col, "has_default")))
		return NULL;
	if (g == NULL)
		g = gen_min_max("words", 1, 2); /* a type pgperf has no generator for: edit it */
	if (!is(col, "notnull") && !is(col, "unique") && null_frac > 0.0005)
		cJSON_AddNumberToObject(g, "null_fraction", round(null_frac * 1000) / 1000);
	return g;
}

/* ---- tables in foreign-key order ------------------------------------------------------------ */

struct table {
	char *name;
	double rows;
	cJSON *columns; /* the spec's "columns" object */
	char **parents; /* tables its foreign keys reference */
	size_t n_parents;
	bool placed;
};

/* One table's columns and the tables it references. */
static bool
read_columns(struct pp_conn *conn, struct table *t, struct pp_db_error *err)
{
	const char *params[1] = { t->name };
	char **rows = NULL;
	size_t n = 0;

	if (!pp_conn_query_column(conn, columns_sql, 1, params, &rows, &n, err))
		return false;
	t->columns = cJSON_CreateObject();
	for (size_t i = 0; i < n; i++) {
		cJSON *col = rows[i] != NULL ? cJSON_Parse(rows[i]) : NULL;
		const cJSON *fk = cJSON_GetObjectItemCaseSensitive(col, "fk");
		cJSON *g = col != NULL ? column_gen(col) : NULL;

		if (g != NULL)
			cJSON_AddItemToObject(t->columns, str(col, "name"), g);
		if (g != NULL && cJSON_IsObject(fk) && str(fk, "table") != NULL &&
		    !pp_str_list_has(t->parents, t->n_parents, str(fk, "table")))
			pp_str_list_push(&t->parents, &t->n_parents, pp_mem_strdup(str(fk, "table")));
		cJSON_Delete(col);
	}
	pp_str_list_free(rows, n);
	return true;
}

/* Whether every table t references is placed (or not in the list). */
static bool
ready(const struct table *tables, size_t n, const struct table *t)
{
	for (size_t p = 0; p < t->n_parents; p++)
		for (size_t j = 0; j < n; j++)
			if (&tables[j] != t && !tables[j].placed &&
			    strcmp(tables[j].name, t->parents[p]) == 0)
				return false;
	return true;
}

/* Adds the tables to spec_tables parents first; tables in a cycle come last, by name. */
static void
add_in_order(struct table *tables, size_t n, cJSON *spec_tables)
{
	for (size_t done = 0; done < n;) {
		bool progress = false;

		for (size_t i = 0; i < n; i++) {
			struct table *t = &tables[i];
			cJSON *obj;

			if (t->placed || !ready(tables, n, t))
				continue;
			obj = cJSON_AddObjectToObject(spec_tables, t->name);
			cJSON_AddNumberToObject(obj, "rows", t->rows);
			cJSON_AddItemToObject(obj, "columns", t->columns);
			t->columns = NULL;
			t->placed = progress = true;
			done++;
		}
		for (size_t i = 0; !progress && i < n; i++)
			if (!tables[i].placed) {
				tables[i].n_parents = 0; /* a cycle: break it here */
				progress = true;
			}
	}
}

static void
free_tables(struct table *tables, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(tables[i].name);
		cJSON_Delete(tables[i].columns);
		pp_str_list_free(tables[i].parents, tables[i].n_parents);
	}
	free(tables);
}

bool
pp_initspec_write(struct pp_conn *conn, FILE *out, struct pp_db_error *err)
{
	char **rows = NULL, *text;
	size_t n = 0;
	struct table *tables;
	cJSON *spec;
	bool ok = pp_conn_exec(conn, "SET TimeZone = 'UTC'", err) &&
		  pp_conn_query_column(conn, tables_sql, 0, NULL, &rows, &n, err);

	tables = pp_mem_calloc(n + 1, sizeof *tables);
	for (size_t i = 0; ok && i < n; i++) {
		cJSON *row = rows[i] != NULL ? cJSON_Parse(rows[i]) : NULL;
		double est = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(row, "rows"));

		tables[i].name = pp_mem_strdup(str(row, "name") != NULL ? str(row, "name") : "");
		/* Never analyzed (-1) or empty: a start of 1000 rows to edit. */
		tables[i].rows = isnan(est) || est < 1 ? 1000 : round(est);
		cJSON_Delete(row);
		ok = read_columns(conn, &tables[i], err);
	}
	pp_str_list_free(rows, n);
	if (ok) {
		spec = cJSON_CreateObject();
		add_in_order(tables, n, cJSON_AddObjectToObject(spec, "tables"));
		text = cJSON_Print(spec);
		fprintf(out, "%s\n", text);
		free(text);
		cJSON_Delete(spec);
	}
	free_tables(tables, n);
	return ok;
}
