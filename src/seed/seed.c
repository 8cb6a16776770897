/*
 * seed.c: `pgperf seed` (see seed.h and docs/seed-format.md).
 */
#include "seed/seed.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "util/clock.h"
#include "util/buf.h"
#include "util/interrupt.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/str.h"
#include "pg/script.h"
#include "seed/keys.h"
#include "seed/children.h"
#include "seed/sequences.h"

/*
 * Rows go to libpq in chunks this size: small enough that the server always has data while
 * the next chunk is generated (256 KiB chunks measured 30% slower: the server waited).
 */
#define COPY_CHUNK (32 * 1024)


/* The plan and the summary, when the caller wants them (opts->out not NULL). */
static void
say(const struct pp_seed_options *opts, const char *fmt, ...) PP_PRINTF(2, 3);

static void
say(const struct pp_seed_options *opts, const char *fmt, ...)
{
	va_list ap;

	if (opts->out == NULL)
		return;
	va_start(ap, fmt);
	vfprintf(opts->out, fmt, ap);
	va_end(ap);
	fflush(opts->out);
}

long
pp_seed_peak_rss_kb(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : -1;
}

static int64_t
scaled_rows(const struct pp_seed_table *t, const struct pp_seed_options *opts)
{
	double rows = (double)t->rows * opts->scale;

	/* Beyond PP_SEED_MAX_ROWS sizes_fit refuses it; never past int64_t on the way. */
	return rows < 9e18 ? (int64_t)llround(rows) : INT64_MAX;
}

/* A sequence's values (and a json value's nested ones) stay within int64_t for rows rows. */
static bool
sequence_fits(const struct pp_gen *g, int64_t rows)
{
	int64_t steps, last;

	for (size_t i = 0; i < g->n_fields; i++)
		if (!sequence_fits(&g->fields[i], rows))
			return false;
	if (g->kind != PP_GEN_SEQUENCE || rows == 0)
		return true;
	steps = (rows - 1) / g->repeat;
	return !__builtin_mul_overflow(g->step, steps, &last) &&
	       !__builtin_add_overflow(g->start, last, &last);
}

/*
 * Rows after --scale within the limit, and every sequence within 64 bits at that many rows: the
 * parser checked each number alone, this checks what they make together. Logs what does not fit.
 */
static bool
sizes_fit(const struct pp_seed_spec *spec, const struct pp_seed_options *opts)
{
	bool ok = true;

	for (size_t i = 0; i < spec->n_tables; i++) {
		const struct pp_seed_table *t = &spec->tables[i];
		int64_t rows = scaled_rows(t, opts);

		if ((double)rows > PP_SEED_MAX_ROWS) {
			pp_log_error("%s: tables.\"%s\": %lld rows after --scale %g: expected at most "
				     "%.0f rows",
				     spec->path, t->name, (long long)rows, opts->scale, PP_SEED_MAX_ROWS);
			ok = false;
			continue;
		}
		for (size_t k = 0; k < t->n_columns; k++) {
			if (sequence_fits(&t->columns[k].gen, rows))
				continue;
			pp_log_error("%s: tables.\"%s\".columns.%s: the sequence leaves the 64-bit "
				     "range within %lld rows: expected a smaller \"start\" or \"step\"",
				     spec->path, t->name, t->columns[k].name, (long long)rows);
			ok = false;
		}
	}
	return ok;
}

static size_t
table_index(const struct pp_seed_spec *spec, const char *name)
{
	for (size_t i = 0; i < spec->n_tables; i++)
		if (strcmp(spec->tables[i].name, name) == 0)
			return i;
	return (size_t)-1;
}

/* edges[c * n + p]: table c needs table p loaded first. Adds the spec's own refs. */
static bool *
ref_edges(const struct pp_seed_spec *spec)
{
	size_t n = spec->n_tables;
	bool *edges = pp_mem_calloc(n * n, sizeof *edges);

	for (size_t c = 0; c < n; c++)
		for (size_t k = 0; k < spec->tables[c].n_columns; k++) {
			const struct pp_gen *g = &spec->tables[c].columns[k].gen;
			size_t p = g->kind == PP_GEN_REF ? table_index(spec, g->ref_table) : (size_t)-1;

			if (p != (size_t)-1 && p != c)
				edges[c * n + p] = true;
		}
	return edges;
}

