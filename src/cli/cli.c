/*
 * cli.c: pgperf's command line (see cli.h). Usage text mirrors docs/pgperf.1.
 */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "util/mem.h"
#include "util/units.h"

enum long_only {
	OPT_DSN = 256,
	OPT_PG_BIN,
	OPT_KEEP,
	OPT_NO_CACHE,
	OPT_JSON,
	OPT_FILTER,
	OPT_TAG,
	OPT_ITERATIONS,
	OPT_SEED,
	OPT_CASE,
	OPT_SCALE,
	OPT_CLEAR,
	OPT_YES,
	OPT_DRY_RUN,
	OPT_JUNIT,
	OPT_MARKDOWN,
	OPT_SAVE_BASELINE,
	OPT_BASELINE,
	OPT_HTML,
};

static const struct option options[] = {
	{ "dsn", required_argument, NULL, OPT_DSN },
	{ "pg-bin", required_argument, NULL, OPT_PG_BIN },
	{ "keep", no_argument, NULL, OPT_KEEP },
	{ "no-cache", no_argument, NULL, OPT_NO_CACHE },
	{ "json", required_argument, NULL, OPT_JSON },
	{ "filter", required_argument, NULL, OPT_FILTER },
	{ "tag", required_argument, NULL, OPT_TAG },
	{ "iterations", required_argument, NULL, OPT_ITERATIONS },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "case", required_argument, NULL, OPT_CASE },
	{ "scale", required_argument, NULL, OPT_SCALE },
	{ "clear", no_argument, NULL, OPT_CLEAR },
	{ "yes", no_argument, NULL, OPT_YES },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "junit", required_argument, NULL, OPT_JUNIT },
	{ "markdown", required_argument, NULL, OPT_MARKDOWN },
	{ "save-baseline", required_argument, NULL, OPT_SAVE_BASELINE },
	{ "baseline", required_argument, NULL, OPT_BASELINE },
	{ "html", required_argument, NULL, OPT_HTML },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

void
pp_cli_usage(FILE *out)
{
	fputs("pgperf verifies that PostgreSQL queries are fast.\n"
	      "\n"
	      "Usage:\n"
	      "  pgperf verify [OPTION]... PATH...   time the cases in PATH (.sql files or folders)\n"
	      "  pgperf explain [OPTION]... PATH...  print each case's plan with its findings, no timing\n"
	      "  pgperf list PATH...                 check and list the cases, without a database\n"
	      "  pgperf seed [OPTION]... SPEC.json   fill a database with generated rows\n"
	      "  pgperf diff OLD.json NEW.json       compare two baselines or --json reports\n"
	      "  pgperf --help | --version\n"
	      "\n"
	      "Target (default: a throwaway PostgreSQL server started for the run):\n"
	      "      --dsn CONNINFO     use this database (else $PGPERF_DSN, else $DATABASE_URL)\n"
	      "      --pg-bin DIR       folder with initdb and postgres for the throwaway server\n"
	      "      --keep             leave the throwaway server running and print how to reach it\n"
	      "      --no-cache         run initdb instead of copying the cached data directory\n"
	      "\n"
	      "Selection and timing:\n"
	      "      --filter REGEX     only cases whose name matches REGEX (PCRE2)\n"
	      "      --tag TAG          only cases tagged TAG (repeatable: any of them)\n"
	      "      --case NAME        only the case named NAME\n"
	      "      --iterations N     time every case N times, whatever its header says\n"
	      "      --seed N           seed for params generators (default 1)\n"
	      "\n"
	      "Seeding:\n"
	      "      --scale F          multiply every table's rows by F\n"
	      "      --seed N           seed of the generators (default 1): same spec, same rows\n"
	      "      --clear            empty the spec's tables first (TRUNCATE ... CASCADE)\n"
	      "      --yes              confirm --clear without asking\n"
	      "      --dry-run          print the plan (tables, order, rows) and change nothing\n"
	      "\n"
	      "Output:\n"
	      "      --json PATH        write the JSON report to PATH (- for standard output)\n"
	      "      --junit PATH       write a JUnit XML report (one testcase per case)\n"
	      "      --markdown PATH    write a Markdown report (a CI job summary)\n"
	      "      --html PATH        write a self-contained HTML report with histograms and plans\n"
	      "      --save-baseline FILE  save every case's statistics and plan shape\n"
	      "      --baseline FILE    compare against a saved baseline: regressions, plan changes\n"
	      "  -q, --quiet            print only cases that did not pass, and the summary\n"
	      "  -v, --verbose          print server settings and per-case details\n"
	      "  -h, --help             show this help and exit\n"
	      "  -V, --version          show the version and exit\n"
	      "\n"
	      "Exit status: 0 all passed (warnings and skips allowed), 1 a case failed or errored,\n"
	      "2 usage or input error, 3 server or connection error, 130 interrupted.\n"
	      "See pgperf(1), docs/case-format.md and docs/report-format.md.\n",
	      out);
}

