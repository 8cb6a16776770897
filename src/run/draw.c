/*
 * draw.c: parameter values from the database under test (see draw.h). Catalog look-ups and
 * samples happen in pp_draw_prepare, before a case's timing loop; pp_draw_next only picks.
 */
#include "run/draw.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/buf.h"
#include "util/mem.h"
#include "util/str.h"

/* A column as the catalog describes it. */
struct column {
	char *rel;      /* the relation, as regclass prints it */
	char *name;
	char *type;     /* format_type(), e.g. "character varying(40)" */
	char *base;     /* the type without modifiers, e.g. "character varying" */
	char typtype;   /* 'b' base, 'e' enum, 'd' domain ... */
	char category;  /* typcategory: 'N' numeric, 'S' string, 'B' boolean, 'D' date/time,
			 * 'A' array, 'U' user-defined (uuid, json) ... */
	bool unique;    /* in a unique index */
	bool sampled;   /* a table (TABLESAMPLE applies), not a view or a foreign table */
	int maxlen;     /* a length limit (varchar(n)), 0 when none */
	char **labels;  /* an enum's labels */
	size_t n_labels;
};

enum src_kind { SRC_PARAM, SRC_CELL, SRC_ARRAY, SRC_FIXED, SRC_GEN };

struct source {
	enum src_kind kind;
	enum pp_use_role role;
	const struct pp_param *param; /* SRC_PARAM */
	size_t group, col;            /* SRC_CELL, SRC_ARRAY */
	char *fixed;                  /* SRC_FIXED */
	struct column column;         /* the column values come from (SRC_GEN's type) */
};

/* Parameters drawn from one sampled row of a relation (or of the params_from: query). */
struct group {
	char *rel;          /* NULL for params_from: */
	bool whole;         /* a view or foreign table: its first rows, not TABLESAMPLE */
	char **cols;        /* column names, quoted */
	bool *skip_nulls;
	size_t n_cols;
	struct pp_rows rows;
	size_t pick;        /* this iteration's row */
};

struct pp_draw {
	int n;
	struct source *src;
	struct group *groups;
	size_t n_groups, cap_groups;
	char *scratch;        /* n * 24 bytes for numbers drawn by params: generators */
	struct pp_buf *bufs;  /* n: arrays and generated text */
};

/* What pp_draw_prepare works with. */
struct prep {
	struct pp_conn *conn;
	const struct pp_case *c;
	struct pp_draw *d;
	char **why;
	struct pp_db_error *err;
};

static void
column_reset(struct column *col)
{
	free(col->rel);
	free(col->name);
	free(col->type);
	free(col->base);
	pp_str_list_free(col->labels, col->n_labels);
	memset(col, 0, sizeof *col);
}

void
pp_draw_free(struct pp_draw *d)
{
	if (d == NULL)
		return;
	for (int i = 0; i < d->n; i++) {
		free(d->src[i].fixed);
		column_reset(&d->src[i].column);
		pp_buf_reset(&d->bufs[i]);
	}
	for (size_t g = 0; g < d->n_groups; g++) {
		free(d->groups[g].rel);
		pp_str_list_free(d->groups[g].cols, d->groups[g].n_cols);
		free(d->groups[g].skip_nulls);
		pp_rows_reset(&d->groups[g].rows);
	}
	free(d->groups);
	free(d->src);
	free(d->bufs);
	free(d->scratch);
	free(d);
}

/* "$2 (author_id)" for messages, into buf. */
static const char *
param_label(const struct pp_case *c, int i, char *buf, size_t size)
{
	const char *name = pp_case_param_name(c, i);

	if (name != NULL)
		snprintf(buf, size, "$%d (%s)", i + 1, name);
	else
		snprintf(buf, size, "$%d", i + 1);
	return buf;
}

/* ---- the catalog ------------------------------------------------------------------------ */

/*
 * The first candidate relation (in order) that has the column (or, for position > 0, its
 * position-th column), with what pgperf needs to know of it.
 */
