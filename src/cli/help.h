/*
 * help.h: help text made from the command and option tables: pgperf's general help and each
 * command's own, which lists exactly the options that command takes.
 */
#ifndef PP_HELP_H
#define PP_HELP_H

#include <stdio.h>

#include "cli/command.h"

/* Usage line, what the command does, and its options grouped under their headings. */
void pp_help_command(const struct pp_command *cmd, FILE *out);
/* The commands with their summaries, and the exit statuses. */
void pp_help_general(FILE *out);

#endif