/* Kahn's algorithm, stable in spec order. False (logged) on a cycle, naming its tables. */
static bool
topo_order(const struct pp_seed_spec *spec, const bool *edges, size_t *order)
{
	size_t n = spec->n_tables, done = 0;
	bool *placed = pp_mem_calloc(n, sizeof *placed);

	while (done < n) {
		bool progress = false;

		for (size_t c = 0; c < n; c++) {
			bool ready = !placed[c];

			for (size_t p = 0; p < n && ready; p++)
				ready = !edges[c * n + p] || placed[p];
			if (ready) {
				placed[c] = true;
				order[done++] = c;
				progress = true;
			}
		}
		if (!progress) {
			struct pp_buf names;

			pp_buf_init(&names);
			for (size_t c = 0; c < n; c++)
				if (!placed[c])
					pp_buf_printf(&names, "%s%s", names.len ? ", " : "",
						      spec->tables[c].name);
			pp_log_error("%s: the tables %s refer to each other in a cycle: no load order "
				     "puts every parent first",
				     spec->path, names.data);
			pp_buf_reset(&names);
			free(placed);
			return false;
		}
	}
	free(placed);
	return true;
}

bool
pp_seed_plan(const struct pp_seed_spec *spec, const struct pp_seed_options *opts)
{
	bool *edges = ref_edges(spec);
	size_t *order = pp_mem_calloc(spec->n_tables, sizeof *order);
	int64_t total = 0;
	bool ok = sizes_fit(spec, opts) && topo_order(spec, edges, order);

	if (ok) {
		say(opts, "plan for %s (scale %g, seed %llu):\n", spec->path, opts->scale,
			(unsigned long long)opts->seed);
		for (size_t i = 0; i < spec->n_tables; i++) {
			const struct pp_seed_table *t = &spec->tables[order[i]];

			say(opts, "  %zu. %-32s %12lld rows, %zu columns\n", i + 1, t->name,
				(long long)scaled_rows(t, opts), t->n_columns);
			total += scaled_rows(t, opts);
		}
		say(opts, "  %lld rows in all%s\n", (long long)total,
			opts->clear ? "; the tables are emptied first (--clear)" : "");
	}
	free(edges);
	free(order);
	return ok;
}

/* One seed run: its inputs, what the phases learn, and how it ends. */
struct run {
	struct pp_conn *conn;
	struct pp_seed_spec *spec;
	const struct pp_seed_options *opts;
	struct pp_db_error err;
	enum pp_step status;
	bool began;           /* the seed's transaction is open */
	bool *existed;        /* per table: it existed before the schema files ran */
	bool *partitioned;    /* per table: a partitioned table (no COPY FREEZE) */
	bool *edges;          /* load-order edges (ref_edges) */
	size_t *order;        /* load order: table indexes */
	size_t dropped;       /* --clear: statements run to drop what the SQL files create */
	double *seconds;      /* per table: load time */
	struct pp_children *children; /* per table: inheritance children its rows may be in */
	double t0, load_seconds;
	int64_t total;        /* rows loaded */
};

/* Logs a database failure and sets the run's status. */
static void
db_failed(struct run *r, const char *doing)
{
	r->status = r->err.connection_lost ? PP_STEP_LOST
		    : pp_interrupt_pending()   ? PP_STEP_INTERRUPTED
					       : PP_STEP_FAILED;
	if (r->status == PP_STEP_INTERRUPTED)
		return;
	if (r->err.context != NULL)
		pp_log_error("%s: %s (%s)", doing, r->err.message, r->err.context);
	else
		pp_log_error("%s: %s", doing, r->err.message);
	if (r->err.detail)
		pp_log_detail("%s", r->err.detail);
}

/*
 * Every column of table i exists; a unique column gets unique values (a generator drawn by
 * index, such as a ref, gets distinct ones from seed/keys.c). False with r->status untouched
 * for a bad spec (logged), or with it set for a database failure.
 */
