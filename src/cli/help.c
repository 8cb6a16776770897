/*
 * help.c: help text from the command and option tables (see help.h).
 */
#include "cli/help.h"

#include <string.h>

#include "util/buf.h"

#define HELP_COLUMN 26

static const char exit_statuses[] =
	"Exit status: 0 all passed (warnings and skips allowed), 1 a case failed or errored,\n"
	"2 usage or input error, 3 server or connection error, 130 interrupted.\n";

/* "pgperf verify [OPTION]... PATH..." */
static void
usage_line(const struct pp_command *cmd, struct pp_buf *b)
{
	pp_buf_printf(b, "pgperf %s%s%s%s", cmd->name, cmd->options[0] ? " [OPTION]..." : "",
		      cmd->operands[0] ? " " : "", cmd->operands);
}

static void
option_line(const struct pp_opt *o, FILE *out)
{
	struct pp_buf left;

	pp_buf_init(&left);
	if (o->short_name)
		pp_buf_printf(&left, "  -%c, --%s", o->short_name, o->name);
	else
		pp_buf_printf(&left, "      --%s", o->name);
	if (o->metavar != NULL)
		pp_buf_printf(&left, " %s", o->metavar);
	if (left.len + 2 > HELP_COLUMN)
		fprintf(out, "%s\n%*s%s\n", left.data, HELP_COLUMN, "", o->help);
	else
		fprintf(out, "%-*s%s\n", HELP_COLUMN, left.data, o->help);
	pp_buf_reset(&left);
}

void
pp_help_command(const struct pp_command *cmd, FILE *out)
{
	const char *group = NULL;
	struct pp_buf usage;

	pp_buf_init(&usage);
	usage_line(cmd, &usage);
	fprintf(out, "Usage: %s\n%s.\n", usage.data, cmd->summary);
	pp_buf_reset(&usage);
	if (cmd->description != NULL)
		fprintf(out, "\n%s\n", cmd->description);
	for (const struct pp_opt *o = pp_opt_table; o->name != NULL; o++) {
		if (o->group != NULL)
			group = o->group;
		if (!pp_opt_taken_by(o, cmd))
			continue;
		if (group != NULL) {
			fprintf(out, "\n%s:\n", group);
			group = NULL;
		}
		option_line(o, out);
	}
	fprintf(out, "\n%sSee pgperf(1).\n", exit_statuses);
}

void
pp_help_general(FILE *out)
{
	struct pp_buf usage;

	fputs("pgperf verifies that PostgreSQL queries are fast and use the plans they were meant "
	      "to.\n\nUsage:\n",
	      out);
	pp_buf_init(&usage);
	for (size_t i = 0; pp_command_table[i] != NULL; i++) {
		pp_buf_clear(&usage);
		usage_line(pp_command_table[i], &usage);
		fprintf(out, "  %-40s %s\n", usage.data, pp_command_table[i]->summary);
	}
	pp_buf_reset(&usage);
	fprintf(out, "\nRun \"pgperf COMMAND --help\" for a command's options.\n\n%s"
		     "See pgperf(1), docs/case-format.md and docs/report-format.md.\n",
		exit_statuses);
}
