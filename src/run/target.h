/*
 * target.h: the database a command runs against, set up the same way for every command:
 * --dsn (or $PGPERF_DSN, $DATABASE_URL), else the throwaway server with the suite's schema
 * files and seed specs applied. The interrupt hook cancels what runs on its connection, and
 * pp_target_close tears everything down on every path (the throwaway server is stopped and its
 * folder removed unless it is kept).
 *
 * A struct pp_target is a heap object owned by the caller of pp_target_open; the connection,
 * the server and the strings it hands out are its own and live until pp_target_close.
 */
#ifndef PP_TARGET_H
#define PP_TARGET_H

#include <stdbool.h>
#include <stdint.h>

#include "input/suite.h"
#include "pg/conn.h"
#include "util/outcome.h"

struct pp_target_options {
	const char *dsn;              /* the database; NULL: a throwaway server */
	const char *pg_bin;           /* the throwaway server's binaries (NULL: found) */
	bool no_cache;                /* initdb instead of the cached data directory */
	bool keep;                    /* the throwaway server outlives pgperf */
	const struct pp_suite *suite; /* schema files and seed specs for the throwaway server;
				         NULL: none */
	uint64_t seed;                /* the seed of those seed specs */
	bool verbose;                 /* seed progress on stderr */
};

struct pp_target;

/*
 * Connects (starting the throwaway server first when there is no dsn) and prepares the
 * database. On failure logs why, leaves nothing behind and returns BAD_INPUT (a schema file or
 * seed spec is wrong), LOST (no server, no connection) or INTERRUPTED; *out is then NULL.
 */
enum pp_step pp_target_open(const struct pp_target_options *o, struct pp_target **out);

struct pp_conn *pp_target_conn(const struct pp_target *t);
/* "embedded", or the conninfo with its password masked: for messages and reports. */
const char *pp_target_name(const struct pp_target *t);
/* The conninfo to open more connections to the same database (may hold a password). */
const char *pp_target_conninfo(const struct pp_target *t);
/* True for the throwaway server. */
bool pp_target_embedded(const struct pp_target *t);

/* Disconnects and stops the throwaway server (left running with keep). NULL does nothing. */
void pp_target_close(struct pp_target *t, bool keep);

#endif
