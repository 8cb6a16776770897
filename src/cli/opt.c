/*
 * opt.c: the option table and everything made from it: parsing, validation, defaults,
 * environment fallbacks and help (see opt.h). docs/pgperf.1 documents the same options; a unit
 * test keeps the two in step.
 */
#include "cli/opt.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <math.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/command.h"
#include "cli/help.h"
#include "input/case.h"
#include "pg/conn.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/spell.h"
#include "util/units.h"

#define O(field) offsetof(struct pp_options, field)
#define NS_PER_S 1e9

const struct pp_opt pp_opt_table[] = {
	{ "dsn", 0, PP_OPT_DSN, O(dsn), "CONNINFO", .env = "PGPERF_DSN DATABASE_URL",
	  .group = "Target (default: a throwaway PostgreSQL server started for the run)",
	  .help = "use this database (else $PGPERF_DSN, else $DATABASE_URL)" },
	{ "pg-bin", 0, PP_OPT_STRING, O(pg_bin), "DIR",
	  .help = "folder with initdb and postgres for the throwaway server" },
	{ "keep", 0, PP_OPT_FLAG, O(keep), .conflicts = "dsn",
	  .help = "leave the throwaway server running and print how to reach it" },
	{ "no-cache", 0, PP_OPT_FLAG, O(no_cache),
	  .help = "run initdb instead of copying the cached data directory" },

	{ "filter", 0, PP_OPT_REGEX, O(filter), "REGEX", .group = "Selection",
	  .help = "only cases whose name matches REGEX (PCRE2)" },
	{ "tag", 0, PP_OPT_LIST, O(tags), "TAG",
	  .help = "only cases tagged TAG (repeatable: any of them)" },
	{ "case", 0, PP_OPT_LIST, O(cases), "NAME",
	  .help = "only the case named NAME or FILE:NAME (repeatable: each of them)" },

	{ "iterations", 0, PP_OPT_INT, O(iterations), "N", 1, PP_CASE_MAX_ITERATIONS,
	  .group = "Timing and generated values",
	  .help = "time every case N times, whatever its header says" },
	{ "seed", 0, PP_OPT_INT, O(seed), "N", 0, 1e15, .def = "1",
	  .help = "seed of the generators (default 1): the same seed gives the same values" },

	{ "scale", 0, PP_OPT_NUMBER, O(scale), "F", 1e-6, 1e6, .def = "1", .group = "Seeding",
	  .help = "multiply every table's rows by F" },
	{ "clear", 0, PP_OPT_FLAG, O(clear),
	  .help = "drop what the spec's SQL files create and empty its tables first" },
	{ "yes", 0, PP_OPT_FLAG, O(yes), .requires = "clear",
	  .help = "confirm --clear without asking" },
	{ "dry-run", 0, PP_OPT_FLAG, O(dry_run),
	  .help = "print the plan (tables, order, rows) and change nothing" },
	{ "init-spec", 0, PP_OPT_FLAG, O(init_spec), .conflicts = "keep",
	  .help = "write a starting spec for the --dsn database's tables to standard output" },

	{ "index", 0, PP_OPT_LIST, O(indexes), "SQL", .group = "What-if (HypoPG)",
	  .help = "plan with this hypothetical CREATE INDEX statement (repeatable)" },
	{ "hide-index", 0, PP_OPT_LIST, O(hidden), "NAME",
	  .help = "plan as if this existing index were dropped (repeatable)" },
	{ "suggest", 0, PP_OPT_FLAG, O(suggest),
	  .help = "try candidate indexes from the cases' scans and rank those that save most" },
	{ "min-saving", 0, PP_OPT_NUMBER, O(min_saving), "F", 0.01, 1, .def = "0.5",
	  .requires = "suggest",
	  .help = "a suggestion must save this share of a case's cost (default 0.5)" },
	{ "min-saving-cost", 0, PP_OPT_NUMBER, O(min_saving_cost), "N", 0, 1e15, .def = "100",
	  .requires = "suggest", .help = "...and at least this much of its cost (default 100)" },

	{ "json", 0, PP_OPT_OUTPUT, O(json), "PATH", .group = "Reports",
	  .help = "write the JSON report to PATH (- for standard output)" },
	{ "junit", 0, PP_OPT_OUTPUT, O(junit), "PATH",
	  .help = "write a JUnit XML report (one testcase per case)" },
	{ "markdown", 0, PP_OPT_OUTPUT, O(markdown), "PATH",
	  .help = "write a Markdown report (a CI job summary)" },
	{ "html", 0, PP_OPT_OUTPUT, O(html), "PATH",
	  .help = "write a self-contained HTML report with histograms and plans" },
	{ "save-baseline", 0, PP_OPT_OUTPUT, O(save_baseline), "FILE", .group = "Baselines",
	  .help = "save a baseline: times relative to the probe, plan nodes and buffers" },
	{ "baseline", 0, PP_OPT_INPUT, O(baseline), "FILE",
	  .help = "compare against a saved baseline: plan, buffers, temp blocks, time" },
	{ "compare-dsn", 0, PP_OPT_DSN, O(compare_dsn), "CONNINFO", .requires = "dsn",
	  .help = "A/B: time every case alternately on --dsn and on this base database" },
	{ "calibrate", 0, PP_OPT_FLAG, O(calibrate), .conflicts = "compare-dsn",
	  .help = "run the suite 3 times, measure the noise and recommend thresholds" },
	{ "time-ratio", 0, PP_OPT_NUMBER, O(time_ratio), "X", 1.01, 1000, .def = "1.5",
	  .help = "time gate: slower only when the median ratio is surely at least X (1.5)" },
	{ "time-min", 0, PP_OPT_DURATION, O(time_min_ns), "DURATION", 0, 3600 * NS_PER_S,
	  .def = "0.5ms", .help = "time gate: ...and the server-time medians at least DURATION apart (0.5ms)" },
	{ "buffer-tolerance", 0, PP_OPT_NUMBER, O(buffer_tolerance), "F", 0, 1000, .def = "0.1",
	  .help = "buffers gate: fail when they grow by more than F (0.1: 10 %)" },
	{ "buffer-min", 0, PP_OPT_INT, O(buffer_min), "PAGES", 0, 1e12, .def = "8",
	  .help = "buffers gate: ...and by at least PAGES (8)" },

	{ "clients", 0, PP_OPT_INT_LIST, O(clients), "N,N,...", 1, 10000, .def = "10,50,100",
	  .group = "Load",
	  .help = "the levels: this many concurrent clients each (default 10,50,100)" },
	{ "duration", 0, PP_OPT_DURATION, O(duration), "DURATION", 1e8, 86400 * NS_PER_S,
	  .def = "10s", .help = "how long each level is recorded (default 10s)" },
	{ "warmup", 0, PP_OPT_DURATION, O(warmup), "DURATION", 0, 3600 * NS_PER_S, .def = "2s",
	  .help = "how long each level runs before it is recorded (default 2s)" },
	{ "think", 0, PP_OPT_DURATION, O(think), "DURATION", 0, 3600 * NS_PER_S, .def = "10ms",
	  .help = "a client's pause between executions (default 10ms; 0: closed loop)" },
	{ "rate", 0, PP_OPT_NUMBER, O(rate), "R", 0.001, 1e7,
	  .help = "R executions a second per level, latency from the intended start (open loop)" },
	{ "spike", 0, PP_OPT_FLAG, O(spike),
	  .help = "then 0 to the highest level within 10s: time until p99 recovers" },
	{ "max-error-rate", 0, PP_OPT_NUMBER, O(max_error_rate), "F", 1e-9, 1,
	  .help = "gate: errors per execution at every level (default 0.01)" },
	{ "p95-growth-5x", 0, PP_OPT_NUMBER, O(growth_5x), "F", 1, 1000,
	  .help = "gate: p95 at 5x the first level's clients over its p95 (default 1.5)" },
	{ "p95-growth-10x", 0, PP_OPT_NUMBER, O(growth_10x), "F", 1, 1000,
	  .help = "gate: the same at 10x (default 2; other ratios interpolated)" },
	{ "spike-recovery", 0, PP_OPT_DURATION, O(spike_recovery), "DURATION", 1e9,
	  3600 * NS_PER_S, .requires = "spike",
	  .help = "gate: the spike's p99 back within 1.2x of the first level's (default 30s)" },

	{ "quiet", 'q', PP_OPT_LEVEL, O(verbosity), NULL, -1, -1, .group = "General",
	  .help = "print only what did not pass, and the summary" },
	{ "verbose", 'v', PP_OPT_LEVEL, O(verbosity), NULL, 1, 1,
	  .help = "print server settings, per-case details and debug messages" },
	{ "help", 'h', PP_OPT_HELP, 0, NULL, .help = "show this help and exit" },
	{ "version", 'V', PP_OPT_VERSION, 0, NULL, .help = "show the version and exit" },
	{ .name = NULL },
};