static bool
check_columns(struct run *r, size_t i)
{
	const struct pp_seed_table *t = &r->spec->tables[i];
	const char *params[1] = { t->name };
	char **cols = NULL, **uniq = NULL;
	size_t n_cols = 0, n_uniq = 0;
	bool ok = true;

	if (!pp_conn_query_column(r->conn,
				  "SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid "
				  "= $1::regclass AND attnum > 0 AND NOT attisdropped",
				  1, params, &cols, &n_cols, &r->err) ||
	    !pp_conn_query_column(r->conn,
				  "SELECT a.attname FROM pg_catalog.pg_index i JOIN "
				  "pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND "
				  "a.attnum = i.indkey[0] WHERE i.indrelid = $1::regclass AND "
				  "i.indisunique AND i.indnkeyatts = 1",
				  1, params, &uniq, &n_uniq, &r->err)) {
		pp_str_list_free(cols, n_cols);
		db_failed(r, "checking the spec's columns");
		return false;
	}
	for (size_t k = 0; k < t->n_columns; k++) {
		const struct pp_seed_column *c = &t->columns[k];
		bool unique = pp_str_list_has(uniq, n_uniq, c->name);

		if (!pp_str_list_has(cols, n_cols, c->name)) {
			pp_log_error("%s: tables.\"%s\".columns.%s: no such column in %s",
				     r->spec->path, t->name, c->name, t->name);
			ok = false;
		} else if (unique && pp_gen_domain(&c->gen) <= 0 &&
			   pp_gen_unique_capacity(&c->gen, scaled_rows(t, r->opts)) < 0) {
			pp_log_error("%s: tables.\"%s\".columns.%s: the column is unique but its "
				     "generator can repeat values: use a sequence, a uuid, a text "
				     "pattern with {seq} (and no null_fraction), a ref, a choice or a uniform int",
				     r->spec->path, t->name, c->name);
			ok = false;
		}
	}
	pp_str_list_free(cols, n_cols);
	pp_str_list_free(uniq, n_uniq);
	return ok;
}

/* Every table and column of the spec exists; notes which tables are partitioned. */
static bool
check_database(struct run *r)
{
	const struct pp_seed_spec *spec = r->spec;
	bool ok = true;

	for (size_t i = 0; i < spec->n_tables && r->status == PP_STEP_OK; i++) {
		const char *params[1] = { spec->tables[i].name };
		char *kind = NULL;

		if (!pp_conn_query_value(r->conn,
					 "SELECT relkind::text FROM pg_catalog.pg_class WHERE oid = "
					 "to_regclass($1)",
					 1, params, &kind, &r->err)) {
			db_failed(r, "checking the spec's tables");
			return false;
		}
		if (kind == NULL) {
			pp_log_error("%s: tables.\"%s\": no such table in the database", spec->path,
				     spec->tables[i].name);
			ok = false;
			continue;
		}
		/* COPY FREEZE is refused on a partitioned table: its rows go to the partitions. */
		r->partitioned[i] = strcmp(kind, "p") == 0;
		free(kind);
		if (!check_columns(r, i))
			ok = false;
	}
	if (!ok && r->status == PP_STEP_OK)
		r->status = PP_STEP_BAD_INPUT;
	return ok;
}

/* The database's own foreign keys between the spec's tables, as more load-order edges. */
static bool
add_foreign_keys(struct run *r, bool *edges)
{
	size_t n = r->spec->n_tables, rows = 0;
	char **pairs = NULL;

	if (!pp_conn_query_column(r->conn,
				  "SELECT cn.nspname || '.' || c.relname || ' ' || pn.nspname || '.' "
				  "|| p.relname FROM pg_catalog.pg_constraint k "
				  "JOIN pg_catalog.pg_class c ON c.oid = k.conrelid "
				  "JOIN pg_catalog.pg_namespace cn ON cn.oid = c.relnamespace "
				  "JOIN pg_catalog.pg_class p ON p.oid = k.confrelid "
				  "JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace "
				  "WHERE k.contype = 'f'",
				  0, NULL, &pairs, &rows, &r->err)) {
		db_failed(r, "reading foreign keys");
		return false;
	}
	for (size_t i = 0; i < rows; i++) {
		char *space = pairs[i] ? strchr(pairs[i], ' ') : NULL;
		size_t c, p;

		if (space == NULL)
			continue;
		*space = '\0';
		c = table_index(r->spec, pairs[i]);
		p = table_index(r->spec, space + 1);
		if (c != (size_t)-1 && p != (size_t)-1 && c != p)
			edges[c * n + p] = true;
	}
	pp_str_list_free(pairs, rows);
	return true;
}

/*
 * --clear with SQL files: drops what the spec's schema and after files create (input/ddl.h),
 * listing each statement, so that applying them again cannot collide with a previous seed.
 */
