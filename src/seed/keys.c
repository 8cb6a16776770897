/*
 * keys.c: parent keys for refs and distinct tuples for unique constraints (see keys.h).
 */
#include "seed/keys.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/str.h"

/* ---- a ref's parent keys ------------------------------------------------------------------ */

static const struct pp_gen *
column_gen(const struct pp_seed_table *t, const char *name, size_t *index)
{
	for (size_t k = 0; k < t->n_columns; k++)
		if (strcmp(t->columns[k].name, name) == 0) {
			if (index != NULL)
				*index = k;
			return &t->columns[k].gen;
		}
	return NULL;
}

/* A text pattern whose only placeholder is {seq}: its values can be derived, row by row. */
static bool
derivable_pattern(const struct pp_gen *pg)
{
	return pg->kind == PP_GEN_TEXT && pg->null_fraction == 0 &&
	       strstr(pg->pattern, "{seq}") != NULL && strstr(pg->pattern, "{word}") == NULL &&
	       strstr(pg->pattern, "{hex}") == NULL;
}

static void
clear_keys(struct pp_gen *g)
{
	free(g->ref_pattern);
	free(g->ref_blob);
	free(g->ref_offsets);
	g->ref_pattern = g->ref_blob = NULL;
	g->ref_offsets = NULL;
	g->n_ref_keys = 0;
	g->ref_lo = g->ref_hi = 0;
	g->ref_step = 1;
}

/*
 * The query reading a parent's keys: its distinct non-NULL keys as text in key order; with
 * lookups, its rows with a non-NULL key, each as a JSON array of texts (the key, then each
 * looked-up column), in key order then the looked-up values' text order.
 */
static char *
key_query(struct pp_conn *conn, const struct pp_seed_table *parent, const struct pp_gen *g)
{
	char *col = pp_conn_quote_ident(conn, g->ref_column);
	char *tab = pp_conn_quote_ident(conn, parent->name);
	struct pp_buf b;

	pp_buf_init(&b);
	if (g->n_ref_lookups == 0) {
		pp_buf_printf(&b, "SELECT k::text FROM (SELECT DISTINCT %s AS k FROM %s WHERE %s IS "
				  "NOT NULL) s ORDER BY k LIMIT %d",
			      col, tab, col, PP_KEYS_MAX_SET + 1);
	} else {
		struct pp_buf order;

		pp_buf_init(&order);
		pp_buf_printf(&b, "SELECT json_build_array(%s::text", col);
		for (size_t i = 0; i < g->n_ref_lookups; i++) {
			char *q = pp_conn_quote_ident(conn, g->ref_lookups[i]);

			pp_buf_printf(&b, ", %s::text", q);
			pp_buf_printf(&order, ", %s::text", q);
			free(q);
		}
		/* Every row: with a composite key, one key value may stand in many parent rows. */
		pp_buf_printf(&b, ")::text FROM %s WHERE %s IS NOT NULL ORDER BY %s%s LIMIT %d", tab,
			      col, col, order.data, PP_KEYS_MAX_SET + 1);
		pp_buf_reset(&order);
	}
	free(col);
	free(tab);
	return pp_buf_steal(&b);
}

/* One key's entry in the block: its key and looked-up values, each tagged (gen.h). */
static void
pack_row(struct pp_buf *blob, const char *row, bool json)
{
	cJSON *arr = json ? cJSON_Parse(row) : NULL;
	const cJSON *v;

	if (!json) {
		pp_buf_putc(blob, 'v');
		pp_buf_append(blob, row, strlen(row) + 1);
		return;
	}
	cJSON_ArrayForEach(v, arr)
	{
		pp_buf_putc(blob, cJSON_IsString(v) ? 'v' : 'n');
		if (cJSON_IsString(v))
			pp_buf_puts(blob, v->valuestring);
		pp_buf_append(blob, "", 1);
	}
	cJSON_Delete(arr);
}

/* The parent's distinct keys (with lookups, their rows), read once it is loaded, in one block. */
static enum pp_step
read_key_set(struct pp_conn *conn, const char *where, const struct pp_seed_table *parent,
	     struct pp_gen *g, struct pp_db_error *err)
{
	char *sql = key_query(conn, parent, g);
	char **keys = NULL;
	size_t n = 0;
	struct pp_buf blob;
	bool ok = pp_conn_query_column(conn, sql, 0, NULL, &keys, &n, err);

