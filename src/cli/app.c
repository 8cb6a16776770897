/*
 * app.c: wires the pipeline (command line -> cases -> server/connection -> runner -> stats ->
 * thresholds -> reporters) and decides the exit status. The only place, with cli.c and main.c,
 * that turns problems into exit codes.
 */
#include "cli/app.h"

#include "verdict/baseline.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/clock.h"
#include "util/buf.h"
#include "input/case.h"
#include "cli/cli.h"
#include "pg/conn.h"
#include "util/outcome.h"
#include "util/file.h"
#include "verdict/findings.h"
#include "util/interrupt.h"
#include "util/log.h"
#include "util/mem.h"
#include "report/report.h"
#include "run/result.h"
#include "run/runner.h"
#include "seed/seed.h"
#include "seed/seedspec.h"
#include "pg/script.h"
#include "pg/server.h"
#include "input/sql.h"
#include "input/suite.h"
#include "verdict/threshold.h"
#include "util/units.h"

struct selection {
	const struct pp_case **cases;
	size_t n;
	int name_width;
};

struct progress {
	bool on;
	size_t index, count;
	int64_t last_ns;
};


static bool
want_color(int fd)
{
	const char *no_color = getenv("NO_COLOR");

	return isatty(fd) && (no_color == NULL || no_color[0] == '\0');
}

/* Applies --filter and --tag; an empty selection is an input error. */
static bool
select_cases(const struct pp_cli *cli, const struct pp_suite *suite, struct selection *sel)
{
	pcre2_code *re = NULL;
	pcre2_match_data *md = NULL;
	bool ok = false;

	memset(sel, 0, sizeof *sel);
	if (cli->filter != NULL) {
		int errcode;
		PCRE2_SIZE erroff;

		re = pcre2_compile((PCRE2_SPTR)cli->filter, PCRE2_ZERO_TERMINATED, 0, &errcode,
				   &erroff, NULL);
		if (re == NULL) {
			PCRE2_UCHAR msg[256];

			pcre2_get_error_message(errcode, msg, sizeof msg);
			pp_log_error("invalid --filter regular expression at offset %zu: %s",
				     (size_t)erroff, (const char *)msg);
			return false;
		}
		md = pcre2_match_data_create_from_pattern(re, NULL);
	}
	sel->cases = pp_mem_calloc(suite->cases.len, sizeof *sel->cases);
	for (size_t i = 0; i < suite->cases.len; i++) {
		const struct pp_case *c = suite->cases.items[i];
		bool tagged = cli->n_tags == 0;

		if (re != NULL && pcre2_match(re, (PCRE2_SPTR)c->name, PCRE2_ZERO_TERMINATED, 0, 0,
					      md, NULL) < 0)
			continue;
		if (cli->case_name != NULL && strcmp(cli->case_name, c->name) != 0)
			continue;
		for (size_t t = 0; t < cli->n_tags && !tagged; t++)
			tagged = pp_case_has_tag(c, cli->tags[t]);
		if (!tagged)
			continue;
		sel->cases[sel->n++] = c;
		if ((int)strlen(c->name) > sel->name_width)
			sel->name_width = (int)strlen(c->name);
	}
	if (sel->n == 0) {
		pp_log_error("no case matches%s%s%s%s%s among the %zu loaded",
			     cli->filter ? " --filter " : "", cli->filter ? cli->filter : "",
			     cli->case_name ? " --case " : "", cli->case_name ? cli->case_name : "",
			     cli->n_tags ? " the --tag selection" : "", suite->cases.len);
		goto cleanup;
	}
	ok = true;

cleanup:
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	return ok;
}

static int
cmd_list(const struct selection *sel)
{
	for (size_t i = 0; i < sel->n; i++) {
		const struct pp_case *c = sel->cases[i];
		char limit[32];

		printf("%-*s  %s:%d  %ld iterations", sel->name_width, c->name, c->file, c->line,
		       c->iterations);
		for (size_t t = 0; t < c->n_thresholds; t++) {
			pp_threshold_format(c->thresholds[t].metric, (double)c->thresholds[t].limit,
					    limit, sizeof limit);
			printf("%s%s < %s", t == 0 ? "  " : ", ",
			       pp_stats_metric_name(c->thresholds[t].metric), limit);
		}
		if (c->modifies)
			printf("  (writes, rolled back)");
		for (size_t t = 0; t < c->n_tags; t++)
			printf("%s%s", t == 0 ? "  tags: " : ", ", c->tags[t]);
		putchar('\n');
	}
	printf("%zu cases\n", sel->n);
	return fflush(stdout) == 0 ? PP_EXIT_OK : PP_EXIT_USAGE;
}

