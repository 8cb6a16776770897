/*
 * check_server_main.c: runs the unit suites that need a real PostgreSQL server (non-blocking
 * connections, the cancel registry, the runner's transactions) against one throwaway server
 * started with pp_server_start, printing TAP. Without the server binaries it skips, except under CI, where that is a failure
 * (tests/integration/lib.sh's need_server rule).
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>

#include "pg/server.h"
#include "util/log.h"
#include "suites.h"

static struct pp_server *server;

const char *
test_server_conninfo(void)
{
	return pp_server_conninfo(server);
}

static void
drop_line(enum pp_log_level level, enum pp_log_kind kind, const char *line, void *ctx)
{
	(void)level;
	(void)kind;
	(void)line;
	(void)ctx;
}

void
test_log_mute(bool on)
{
	pp_log_set_sink(on ? drop_line : NULL, NULL);
}

static bool
have_server_binaries(void)
{
	glob_t g;
	bool found;

	if (glob("/usr/lib/postgresql/*/bin/postgres", 0, NULL, &g) != 0)
		return false;
	found = g.gl_pathc > 0;
	globfree(&g);
	return found;
}

int
main(void)
{
	struct pp_server_options opts = { .use_cache = true };
	const char *ci = getenv("CI");
	SRunner *sr;
	int failed;

	if (!have_server_binaries()) {
		if (ci != NULL && ci[0] != '\0') {
			printf("not ok 1 - PostgreSQL server binaries are installed "
			       "(CI is set: not skipping)\n1..1\n");
			return EXIT_FAILURE;
		}
		printf("1..0 # SKIP no PostgreSQL server binaries (install postgresql-15)\n");
		return EXIT_SUCCESS;
	}
	server = pp_server_start(&opts);
	if (server == NULL) {
		printf("not ok 1 - the throwaway server starts\n1..1\n");
		return EXIT_FAILURE;
	}
	sr = srunner_create(suite_aconn());
	srunner_add_suite(sr, suite_cancel());
	srunner_add_suite(sr, suite_runner());
	srunner_set_tap(sr, "-");
	srunner_run_all(sr, CK_SILENT);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	pp_server_stop(server, false);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
