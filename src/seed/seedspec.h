/*
 * seedspec.h: a `pgperf seed` spec (JSON, docs/seed-format.md) as plain structs. Errors name the
 * file and the JSON path (tables."app.sessions".columns.status: unknown generator "choise").
 * A struct pp_seed_spec owns everything it points to (pp_seedspec_free).
 */
#ifndef PP_SEEDSPEC_H
#define PP_SEEDSPEC_H

#include <stddef.h>
#include <stdint.h>

#include "seed/gen.h"

/*
 * Limits on what a spec may ask for (docs/seed-format.md, Limits): the parser refuses anything
 * beyond them, naming the key and the range, so no generator can overflow or run unbounded.
 */
#define PP_SEED_MAX_ROWS 1e12            /* rows of a table, also after --scale */
#define PP_SEED_MAX_WHOLE 9007199254740992.0 /* 2^53: the integers a JSON number holds exactly */
#define PP_SEED_MAX_FLOAT 1e15           /* float bounds: beyond, a double keeps no decimals */
#define PP_SEED_MAX_DECIMALS 15
#define PP_SEED_MAX_WORDS 10000          /* words and lorem: words in one value */
#define PP_SEED_MAX_ELEMENTS 10000       /* array: elements in one value */
#define PP_SEED_MAX_PARTS 100000         /* array: elements times their words, fields, ... */
#define PP_SEED_MAX_BYTES 1048576        /* bytes: bytes in one value */
#define PP_SEED_MAX_SKEW 10
#define PP_SEED_MIN_TIME -62135596800.0  /* 0001-01-01 00:00:00 UTC */
#define PP_SEED_MAX_TIME 253402300799.0  /* 9999-12-31 23:59:59 UTC */

struct pp_seed_column {
	char *name;
	struct pp_gen gen;
};

struct pp_seed_table {
	char *name;      /* schema.table as written in the spec */
	int64_t rows;    /* before --scale */
	struct pp_seed_column *columns;
	size_t n_columns;
};

struct pp_seed_spec {
	char *path;
	char **schema;   /* resolved paths, applied before loading */
	size_t n_schema;
	char **after;    /* resolved paths, applied after loading */
	size_t n_after;
	struct pp_seed_table *tables;
	size_t n_tables;
};

/* Reads and checks the spec at path; logs every problem and returns NULL on bad input. */
struct pp_seed_spec *pp_seedspec_load(const char *path);
/* Parses text as if read from path (dir: where relative SQL file paths start). */
struct pp_seed_spec *pp_seedspec_parse(const char *path, const char *dir, const char *text);
void pp_seedspec_free(struct pp_seed_spec *spec);

/* The table named name (schema.table), or NULL. */
struct pp_seed_table *pp_seedspec_table(const struct pp_seed_spec *spec, const char *name);

#endif
