/*
 * log.h: pgperf's one diagnostics API.
 *
 * Diagnostics go to stderr as "pgperf: LEVEL: message", one lowercase line without a final
 * period, naming the file:line, JSON path or case the problem is about. A message may be followed
 * by pp_log_detail() and pp_log_hint() lines. Helpers log where they detect a problem and return
 * false/NULL; only main, cli and app decide to exit. Results go to stdout, never through here.
 *
 * Tests (and reporters that need to keep a message) can install a sink that receives every
 * formatted line instead of stderr.
 */
#ifndef PP_LOG_H
#define PP_LOG_H

#include <stdarg.h>
#include <stdbool.h>

#define PP_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))

enum pp_log_level {
	PP_LOG_DEBUG,
	PP_LOG_INFO,
	PP_LOG_WARNING,
	PP_LOG_ERROR,
	PP_LOG_QUIET /* threshold only: print errors and nothing else */
};

/* Line kinds passed to a sink; DETAIL and HINT belong to the message before them. */
enum pp_log_kind { PP_LOG_KIND_MESSAGE, PP_LOG_KIND_DETAIL, PP_LOG_KIND_HINT };

typedef void (*pp_log_sink)(enum pp_log_level level, enum pp_log_kind kind, const char *line,
			    void *ctx);

/* Messages below level are dropped (default PP_LOG_INFO). */
void pp_log_set_level(enum pp_log_level level);
enum pp_log_level pp_log_get_level(void);
/* Colour the level word; app enables it only for a terminal without NO_COLOR. */
void pp_log_set_color(bool on);
/* Route lines to sink (NULL restores stderr). */
void pp_log_set_sink(pp_log_sink sink, void *ctx);

void pp_log_error(const char *fmt, ...) PP_PRINTF(1, 2);
void pp_log_warning(const char *fmt, ...) PP_PRINTF(1, 2);
void pp_log_info(const char *fmt, ...) PP_PRINTF(1, 2);
void pp_log_debug(const char *fmt, ...) PP_PRINTF(1, 2);
/* Extra lines for the last message, printed only when that message was. */
void pp_log_detail(const char *fmt, ...) PP_PRINTF(1, 2);
void pp_log_hint(const char *fmt, ...) PP_PRINTF(1, 2);

#endif
