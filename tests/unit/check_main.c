/*
 * check_main.c: runs every unit suite, printing TAP for Automake's driver.
 */
#include <stdlib.h>

#include "util/buf.h"
#include "util/log.h"
#include "input/sql.h"
#include "suites.h"

static struct pp_buf captured;
static bool capturing;

static void
capture(enum pp_log_level level, enum pp_log_kind kind, const char *line, void *ctx)
{
	(void)level;
	(void)ctx;
	if (kind == PP_LOG_KIND_DETAIL)
		pp_buf_puts(&captured, "detail: ");
	else if (kind == PP_LOG_KIND_HINT)
		pp_buf_puts(&captured, "hint: ");
	pp_buf_puts(&captured, line);
	pp_buf_putc(&captured, '\n');
}

void
test_log_capture_start(void)
{
	if (capturing)
		pp_buf_reset(&captured);
	pp_buf_init(&captured);
	capturing = true;
	pp_log_set_sink(capture, NULL);
}

const char *
test_log_captured(void)
{
	return capturing ? captured.data : "";
}

void
test_log_capture_stop(void)
{
	pp_log_set_sink(NULL, NULL);
	if (capturing)
		pp_buf_reset(&captured);
	capturing = false;
}

int
main(void)
{
	Suite *(*const suites[])(void) = {
		suite_case,
		suite_config,
		suite_conn,
		suite_ddl,
		suite_diff,
		suite_findings,
		suite_gate,
		suite_gen,
		suite_hist,
		suite_keys,
		suite_loop,
		suite_named,
		suite_opt,
		suite_params,
		suite_predicate,
		suite_report,
		suite_seedspec,
		suite_sql,
		suite_sqluse,
		suite_stats,
		suite_threshold,
		suite_loadgate,
		suite_units,
		suite_utf8,
	};
	SRunner *sr = srunner_create(NULL);
	int failed;

	for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++)
		srunner_add_suite(sr, suites[i]());
	srunner_set_tap(sr, "-");
	srunner_run_all(sr, CK_SILENT);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	pp_sql_shutdown();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
