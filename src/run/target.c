/*
 * target.c: setting up and tearing down the database a command runs against (see target.h).
 */
#include "run/target.h"

#include <stdio.h>
#include <stdlib.h>

#include "pg/script.h"
#include "pg/server.h"
#include "seed/seed.h"
#include "seed/seedspec.h"
#include "util/interrupt.h"
#include "util/log.h"
#include "util/mem.h"

struct pp_target {
	struct pp_server *server; /* NULL with --dsn */
	struct pp_conn *conn;
	char *name;
	const char *conninfo;     /* borrowed from the options or the server */
};

/* The suites' seed specs (pgperf.json "seed"), after the schema files. */
static enum pp_step
apply_seeds(struct pp_target *t, const struct pp_target_options *o)
{
	for (size_t i = 0; i < o->suite->n_configs; i++) {
		struct pp_seed_options so = { .scale = 1, .seed = o->seed,
					      .out = o->verbose ? stderr : NULL };
		struct pp_seed_spec *spec;
		enum pp_step st;

		if (o->suite->configs[i]->seed == NULL)
			continue;
		spec = pp_seedspec_load(o->suite->configs[i]->seed);
		if (spec == NULL)
			return PP_STEP_BAD_INPUT;
		st = pp_seed_run(t->conn, spec, &so);
		pp_seedspec_free(spec);
		/* A suite's seed that does not load is an input of the suite that is wrong. */
		if (st != PP_STEP_OK)
			return st == PP_STEP_FAILED ? PP_STEP_BAD_INPUT : st;
	}
	return PP_STEP_OK;
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
	return st == PP_STEP_OK ? apply_seeds(t, o) : st;
}

static enum pp_step
start_server(struct pp_target *t, const struct pp_target_options *o)
{
	struct pp_server_options so = { .pg_bin = o->pg_bin, .use_cache = !o->no_cache,
					.keep = o->keep };

	t->server = pp_server_start(&so);
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
	free(t->name);
	free(t);
}