#define N_OPTS (sizeof pp_opt_table / sizeof pp_opt_table[0] - 1)

/* What the parser knows while it reads argv. */
struct parse {
	struct pp_options *opts;
	const struct pp_command *cmd;
	bool given[N_OPTS];
	char source[N_OPTS][48]; /* "--dsn", or "$PGPERF_DSN" when read from there */
};

const struct pp_opt *
pp_opt_find(const char *name)
{
	for (size_t i = 0; i < N_OPTS; i++)
		if (strcmp(pp_opt_table[i].name, name) == 0)
			return &pp_opt_table[i];
	return NULL;
}

static const struct pp_opt *
find_short(char c)
{
	for (size_t i = 0; i < N_OPTS; i++)
		if (pp_opt_table[i].short_name == c)
			return &pp_opt_table[i];
	return NULL;
}

static bool
takes_value(const struct pp_opt *o)
{
	return o->type >= PP_OPT_INT;
}

static bool
is_general(const struct pp_opt *o)
{
	return o->short_name != 0;
}

/* Whether the blank-separated list holds word. */
static bool
list_has(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; p != NULL && *p;) {
		size_t len = strcspn(p, " ");

		if (len == n && strncmp(p, word, n) == 0)
			return true;
		p += len;
		p += strspn(p, " ");
	}
	return false;
}