static void
show_progress(const struct pp_case *c, long done, long total, void *ctx)
{
	struct progress *p = ctx;
	int64_t now = pp_clock_now_ns();

	if (now - p->last_ns < 100000000 && done != total)
		return;
	p->last_ns = now;
	fprintf(stderr, "\r\033[K[%zu/%zu] %s %ld/%ld", p->index + 1, p->count, c->name, done,
		total);
	fflush(stderr);
}

static void
clear_progress(struct progress *p)
{
	if (p->on && p->last_ns != 0) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		p->last_ns = 0;
	}
}

/* The suites' seed specs (pgperf.json "seed"), on the throwaway server after its schema. */
static int
apply_seeds(struct pp_conn *conn, const struct pp_suite *suite, const struct pp_cli *cli)
{
	for (size_t i = 0; i < suite->n_configs; i++) {
		struct pp_seed_options opts = { .scale = 1, .seed = cli->seed,
						.out = cli->verbosity > 0 ? stderr : NULL };
		struct pp_seed_spec *spec;
		int status;

		if (suite->configs[i]->seed == NULL)
			continue;
		spec = pp_seedspec_load(suite->configs[i]->seed);
		if (spec == NULL)
			return PP_EXIT_USAGE;
		status = pp_outcome_step_exit(pp_seed_run(conn, spec, &opts));
		pp_seedspec_free(spec);
		if (status != PP_EXIT_OK)
			return status == PP_EXIT_FAIL ? PP_EXIT_USAGE : status;
	}
	return PP_EXIT_OK;
}

/* The target's conninfo: --dsn, PGPERF_DSN, DATABASE_URL, or NULL for the throwaway server. */
static const char *
target_dsn(const struct pp_cli *cli)
{
	const char *env;

	if (cli->dsn != NULL)
		return cli->dsn;
	env = getenv("PGPERF_DSN");
	if (env != NULL && env[0] != '\0')
		return env;
	env = getenv("DATABASE_URL");
	if (env != NULL && env[0] != '\0')
		return env;
	return NULL;
}

static int
cmd_seed(const struct pp_cli *cli)
{
	struct pp_server_options sopts = { .pg_bin = cli->pg_bin, .use_cache = !cli->no_cache,
					   .keep = cli->keep };
	struct pp_seed_options opts = { .scale = cli->scale, .seed = cli->seed, .clear = cli->clear,
					.yes = cli->yes, .out = stdout };
	struct pp_seed_spec *spec = pp_seedspec_load(cli->paths[0]);
	const char *dsn = target_dsn(cli);
	struct pp_server *server = NULL;
	struct pp_conn *conn = NULL;
	int status;

	if (spec == NULL)
		return PP_EXIT_USAGE;
	if (cli->dry_run) {
		status = pp_seed_plan(spec, &opts) ? PP_EXIT_OK : PP_EXIT_USAGE;
		goto cleanup;
	}
	if (dsn == NULL && !cli->keep) {
		pp_log_error("seed needs a database: --dsn CONNINFO (or PGPERF_DSN, DATABASE_URL), or "
			     "--keep to seed a throwaway server that stays running");
		status = PP_EXIT_USAGE;
		goto cleanup;
	}
	if (dsn == NULL) {
		server = pp_server_start(&sopts);
		if (server == NULL) {
			status = pp_interrupt_pending() ? PP_EXIT_INTERRUPTED : PP_EXIT_SERVER;
			goto cleanup;
		}
		dsn = pp_server_conninfo(server);
	}
	conn = pp_conn_open(dsn);
	if (conn == NULL) {
		status = PP_EXIT_SERVER;
		goto cleanup;
	}
	pp_interrupt_set_hook(pp_conn_cancel_armed, NULL);
	opts.progress = cli->verbosity >= 0 && isatty(STDERR_FILENO);
	status = pp_outcome_step_exit(pp_seed_run(conn, spec, &opts));

cleanup:
	pp_interrupt_set_hook(NULL, NULL);
	pp_conn_free(conn);
	pp_server_stop(server, cli->keep && status == PP_EXIT_OK);
	pp_seedspec_free(spec);
	if (pp_interrupt_pending())
		status = PP_EXIT_INTERRUPTED;
	return status;
}

static uint64_t
case_seed(uint64_t seed, const char *name)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a: each case's draws depend on its name only */

	for (const char *p = name; *p; p++) {
		h ^= (unsigned char)*p;
		h *= 1099511628211ULL;
	}
	return seed ^ h;
}

