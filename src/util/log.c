/*
 * log.c: leveled diagnostics on stderr, or into a sink (see log.h).
 */
#include "util/log.h"

#include <stdio.h>

static enum pp_log_level min_level = PP_LOG_INFO;
static enum pp_log_level last_level = PP_LOG_INFO;
static bool last_printed;
static bool use_color;
static pp_log_sink sink_fn;
static void *sink_ctx;

void
pp_log_set_level(enum pp_log_level level)
{
	min_level = level;
}

enum pp_log_level
pp_log_get_level(void)
{
	return min_level;
}

void
pp_log_set_color(bool on)
{
	use_color = on;
}

void
pp_log_set_sink(pp_log_sink sink, void *ctx)
{
	sink_fn = sink;
	sink_ctx = ctx;
}

static const char *
level_word(enum pp_log_level level, const char **color)
{
	switch (level) {
	case PP_LOG_ERROR:
		*color = "\033[1;31m";
		return "error";
	case PP_LOG_WARNING:
		*color = "\033[1;33m";
		return "warning";
	case PP_LOG_DEBUG:
		*color = "\033[2m";
		return "debug";
	default:
		*color = "\033[1m";
		return "info";
	}
}

static void emit(enum pp_log_level level, enum pp_log_kind kind, const char *fmt, va_list ap)
	PP_PRINTF(3, 0);

static void
emit(enum pp_log_level level, enum pp_log_kind kind, const char *fmt, va_list ap)
{
	char line[4096];
	const char *color;
	const char *word;

	vsnprintf(line, sizeof line, fmt, ap);
	if (sink_fn != NULL) {
		sink_fn(level, kind, line, sink_ctx);
		return;
	}
	word = level_word(level, &color);
	if (kind == PP_LOG_KIND_DETAIL)
		word = "detail";
	else if (kind == PP_LOG_KIND_HINT)
		word = "hint";
	if (use_color)
		fprintf(stderr, "pgperf: %s%s:\033[0m %s\n", color, word, line);
	else
		fprintf(stderr, "pgperf: %s: %s\n", word, line);
}

static void
message(enum pp_log_level level, const char *fmt, va_list ap)
{
	last_level = level;
	last_printed = level >= min_level && min_level != PP_LOG_QUIET;
	if (level == PP_LOG_ERROR)
		last_printed = true; /* errors are never silenced */
	if (last_printed)
		emit(level, PP_LOG_KIND_MESSAGE, fmt, ap);
}

#define DEFINE_LEVEL(fn, level)                                                                    \
	void fn(const char *fmt, ...)                                                              \
	{                                                                                          \
		va_list ap;                                                                        \
		va_start(ap, fmt);                                                                 \
		message(level, fmt, ap);                                                           \
		va_end(ap);                                                                        \
	}

DEFINE_LEVEL(pp_log_error, PP_LOG_ERROR)
DEFINE_LEVEL(pp_log_warning, PP_LOG_WARNING)
DEFINE_LEVEL(pp_log_info, PP_LOG_INFO)
DEFINE_LEVEL(pp_log_debug, PP_LOG_DEBUG)

void
pp_log_detail(const char *fmt, ...)
{
	va_list ap;

	if (!last_printed)
		return;
	va_start(ap, fmt);
	emit(last_level, PP_LOG_KIND_DETAIL, fmt, ap);
	va_end(ap);
}

void
pp_log_hint(const char *fmt, ...)
{
	va_list ap;

	if (!last_printed)
		return;
	va_start(ap, fmt);
	emit(last_level, PP_LOG_KIND_HINT, fmt, ap);
	va_end(ap);
}