bool
pp_opt_taken_by(const struct pp_opt *opt, const struct pp_command *cmd)
{
	return is_general(opt) || (cmd != NULL && list_has(cmd->options, opt->name));
}

/* ---- values ---------------------------------------------------------------------------- */

static void *
field(const struct parse *ps, const struct pp_opt *o)
{
	return (char *)ps->opts + o->offset;
}

static bool
bad_value(const struct parse *ps, const struct pp_opt *o, const char *text, const char *why)
{
	pp_log_error("invalid value \"%s\" for %s: %s", text, ps->source[o - pp_opt_table], why);
	return false;
}

static bool
parse_int(const struct parse *ps, const struct pp_opt *o, const char *text, int64_t *out)
{
	const char *why;
	long long n;

	if (!pp_units_parse_int(text, (long long)o->min, (long long)o->max, &n, &why))
		return bad_value(ps, o, text, why);
	*out = n;
	return true;
}

static bool
set_int(struct parse *ps, const struct pp_opt *o, const char *text)
{
	return parse_int(ps, o, text, field(ps, o));
}

static bool
set_number(struct parse *ps, const struct pp_opt *o, const char *text)
{
	char why[128];
	char *end;
	double v;

	errno = 0;
	v = strtod(text, &end);
	snprintf(why, sizeof why, "expected a number from %g to %g", o->min, o->max);
	if (end == text || *end != '\0' || errno != 0 || !isfinite(v) ||
	    strpbrk(text, "xXnNiI") != NULL || v < o->min || v > o->max)
		return bad_value(ps, o, text, why);
	*(double *)field(ps, o) = v;
	return true;
}