static void
each_reporter(struct pp_reporter **reps, size_t n, const struct pp_run *run,
	      const struct pp_case_result *r)
{
	for (size_t i = 0; i < n; i++)
		pp_report_case_done(reps[i], run, r);
}

static int
cmd_verify(const struct pp_cli *cli, const struct pp_suite *suite, const struct selection *sel)
{
	struct pp_server_options sopts = { .pg_bin = cli->pg_bin, .use_cache = !cli->no_cache,
					   .keep = cli->keep };
	struct pp_report_options topts = { 0 };
	struct pp_runner_options ropts = { 0 };
	struct pp_reporter *reps[5] = { NULL, NULL, NULL, NULL, NULL };
	struct pp_baseline *baseline = NULL;
	struct progress progress = { 0 };
	struct pp_server *server = NULL;
	struct pp_conn *conn = NULL;
	struct pp_run run;
	const char *dsn = target_dsn(cli);
	int64_t t0 = pp_clock_now_ns();
	int status = PP_EXIT_OK;
	size_t i;

	pp_run_init(&run);
	run.seed = cli->seed;
	if (cli->baseline != NULL) {
		baseline = pp_baseline_load(cli->baseline);
		if (baseline == NULL) {
			status = PP_EXIT_USAGE;
			goto cleanup;
		}
	}

	if (dsn != NULL) {
		run.target = pp_conn_redact(dsn);
		if (run.target == NULL) {
			status = PP_EXIT_USAGE;
			goto cleanup;
		}
		const char **files = pp_suite_schema_files(suite, &i);

		if (i > 0)
			pp_log_info("schema files in pgperf.json are applied only to the throwaway "
				    "server, not to %s",
				    run.target);
		free(files);
	} else {
		server = pp_server_start(&sopts);
		if (server == NULL) {
			status = pp_interrupt_pending() ? PP_EXIT_INTERRUPTED : PP_EXIT_SERVER;
			goto cleanup;
		}
		pp_log_debug("throwaway server ready in %.2fs in %s",
			     pp_server_startup_seconds(server), pp_server_dir(server));
		dsn = pp_server_conninfo(server);
		run.target = pp_mem_strdup("embedded");
	}

	conn = pp_conn_open(dsn);
	if (conn == NULL) {
		status = PP_EXIT_SERVER;
		goto cleanup;
	}
	pp_interrupt_set_hook(pp_conn_cancel_armed, NULL);
	if (!pp_conn_server_info(conn, &run.server)) {
		status = PP_EXIT_SERVER;
		goto cleanup;
	}
	if (server != NULL) {
		size_t n;
		const char **files = pp_suite_schema_files(suite, &n);
		enum pp_step st = pp_script_apply(conn, files, n);

		free(files);
		status = pp_outcome_step_exit(st);
		if (status == PP_EXIT_OK)
			status = apply_seeds(conn, suite, cli);
		if (status != PP_EXIT_OK)
			goto cleanup;
	}

	topts.color = want_color(STDOUT_FILENO);
	topts.quiet = cli->verbosity < 0;
	topts.verbose = cli->verbosity > 0;
	topts.name_width = sel->name_width;
	topts.explain = cli->command == PP_CMD_EXPLAIN;
	const char *report_paths[5] = { "-", cli->json_path, cli->junit_path, cli->markdown_path,
					cli->html_path };
	static const char *const report_formats[5] = { "text", "json", "junit", "markdown", "html" };

	for (size_t k = 0; k < 5; k++)
		if (report_paths[k] != NULL)
			reps[k] = pp_report_open(report_formats[k], report_paths[k], &topts);
	for (size_t k = 0; k < 5; k++)
		pp_report_begin(reps[k], &run);

	progress.on = cli->verbosity >= 0 && isatty(STDERR_FILENO);
	progress.count = sel->n;
	ropts.iterations = cli->iterations;
	ropts.explain_only = cli->command == PP_CMD_EXPLAIN;
	ropts.progress = progress.on ? show_progress : NULL;
	ropts.progress_ctx = &progress;

	for (i = 0; i < sel->n; i++) {
		struct pp_case_result *r = pp_run_add(&run, sel->cases[i]);
		struct pp_rng rng;
		bool alive;

		pp_rng_init(&rng, case_seed(cli->seed, sel->cases[i]->name));
		progress.index = i;
		alive = pp_runner_run_case(conn, &ropts, &rng, r);
		if (r->has_stats)
			pp_threshold_evaluate(r);
		pp_findings_evaluate(r);
		pp_baseline_compare(baseline, r);
		clear_progress(&progress);
		each_reporter(reps, 5, &run, r);
		if (!alive)
			break;
	}
	if (pp_interrupt_pending()) {
		run.interrupted = true;
		status = PP_EXIT_INTERRUPTED;
	} else if (i < sel->n) {
		run.connection_lost = true;
		status = PP_EXIT_SERVER;
		pp_log_error("connection lost: %zu remaining cases not run", sel->n - i - 1);
		for (i++; i < sel->n; i++) {
			struct pp_case_result *r = pp_run_add(&run, sel->cases[i]);

			r->status = PP_STATUS_ERROR;
			pp_result_set_reason(r, "not run: connection lost");
			each_reporter(reps, 5, &run, r);
		}
	}
	pp_run_count(&run);
	run.duration_ms = (double)(pp_clock_now_ns() - t0) / 1e6;
	if (baseline != NULL && !run.interrupted && !run.connection_lost)
		for (size_t k = 0; k < baseline->n_cases; k++)
			if (!baseline->cases[k].seen)
				pp_log_info("baseline %s: case %s was not run (gone, or not selected)",
					    baseline->path, baseline->cases[k].name);
	if (cli->save_baseline != NULL && !pp_baseline_save(cli->save_baseline, &run) &&
	    status == PP_EXIT_OK)
		status = PP_EXIT_USAGE;
	for (size_t k = 0; k < 5; k++)
		if (!pp_report_end(reps[k], &run) && status == PP_EXIT_OK)
			status = PP_EXIT_USAGE;
	if (status == PP_EXIT_OK &&
	    (run.counts[PP_STATUS_FAIL] > 0 || run.counts[PP_STATUS_ERROR] > 0))
		status = PP_EXIT_FAIL;

cleanup:
	clear_progress(&progress);
	pp_interrupt_set_hook(NULL, NULL);
	pp_conn_free(conn);
	pp_server_stop(server, cli->keep && !pp_interrupt_pending());
	for (size_t k = 0; k < 5; k++)
		pp_report_free(reps[k]);
	pp_baseline_free(baseline);
	pp_run_reset(&run);
	if (pp_interrupt_pending())
		status = PP_EXIT_INTERRUPTED;
	return status;
}