static bool
drop_created(struct run *r)
{
	const struct pp_seed_spec *spec = r->spec;
	size_t n_files = spec->n_schema + spec->n_after, n_undo = 0;
	const char **files = pp_mem_calloc(n_files + 1, sizeof *files);
	char **undo = NULL;

	for (size_t i = 0; i < spec->n_schema; i++)
		files[i] = spec->schema[i];
	for (size_t i = 0; i < spec->n_after; i++)
		files[spec->n_schema + i] = spec->after[i];
	r->status = pp_script_undo(files, n_files, &undo, &n_undo);
	free(files);
	if (n_undo > 0)
		say(r->opts, "--clear drops what the spec's SQL files create, then applies them "
			     "again:\n");
	for (size_t i = 0; i < n_undo && r->status == PP_STEP_OK; i++) {
		say(r->opts, "  %s\n", undo[i]);
		if (!pp_conn_exec(r->conn, undo[i], &r->err))
			db_failed(r, undo[i]);
	}
	r->dropped = n_undo;
	pp_str_list_free(undo, n_undo);
	return r->status == PP_STEP_OK;
}

/* Asks before --clear goes on (the transaction is still open: a no rolls everything back). */
static bool
confirm_clear(struct run *r)
{
	char answer[16] = "";

	if (r->opts->yes)
		return true;
	if (!isatty(STDIN_FILENO)) {
		pp_log_error("--clear would drop and empty what is listed above; add --yes to confirm "
			     "(standard input is not a terminal)");
		r->status = PP_STEP_BAD_INPUT;
		return false;
	}
	fprintf(stderr, "go on? [y/N] ");
	if (fgets(answer, sizeof answer, stdin) == NULL ||
	    (answer[0] != 'y' && answer[0] != 'Y')) {
		pp_log_error("--clear not confirmed: nothing was changed");
		r->status = PP_STEP_BAD_INPUT;
		return false;
	}
	return true;
}

/*
 * The spec's tables that existed before the schema files ran, and every table that references
 * them or is one of their partitions, transitively, into *reached.
 */
static bool
tables_reached(struct run *r, char ***reached, size_t *n_reached)
{
	struct pp_buf list;
	const char *params[1];
	bool ok;

	pp_buf_init(&list);
	pp_buf_puts(&list, "{");
	for (size_t i = 0; i < r->spec->n_tables; i++)
		if (r->existed[i])
			pp_buf_printf(&list, "%s\"%s\"", list.len > 1 ? "," : "",
				      r->spec->tables[i].name);
	pp_buf_puts(&list, "}");
	params[0] = list.data;
	ok = pp_conn_query_column(
		r->conn,
		"WITH RECURSIVE t(oid) AS (SELECT unnest($1::text[])::regclass::oid UNION SELECT "
		"x.rel FROM t CROSS JOIN LATERAL (SELECT k.conrelid FROM pg_catalog.pg_constraint k "
		"WHERE k.confrelid = t.oid AND k.contype = 'f' UNION ALL SELECT i.inhrelid FROM "
		"pg_catalog.pg_inherits i WHERE i.inhparent = t.oid) x(rel)) SELECT n.nspname || "
		"'.' || c.relname FROM t JOIN pg_catalog.pg_class c ON c.oid = t.oid JOIN "
		"pg_catalog.pg_namespace n ON n.oid = c.relnamespace ORDER BY 1",
		1, params, reached, n_reached, &r->err);
	pp_buf_reset(&list);
	if (!ok)
		db_failed(r, "listing the tables --clear empties");
	return ok;
}

/* --clear: TRUNCATE ... CASCADE of the tables that existed, after listing all it empties. */
static bool
clear_tables(struct run *r)
{
	const struct pp_seed_spec *spec = r->spec;
	char **reached = NULL;
	size_t n_reached = 0;
	struct pp_buf sql;
	bool ok = false;

	pp_buf_init(&sql);
	if (!tables_reached(r, &reached, &n_reached))
		goto cleanup;
	if (n_reached > 0) {
		say(r->opts, "--clear empties %zu tables (TRUNCATE ... CASCADE):", n_reached);
		for (size_t i = 0; i < n_reached; i++)
			say(r->opts, "%s %s", i ? "," : "", reached[i]);
		say(r->opts, "\n");
	}
	if ((n_reached > 0 || r->dropped > 0) && !confirm_clear(r))
		goto cleanup;
	pp_buf_puts(&sql, "TRUNCATE ");
	for (size_t i = 0; i < spec->n_tables; i++) {
		char *q = r->existed[i] ? pp_conn_quote_ident(r->conn, spec->tables[i].name) : NULL;

		if (q != NULL)
			pp_buf_printf(&sql, "%s%s", sql.len > 9 ? ", " : "", q);
		free(q);
	}
	pp_buf_puts(&sql, " CASCADE");
	if (n_reached > 0 && !pp_conn_exec(r->conn, sql.data, &r->err)) {
		db_failed(r, "emptying the tables");
		goto cleanup;
	}
	ok = true;

cleanup:
	pp_str_list_free(reached, n_reached);
	pp_buf_reset(&sql);
	return ok;
}

