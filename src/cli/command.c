/*
 * command.c: the table of commands (see command.h). A row per command; each is defined in its
 * own cmd_<name>.c.
 */
#include "cli/command.h"

#include <string.h>

extern const struct pp_command pp_cmd_verify;
extern const struct pp_command pp_cmd_explain;
extern const struct pp_command pp_cmd_list;
extern const struct pp_command pp_cmd_seed;
extern const struct pp_command pp_cmd_load;
extern const struct pp_command pp_cmd_diff;
extern const struct pp_command pp_cmd_whatif;
extern const struct pp_command pp_cmd_help;
extern const struct pp_command pp_cmd_version;

const struct pp_command *const pp_command_table[] = {
	&pp_cmd_verify,
	&pp_cmd_explain,
	&pp_cmd_list,
	&pp_cmd_seed,
	&pp_cmd_load,
	&pp_cmd_diff,
	&pp_cmd_whatif,
	&pp_cmd_help,
	&pp_cmd_version,
	NULL,
};

const struct pp_command *
pp_command_find(const char *name)
{
	for (size_t i = 0; pp_command_table[i] != NULL; i++)
		if (strcmp(pp_command_table[i]->name, name) == 0)
			return pp_command_table[i];
	return NULL;
}