static const char resolve_sql[] =
	"SELECT c.oid::regclass::text, a.attname::text, format_type(a.atttypid, a.atttypmod), "
	"a.atttypid::regtype::text, t.typtype::text, t.typcategory::text, "
	"EXISTS (SELECT 1 FROM pg_catalog.pg_index i WHERE i.indrelid = c.oid AND i.indisunique "
	"AND a.attnum = ANY (i.indkey::int2[]))::text, "
	"CASE WHEN t.typcategory = 'S' AND a.atttypmod > 4 THEN a.atttypmod - 4 ELSE 0 END::text, "
	"(c.relkind IN ('r', 'p', 'm'))::text "
	"FROM unnest(string_to_array($1, E'\\n')) WITH ORDINALITY AS cand(name, ord) "
	"JOIN pg_catalog.pg_class c ON c.oid = to_regclass(cand.name) "
	"JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 "
	"AND NOT a.attisdropped "
	"JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
	"WHERE a.attname = $2 OR ($2 = '' AND a.attnum = (SELECT x.attnum FROM "
	"pg_catalog.pg_attribute x WHERE x.attrelid = c.oid AND x.attnum > 0 AND NOT "
	"x.attisdropped ORDER BY x.attnum OFFSET $3::int - 1 LIMIT 1)) "
	"ORDER BY cand.ord LIMIT 1";

static bool
fetch_labels(struct prep *pp, struct column *col)
{
	const char *params[1] = { col->base };

	return pp_conn_query_column(pp->conn,
				    "SELECT enumlabel::text FROM pg_catalog.pg_enum WHERE "
				    "enumtypid = $1::regtype ORDER BY enumsortorder",
				    1, params, &col->labels, &col->n_labels, pp->err);
}

/* Finds the column in the catalog; false with *why (not found) or err (server) set. */
static bool
resolve(struct prep *pp, int i, char *const *rels, size_t n_rels, const char *name,
	int position, struct column *col)
{
	struct pp_buf cands;
	struct pp_rows rows;
	char pos[16], label[160];
	const char *params[3];
	bool ok;

	pp_buf_init(&cands);
	for (size_t k = 0; k < n_rels; k++) {
		char *q = pp_conn_quote_ident(pp->conn, rels[k]);

		pp_buf_printf(&cands, "%s%s", k ? "\n" : "", q);
		free(q);
	}
	snprintf(pos, sizeof pos, "%d", position);
	params[0] = cands.data ? cands.data : "";
	params[1] = name ? name : "";
	params[2] = pos;
	ok = pp_conn_query_rows(pp->conn, resolve_sql, 3, params, &rows, pp->err);
	if (ok && rows.n_rows == 0) {
		*pp->why = pp_str_printf("cannot draw values for %s from the data: no relation it "
					 "is used with (%s) has a column %s; give its values with "
					 "\"-- params:\"",
					 param_label(pp->c, i, label, sizeof label),
					 cands.data ? cands.data : "none", name ? name : "there");
		ok = false;
	} else if (ok) {
		col->rel = pp_mem_strdup(rows.cells[0]);
		col->name = pp_mem_strdup(rows.cells[1]);
		col->type = pp_mem_strdup(rows.cells[2]);
		col->base = pp_mem_strdup(rows.cells[3]);
		col->typtype = rows.cells[4][0];
		col->category = rows.cells[5][0];
		col->unique = strcmp(rows.cells[6], "true") == 0;
		col->maxlen = atoi(rows.cells[7]);
		col->sampled = strcmp(rows.cells[8], "true") == 0;
		ok = col->typtype != 'e' || fetch_labels(pp, col);
	}
	pp_rows_reset(&rows);
	pp_buf_reset(&cands);
	return ok;
}

/* ---- groups ----------------------------------------------------------------------------- */

/*
 * The column's index in its relation's group, added as needed; with open and close (not NULL),
 * the expression the statement compares it through (lower(email)) is what is sampled.
 */
