/*
 * opt.h: every command-line option, declared once as a row of a table (its names, its type and
 * range, its default and environment fallback, the options it needs or excludes, its help), and
 * the parser, validation and help text that all come from that table.
 *
 * Which commands take an option is said by each command (command.h); an option a command does
 * not take is a usage error naming both. A struct pp_options is caller-owned storage filled by
 * pp_opt_parse and released with pp_opt_reset; its strings are borrowed from argv or the
 * environment, its lists are owned.
 */
#ifndef PP_OPT_H
#define PP_OPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct pp_command;

enum pp_opt_type {
	PP_OPT_FLAG,     /* bool, set to true */
	PP_OPT_LEVEL,    /* int, set to the row's min (-q: -1, -v: 1) */
	PP_OPT_HELP,     /* prints the command's help and exits 0 */
	PP_OPT_VERSION,  /* prints the version and exits 0 */
	PP_OPT_INT,      /* int64_t, a whole number in [min, max] */
	PP_OPT_NUMBER,   /* double, a finite number in [min, max] */
	PP_OPT_DURATION, /* int64_t nanoseconds, a duration ("250ms") in [min, max] ns */
	PP_OPT_STRING,   /* const char * */
	PP_OPT_INPUT,    /* const char *: a file that is read */
	PP_OPT_OUTPUT,   /* const char *: a file that is written ("-": standard output); its
			    folder must exist and be writable */
	PP_OPT_REGEX,    /* const char *: a PCRE2 pattern that compiles */
	PP_OPT_DSN,      /* const char *: a libpq conninfo or URI that parses */
	PP_OPT_LIST,     /* struct pp_strlist: the option may be repeated */
	PP_OPT_INT_LIST  /* struct pp_intlist: "10,50,100", each in [min, max] */
};

struct pp_strlist {
	const char **items; /* owned array of borrowed strings */
	size_t n;
};

struct pp_intlist {
	int64_t *items; /* owned */
	size_t n;
};

struct pp_opt {
	const char *name;      /* long name, without "--" */
	char short_name;       /* 0 when none */
	enum pp_opt_type type;
	size_t offset;         /* where the value goes in struct pp_options */
	const char *metavar;   /* the value's name in help; NULL for flags */
	double min, max;       /* range of INT, NUMBER, DURATION (ns) and INT_LIST values */
	const char *def;       /* default, read as if given; NULL when none */
	const char *env;       /* environment variables read in order when not given, or NULL */
	const char *requires;  /* an option that must be given with this one, or NULL */
	const char *conflicts; /* an option that cannot be given with this one, or NULL */
	const char *group;     /* heading in help */
	const char *help;      /* one line */
};

struct pp_options {
	/* target */
	const char *dsn;
	const char *pg_bin;
	bool keep;
	bool no_cache;
	/* selection and timing */
	const char *filter;
	struct pp_strlist tags;
	struct pp_strlist cases;
	int64_t iterations;    /* 0 when not given */
	int64_t seed;
	/* seeding */
	double scale;
	bool clear;
	bool yes;
	bool dry_run;
	bool init_spec;
	/* what-if */
	struct pp_strlist indexes; /* --index: CREATE INDEX statements */
	struct pp_strlist hidden;  /* --hide-index: index names */
	bool suggest;
	double min_saving;      /* --min-saving: share of a case's cost a suggestion saves (0.5) */
	double min_saving_cost; /* --min-saving-cost: and at least this much cost (100) */
	/* reports and baselines */
	const char *json;
	const char *junit;
	const char *markdown;
	const char *html;
	const char *save_baseline;
	const char *baseline;
	/* load */
	struct pp_intlist clients;
	int64_t duration;
	int64_t warmup;
	int64_t think;
	double rate;           /* 0 when not given */
	bool spike;
	double max_error_rate; /* the gates; 0 when not given (pgperf.json, else the defaults) */
	double growth_5x;
	double growth_10x;
	int64_t spike_recovery;
	const char *compare_dsn;
	bool calibrate;
	double time_ratio;
	int64_t time_min_ns;
	double buffer_tolerance;
	int64_t buffer_min;
	/* general */
	int verbosity;         /* -1 with -q, 1 with -v */
	/* the command's operands (borrowed from argv) */
	char **args;
	size_t n_args;
};

/* The table, ending with a row whose name is NULL. */
extern const struct pp_opt pp_opt_table[];

/* The row named name (long name), or NULL. */
const struct pp_opt *pp_opt_find(const char *name);

/* Whether cmd takes opt; -q, -v, -h and -V belong to every command. */
bool pp_opt_taken_by(const struct pp_opt *opt, const struct pp_command *cmd);

enum pp_opt_result {
	PP_OPT_OK,         /* *opts is filled for *cmd */
	PP_OPT_SHOWN,      /* help or version was printed: exit 0 */
	PP_OPT_BAD         /* a usage error was logged: exit 2 */
};

/*
 * Finds the command in argv (the first word that is not an option or an option's value; options
 * may stand before or after it) and parses the options it takes, its defaults and environment
 * fallbacks, and its operands into *opts. *cmd is set when a command was found.
 */
enum pp_opt_result pp_opt_parse(int argc, char **argv, struct pp_options *opts,
				const struct pp_command **cmd);
void pp_opt_reset(struct pp_options *opts);

/* The name of the output option (report or baseline path) given as "-", or NULL. */
const char *pp_opt_stdout_report(const struct pp_options *opts);

#endif
