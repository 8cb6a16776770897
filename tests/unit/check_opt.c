/*
 * check_opt.c: the command and option tables: command lines as data with what they must give,
 * and the manual page documenting exactly the options and commands the tables hold.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cli/command.h"
#include "cli/opt.h"
#include "suites.h"
#include "util/file.h"

#define MAX_ARGS 12

/* A command line, and what parsing it must give. */
static const struct {
	const char *args[MAX_ARGS]; /* after "pgperf" */
	enum pp_opt_result result;
	const char *command;        /* NULL when none is found */
	const char *field;          /* the option to look at, or NULL */
	const char *value;          /* its value as text ("1" for a flag) */
	const char *message;        /* part of the logged error when BAD */
} lines[] = {
	{ { "verify", "q/" }, PP_OPT_OK, "verify", "seed", "1", NULL },
	{ { "verify", "--iterations=5", "q/" }, PP_OPT_OK, "verify", "iterations", "5", NULL },
	{ { "--iterations", "7", "verify", "q/" }, PP_OPT_OK, "verify", "iterations", "7", NULL },
	{ { "verify", "q/", "--seed", "9" }, PP_OPT_OK, "verify", "seed", "9", NULL },
	{ { "verify", "-qv", "q/" }, PP_OPT_OK, "verify", "verbose", "1", NULL },
	{ { "verify", "-v", "-q", "q/" }, PP_OPT_OK, "verify", "quiet", "-1", NULL },
	{ { "verify", "--tag", "a", "--tag", "b", "q/" }, PP_OPT_OK, "verify", "tag", "a,b", NULL },
	{ { "verify", "--", "-odd.sql" }, PP_OPT_OK, "verify", "args", "-odd.sql", NULL },
	{ { "seed", "--scale", "0.5", "s.json" }, PP_OPT_OK, "seed", "scale", "0.5", NULL },
	{ { "seed", "--clear", "--yes", "--dsn", "host=x", "s.json" }, PP_OPT_OK, "seed", "yes", "1",
	  NULL },
	{ { "--help" }, PP_OPT_SHOWN, NULL, NULL, NULL, NULL },
	{ { "verify", "--help", "--frob" }, PP_OPT_SHOWN, NULL, NULL, NULL, NULL },
	{ { "-V" }, PP_OPT_SHOWN, NULL, NULL, NULL, NULL },
	{ { NULL }, PP_OPT_BAD, NULL, NULL, NULL, "no command given" },
	{ { "frob" }, PP_OPT_BAD, NULL, NULL, NULL, "unknown command \"frob\"" },
	{ { "lsit", "q/" }, PP_OPT_BAD, NULL, NULL, NULL, "did you mean \"list\"" },
	{ { "verify", "--frob", "q/" }, PP_OPT_BAD, "verify", NULL, NULL, "unknown option \"--frob\"" },
	{ { "verify", "-x", "q/" }, PP_OPT_BAD, "verify", NULL, NULL, "unknown option \"-x\"" },
	{ { "verify", "q/", "--json" }, PP_OPT_BAD, "verify", NULL, NULL, "needs a value" },
	{ { "list", "--dsn", "host=x", "q/" }, PP_OPT_BAD, "list", NULL, NULL,
	  "pgperf list does not take --dsn" },
	{ { "list", "--seed", "7", "q/" }, PP_OPT_BAD, "list", NULL, NULL,
	  "pgperf list does not take --seed" },
	{ { "diff", "--iterations", "5", "a", "b" }, PP_OPT_BAD, "diff", NULL, NULL,
	  "pgperf diff does not take --iterations" },
	{ { "verify", "--iterations", "0", "q/" }, PP_OPT_BAD, "verify", NULL, NULL,
	  "invalid value \"0\" for --iterations" },
	{ { "verify", "--iterations", "100000001", "q/" }, PP_OPT_BAD, "verify", NULL, NULL,
	  "invalid value \"100000001\" for --iterations" },
	{ { "verify", "--seed", "-1", "q/" }, PP_OPT_BAD, "verify", NULL, NULL, "for --seed" },
	{ { "seed", "--scale", "nan", "s.json" }, PP_OPT_BAD, "seed", NULL, NULL, "for --scale" },
	{ { "seed", "--scale", "1e400", "s.json" }, PP_OPT_BAD, "seed", NULL, NULL, "for --scale" },
	{ { "seed", "--scale", "0x10", "s.json" }, PP_OPT_BAD, "seed", NULL, NULL, "for --scale" },
	{ { "seed", "--yes", "--dsn", "host=x", "s.json" }, PP_OPT_BAD, "seed", NULL, NULL,
	  "--yes goes with --clear" },
	{ { "verify", "--keep", "--dsn", "host=x", "q/" }, PP_OPT_BAD, "verify", NULL, NULL,
	  "--keep cannot be used with --dsn" },
	{ { "verify", "--filter", "(", "q/" }, PP_OPT_BAD, "verify", NULL, NULL,
	  "invalid --filter regular expression" },
	{ { "verify", "--dsn", "host='x", "q/" }, PP_OPT_BAD, "verify", NULL, NULL,
	  "invalid connection string" },
	{ { "verify" }, PP_OPT_BAD, "verify", NULL, NULL, "verify takes one or more PATHs" },
	{ { "seed", "a.json", "b.json" }, PP_OPT_BAD, "seed", NULL, NULL, "seed takes one SPEC.json" },
	{ { "verify", "--json", "-", "--html", "-", "q/" }, PP_OPT_BAD, "verify", NULL, NULL,
	  "both write to standard output" },
	{ { "verify", "--json", "/nonexistent/r.json", "q/" }, PP_OPT_BAD, "verify", NULL, NULL,
	  "its folder does not exist" },
	{ { "verify", "--keep=1", "q/" }, PP_OPT_BAD, "verify", NULL, NULL, "takes no value" },
	{ { "verify", "--tag", "", "q/" }, PP_OPT_BAD, "verify", NULL, NULL, "expected a value" },
	{ { "load", "--think", "0", "--clients", "1,5", "q/" }, PP_OPT_OK, "load", "clients", "1,5",
	  NULL },
	{ { "load", "q/" }, PP_OPT_OK, "load", "think", "10000000", NULL },
	{ { "load", "--clients", "10,0", "q/" }, PP_OPT_BAD, "load", NULL, NULL, "for --clients" },
	{ { "load", "--duration", "10", "q/" }, PP_OPT_BAD, "load", NULL, NULL, "for --duration" },
	{ { "load", "--iterations", "5", "q/" }, PP_OPT_BAD, "load", NULL, NULL,
	  "pgperf load does not take --iterations" },
};

