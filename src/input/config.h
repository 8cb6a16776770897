/*
 * config.h: a suite's pgperf.json, the defaults and server setup shared by its cases.
 *
 * {
 *   "schema": ["../fixtures/demo/schema.sql", ...],   SQL files for the throwaway server, in order,
 *                                                      relative to pgperf.json
 *   "exclude": ["helpers", "*_setup.sql"],            .sql files under the suite folder that are
 *                                                      not cases: fnmatch patterns matched against
 *                                                      the path relative to the folder or any
 *                                                      folder on it (a star matches slashes too)
 *   "seed": "../seed/demo.json",                      a seed spec for the throwaway server,
 *                                                      applied after the schema files
 *   "warn_margin": 0.2,                                fraction above a limit that is still warn
 *   "defaults": { "iterations": 200, "threshold": "p95 < 20ms", ... }   any case header key;
 *                                                      a string, a number, or an array of strings
 *   "load": { "weights": {"CASE": 5, ...},             pgperf load: case weights by name, and
 *             "p95_growth_5x": 1.5, "p95_growth_10x": 2, "max_error_rate": 0.01,
 *             "spike_recovery": "30s" }                its gates (docs/load.md)
 * }
 *
 * Errors name the file and the JSON path. A struct pp_config owns everything it points to.
 */
#ifndef PP_CONFIG_H
#define PP_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "input/case.h"

struct pp_config {
	char *path;              /* the pgperf.json read, NULL when the folder has none */
	char *dir;               /* the suite folder */
	char **schema;           /* resolved paths of the schema files */
	size_t n_schema;
	char **exclude;          /* "exclude": glob patterns of files that are not cases */
	size_t n_exclude;
	struct pp_case *defaults; /* built-in defaults refined by "defaults" and "warn_margin" */
	char *seed;              /* "seed": a seed spec applied after the schema files, or NULL */
	char **weight_names;     /* "load.weights": case names ... */
	double *weights;         /* ... and their weights */
	size_t n_weights;
	double growth_5x, growth_10x, max_error_rate; /* "load" gates; 0 when not given */
	double spike_recovery_s;
};

/*
 * Loads dir/pgperf.json when it exists, else returns a config of built-in defaults. Logs every
 * problem as "path: json.path: what was expected" and returns NULL on invalid input.
 */
struct pp_config *pp_config_load(const char *dir);
/* Parses JSON text as if read from path (dir is the folder schema paths are relative to). */
struct pp_config *pp_config_parse(const char *path, const char *dir, const char *text);
void pp_config_free(struct pp_config *cfg);

#endif