static bool
set_duration(struct parse *ps, const struct pp_opt *o, const char *text)
{
	char lo[32], hi[32], why[128];
	const char *reason;
	int64_t ns;

	if (strcmp(text, "0") == 0)
		ns = 0; /* no unit needed for nothing */
	else if (!pp_units_parse_duration(text, &ns, &reason))
		return bad_value(ps, o, text, reason);
	if ((double)ns < o->min || (double)ns > o->max) {
		pp_units_format_duration((int64_t)o->min, lo, sizeof lo);
		pp_units_format_duration((int64_t)o->max, hi, sizeof hi);
		snprintf(why, sizeof why, "expected a duration from %s to %s", lo, hi);
		return bad_value(ps, o, text, why);
	}
	*(int64_t *)field(ps, o) = ns;
	return true;
}

static bool
set_string(struct parse *ps, const struct pp_opt *o, const char *text)
{
	if (text[0] == '\0')
		return bad_value(ps, o, text, "expected a value");
	*(const char **)field(ps, o) = text;
	return true;
}

/* A report's folder must exist and take new files, so a run never ends unable to write it. */
static bool
set_output(struct parse *ps, const struct pp_opt *o, const char *text)
{
	char *dir, *slash;
	struct stat st;
	bool ok = true;

	if (!set_string(ps, o, text) || strcmp(text, "-") == 0)
		return text[0] != '\0';
	if (stat(text, &st) == 0 && !S_ISREG(st.st_mode))
		return bad_value(ps, o, text, "it exists and is not a regular file");
	dir = pp_mem_strdup(text);
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash != NULL)
		*slash = '\0';
	if (stat(slash ? dir : ".", &st) != 0 || !S_ISDIR(st.st_mode))
		ok = bad_value(ps, o, text, "its folder does not exist");
	else if (access(slash ? dir : ".", W_OK | X_OK) != 0)
		ok = bad_value(ps, o, text, "its folder is not writable");
	free(dir);
	return ok;
}

static bool
set_regex(struct parse *ps, const struct pp_opt *o, const char *text)
{
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE erroff;
	pcre2_code *re;
	int errcode;

	re = pcre2_compile((PCRE2_SPTR)text, PCRE2_ZERO_TERMINATED, 0, &errcode, &erroff, NULL);
	if (re == NULL) {
		pcre2_get_error_message(errcode, msg, sizeof msg);
		pp_log_error("invalid %s regular expression at offset %zu: %s",
			     ps->source[o - pp_opt_table], (size_t)erroff, (const char *)msg);
		return false;
	}
	pcre2_code_free(re);
	return set_string(ps, o, text);
}

static bool
set_dsn(struct parse *ps, const struct pp_opt *o, const char *text)
{
	char *redacted = pp_conn_redact(text);

	if (redacted == NULL)
		return false;
	free(redacted);
	return set_string(ps, o, text);
}

static bool
set_list(struct parse *ps, const struct pp_opt *o, const char *text)
{
	struct pp_strlist *l = field(ps, o);

	if (text[0] == '\0')
		return bad_value(ps, o, text, "expected a value");
	l->items = pp_mem_realloc(l->items, (l->n + 1) * sizeof *l->items);
	l->items[l->n++] = text;
	return true;
}

static bool
set_int_list(struct parse *ps, const struct pp_opt *o, const char *text)
{
	struct pp_intlist *l = field(ps, o);
	char *copy = pp_mem_strdup(text), *save = NULL;
	bool ok = true;

	l->n = 0;
	for (char *w = strtok_r(copy, ",", &save); w != NULL && ok; w = strtok_r(NULL, ",", &save)) {
		l->items = pp_mem_realloc(l->items, (l->n + 1) * sizeof *l->items);
		ok = parse_int(ps, o, w, &l->items[l->n++]);
	}
	if (ok && l->n == 0)
		ok = bad_value(ps, o, text, "expected whole numbers separated by commas");
	free(copy);
	return ok;
}

static bool
set_value(struct parse *ps, const struct pp_opt *o, const char *text)
{
	switch (o->type) {
	case PP_OPT_INT:
		return set_int(ps, o, text);
	case PP_OPT_NUMBER:
		return set_number(ps, o, text);
	case PP_OPT_DURATION:
		return set_duration(ps, o, text);
	case PP_OPT_OUTPUT:
		return set_output(ps, o, text);
	case PP_OPT_REGEX:
		return set_regex(ps, o, text);
	case PP_OPT_DSN:
		return set_dsn(ps, o, text);
	case PP_OPT_LIST:
		return set_list(ps, o, text);
	case PP_OPT_INT_LIST:
		return set_int_list(ps, o, text);
	default:
		return set_string(ps, o, text);
	}
}

