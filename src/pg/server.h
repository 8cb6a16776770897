/*
 * server.h: the embedded default, a throwaway PostgreSQL server that pgperf starts for a run.
 *
 * The server lives in a fresh private temporary directory (mode 0700), listens only on a Unix
 * socket in that directory (no TCP), runs with fsync off, and is stopped and its directory
 * removed by pp_server_stop, including after an error or an interrupt. Running as root, the
 * server runs as the unprivileged account postgres (else nobody), since PostgreSQL refuses root.
 * Behaviour is documented in docs/embedded-server.md. A struct pp_server is a heap object owned
 * by the caller of pp_server_start.
 */
#ifndef PP_SERVER_H
#define PP_SERVER_H

#include <stdbool.h>

struct pp_server_options {
	const char *pg_bin; /* folder with initdb and postgres; NULL: pg_config --bindir, then the
			       newest /usr/lib/postgresql/ * /bin */
	bool use_cache;     /* copy a pristine data directory kept in the user's cache dir */
	bool keep;          /* the server is to outlive pgperf (--keep) */
	const char *seeded_key; /* with use_cache: a hash of everything that makes the seeded
				   database; its cached data directory is used when there is one
				   (pp_server_seeded), else pp_server_cache_seeded stores it */
};

struct pp_server;

/*
 * Finds the server binaries, creates and starts the server, and waits until it accepts
 * connections. Logs what is wrong (what to install, the server's own log lines) and returns NULL
 * on failure, leaving nothing behind.
 */
struct pp_server *pp_server_start(const struct pp_server_options *opts);

/* A conninfo string for connecting to it (no password: the server trusts its private socket). */
const char *pp_server_conninfo(const struct pp_server *s);
/* Folder holding the data directory and the socket. */
const char *pp_server_dir(const struct pp_server *s);
/* The postmaster's process id. */
int pp_server_pid(const struct pp_server *s);
/* Seconds from pp_server_start's call to a server accepting connections. */
double pp_server_startup_seconds(const struct pp_server *s);

/* True when the data directory is the seeded one cached for the options' seeded_key. */
bool pp_server_seeded(const struct pp_server *s);

/*
 * Stores the seeded database in the cache under the options' seeded_key: stops the server (its
 * connections end), copies its data directory into the cache as the pristine one is (same
 * owner and mode rules), prunes the seeded entries (the 8 most recently used are kept, 4 GiB in
 * all) and starts the server again. Failing to store is not an error; false (logged) when the
 * server does not start again. Does nothing without a seeded_key or when already seeded.
 */
bool pp_server_cache_seeded(struct pp_server *s);

/*
 * Stops the server (fast shutdown), removes its folder and frees s. With keep, leaves it
 * running, prints how to connect to it and how to stop it on stdout, and only frees s.
 * NULL does nothing.
 */
void pp_server_stop(struct pp_server *s, bool keep);

#endif