/* A ref's parent keys (seed/keys.c), just before its table loads. */
static bool
resolve_ref(struct run *r, const struct pp_seed_table *t, struct pp_seed_column *c)
{
	const struct pp_seed_table *parent = pp_seedspec_table(r->spec, c->gen.ref_table);
	char *where = pp_str_printf("%s: tables.\"%s\".columns.%s", r->spec->path, t->name,
				    c->name);
	enum pp_step st = pp_keys_resolve(r->conn, where, parent, scaled_rows(parent, r->opts),
					  &c->gen, &r->err);

	free(where);
	if (st == PP_STEP_FAILED)
		db_failed(r, "reading the keys a ref draws from");
	else
		r->status = st;
	return st == PP_STEP_OK;
}

static void
show_progress(const struct pp_seed_table *t, int64_t done, int64_t rows, double t0, bool final)
{
	double el = pp_clock_now_seconds() - t0, rate = el > 0 ? (double)done / el : 0;

	if (final) {
		fprintf(stderr, "\r\033[K");
		return;
	}
	fprintf(stderr, "\r\033[K  %-32s %12lld / %lld rows  %10.0f rows/s  ETA %4.0fs", t->name,
		(long long)done, (long long)rows, rate,
		rate > 0 ? (double)(rows - done) / rate : 0.0);
	fflush(stderr);
}

/* "COPY table (columns) FROM STDIN [WITH (FREEZE)]" into sql. */
static void
copy_statement(struct run *r, const struct pp_seed_table *t, bool freeze, struct pp_buf *sql)
{
	char *q = pp_conn_quote_ident(r->conn, t->name);

	pp_buf_printf(sql, "COPY %s (", q);
	free(q);
	for (size_t k = 0; k < t->n_columns; k++) {
		q = pp_conn_quote_ident(r->conn, t->columns[k].name);
		pp_buf_printf(sql, "%s%s", k ? ", " : "", q);
		free(q);
	}
	pp_buf_printf(sql, ") FROM STDIN%s", freeze ? " WITH (FREEZE)" : "");
}

/* Index of t's column name, or (size_t)-1. */
static size_t
column_index(const struct pp_seed_table *t, const char *name)
{
	for (size_t k = 0; k < t->n_columns; k++)
		if (strcmp(t->columns[k].name, name) == 0)
			return k;
	return (size_t)-1;
}

/*
 * Each lookup's ref learns which parent columns to read (gen.h: ref_lookups) and the lookup
 * which of them is its own (lookup_slot). The parser checked that each names a ref of t.
 */
static void
wire_lookups(struct pp_seed_table *t)
{
	for (size_t k = 0; k < t->n_columns; k++) {
		struct pp_gen *g = &t->columns[k].gen;
		size_t j = g->kind == PP_GEN_LOOKUP ? column_index(t, g->lookup_ref) : (size_t)-1;
		struct pp_gen *ref = j != (size_t)-1 ? &t->columns[j].gen : NULL;
		size_t slot = 0;

		if (ref == NULL || ref->kind != PP_GEN_REF)
			continue;
		while (slot < ref->n_ref_lookups && strcmp(ref->ref_lookups[slot], g->lookup_column))
			slot++;
		if (slot == ref->n_ref_lookups)
			pp_str_list_push(&ref->ref_lookups, &ref->n_ref_lookups,
					 pp_mem_strdup(g->lookup_column));
		g->lookup_slot = slot;
	}
}

/*
 * Per column, whether it draws its parent row before each row (a ref that lookups read, not
 * in a unique tuple); lookups learn their ref's state.
 */
static bool *
prepare_states(struct run *r, const struct pp_seed_table *t, const struct pp_keys_unique *uniq,
	       struct pp_gen_state *states)
{
	bool *draws = pp_mem_calloc(t->n_columns + 1, sizeof *draws);

