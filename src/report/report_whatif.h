/*
 * report_whatif.h: pgperf whatif's results (run/whatif.h) as text on a stream, and as JSON and
 * Markdown files written whole or not at all ("-": standard output). The formats are described
 * in docs/report-format.md. Each returns false when it could not write (logged).
 */
#ifndef PP_REPORT_WHATIF_H
#define PP_REPORT_WHATIF_H

#include <stdbool.h>
#include <stdio.h>

#include "run/whatif.h"

bool pp_report_whatif_text(const struct pp_whatif *w, FILE *out);
bool pp_report_whatif_json(const struct pp_whatif *w, const char *path);
bool pp_report_whatif_markdown(const struct pp_whatif *w, const char *path);

#endif
