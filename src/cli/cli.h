/*
 * cli.h: the command line: option table, usage, validation. Nothing here touches a database.
 * A struct pp_cli is caller-owned storage; its strings are borrowed from argv.
 */
#ifndef PP_CLI_H
#define PP_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum pp_command {
	PP_CMD_VERIFY,
	PP_CMD_LIST,
	PP_CMD_EXPLAIN,
	PP_CMD_SEED,
	PP_CMD_DIFF,
	PP_CMD_HELP,
	PP_CMD_VERSION
};

struct pp_cli {
	enum pp_command command;
	char **paths;
	size_t n_paths;
	const char *dsn;       /* --dsn; app falls back to PGPERF_DSN, DATABASE_URL */
	const char *pg_bin;    /* --pg-bin */
	bool keep;             /* --keep */
	bool no_cache;         /* --no-cache */
	const char *json_path; /* --json */
	const char *junit_path; /* --junit */
	const char *markdown_path; /* --markdown */
	const char *html_path; /* --html */
	const char *save_baseline; /* --save-baseline */
	const char *baseline;  /* --baseline */
	const char *filter;    /* --filter REGEX */
	const char *case_name; /* --case NAME (explain) */
	const char **tags;     /* --tag, repeatable */
	size_t n_tags;
	long iterations;       /* --iterations, 0 when not given */
	uint64_t seed;         /* --seed, default 1 */
	int verbosity;         /* -1 with -q, 1 with -v, 0 otherwise */
	double scale;          /* seed --scale, default 1 */
	bool clear;            /* seed --clear */
	bool yes;              /* seed --yes */
	bool dry_run;          /* seed --dry-run */
};

/*
 * Parses argv into *cli. On a usage error logs it and returns false (exit 2). *cli must be
 * released with pp_cli_reset either way.
 */
bool pp_cli_parse(int argc, char **argv, struct pp_cli *cli);
void pp_cli_reset(struct pp_cli *cli);
void pp_cli_usage(FILE *out);

#endif