	for (size_t k = 0; k < t->n_columns; k++) {
		const struct pp_gen *g = &t->columns[k].gen;
		size_t j = g->kind == PP_GEN_LOOKUP ? column_index(t, g->lookup_ref) : (size_t)-1;

		pp_gen_state_init(&states[k], r->opts->seed, t->name, t->columns[k].name);
		draws[k] = g->kind == PP_GEN_REF && g->n_ref_lookups > 0;
		if (j != (size_t)-1) {
			states[k].peer = &states[j];
			states[k].peer_gen = &t->columns[j].gen;
		}
	}
	for (size_t i = 0; i < uniq->n; i++)
		for (size_t k = 0; k < uniq->groups[i].n; k++)
			draws[uniq->groups[i].columns[k]] = false;
	return draws;
}

/* Streams one table's rows through COPY, tuples of unique constraints from uniq. */
static bool
load_table(struct run *r, struct pp_seed_table *t, const struct pp_keys_unique *uniq,
	   bool freeze, double *seconds)
{
	int64_t rows = scaled_rows(t, r->opts);
	struct pp_gen_state *states = pp_mem_calloc(t->n_columns, sizeof *states);
	struct pp_buf sql, buf, scratch;
	double t0 = pp_clock_now_seconds(), last = 0;
	bool ok = false, *draws;

	pp_buf_init(&sql);
	pp_buf_init(&buf);
	pp_buf_init(&scratch);
	copy_statement(r, t, freeze, &sql);
	draws = prepare_states(r, t, uniq, states);
	if (!pp_conn_copy_begin(r->conn, sql.data, &r->err)) {
		db_failed(r, t->name);
		goto cleanup;
	}
	for (int64_t row = 0; row < rows; row++) {
		pp_keys_unique_row(uniq, row, states);
		for (size_t k = 0; k < t->n_columns; k++)
			if (draws[k])
				pp_gen_draw_parent(&t->columns[k].gen, &states[k]);
		for (size_t k = 0; k < t->n_columns; k++) {
			if (k > 0)
				pp_buf_putc(&buf, '\t');
			pp_gen_emit(&t->columns[k].gen, &states[k], row, rows, &scratch, &buf);
		}
		pp_buf_putc(&buf, '\n');
		if (buf.len >= COPY_CHUNK) {
			if (!pp_conn_copy_put(r->conn, buf.data, buf.len, &r->err)) {
				db_failed(r, t->name);
				goto cleanup;
			}
			pp_buf_clear(&buf);
			if (pp_interrupt_pending())
				break;
			if (r->opts->progress && pp_clock_now_seconds() - last > 0.2) {
				last = pp_clock_now_seconds();
				show_progress(t, row + 1, rows, t0, false);
			}
		}
	}
	if ((buf.len > 0 && !pp_conn_copy_put(r->conn, buf.data, buf.len, &r->err)) ||
	    !pp_conn_copy_end(r->conn, &r->err)) {
		char *doing = pp_str_printf("loading %s", t->name);

		db_failed(r, doing);
		free(doing);
		goto cleanup;
	}
	if (pp_interrupt_pending()) {
		r->status = PP_STEP_INTERRUPTED;
		goto cleanup;
	}
	ok = true;

cleanup:
	if (r->opts->progress)
		show_progress(t, 0, 0, t0, true);
	*seconds = pp_clock_now_seconds() - t0;
	free(states);
	free(draws);
	pp_buf_reset(&sql);
	pp_buf_reset(&buf);
	pp_buf_reset(&scratch);
	return ok;
}

/* The spec's tables that exist before the schema files run (COPY FREEZE needs the others). */
static bool
note_existing(struct run *r)
{
	for (size_t i = 0; i < r->spec->n_tables; i++) {
		const char *params[1] = { r->spec->tables[i].name };
		char *found = NULL;

		if (!pp_conn_query_value(r->conn, "SELECT to_regclass($1)::text", 1, params, &found,
					 &r->err)) {
			db_failed(r, "checking the spec's tables");
			return false;
		}
		r->existed[i] = found != NULL;
		free(found);
	}
	return true;
}

/*
 * Opens the seed's transaction, applies the schema files, checks the spec against the database
 * and orders the tables. A durable commit: with an asynchronous one (the throwaway server's
 * default), the VACUUM right after it cannot yet trust the rows as committed and marks no page
 * all-visible.
 */