/* The option's value in opts as text, for comparing with the table. */
static void
value_text(const struct pp_options *o, const char *name, char *out, size_t size)
{
	if (strcmp(name, "seed") == 0)
		snprintf(out, size, "%lld", (long long)o->seed);
	else if (strcmp(name, "iterations") == 0)
		snprintf(out, size, "%lld", (long long)o->iterations);
	else if (strcmp(name, "verbose") == 0 || strcmp(name, "quiet") == 0)
		snprintf(out, size, "%d", o->verbosity);
	else if (strcmp(name, "scale") == 0)
		snprintf(out, size, "%g", o->scale);
	else if (strcmp(name, "yes") == 0)
		snprintf(out, size, "%d", o->yes && o->clear);
	else if (strcmp(name, "tag") == 0)
		snprintf(out, size, "%s,%s", o->tags.n > 0 ? o->tags.items[0] : "",
			 o->tags.n > 1 ? o->tags.items[1] : "");
	else if (strcmp(name, "clients") == 0)
		snprintf(out, size, "%lld,%lld", (long long)(o->clients.n > 0 ? o->clients.items[0] : 0),
			 (long long)(o->clients.n > 1 ? o->clients.items[1] : 0));
	else if (strcmp(name, "think") == 0)
		snprintf(out, size, "%lld", (long long)o->think);
	else if (strcmp(name, "args") == 0)
		snprintf(out, size, "%s", o->n_args > 0 ? o->args[0] : "");
	else
		snprintf(out, size, "?");
}

START_TEST(test_command_lines)
{
	char *argv[MAX_ARGS + 2] = { (char *)"pgperf" };
	const struct pp_command *cmd;
	struct pp_options opts;
	enum pp_opt_result res;
	char got[128];
	int argc = 1;

	unsetenv("PGPERF_DSN");
	unsetenv("DATABASE_URL");
	for (int k = 0; k < MAX_ARGS && lines[_i].args[k] != NULL; k++)
		argv[argc++] = (char *)lines[_i].args[k];
	test_log_capture_start();
	res = pp_opt_parse(argc, argv, &opts, &cmd);
	ck_assert_msg(res == lines[_i].result, "line %d: result %d, want %d (%s)", _i, res,
		      lines[_i].result, test_log_captured());
	if (lines[_i].command != NULL)
		ck_assert_msg(cmd != NULL && strcmp(cmd->name, lines[_i].command) == 0,
			      "line %d: command", _i);
	if (lines[_i].field != NULL && res == PP_OPT_OK) {
		value_text(&opts, lines[_i].field, got, sizeof got);
		ck_assert_str_eq(got, lines[_i].value);
	}
	if (lines[_i].message != NULL)
		ck_assert_msg(strstr(test_log_captured(), lines[_i].message) != NULL,
			      "line %d: want \"%s\" in: %s", _i, lines[_i].message,
			      test_log_captured());
	test_log_capture_stop();
	pp_opt_reset(&opts);
}
END_TEST