/* A flag or a level: no value. */
static void
set_flag(struct parse *ps, const struct pp_opt *o)
{
	if (o->type == PP_OPT_LEVEL)
		*(int *)field(ps, o) = (int)o->min;
	else
		*(bool *)field(ps, o) = true;
}

/* ---- reading argv ---------------------------------------------------------------------- */

static void
unknown_option(const char *arg)
{
	const char *names[N_OPTS];
	const char *guess;
	size_t n = strcspn(arg + 2, "=");
	char *name = pp_mem_strndup(arg + 2, n);

	for (size_t i = 0; i < N_OPTS; i++)
		names[i] = pp_opt_table[i].name;
	guess = arg[1] == '-' ? pp_spell_nearest(name, names, N_OPTS) : NULL;
	if (guess != NULL)
		pp_log_error("unknown option \"%.*s\" (did you mean \"--%s\"?)", (int)(n + 2), arg,
			     guess);
	else
		pp_log_error("unknown option \"%.*s\"", arg[1] == '-' ? (int)(n + 2) : 2, arg);
	pp_log_hint("see \"pgperf --help\"");
	free(name);
}

/* The option an argument names (NULL: not one, or unknown); *inline_value gets "=VALUE". */
static const struct pp_opt *
option_of(const char *arg, const char **inline_value)
{
	*inline_value = NULL;
	if (arg[0] != '-' || arg[1] == '\0')
		return NULL;
	if (arg[1] != '-')
		return find_short(arg[1]);
	{
		size_t n = strcspn(arg + 2, "=");
		char *name = pp_mem_strndup(arg + 2, n);
		const struct pp_opt *o = pp_opt_find(name);

		free(name);
		if (arg[2 + n] == '=')
			*inline_value = arg + 3 + n;
		return o;
	}
}

/*
 * The first word that is neither an option nor an option's value, or NULL; *help and
 * *version tell whether those were asked for anywhere.
 */
static const char *
find_command_word(int argc, char **argv, bool *help, bool *version)
{
	const char *word = NULL;

	*help = *version = false;
	for (int i = 1; i < argc; i++) {
		const char *value;
		const struct pp_opt *o;

		if (strcmp(argv[i], "--") == 0) {
			if (word == NULL && i + 1 < argc)
				word = argv[i + 1];
			break;
		}
		o = option_of(argv[i], &value);
		if (o != NULL && o->type == PP_OPT_HELP)
			*help = true;
		if (o != NULL && o->type == PP_OPT_VERSION)
			*version = true;
		if (o != NULL && takes_value(o) && value == NULL && argv[i][1] == '-')
			i++;
		else if (o != NULL && takes_value(o) && value == NULL && argv[i][2] == '\0')
			i++;
		else if (argv[i][0] != '-' && word == NULL)
			word = argv[i];
	}
	return word;
}

static bool
not_taken(const struct parse *ps, const struct pp_opt *o)
{
	pp_log_error("pgperf %s does not take --%s", ps->cmd->name, o->name);
	pp_log_hint("see \"pgperf %s --help\" for its options", ps->cmd->name);
	return false;
}

/* One option with its value (the next argument when not inline). */
static bool
take_option(struct parse *ps, const struct pp_opt *o, const char *value, int argc, char **argv,
	    int *i)
{
	size_t k = (size_t)(o - pp_opt_table);

	if (!pp_opt_taken_by(o, ps->cmd))
		return not_taken(ps, o);
	ps->given[k] = true;
	if (!takes_value(o)) {
		if (value != NULL) {
			pp_log_error("option --%s takes no value", o->name);
			return false;
		}
		set_flag(ps, o);
		return true;
	}
	if (value == NULL) {
		if (*i + 1 >= argc) {
			pp_log_error("option %s needs a value", argv[*i]);
			return false;
		}
		value = argv[++*i];
	}
	return set_value(ps, o, value);
}