static bool
prepare(struct run *r)
{
	/* UTC: the time values lookups read back are in the form the generators write. */
	if (!pp_conn_exec(r->conn,
			  "BEGIN; SET LOCAL synchronous_commit = on; SET LOCAL TimeZone = 'UTC'",
			  &r->err)) {
		db_failed(r, "starting the seed's transaction");
		return false;
	}
	r->began = true;
	if ((r->opts->clear && !drop_created(r)) || !note_existing(r))
		return false;
	r->status = pp_script_apply(r->conn, (const char *const *)r->spec->schema,
				    r->spec->n_schema);
	if (r->status != PP_STEP_OK || !check_database(r) || !add_foreign_keys(r, r->edges))
		return false;
	if (!topo_order(r->spec, r->edges, r->order)) {
		r->status = PP_STEP_BAD_INPUT;
		return false;
	}
	return !r->opts->clear || clear_tables(r);
}

/* Every table in load order, each ref's keys resolved just before its table loads. */
static bool
load_tables(struct run *r)
{
	for (size_t i = 0; i < r->spec->n_tables; i++) {
		size_t ti = r->order[i];
		struct pp_seed_table *t = &r->spec->tables[ti];
		/* COPY FREEZE needs the table created or emptied in this very transaction. */
		bool freeze = (!r->existed[ti] || r->opts->clear) && !r->partitioned[ti];

		struct pp_keys_unique uniq;
		enum pp_step st;
		bool loaded;

		wire_lookups(t);
		for (size_t k = 0; k < t->n_columns; k++)
			if (t->columns[k].gen.kind == PP_GEN_REF && !resolve_ref(r, t, &t->columns[k]))
				return false;
		st = pp_keys_unique_plan(r->conn, r->spec->path, t, scaled_rows(t, r->opts),
					 r->opts->seed, &uniq, &r->err);
		if (st != PP_STEP_OK) {
			if (st == PP_STEP_FAILED)
				db_failed(r, "reading the unique constraints");
			r->status = st == PP_STEP_FAILED ? r->status : st;
			return false;
		}
		loaded = load_table(r, t, &uniq, freeze, &r->seconds[ti]);
		pp_keys_unique_reset(&uniq);
		if (!loaded)
			return false;
		r->load_seconds += r->seconds[ti];
		r->total += scaled_rows(t, r->opts);
		if (!r->opts->progress)
			pp_log_info("loaded %s: %lld rows in %.2fs", t->name,
				    (long long)scaled_rows(t, r->opts), r->seconds[ti]);
	}
	return true;
}

/* Runs "VERB table" (ANALYZE, VACUUM); false fills r->err. */
static bool
table_command(struct run *r, const char *verb, const char *table)
{
	char *q = pp_conn_quote_ident(r->conn, table);
	char *sql = pp_str_printf("%s %s", verb, q);
	bool ok = pp_conn_exec(r->conn, sql, &r->err);

	free(sql);
	free(q);
	return ok;
}

/* Every sequence behind a seeded column moved past the seeded values (seed/sequences.h). */
static bool
advance_sequences(struct run *r)
{
	int moved = 0;

	for (size_t i = 0; i < r->spec->n_tables; i++) {
		const struct pp_seed_table *t = &r->spec->tables[i];

		for (size_t k = 0; k < t->n_columns; k++) {
			if (pp_sequences_advance(r->conn, t->name, t->columns[k].name, &moved, &r->err))
				continue;
			db_failed(r, "moving sequences past the seeded values");
			return false;
		}
	}
	if (moved > 0)
		pp_log_info("moved %d sequence%s past the seeded values", moved,
			    moved == 1 ? "" : "s");
	return true;
}

/* The after files, the sequences, ANALYZE of every seeded table, COMMIT. */
static bool
finish_transaction(struct run *r)
{
	r->status = pp_script_apply(r->conn, (const char *const *)r->spec->after, r->spec->n_after);
	if (r->status != PP_STEP_OK || !advance_sequences(r))
		return false;
	for (size_t i = 0; i < r->spec->n_tables; i++) {
		if (!table_command(r, "ANALYZE", r->spec->tables[i].name) ||
		    !pp_children_analyze(r->conn, r->spec->tables[i].name, &r->children[i],
					 &r->err)) {
			db_failed(r, "analyzing the seeded tables");
			return false;
		}
	}
	if (!pp_conn_exec(r->conn, "COMMIT", &r->err)) {
		db_failed(r, "committing the seed");
		return false;
	}
	r->began = false;
	return true;
}

/*
 * Committed. VACUUM sets the visibility map and hint bits, as on a settled database, so
 * index-only scans work and the first timed queries do not pay for them. Best effort.
 */
