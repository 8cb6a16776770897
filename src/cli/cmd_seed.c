/*
 * cmd_seed.c: `pgperf seed`: fill a database with generated rows from a spec.
 */
#include <stdio.h>
#include <unistd.h>

#include "cli/command.h"
#include "run/target.h"
#include "seed/initspec.h"
#include "seed/seed.h"
#include "seed/seedspec.h"
#include "util/interrupt.h"
#include "util/log.h"

static int
seed_on_target(const struct pp_options *o, struct pp_seed_spec *spec,
	       const struct pp_seed_options *so)
{
	struct pp_target_options to = { .dsn = o->dsn, .pg_bin = o->pg_bin,
					.no_cache = o->no_cache, .keep = o->keep };
	struct pp_target *t = NULL;
	enum pp_step st;

	if (o->dsn == NULL && !o->keep) {
		pp_log_error("seed needs a database: --dsn CONNINFO (or PGPERF_DSN, DATABASE_URL), or "
			     "--keep to seed a throwaway server that stays running");
		return PP_EXIT_USAGE;
	}
	st = pp_target_open(&to, &t);
	if (st == PP_STEP_OK)
		st = pp_seed_run(pp_target_conn(t), spec, so);
	pp_target_close(t, o->keep && st == PP_STEP_OK);
	return pp_outcome_step_exit(st);
}

/* --init-spec: a starting spec from the --dsn database's catalog, on standard output. */
static int
init_spec(const struct pp_options *o)
{
	struct pp_db_error err = { 0 };
	struct pp_conn *conn;
	int status = PP_EXIT_OK;

	if (o->n_args > 0 || o->clear || o->dry_run) {
		pp_log_error("--init-spec writes a spec and takes no SPEC.json, --clear or --dry-run");
		return PP_EXIT_USAGE;
	}
	if (o->dsn == NULL) {
		pp_log_error("--init-spec reads a database's catalog: give --dsn CONNINFO (or "
			     "PGPERF_DSN, DATABASE_URL)");
		return PP_EXIT_USAGE;
	}
	conn = pp_conn_open(o->dsn);
	if (conn == NULL)
		return PP_EXIT_SERVER;
	if (!pp_initspec_write(conn, stdout, &err)) {
		pp_log_error("reading the catalog: %s", err.message);
		status = err.connection_lost ? PP_EXIT_SERVER : PP_EXIT_FAIL;
	}
	pp_db_error_reset(&err);
	pp_conn_free(conn);
	return status;
}

static int
seed_run(const struct pp_options *o)
{
	struct pp_seed_options so = { .scale = o->scale, .seed = (uint64_t)o->seed,
				      .clear = o->clear, .yes = o->yes, .out = stdout,
				      .progress = o->verbosity >= 0 && isatty(STDERR_FILENO) };
	struct pp_seed_spec *spec;
	int status;

	if (o->init_spec)
		return init_spec(o);
	if (o->n_args != 1) {
		pp_log_error("seed takes one SPEC.json (or --init-spec)");
		return PP_EXIT_USAGE;
	}
	spec = pp_seedspec_load(o->args[0]);
	if (spec == NULL)
		return PP_EXIT_USAGE;
	if (o->dry_run)
		status = pp_seed_plan(spec, &so) ? PP_EXIT_OK : PP_EXIT_USAGE;
	else
		status = seed_on_target(o, spec, &so);
	pp_seedspec_free(spec);
	return pp_interrupt_pending() ? PP_EXIT_INTERRUPTED : status;
}

const struct pp_command pp_cmd_seed = {
	.name = "seed",
	.operands = "SPEC.json",
	.summary = "fill a database with generated, foreign-key-consistent rows",
	.description =
		"Tables are loaded through COPY, parents before children, in one transaction, then\n"
		"analyzed. Without --dsn, --keep seeds a throwaway server that stays running.\n"
		"--init-spec --dsn CONNINFO writes a starting spec from that database's catalog.",
	.options = "dsn pg-bin keep no-cache seed scale clear yes dry-run init-spec",
	.min_args = 0,
	.max_args = 1,
	.operand_hint = "one SPEC.json",
	.run = seed_run,
};
