/*
 * target.c: setting up and tearing down the database a command runs against (see target.h).
 */
#include "run/target.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg/script.h"
#include "pg/server.h"
#include "seed/seed.h"
#include "seed/seedspec.h"
#include "util/interrupt.h"
#include "util/log.h"
#include "util/file.h"
#include "util/mem.h"
#include "util/str.h"

struct pp_target {
	struct pp_server *server; /* NULL with --dsn */
	struct pp_conn *conn;
	char *name;
	const char *conninfo;     /* borrowed from the options or the server */
	struct pp_seed_spec **specs; /* the suite's seed specs */
	size_t n_specs;
};

/* The suites' seed specs (pgperf.json "seed"), loaded before anything starts. */
static enum pp_step
load_seeds(struct pp_target *t, const struct pp_target_options *o)
{
	const char **files;
	size_t n;
	enum pp_step st = PP_STEP_OK;

	if (o->suite == NULL)
		return PP_STEP_OK;
	files = pp_suite_seed_files(o->suite, &n);
	for (size_t i = 0; i < n && st == PP_STEP_OK; i++) {
		struct pp_seed_spec *spec = pp_seedspec_load(files[i]);

		if (spec == NULL) {
			st = PP_STEP_BAD_INPUT;
			continue;
		}
		t->specs = pp_mem_realloc(t->specs, (t->n_specs + 1) * sizeof *t->specs);
		t->specs[t->n_specs++] = spec;
	}
	free(files);
	return st;
}

/* The seed specs, after the schema files. */
static enum pp_step
apply_seeds(struct pp_target *t, const struct pp_target_options *o)
{
	for (size_t i = 0; i < t->n_specs; i++) {
		struct pp_seed_options so = { .scale = 1, .seed = o->seed,
					      .out = o->verbose ? stderr : NULL };
		enum pp_step st = pp_seed_run(t->conn, t->specs[i], &so);

		/* A suite's seed that does not load is an input of the suite that is wrong. */
		if (st != PP_STEP_OK)
			return st == PP_STEP_FAILED ? PP_STEP_BAD_INPUT : st;
	}
	return PP_STEP_OK;
}

/* FNV-1a over n bytes, continuing from h. */
static uint64_t
hash_bytes(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ULL;
	return h;
}

/* A file's path and contents into h; false when it cannot be read (no key then). */
static bool
hash_file(uint64_t *h, const char *path)
{
	size_t len = 0;
	char *text = pp_file_read(path, "", &len);

	if (text == NULL)
		return false;
	*h = hash_bytes(*h, path, strlen(path) + 1);
	*h = hash_bytes(*h, text, len);
	free(text);
	return true;
}

/* Each seed spec with the SQL files it applies. */
static bool
hash_seeds(uint64_t *h, const struct pp_target *t)
{
	bool ok = true;

	for (size_t i = 0; i < t->n_specs && ok; i++) {
		const struct pp_seed_spec *spec = t->specs[i];

		ok = hash_file(h, spec->path);
		for (size_t k = 0; ok && k < spec->n_schema; k++)
			ok = hash_file(h, spec->schema[k]);
		for (size_t k = 0; ok && k < spec->n_after; k++)
			ok = hash_file(h, spec->after[k]);
	}
	return ok;
}

/*
 * The key of the seeded-database cache: a hash of pgperf's own program (its generators make
 * the data), the suite's schema files, its seed specs and their SQL files, --seed and the
 * scale; the server version is part of the cache entry's name (pg/server.c). NULL when
 * nothing would be seeded or a file cannot be read (logged when applied).
 */
static char *
seeded_key(const struct pp_target *t, const struct pp_target_options *o)
{
	uint64_t h = 1469598103934665603ULL, seed = o->seed;
	double scale = 1;
	const char **files;
	size_t n;
	bool ok;

	if (o->suite == NULL || o->no_cache)
		return NULL;
	files = pp_suite_schema_files(o->suite, &n);
	ok = hash_file(&h, "/proc/self/exe");
	for (size_t i = 0; ok && i < n; i++)
		ok = hash_file(&h, files[i]);
	free(files);
	ok = ok && hash_seeds(&h, t) && (n > 0 || t->n_specs > 0);
	h = hash_bytes(h, &seed, sizeof seed);
	h = hash_bytes(h, &scale, sizeof scale);
	return ok ? pp_str_printf("%016llx", (unsigned long long)h) : NULL;
}