static bool
parse_number(const char *opt, const char *arg, long long min, long long *out)
{
	const char *why = NULL;

	if (!pp_units_parse_int(arg, min, 1000000000000LL, out, &why)) {
		pp_log_error("invalid value \"%s\" for %s: %s", arg, opt, why);
		return false;
	}
	return true;
}

bool
pp_cli_parse(int argc, char **argv, struct pp_cli *cli)
{
	const char *cmd;
	long long n;
	int opt;

	memset(cli, 0, sizeof *cli);
	cli->seed = 1;
	cli->scale = 1;
	cli->command = PP_CMD_VERIFY;
	opterr = 0;
	optind = 1;
	/* Options may stand anywhere; getopt moves them before the command and its paths. */
	while ((opt = getopt_long(argc, argv, ":qvhV", options, NULL)) != -1) {
		switch (opt) {
		case OPT_DSN:
			cli->dsn = optarg;
			break;
		case OPT_PG_BIN:
			cli->pg_bin = optarg;
			break;
		case OPT_KEEP:
			cli->keep = true;
			break;
		case OPT_NO_CACHE:
			cli->no_cache = true;
			break;
		case OPT_JSON:
			cli->json_path = optarg;
			break;
		case OPT_FILTER:
			cli->filter = optarg;
			break;
		case OPT_CASE:
			cli->case_name = optarg;
			break;
		case OPT_SCALE: {
			char *end;

			errno = 0;
			cli->scale = strtod(optarg, &end);
			if (end == optarg || *end != '\0' || errno != 0 || cli->scale <= 0 ||
			    cli->scale > 1e6) {
				pp_log_error("invalid value \"%s\" for --scale: expected a number above 0",
					     optarg);
				return false;
			}
			break;
		}
		case OPT_CLEAR:
			cli->clear = true;
			break;
		case OPT_YES:
			cli->yes = true;
			break;
		case OPT_DRY_RUN:
			cli->dry_run = true;
			break;
		case OPT_JUNIT:
			cli->junit_path = optarg;
			break;
		case OPT_MARKDOWN:
			cli->markdown_path = optarg;
			break;
		case OPT_SAVE_BASELINE:
			cli->save_baseline = optarg;
			break;
		case OPT_BASELINE:
			cli->baseline = optarg;
			break;
		case OPT_HTML:
			cli->html_path = optarg;
			break;
		case OPT_TAG:
			cli->tags = pp_mem_realloc(cli->tags, (cli->n_tags + 1) * sizeof *cli->tags);
			cli->tags[cli->n_tags++] = optarg;
			break;
		case OPT_ITERATIONS:
			if (!parse_number("--iterations", optarg, 1, &n))
				return false;
			cli->iterations = (long)n;
			break;
		case OPT_SEED:
			if (!parse_number("--seed", optarg, 0, &n))
				return false;
			cli->seed = (uint64_t)n;
			break;
		case 'q':
			cli->verbosity = -1;
			break;
		case 'v':
			cli->verbosity = 1;
			break;
		case 'h':
			cli->command = PP_CMD_HELP;
			return true;
		case 'V':
			cli->command = PP_CMD_VERSION;
			return true;
		case ':':
			pp_log_error("option %s needs a value", argv[optind - 1]);
			return false;
		default:
			pp_log_error("unknown option \"%s\"", argv[optind - 1]);
			pp_log_hint("see \"pgperf --help\"");
			return false;
		}
	}
	if (optind >= argc) {
		pp_log_error("no command given");
		pp_log_hint("try \"pgperf verify queries/\" or \"pgperf --help\"");
		return false;
	}
	cmd = argv[optind++];
	if (strcmp(cmd, "verify") == 0) {
		cli->command = PP_CMD_VERIFY;
	} else if (strcmp(cmd, "list") == 0) {
		cli->command = PP_CMD_LIST;
	} else if (strcmp(cmd, "explain") == 0) {
		cli->command = PP_CMD_EXPLAIN;
	} else if (strcmp(cmd, "seed") == 0) {
		cli->command = PP_CMD_SEED;
	} else if (strcmp(cmd, "diff") == 0) {
		cli->command = PP_CMD_DIFF;
	} else if (strcmp(cmd, "help") == 0) {
		cli->command = PP_CMD_HELP;
		return true;
	} else if (strcmp(cmd, "version") == 0) {
		cli->command = PP_CMD_VERSION;
		return true;
	} else {
		pp_log_error("unknown command \"%s\"", cmd);
		pp_log_hint("commands: verify, explain, list, seed, diff, help, version");
		return false;
	}
	cli->paths = argv + optind;
	cli->n_paths = (size_t)(argc - optind);
	if (cli->command == PP_CMD_DIFF && cli->n_paths != 2) {
		pp_log_error("diff takes two files: OLD.json NEW.json (baselines or --json reports)");
		return false;
	}
	if (cli->command == PP_CMD_SEED) {
		if (cli->n_paths != 1) {
			pp_log_error("seed takes one SPEC.json");
			return false;
		}
		if (cli->json_path || cli->iterations || cli->filter || cli->case_name ||
		    cli->n_tags) {
			pp_log_error("seed takes no --json, --iterations, --filter, --case or --tag");
			return false;
		}
		if (cli->yes && !cli->clear) {
			pp_log_error("--yes confirms --clear, which was not given");
			return false;
		}
	} else if (cli->scale != 1 || cli->clear || cli->yes || cli->dry_run) {
		pp_log_error("--scale, --clear, --yes and --dry-run belong to pgperf seed");
		return false;
	}
	if (cli->n_paths == 0) {
		pp_log_error("%s needs at least one PATH (a .sql case file or a folder of them)",
			     cmd);
		return false;
	}
	if (cli->command == PP_CMD_LIST &&
	    (cli->dsn || cli->pg_bin || cli->keep || cli->json_path || cli->iterations)) {
		pp_log_error("list takes no database, report or timing options");
		return false;
	}
	if (cli->command != PP_CMD_VERIFY &&
	    (cli->junit_path || cli->markdown_path || cli->html_path || cli->save_baseline ||
	     cli->baseline)) {
		pp_log_error("--junit, --markdown, --html, --save-baseline and --baseline belong to "
			     "verify");
		return false;
	}
	if (cli->command == PP_CMD_EXPLAIN && (cli->iterations || cli->json_path)) {
		pp_log_error("explain takes no --iterations or --json: it times nothing");
		return false;
	}
	if (cli->keep && cli->dsn) {
		pp_log_error("--keep applies to the throwaway server, not to --dsn");
		return false;
	}
	return true;
}

void
pp_cli_reset(struct pp_cli *cli)
{
	free(cli->tags);
	memset(cli, 0, sizeof *cli);
}
