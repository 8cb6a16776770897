/*
 * command.h: pgperf's commands as data. Each command is one file (cmd_<name>.c) defining one
 * struct pp_command: its name, its operands, its help, the options it takes and the function
 * that runs it; the table in command.c lists them. Adding a command is a file and a row.
 */
#ifndef PP_COMMAND_H
#define PP_COMMAND_H

#include "cli/opt.h"

struct pp_command {
	const char *name;
	const char *operands;    /* as help shows them: "PATH...", "SPEC.json" */
	const char *summary;     /* one line, for the general help */
	const char *description; /* a few lines for the command's help; may be NULL */
	const char *options;     /* long names of the options it takes, separated by blanks */
	int min_args;            /* operands it needs */
	int max_args;            /* operands it takes at most; -1: any number */
	const char *operand_hint; /* said when the operand count is wrong */
	/* Runs the command; returns an enum pp_exit status. */
	int (*run)(const struct pp_options *opts);
};

/* Every command, in the order help lists them; ends with NULL. */
extern const struct pp_command *const pp_command_table[];

/* The command named name, or NULL. */
const struct pp_command *pp_command_find(const char *name);

#endif