static void
vacuum_table(struct run *r, const char *table, bool quoted)
{
	char *sql = quoted ? pp_str_printf("VACUUM %s", table) : NULL;

	if (quoted ? pp_conn_exec(r->conn, sql, &r->err) : table_command(r, "VACUUM", table)) {
		free(sql);
		return;
	}
	pp_log_warning("VACUUM %s after seeding: %s", table, r->err.message);
	pp_db_error_reset(&r->err);
	free(sql);
}

static void
vacuum_tables(struct run *r)
{
	for (size_t i = 0; i < r->spec->n_tables; i++) {
		vacuum_table(r, r->spec->tables[i].name, false);
		for (size_t k = 0; k < r->children[i].n; k++)
			vacuum_table(r, r->children[i].names[k], true);
	}
}

/* Under a table whose rows its triggers put in inheritance children: where they are. */
static void
print_children(const struct run *r, const struct pp_children *ch)
{
	int64_t in_children = 0;

	for (size_t k = 0; k < ch->n; k++)
		in_children += ch->rows[k];
	if (in_children == 0)
		return;
	say(r->opts, "    %lld in the table itself, %lld in its inheritance children:",
	    (long long)ch->parent_rows, (long long)in_children);
	for (size_t k = 0; k < ch->n; k++)
		say(r->opts, "%s %s %lld", k ? "," : "", ch->names[k], (long long)ch->rows[k]);
	say(r->opts, "\n");
}

static void
print_summary(const struct run *r)
{
	const struct pp_seed_options *opts = r->opts;

	say(opts, "seeded %zu tables:\n", r->spec->n_tables);
	for (size_t i = 0; i < r->spec->n_tables; i++) {
		const struct pp_seed_table *t = &r->spec->tables[r->order[i]];

		say(opts, "  %-32s %12lld rows  %6.2fs\n", t->name,
		    (long long)scaled_rows(t, opts), r->seconds[r->order[i]]);
		print_children(r, &r->children[r->order[i]]);
	}
	say(opts,
	    "%lld rows in %.2fs (%.0f rows/s while loading), %.2fs in all, peak memory %ld KiB\n",
	    (long long)r->total, r->load_seconds,
	    r->load_seconds > 0 ? (double)r->total / r->load_seconds : 0.0,
	    pp_clock_now_seconds() - r->t0, pp_seed_peak_rss_kb());
}

/* The one cleanup path: rolls back an open transaction, frees the run; returns its status. */
static enum pp_step
run_finish(struct run *r)
{
	if (r->began && r->status != PP_STEP_LOST) {
		struct pp_db_error e = { 0 };

		if (!pp_conn_exec(r->conn, "ROLLBACK", &e) && e.connection_lost)
			r->status = PP_STEP_LOST;
		pp_db_error_reset(&e);
		if (r->status != PP_STEP_OK && r->status != PP_STEP_LOST)
			pp_log_info("rolled back: the database holds what it held before");
	}
	pp_db_error_reset(&r->err);
	free(r->existed);
	free(r->partitioned);
	free(r->edges);
	free(r->order);
	free(r->seconds);
	for (size_t i = 0; i < r->spec->n_tables; i++)
		pp_children_reset(&r->children[i]);
	free(r->children);
	return r->status;
}

enum pp_step
pp_seed_run(struct pp_conn *conn, struct pp_seed_spec *spec, const struct pp_seed_options *opts)
{
	size_t n = spec->n_tables;
	struct run r = { .conn = conn, .spec = spec, .opts = opts, .status = PP_STEP_OK,
			 .existed = pp_mem_calloc(n, sizeof *r.existed),
			 .partitioned = pp_mem_calloc(n, sizeof *r.partitioned),
			 .edges = ref_edges(spec),
			 .order = pp_mem_calloc(n, sizeof *r.order),
			 .seconds = pp_mem_calloc(n, sizeof *r.seconds),
			 .children = pp_mem_calloc(n + 1, sizeof *r.children),
			 .t0 = pp_clock_now_seconds() };

	/* The spec's own refs must allow an order before anything is asked of the database. */
	if (!sizes_fit(spec, opts) || !topo_order(spec, r.edges, r.order))
		r.status = PP_STEP_BAD_INPUT;
	else if (prepare(&r) && load_tables(&r) && finish_transaction(&r)) {
		vacuum_tables(&r);
		print_summary(&r);
	}
	return run_finish(&r);
}
