/*
 * suite.h: everything `pgperf verify PATH...` loads before it connects anywhere.
 *
 * Each PATH is a .sql file or a folder searched recursively for *.sql files, in sorted order
 * (byte order of the path). A PATH's suite folder (the folder itself, or a file's folder) may
 * hold pgperf.json; its defaults apply to the cases under that PATH. Case names are scoped by
 * file: unique within a file, and where two files use one name each case's label is FILE:NAME
 * (see pp_case.label). A struct pp_suite owns its configs and cases.
 */
#ifndef PP_SUITE_H
#define PP_SUITE_H

#include <stdbool.h>
#include <stddef.h>

#include "input/case.h"
#include "input/config.h"

struct pp_suite {
	struct pp_config **configs; /* one per PATH, in argument order */
	size_t n_configs;
	struct pp_case_list cases;  /* in load order */
};

void pp_suite_init(struct pp_suite *s);
/* Loads every path; logs every problem (file:line) and returns false if there was any. */
bool pp_suite_load(struct pp_suite *s, char *const *paths, size_t n_paths);
/* The distinct schema files of all configs, in order (borrowed strings; free the array only). */
const char **pp_suite_schema_files(const struct pp_suite *s, size_t *n);
/* The distinct seed specs ("seed") of all configs, in order: one suite reached through several
 * PATHs is seeded once. Borrowed strings; free the array only. */
const char **pp_suite_seed_files(const struct pp_suite *s, size_t *n);
void pp_suite_reset(struct pp_suite *s);

#endif