/*
 * The seeded database is cached (pg/server.h): the connection closes while the server stops
 * and opens again once it runs.
 */
static enum pp_step
cache_seeded(struct pp_target *t)
{
	pp_conn_free(t->conn);
	t->conn = NULL;
	if (!pp_server_cache_seeded(t->server))
		return PP_STEP_LOST;
	t->conn = pp_conn_open(t->conninfo);
	return t->conn != NULL ? PP_STEP_OK : PP_STEP_LOST;
}

/* Schema files and seed specs: only on the throwaway server, never on a user's database. */
static enum pp_step
prepare(struct pp_target *t, const struct pp_target_options *o)
{
	const char **files;
	enum pp_step st;
	size_t n;

	if (o->suite == NULL)
		return PP_STEP_OK;
	if (t->server != NULL && pp_server_seeded(t->server)) {
		pp_log_debug("the seeded database came from the cache: schema files and seed specs "
			     "not applied again");
		return PP_STEP_OK;
	}
	files = pp_suite_schema_files(o->suite, &n);
	if (t->server == NULL) {
		if (n > 0)
			pp_log_info("schema files in pgperf.json are applied only to the throwaway "
				    "server, not to %s",
				    t->name);
		free(files);
		return PP_STEP_OK;
	}
	st = pp_script_apply(t->conn, files, n);
	free(files);
	if (st == PP_STEP_OK)
		st = apply_seeds(t, o);
	return st == PP_STEP_OK ? cache_seeded(t) : st;
}

static enum pp_step
start_server(struct pp_target *t, const struct pp_target_options *o)
{
	char *key = seeded_key(t, o);
	struct pp_server_options so = { .pg_bin = o->pg_bin, .use_cache = !o->no_cache,
					.keep = o->keep, .seeded_key = key };

	t->server = pp_server_start(&so);
	free(key);
	if (t->server == NULL)
		return pp_interrupt_pending() ? PP_STEP_INTERRUPTED : PP_STEP_LOST;
	pp_log_debug("throwaway server ready in %.2fs in %s",
		     pp_server_startup_seconds(t->server), pp_server_dir(t->server));
	t->conninfo = pp_server_conninfo(t->server);
	t->name = pp_mem_strdup("embedded");
	return PP_STEP_OK;
}

enum pp_step
pp_target_open(const struct pp_target_options *o, struct pp_target **out)
{
	struct pp_target *t = pp_mem_calloc(1, sizeof *t);
	enum pp_step st = PP_STEP_OK;

	*out = NULL;
	if (o->dsn != NULL) {
		t->conninfo = o->dsn;
		t->name = pp_conn_redact(o->dsn);
		if (t->name == NULL)
			st = PP_STEP_BAD_INPUT;
	} else {
		/* Seed specs are for the throwaway server only: read before it starts. */
		st = load_seeds(t, o);
		if (st == PP_STEP_OK)
			st = start_server(t, o);
	}
	if (st == PP_STEP_OK) {
		t->conn = pp_conn_open(t->conninfo);
		if (t->conn == NULL)
			st = PP_STEP_LOST;
	}
	if (st == PP_STEP_OK) {
		pp_interrupt_set_hook(pp_conn_cancel_armed, NULL);
		st = prepare(t, o);
	}
	if (st == PP_STEP_OK && pp_interrupt_pending())
		st = PP_STEP_INTERRUPTED;
	if (st != PP_STEP_OK) {
		pp_target_close(t, false);
		return st;
	}
	*out = t;
	return PP_STEP_OK;
}

struct pp_conn *
pp_target_conn(const struct pp_target *t)
{
	return t->conn;
}

const char *
pp_target_name(const struct pp_target *t)
{
	return t->name;
}

const char *
pp_target_conninfo(const struct pp_target *t)
{
	return t->conninfo;
}

bool
pp_target_embedded(const struct pp_target *t)
{
	return t->server != NULL;
}

void
pp_target_close(struct pp_target *t, bool keep)
{
	if (t == NULL)
		return;
	pp_interrupt_set_hook(NULL, NULL);
	pp_conn_free(t->conn);
	pp_server_stop(t->server, keep && !pp_interrupt_pending());
	for (size_t i = 0; i < t->n_specs; i++)
		pp_seedspec_free(t->specs[i]);
	free(t->specs);
	free(t->name);
	free(t);
}