/* $PGPERF_DSN, then $DATABASE_URL, only for commands that take --dsn. */
START_TEST(test_environment)
{
	char *verify[] = { (char *)"pgperf", (char *)"verify", (char *)"q/" };
	char *list[] = { (char *)"pgperf", (char *)"list", (char *)"q/" };
	const struct pp_command *cmd;
	struct pp_options opts;

	unsetenv("PGPERF_DSN");
	setenv("DATABASE_URL", "host=/tmp dbname=b", 1);
	ck_assert_int_eq(pp_opt_parse(3, verify, &opts, &cmd), PP_OPT_OK);
	ck_assert_str_eq(opts.dsn, "host=/tmp dbname=b");
	pp_opt_reset(&opts);
	setenv("PGPERF_DSN", "host=/tmp dbname=a", 1);
	ck_assert_int_eq(pp_opt_parse(3, verify, &opts, &cmd), PP_OPT_OK);
	ck_assert_str_eq(opts.dsn, "host=/tmp dbname=a");
	pp_opt_reset(&opts);
	ck_assert_int_eq(pp_opt_parse(3, list, &opts, &cmd), PP_OPT_OK);
	ck_assert_ptr_null(opts.dsn);
	pp_opt_reset(&opts);
	setenv("PGPERF_DSN", "host='broken", 1);
	test_log_capture_start();
	ck_assert_int_eq(pp_opt_parse(3, verify, &opts, &cmd), PP_OPT_BAD);
	test_log_capture_stop();
	pp_opt_reset(&opts);
	unsetenv("PGPERF_DSN");
	unsetenv("DATABASE_URL");
}
END_TEST

/* Every option a command names is in the option table. */
START_TEST(test_commands_name_real_options)
{
	for (size_t i = 0; pp_command_table[i] != NULL; i++) {
		const char *p = pp_command_table[i]->options;

		while (*p) {
			size_t len = strcspn(p, " ");
			char name[64];

			snprintf(name, sizeof name, "%.*s", (int)len, p);
			ck_assert_msg(pp_opt_find(name) != NULL, "%s names unknown option %s",
				      pp_command_table[i]->name, name);
			p += len + strspn(p + len, " ");
		}
	}
}
END_TEST

static char *
man_page(void)
{
	char *text = pp_file_read(DOCS_DIR "/pgperf.1", "manual page", NULL);

	ck_assert_ptr_nonnull(text);
	return text;
}

/* The manual page documents every option and every command. */
START_TEST(test_man_page_documents_the_tables)
{
	char *man = man_page();
	char want[96];

	for (const struct pp_opt *o = pp_opt_table; o->name != NULL; o++) {
		size_t n = 0;

		/* groff spells "--dry-run" as "\-\-dry\-run" */
		n += (size_t)snprintf(want + n, sizeof want - n, "\\-\\-");
		for (const char *c = o->name; *c && n < sizeof want - 3; c++)
			n += (size_t)snprintf(want + n, sizeof want - n, *c == '-' ? "\\-" : "%c",
					      *c);
		ck_assert_msg(strstr(man, want) != NULL, "pgperf.1 does not document --%s",
			      o->name);
	}
	for (size_t i = 0; pp_command_table[i] != NULL; i++) {
		snprintf(want, sizeof want, ".B pgperf %s\n", pp_command_table[i]->name);
		ck_assert_msg(strstr(man, want) != NULL, "pgperf.1 has no synopsis for %s",
			      pp_command_table[i]->name);
	}
	free(man);
}
END_TEST

/* ... and no option the table lacks. */
START_TEST(test_man_page_has_no_other_options)
{
	char *man = man_page();

	for (const char *p = strstr(man, "\\-\\-"); p != NULL; p = strstr(p + 1, "\\-\\-")) {
		char name[64];
		size_t n = 0;

		for (const char *c = p + 4; n < sizeof name - 1; c++) {
			if (c[0] == '\\' && c[1] == '-')
				name[n++] = '-', c++;
			else if ((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9'))
				name[n++] = *c;
			else
				break;
		}
		name[n] = '\0';
		if (n == 0)
			continue;
		ck_assert_msg(pp_opt_find(name) != NULL || strcmp(name, "bindir") == 0,
			      "pgperf.1 documents --%s, which no command takes", name);
	}
	free(man);
}
END_TEST

Suite *
suite_opt(void)
{
	Suite *s = suite_create("opt");
	TCase *tc = tcase_create("opt");

	tcase_add_loop_test(tc, test_command_lines, 0, sizeof lines / sizeof lines[0]);
	tcase_add_test(tc, test_environment);
	tcase_add_test(tc, test_commands_name_real_options);
	tcase_add_test(tc, test_man_page_documents_the_tables);
	tcase_add_test(tc, test_man_page_has_no_other_options);
	suite_add_tcase(s, tc);
	return s;
}