	free(sql);
	if (!ok)
		return PP_STEP_FAILED;
	if (n > PP_KEYS_MAX_SET) {
		pp_log_error("%s: the ref reads the %s of %s.%s, which holds more than %d: give that "
			     "column a sequence or a text pattern with {seq} (drawn without reading "
			     "the keys), and no lookups through the ref",
			     where, g->n_ref_lookups > 0 ? "rows" : "distinct keys", parent->name,
			     g->ref_column, PP_KEYS_MAX_SET);
		pp_str_list_free(keys, n);
		return PP_STEP_BAD_INPUT;
	}
	pp_buf_init(&blob);
	g->ref_offsets = pp_mem_calloc(n + 1, sizeof *g->ref_offsets);
	for (size_t i = 0; i < n; i++) {
		g->ref_offsets[i] = blob.len;
		pack_row(&blob, keys[i] ? keys[i] : "", g->n_ref_lookups > 0);
	}
	pp_buf_putc(&blob, '\0');
	g->ref_blob = pp_buf_steal(&blob);
	g->n_ref_keys = n;
	pp_str_list_free(keys, n);
	if (n == 0 && g->null_fraction < 1) {
		pp_log_error("%s: refers to %s.%s, which holds no keys", where, parent->name,
			     g->ref_column);
		return PP_STEP_BAD_INPUT;
	}
	return PP_STEP_OK;
}

enum pp_step
pp_keys_resolve(struct pp_conn *conn, const char *where, const struct pp_seed_table *parent,
		int64_t parent_rows, struct pp_gen *g, struct pp_db_error *err)
{
	const struct pp_gen *pg = column_gen(parent, g->ref_column, NULL);

	if (parent_rows == 0 && g->null_fraction < 1) {
		pp_log_error("%s: refers to %s, which gets no rows", where, parent->name);
		return PP_STEP_BAD_INPUT;
	}
	clear_keys(g);
	/* Lookups read the parent's rows, so a ref with lookups always reads them. */
	if (pg != NULL && g->n_ref_lookups == 0 && pg->kind == PP_GEN_SEQUENCE &&
	    pg->null_fraction == 0) {
		int64_t distinct = (parent_rows + pg->repeat - 1) / pg->repeat;

		g->ref_lo = pg->start;
		g->ref_step = pg->step;
		g->ref_hi = pg->start + pg->step * (distinct - 1);
		return PP_STEP_OK;
	}
	if (pg != NULL && g->n_ref_lookups == 0 && derivable_pattern(pg)) {
		g->ref_pattern = pp_mem_strdup(pg->pattern);
		g->ref_rows = parent_rows;
		return PP_STEP_OK;
	}
	return read_key_set(conn, where, parent, g, err);
}

/* ---- distinct tuples for unique constraints ----------------------------------------------- */

#define MAX_SPACE (1ULL << 62)

static uint64_t
mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/*
 * A four-round Feistel network over 2 x half bits, walked along its cycle until the value is
 * below space: a bijection of [0, space) in constant memory (Black and Rogaway's cycle walking).
 */
uint64_t
pp_keys_permute(const struct pp_keys_group *g, uint64_t x)
{
	uint64_t mask = (1ULL << g->half) - 1;

	do {
		uint64_t l = x >> g->half, r = x & mask;

		for (int k = 0; k < 4; k++) {
			uint64_t t = l ^ (mix(r ^ g->key[k]) & mask);

			l = r;
			r = t;
		}
		x = (l << g->half) | r;
	} while (x >= g->space);
	return x;
}

void
pp_keys_unique_row(const struct pp_keys_unique *u, int64_t row, struct pp_gen_state *states)
{
	for (size_t i = 0; i < u->n; i++) {
		const struct pp_keys_group *g = &u->groups[i];
		uint64_t y = pp_keys_permute(g, (uint64_t)row);

		for (size_t k = g->n; k-- > 0;) {
			struct pp_gen_state *st = &states[g->columns[k]];

			st->forced = true;
			st->index = (int64_t)(y % (uint64_t)g->radix[k]);
			y /= (uint64_t)g->radix[k];
		}
	}
}

void
pp_keys_unique_reset(struct pp_keys_unique *u)
{
	for (size_t i = 0; i < u->n; i++) {
		free(u->groups[i].columns);
		free(u->groups[i].radix);
	}
	free(u->groups);
	memset(u, 0, sizeof *u);
}

/* The unique constraints of table as JSON text, one per row: {"name": ..., "columns": [...]}. */
static bool
read_unique(struct pp_conn *conn, const char *table, char ***rows, size_t *n,
	    struct pp_db_error *err)
{
	const char *params[1] = { table };

	return pp_conn_query_column(
		conn,
		"SELECT json_build_object('name', c.relname, 'columns', json_agg(a.attname ORDER "
		"BY k.ord))::text FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = "
		"i.indexrelid CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, ord) "
		"JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
		"WHERE i.indrelid = $1::regclass AND i.indisunique AND k.ord <= i.indnkeyatts AND "
		"i.indpred IS NULL AND i.indexprs IS NULL GROUP BY c.relname ORDER BY c.relname",
		1, params, rows, n, err);
}