static void
join_group(struct pp_draw *d, struct pp_conn *conn, struct source *s, bool skip_nulls,
	   const char *open, const char *close)
{
	struct group *g = NULL;
	char *name = pp_conn_quote_ident(conn, s->column.name);
	char *q = open != NULL && close != NULL ? pp_str_printf("%s%s%s", open, name, close)
						: pp_mem_strdup(name);
	size_t k;

	free(name);

	for (size_t i = 0; i < d->n_groups && g == NULL; i++)
		if (d->groups[i].rel != NULL && strcmp(d->groups[i].rel, s->column.rel) == 0)
			g = &d->groups[i];
	if (g == NULL) {
		d->groups = pp_mem_push(d->groups, &d->n_groups, &d->cap_groups, sizeof *d->groups);
		g = &d->groups[d->n_groups - 1];
		memset(g, 0, sizeof *g);
		g->rel = pp_mem_strdup(s->column.rel);
		g->whole = !s->column.sampled;
	}
	s->group = (size_t)(g - d->groups);
	for (k = 0; k < g->n_cols; k++) {
		if (strcmp(g->cols[k], q) == 0) {
			g->skip_nulls[k] = g->skip_nulls[k] || skip_nulls;
			free(q);
			s->col = k;
			return;
		}
	}
	g->skip_nulls = pp_mem_realloc(g->skip_nulls, (g->n_cols + 1) * sizeof *g->skip_nulls);
	g->skip_nulls[g->n_cols] = skip_nulls;
	s->col = g->n_cols;
	pp_str_list_push(&g->cols, &g->n_cols, q);
}

/* Whether values of the column's type can be generated (an empty table being written to). */
static bool
can_generate(const struct column *col)
{
	return col->typtype == 'e' ? col->n_labels > 0
				   : strchr("NSBDAT", col->category) != NULL ||
					     strcmp(col->base, "uuid") == 0 ||
					     strcmp(col->base, "json") == 0 ||
					     strcmp(col->base, "jsonb") == 0;
}

/* A new value for a column of a unique index: past the largest number, or random text/uuid. */
static bool
fresh_value(struct prep *pp, int i, struct source *s)
{
	struct pp_buf sql;
	char *q, *rel;
	bool ok;

	if (s->column.category != 'N') {
		s->kind = SRC_GEN; /* random text or uuid; others are sampled and may collide */
		if (s->column.category == 'S' || strcmp(s->column.base, "uuid") == 0)
			return true;
		s->kind = SRC_CELL;
		join_group(pp->d, pp->conn, s, false, NULL, NULL);
		return true;
	}
	q = pp_conn_quote_ident(pp->conn, s->column.name);
	rel = s->column.rel;
	pp_buf_init(&sql);
	pp_buf_printf(&sql, "SELECT (coalesce(max(%s), 0) + %d)::text FROM %s", q, i + 1, rel);
	s->kind = SRC_FIXED;
	ok = pp_conn_query_value(pp->conn, sql.data, 0, NULL, &s->fixed, pp->err);
	pp_buf_reset(&sql);
	free(q);
	return ok;
}

/* ---- one parameter ---------------------------------------------------------------------- */

/* $i from the column name (or position) of the first of rels that has it, through open/close. */
static bool
from_column(struct prep *pp, int i, enum pp_use_role role, char *const *rels, size_t n_rels,
	    const char *name, int position, const char *open, const char *close)
{
	struct source *s = &pp->d->src[i];

	s->role = role;
	if (!resolve(pp, i, rels, n_rels, name, position, &s->column))
		return false;
	if (role == PP_USE_WRITE && s->column.unique)
		return fresh_value(pp, i, s);
	s->kind = role == PP_USE_ANY ? SRC_ARRAY : SRC_CELL;
	join_group(pp->d, pp->conn, s, role != PP_USE_WRITE, open, close);
	return true;
}