/* A cluster of short options ("-qv"); a value-taking one ends it and takes the rest. */
static bool
take_shorts(struct parse *ps, int argc, char **argv, int *i)
{
	const char *arg = argv[*i];

	for (const char *p = arg + 1; *p; p++) {
		const struct pp_opt *o = find_short(*p);

		if (o == NULL) {
			char one[3] = { '-', *p, '\0' };

			unknown_option(one);
			return false;
		}
		if (takes_value(o))
			return take_option(ps, o, p[1] ? p + 1 : NULL, argc, argv, i);
		if (!take_option(ps, o, NULL, argc, argv, i))
			return false;
	}
	return true;
}

/* Every option and operand after the command was found. */
static bool
read_args(struct parse *ps, int argc, char **argv, const char *cmd_word)
{
	bool seen_cmd = false, operands_only = false, ok = true;

	ps->opts->args = pp_mem_calloc((size_t)argc, sizeof *ps->opts->args);
	for (int i = 1; i < argc && ok; i++) {
		const char *arg = argv[i], *value;
		const struct pp_opt *o;

		if (!operands_only && strcmp(arg, "--") == 0) {
			operands_only = true;
		} else if (operands_only || arg[0] != '-' || arg[1] == '\0') {
			if (!seen_cmd && arg == cmd_word)
				seen_cmd = true;
			else
				ps->opts->args[ps->opts->n_args++] = argv[i];
		} else if (arg[1] != '-') {
			ok = take_shorts(ps, argc, argv, &i);
		} else if ((o = option_of(arg, &value)) == NULL) {
			unknown_option(arg);
			ok = false;
		} else {
			ok = take_option(ps, o, value, argc, argv, &i);
		}
	}
	return ok;
}

/* Defaults first, environment fallbacks for what was not given. */
static bool
apply_defaults(struct parse *ps)
{
	for (size_t k = 0; k < N_OPTS; k++) {
		const struct pp_opt *o = &pp_opt_table[k];

		if (!pp_opt_taken_by(o, ps->cmd) || ps->given[k])
			continue;
		if (o->def != NULL && !set_value(ps, o, o->def))
			return false;
		for (const char *p = o->env; p != NULL && *p;) {
			size_t len = strcspn(p, " ");
			char *name = pp_mem_strndup(p, len);
			const char *v = getenv(name);

			p += len + strspn(p + len, " ");
			if (v == NULL || v[0] == '\0') {
				free(name);
				continue;
			}
			snprintf(ps->source[k], sizeof ps->source[k], "$%s", name);
			free(name);
			if (!set_value(ps, o, v))
				return false;
			ps->given[k] = true;
			break;
		}
	}
	return true;
}

/* requires and conflicts, and at most one report on standard output. */
static bool
check_relations(struct parse *ps)
{
	const char *to_stdout = NULL;

	for (size_t k = 0; k < N_OPTS; k++) {
		const struct pp_opt *o = &pp_opt_table[k];
		const struct pp_opt *r = o->requires ? pp_opt_find(o->requires) : NULL;
		const struct pp_opt *c = o->conflicts ? pp_opt_find(o->conflicts) : NULL;

		if (!ps->given[k])
			continue;
		if (r != NULL && !ps->given[r - pp_opt_table]) {
			pp_log_error("--%s goes with --%s, which was not given", o->name, r->name);
			return false;
		}
		if (c != NULL && ps->given[c - pp_opt_table]) {
			pp_log_error("--%s cannot be used with %s", o->name,
				     ps->source[c - pp_opt_table]);
			return false;
		}
		if (o->type == PP_OPT_OUTPUT && strcmp(*(const char **)field(ps, o), "-") == 0) {
			if (to_stdout != NULL) {
				pp_log_error("--%s and --%s both write to standard output: one may",
					     to_stdout, o->name);
				return false;
			}
			to_stdout = o->name;
		}
	}
	return true;
}

