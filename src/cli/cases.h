/*
 * cases.h: what the commands that run a suite's cases share (verify, explain, and the ones to
 * come): loading and selecting the cases, refusing a report path that would overwrite an input,
 * setting up the target from the options, and the pass with its reports and exit status.
 */
#ifndef PP_CASES_H
#define PP_CASES_H

#include <stdbool.h>

#include "cli/opt.h"
#include "input/select.h"
#include "input/suite.h"
#include "run/target.h"
#include "verdict/gate.h"

/* Loads the PATHs and applies --filter, --tag and --case; false when logged (exit 2). */
bool pp_cases_load(const struct pp_options *o, struct pp_suite *suite, struct pp_selection *sel);

/* False (logged) when a report or baseline path given names one of the suite's input files. */
bool pp_cases_outputs_safe(const struct pp_options *o, const struct pp_suite *suite);

/* The target of the options (--dsn or the throwaway server) prepared for suite (may be NULL). */
enum pp_step pp_cases_open_target(const struct pp_options *o, const struct pp_suite *suite,
				  struct pp_target **t);

/* The gate thresholds of the options (--time-ratio, --time-min, --buffer-...). */
void pp_cases_gate_options(const struct pp_options *o, struct pp_gate_options *g);

/* verify (explain false) or explain (true): the whole command; returns its exit status. */
int pp_cases_verify(const struct pp_options *o, bool explain);

#endif