static bool
plan_param(struct prep *pp, int i)
{
	const struct pp_param *p = &pp->c->params.items[i];
	const struct pp_use *u = i < pp->c->uses.n ? &pp->c->uses.items[i] : NULL;
	struct source *s = &pp->d->src[i];

	if (p->kind == PP_PARAM_SAMPLE) {
		const char *dot = strrchr(p->text, '.');
		char *rel = pp_mem_strndup(p->text, (size_t)(dot - p->text));
		bool ok = from_column(pp, i, PP_USE_MATCH, &rel, 1, dot + 1, 0, NULL, NULL);

		free(rel);
		return ok;
	}
	if (p->kind != PP_PARAM_INFER) {
		s->kind = SRC_PARAM;
		s->param = p;
		return true;
	}
	if (u != NULL && (u->role == PP_USE_LIMIT || u->role == PP_USE_OFFSET)) {
		s->kind = SRC_FIXED;
		s->fixed = pp_mem_strdup(u->role == PP_USE_LIMIT ? PP_DRAW_LIMIT : PP_DRAW_OFFSET);
		return true;
	}
	if (u == NULL || u->role == PP_USE_UNKNOWN) { /* the parser refuses these; kept safe */
		*pp->why = pp_mem_strdup("a parameter is used with no column: give its values with "
					 "\"-- params:\"");
		return false;
	}
	return from_column(pp, i, u->role, u->relations, u->n_relations, u->column, u->position,
			   u->open, u->close);
}

/* params_from: one group whose row gives every parameter, in column order. */
static bool
plan_from_query(struct prep *pp)
{
	struct pp_draw *d = pp->d;
	struct group *g;
	char *sql;
	bool ok;

	d->groups = pp_mem_push(d->groups, &d->n_groups, &d->cap_groups, sizeof *d->groups);
	g = &d->groups[0];
	memset(g, 0, sizeof *g);
	sql = pp_str_printf("SELECT * FROM (%s) AS pgperf_params LIMIT %d", pp->c->params_from,
			    PP_DRAW_SAMPLE_ROWS);
	ok = pp_conn_query_rows(pp->conn, sql, 0, NULL, &g->rows, pp->err);
	free(sql);
	if (!ok)
		return false;
	if (g->rows.n_cols < (size_t)d->n || g->rows.n_rows == 0) {
		*pp->why = pp_str_printf("params_from: gave %zu row%s of %zu column%s; the statement "
					 "needs rows of at least %d",
					 g->rows.n_rows, g->rows.n_rows == 1 ? "" : "s",
					 g->rows.n_cols, g->rows.n_cols == 1 ? "" : "s", d->n);
		return false;
	}
	for (int i = 0; i < d->n; i++) {
		d->src[i].kind = SRC_CELL;
		d->src[i].group = 0;
		d->src[i].col = (size_t)i;
	}
	return true;
}

/* ---- samples ---------------------------------------------------------------------------- */

/* Reads a group's sample at percent (of the table's estimated rows). */
static bool
read_sample(struct prep *pp, struct group *g, double percent, uint32_t seed)
{
	struct pp_buf sql;
	bool ok;

	pp_buf_init(&sql);
	pp_buf_puts(&sql, "SELECT ");
	for (size_t k = 0; k < g->n_cols; k++)
		pp_buf_printf(&sql, "%s%s::text", k ? ", " : "", g->cols[k]);
	if (g->whole) /* TABLESAMPLE is for tables: a view's first rows, a few samples' worth */
		pp_buf_printf(&sql, " FROM (SELECT * FROM %s LIMIT %d) AS pgperf_sample WHERE true",
			      g->rel, 5 * PP_DRAW_SAMPLE_ROWS);
	else
		pp_buf_printf(&sql,
			      " FROM %s TABLESAMPLE BERNOULLI (%.6f) REPEATABLE (%" PRIu32 ") "
			      "WHERE true",
			      g->rel, percent, seed);
	for (size_t k = 0; k < g->n_cols; k++)
		if (g->skip_nulls[k])
			pp_buf_printf(&sql, " AND %s IS NOT NULL", g->cols[k]);
	pp_buf_puts(&sql, " ORDER BY md5(ROW(");
	for (size_t k = 0; k < g->n_cols; k++)
		pp_buf_printf(&sql, "%s%s", k ? ", " : "", g->cols[k]);
	pp_buf_printf(&sql, ")::text) LIMIT %d", PP_DRAW_SAMPLE_ROWS);
	pp_rows_reset(&g->rows);
	ok = pp_conn_query_rows(pp->conn, sql.data, 0, NULL, &g->rows, pp->err);
	pp_buf_reset(&sql);
	return ok;
}