/* The group's permutation: its space, block size and round keys (from the seed and name). */
static void
group_keys(struct pp_keys_group *g, uint64_t seed, const char *table, const char *name)
{
	uint64_t h = 1469598103934665603ULL;

	for (const char *p = table; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	for (const char *p = name; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	for (int k = 0; k < 4; k++)
		g->key[k] = mix(seed ^ h ^ (0x9e3779b97f4a7c15ULL * (uint64_t)(k + 1)));
	g->half = 1;
	while (g->half < 31 && (1ULL << (2 * g->half)) < g->space)
		g->half++;
}

/* What one unique constraint needs; adds a group to u when its tuples must be drawn. */
struct constraint_check {
	const char *spec_path;
	const struct pp_seed_table *t;
	int64_t rows;
	uint64_t seed;
	bool *claimed; /* per column: in a group already */
};

static enum pp_step
plan_constraint(const struct constraint_check *c, const char *name, const cJSON *columns,
		struct pp_keys_unique *u)
{
	struct pp_keys_group g = { 0 };
	const cJSON *col;
	struct pp_buf names;
	enum pp_step st = PP_STEP_OK;
	bool overflow = false;

	g.columns = pp_mem_calloc((size_t)cJSON_GetArraySize(columns) + 1, sizeof *g.columns);
	g.radix = pp_mem_calloc((size_t)cJSON_GetArraySize(columns) + 1, sizeof *g.radix);
	g.space = 1;
	pp_buf_init(&names);
	cJSON_ArrayForEach(col, columns)
	{
		size_t k;
		const struct pp_gen *gen = cJSON_IsString(col) ? column_gen(c->t, col->valuestring, &k)
							       : NULL;

		if (gen == NULL || pp_gen_unique_capacity(gen, c->rows) >= c->rows)
			goto cleanup; /* not generated (a default), or distinct by itself */
		if (pp_gen_domain(gen) <= 0 || c->claimed[k])
			goto cleanup; /* checked by check_database, or in a group already */
		pp_buf_printf(&names, "%s%s", g.n ? ", " : "", col->valuestring);
		g.columns[g.n] = k;
		g.radix[g.n++] = pp_gen_domain(gen);
		overflow = overflow || g.space > MAX_SPACE / (uint64_t)pp_gen_domain(gen);
		g.space = overflow ? MAX_SPACE : g.space * (uint64_t)pp_gen_domain(gen);
	}
	if (g.n == 0)
		goto cleanup;
	if ((uint64_t)c->rows > g.space) {
		pp_log_error("%s: tables.\"%s\": the unique key %s (%s) has %llu possible values but "
			     "the spec asks for %lld rows: expected at most %llu rows, or more parent "
			     "keys",
			     c->spec_path, c->t->name, name, names.data,
			     (unsigned long long)g.space, (long long)c->rows,
			     (unsigned long long)g.space);
		st = PP_STEP_BAD_INPUT;
		goto cleanup;
	}
	group_keys(&g, c->seed, c->t->name, name);
	for (size_t k = 0; k < g.n; k++)
		c->claimed[g.columns[k]] = true;
	u->groups = pp_mem_realloc(u->groups, (u->n + 1) * sizeof *u->groups);
	u->groups[u->n++] = g;
	memset(&g, 0, sizeof g);

cleanup:
	free(g.columns);
	free(g.radix);
	pp_buf_reset(&names);
	return st;
}

enum pp_step
pp_keys_unique_plan(struct pp_conn *conn, const char *spec_path, const struct pp_seed_table *t,
		    int64_t rows, uint64_t seed, struct pp_keys_unique *u, struct pp_db_error *err)
{
	struct constraint_check c = { .spec_path = spec_path, .t = t, .rows = rows, .seed = seed,
				      .claimed = pp_mem_calloc(t->n_columns + 1, sizeof(bool)) };
	enum pp_step st = PP_STEP_OK;
	char **found = NULL;
	size_t n = 0;

	memset(u, 0, sizeof *u);
	if (!read_unique(conn, t->name, &found, &n, err))
		st = PP_STEP_FAILED;
	for (size_t i = 0; i < n && st == PP_STEP_OK; i++) {
		cJSON *j = found[i] ? cJSON_Parse(found[i]) : NULL;
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(j, "name");

		if (cJSON_IsString(name))
			st = plan_constraint(&c, name->valuestring,
					     cJSON_GetObjectItemCaseSensitive(j, "columns"), u);
		cJSON_Delete(j);
	}
	pp_str_list_free(found, n);
	free(c.claimed);
	if (st != PP_STEP_OK)
		pp_keys_unique_reset(u);
	return st;
}