static bool
check_operands(const struct parse *ps)
{
	int n = (int)ps->opts->n_args;

	if (n >= ps->cmd->min_args && (ps->cmd->max_args < 0 || n <= ps->cmd->max_args))
		return true;
	pp_log_error("%s takes %s", ps->cmd->name, ps->cmd->operand_hint);
	pp_log_hint("see \"pgperf %s --help\"", ps->cmd->name);
	return false;
}

static void
unknown_command(const char *word)
{
	const char *names[32] = { 0 };
	const char *guess;
	struct pp_buf list;
	size_t n = 0;

	for (; pp_command_table[n] != NULL && n < 32; n++)
		names[n] = pp_command_table[n]->name;
	guess = pp_spell_nearest(word, names, n);
	if (guess != NULL)
		pp_log_error("unknown command \"%s\" (did you mean \"%s\"?)", word, guess);
	else
		pp_log_error("unknown command \"%s\"", word);
	pp_buf_init(&list);
	for (size_t i = 0; i < n; i++)
		pp_buf_printf(&list, "%s%s", i ? ", " : "", names[i]);
	pp_log_hint("commands: %s", list.data);
	pp_buf_reset(&list);
}

/* The command named in argv, or NULL (logged) when none or an unknown one is named. */
static const struct pp_command *
command_of(const char *word, bool help, bool version, enum pp_opt_result *shown)
{
	const struct pp_command *cmd = word ? pp_command_find(word) : NULL;

	*shown = PP_OPT_BAD;
	if (cmd == NULL && word != NULL) {
		unknown_command(word);
	} else if (help || (cmd == NULL && !version)) {
		if (cmd != NULL)
			pp_help_command(cmd, stdout);
		else if (help)
			pp_help_general(stdout);
		else {
			pp_log_error("no command given");
			pp_log_hint("try \"pgperf verify queries/\" or \"pgperf --help\"");
			return NULL;
		}
		*shown = PP_OPT_SHOWN;
	} else if (version) {
		printf("pgperf %s\n", PACKAGE_VERSION);
		*shown = PP_OPT_SHOWN;
	} else {
		return cmd;
	}
	return NULL;
}

enum pp_opt_result
pp_opt_parse(int argc, char **argv, struct pp_options *opts, const struct pp_command **cmd)
{
	struct parse ps = { .opts = opts };
	enum pp_opt_result result;
	bool help, version, ok;
	const char *word;

	memset(opts, 0, sizeof *opts);
	*cmd = NULL;
	word = find_command_word(argc, argv, &help, &version);
	ps.cmd = command_of(word, help, version, &result);
	if (ps.cmd == NULL)
		return result;
	*cmd = ps.cmd;
	for (size_t k = 0; k < N_OPTS; k++)
		snprintf(ps.source[k], sizeof ps.source[k], "--%s", pp_opt_table[k].name);
	ok = read_args(&ps, argc, argv, word);
	ok = ok && apply_defaults(&ps);
	ok = ok && check_relations(&ps) && check_operands(&ps);
	return ok ? PP_OPT_OK : PP_OPT_BAD;
}

void
pp_opt_reset(struct pp_options *opts)
{
	/* The lists the table declares, whichever they are. */
	for (size_t k = 0; k < N_OPTS; k++) {
		char *f = (char *)opts + pp_opt_table[k].offset;

		if (pp_opt_table[k].type == PP_OPT_LIST)
			free(((struct pp_strlist *)(void *)f)->items);
		else if (pp_opt_table[k].type == PP_OPT_INT_LIST)
			free(((struct pp_intlist *)(void *)f)->items);
	}
	free(opts->args);
	memset(opts, 0, sizeof *opts);
}

const char *
pp_opt_stdout_report(const struct pp_options *opts)
{
	for (size_t k = 0; k < N_OPTS; k++) {
		const struct pp_opt *o = &pp_opt_table[k];
		const char *v;

		if (o->type != PP_OPT_OUTPUT)
			continue;
		v = *(const char *const *)((const char *)opts + o->offset);
		if (v != NULL && strcmp(v, "-") == 0)
			return o->name;
	}
	return NULL;
}