/* Samples about twice PP_DRAW_SAMPLE_ROWS rows of a large table, all of a small one. */
static bool
sample_group(struct prep *pp, struct group *g, uint32_t seed)
{
	const char *params[1] = { g->rel };
	char *tuples = NULL;
	double n, percent = 100;

	if (!pp_conn_query_value(pp->conn,
				 "SELECT reltuples::text FROM pg_catalog.pg_class WHERE oid = "
				 "$1::regclass",
				 1, params, &tuples, pp->err))
		return false;
	n = tuples ? strtod(tuples, NULL) : -1;
	free(tuples);
	if (n > 2.0 * PP_DRAW_SAMPLE_ROWS)
		percent = 100.0 * 2 * PP_DRAW_SAMPLE_ROWS / n;
	if (!read_sample(pp, g, percent, seed))
		return false;
	return g->rows.n_rows > 0 || percent >= 100 || g->whole || read_sample(pp, g, 100, seed);
}

/* An empty sample: writes fall back to generated values, lookups cannot be served. */
static bool
empty_group(struct prep *pp, size_t gi)
{
	char label[160];

	for (int i = 0; i < pp->d->n; i++) {
		struct source *s = &pp->d->src[i];

		if ((s->kind != SRC_CELL && s->kind != SRC_ARRAY) || s->group != gi)
			continue;
		if (s->role == PP_USE_WRITE && can_generate(&s->column)) {
			s->kind = SRC_GEN;
			continue;
		}
		param_label(pp->c, i, label, sizeof label);
		if (s->role == PP_USE_WRITE)
			*pp->why = pp_str_printf("cannot draw values for %s: %s holds no rows and "
						 "pgperf cannot make values of type %s; give its "
						 "values with \"-- params:\"",
						 label, s->column.rel, s->column.type);
		else
			*pp->why = pp_str_printf("cannot draw values for %s: %s holds no row with a "
						 "value in %s to draw from; seed it (pgperf seed) or "
						 "give its values with \"-- params:\"",
						 label, s->column.rel, s->column.name);
		return false;
	}
	return true;
}

struct pp_draw *
pp_draw_prepare(struct pp_conn *conn, const struct pp_case *c, struct pp_rng *rng, char **why,
		struct pp_db_error *err)
{
	struct pp_draw *d = pp_mem_calloc(1, sizeof *d);
	struct prep pp = { conn, c, d, why, err };
	bool ok = true;

	*why = NULL;
	d->n = c->max_param;
	d->src = pp_mem_calloc((size_t)d->n + 1, sizeof *d->src);
	d->bufs = pp_mem_calloc((size_t)d->n + 1, sizeof *d->bufs);
	d->scratch = pp_mem_alloc(((size_t)d->n + 1) * 24);
	for (int i = 0; i < d->n; i++)
		pp_buf_init(&d->bufs[i]);
	if (c->params_from != NULL && d->n > 0)
		return plan_from_query(&pp) ? d : (pp_draw_free(d), NULL);
	for (int i = 0; i < d->n && ok; i++)
		ok = plan_param(&pp, i);
	for (size_t g = 0; g < d->n_groups && ok; g++) {
		ok = sample_group(&pp, &d->groups[g], (uint32_t)pp_rng_next(rng));
		if (ok && d->groups[g].rows.n_rows == 0)
			ok = empty_group(&pp, g);
	}
	if (ok)
		return d;
	pp_draw_free(d);
	return NULL;
}

/* ---- each iteration --------------------------------------------------------------------- */

/* An array literal of up to three sampled values of the column. */
static const char *
draw_array(struct pp_draw *d, int i, struct pp_rng *rng)
{
	const struct source *s = &d->src[i];
	const struct group *g = &d->groups[s->group];
	struct pp_buf *b = &d->bufs[i];

	pp_buf_clear(b);
	pp_buf_putc(b, '{');
	for (int k = 0; k < 3; k++) {
		size_t row = (size_t)pp_rng_range(rng, 0, (int64_t)g->rows.n_rows - 1);
		const char *v = g->rows.cells[row * g->rows.n_cols + s->col];

		pp_buf_puts(b, k ? ",\"" : "\"");
		for (; v != NULL && *v; v++) {
			if (*v == '"' || *v == '\\')
				pp_buf_putc(b, '\\');
			pp_buf_putc(b, *v);
		}
		pp_buf_putc(b, '"');
	}
	pp_buf_putc(b, '}');
	return b->data;
}

