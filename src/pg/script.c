/*
 * script.c: SQL files applied one statement at a time (see script.h).
 */
#include "pg/script.h"

#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "util/clock.h"
#include "util/file.h"
#include "util/interrupt.h"
#include "util/log.h"
#include "util/mem.h"
#include "input/sql.h"


/* Logs a failed schema statement with file:line:column. */
static void
schema_error(const char *file, const char *text, int stmt_offset, const struct pp_db_error *err)
{
	int line, col, at = stmt_offset;

	if (err->position > 0) {
		at += pp_sql_char_offset(text + stmt_offset, err->position);
	} else {
		/* No position: point at the statement's first token. */
		while (text[at] == ' ' || text[at] == '\n' || text[at] == '\t' || text[at] == '\r')
			at++;
	}
	pp_sql_locate(text, at, &line, &col);
	pp_log_error("%s:%d:%d: %s (SQLSTATE %s)", file, line, col, err->message, err->sqlstate);
	if (err->detail)
		pp_log_detail("%s", err->detail);
	if (err->hint)
		pp_log_hint("%s", err->hint);
}

enum pp_step
pp_script_apply(struct pp_conn *conn, const char *const *files, size_t n)
{
	enum pp_step status = PP_STEP_OK;

	for (size_t i = 0; i < n && status == PP_STEP_OK; i++) {
		struct pp_sql_error perr;
		int64_t t0 = pp_clock_now_ns();
		char *text = pp_file_read(files[i], "schema file", NULL);
		int *offsets = NULL, *lengths = NULL, count = 0;

		if (text == NULL) {
			status = PP_STEP_BAD_INPUT;
			break;
		}
		if (!pp_sql_split(text, &offsets, &lengths, &count, &perr)) {
			int line, col;

			pp_sql_locate(text, perr.offset < 0 ? 0 : perr.offset, &line, &col);
			pp_log_error("%s:%d:%d: %s", files[i], line, col, perr.message);
			pp_sql_error_reset(&perr);
			status = PP_STEP_BAD_INPUT;
		}
		for (int k = 0; k < count && status == PP_STEP_OK; k++) {
			struct pp_db_error err = { 0 };
			char *stmt = pp_mem_strndup(text + offsets[k], (size_t)lengths[k]);

			if (pp_interrupt_pending()) {
				status = PP_STEP_INTERRUPTED;
			} else if (!pp_conn_exec(conn, stmt, &err)) {
				if (err.connection_lost) {
					pp_log_error("connection lost while applying %s: %s", files[i],
						     err.message);
					status = PP_STEP_LOST;
				} else {
					schema_error(files[i], text, offsets[k], &err);
					status = PP_STEP_BAD_INPUT;
				}
			}
			pp_db_error_reset(&err);
			free(stmt);
		}
		if (status == PP_STEP_OK)
			pp_log_debug("applied %s (%d statements) in %.2fs", files[i], count,
				     (double)(pp_clock_now_ns() - t0) / 1e9);
		free(offsets);
		free(lengths);
		free(text);
	}
	return status;
}