int
pp_app_main(int argc, char **argv)
{
	struct pp_cli cli;
	struct pp_suite suite;
	struct selection sel = { 0 };
	int status;

	pp_log_set_color(want_color(STDERR_FILENO));
	pp_suite_init(&suite);
	if (!pp_cli_parse(argc, argv, &cli)) {
		status = PP_EXIT_USAGE;
		goto cleanup;
	}
	if (cli.command == PP_CMD_HELP) {
		pp_cli_usage(stdout);
		status = PP_EXIT_OK;
		goto cleanup;
	}
	if (cli.command == PP_CMD_VERSION) {
		printf("pgperf %s\n", PACKAGE_VERSION);
		status = PP_EXIT_OK;
		goto cleanup;
	}
	if (cli.verbosity > 0)
		pp_log_set_level(PP_LOG_DEBUG);
	else if (cli.verbosity < 0)
		pp_log_set_level(PP_LOG_WARNING);
	pp_interrupt_install();

	if (cli.command == PP_CMD_SEED) {
		status = cmd_seed(&cli);
		goto cleanup;
	}
	if (cli.command == PP_CMD_DIFF) {
		struct pp_baseline *old = pp_baseline_load(cli.paths[0]);
		struct pp_baseline *now = old ? pp_baseline_load(cli.paths[1]) : NULL;

		status = now == NULL		       ? PP_EXIT_USAGE
			 : pp_baseline_diff(old, now, stdout) ? PP_EXIT_OK
							      : PP_EXIT_FAIL;
		pp_baseline_free(old);
		pp_baseline_free(now);
		goto cleanup;
	}
	if (!pp_suite_load(&suite, cli.paths, cli.n_paths) || !select_cases(&cli, &suite, &sel)) {
		status = PP_EXIT_USAGE;
		goto cleanup;
	}
	if (cli.command == PP_CMD_LIST)
		status = cmd_list(&sel);
	else
		status = cmd_verify(&cli, &suite, &sel);

cleanup:
	free(sel.cases);
	pp_suite_reset(&suite);
	pp_cli_reset(&cli);
	pp_sql_shutdown();
	return status;
}