/* A date, time or timestamp within 2024, as PostgreSQL reads it. */
static void
gen_datetime(struct pp_buf *b, const struct column *col, struct pp_rng *rng)
{
	time_t t = (time_t)(1704067200 + pp_rng_range(rng, 0, 366 * 86400 - 1));
	struct tm tm;
	char text[32];

	gmtime_r(&t, &tm);
	if (strcmp(col->base, "date") == 0)
		strftime(text, sizeof text, "%Y-%m-%d", &tm);
	else if (strncmp(col->base, "time ", 5) == 0 || strcmp(col->base, "time") == 0)
		strftime(text, sizeof text, "%H:%M:%S", &tm);
	else
		strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &tm);
	pp_buf_puts(b, text);
}

/* A value of the column's type, for a table being written to that holds no rows yet. */
static const char *
generate(struct pp_buf *b, const struct column *col, struct pp_rng *rng)
{
	uint64_t r = pp_rng_next(rng), r2 = pp_rng_next(rng);

	pp_buf_clear(b);
	if (col->typtype == 'e')
		pp_buf_puts(b, col->labels[r % col->n_labels]);
	else if (strcmp(col->base, "uuid") == 0)
		pp_buf_printf(b, "%08" PRIx64 "-%04" PRIx64 "-4%03" PRIx64 "-a%03" PRIx64 "-%012" PRIx64,
			      r >> 32, (r >> 16) & 0xFFFF, r & 0xFFF, r2 >> 52,
			      r2 & (uint64_t)0xFFFFFFFFFFFF);
	else if (col->category == 'N')
		pp_buf_printf(b, "%" PRIu64, 1 + r % 1000);
	else if (col->category == 'B')
		pp_buf_puts(b, r & 1 ? "true" : "false");
	else if (col->category == 'D')
		gen_datetime(b, col, rng);
	else if (col->category == 'T')
		pp_buf_printf(b, "%" PRIu64 " minutes", 1 + r % 1440);
	else if (col->category == 'A')
		pp_buf_puts(b, "{}");
	else if (strcmp(col->base, "json") == 0 || strcmp(col->base, "jsonb") == 0)
		pp_buf_puts(b, "{}");
	else
		pp_buf_printf(b, "pgperf-%012" PRIx64, r & (uint64_t)0xFFFFFFFFFFFF);
	if (col->category == 'S' && col->maxlen > 0 && b->len > (size_t)col->maxlen) {
		b->len = (size_t)col->maxlen;
		b->data[b->len] = '\0';
	}
	return b->data;
}

void
pp_draw_next(struct pp_draw *d, struct pp_rng *rng, const char **values)
{
	for (size_t g = 0; g < d->n_groups; g++)
		if (d->groups[g].rows.n_rows > 0)
			d->groups[g].pick = (size_t)pp_rng_range(
				rng, 0, (int64_t)d->groups[g].rows.n_rows - 1);
	for (int i = 0; i < d->n; i++) {
		const struct source *s = &d->src[i];
		const struct group *g = &d->groups[s->group];

		switch (s->kind) {
		case SRC_PARAM: {
			struct pp_param_list one = { (struct pp_param *)s->param, 1 };

			pp_params_draw(&one, rng, &values[i], d->scratch + (size_t)i * 24);
			break;
		}
		case SRC_CELL:
			values[i] = g->rows.cells[g->pick * g->rows.n_cols + s->col];
			break;
		case SRC_ARRAY:
			values[i] = draw_array(d, i, rng);
			break;
		case SRC_FIXED:
			values[i] = s->fixed;
			break;
		case SRC_GEN:
			values[i] = generate(&d->bufs[i], &s->column, rng);
			break;
		}
	}
}
