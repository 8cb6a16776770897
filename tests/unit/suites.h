/*
 * suites.h: one Check suite per module; check_main.c runs them all with TAP output, and
 * check_server_main.c those that need a server.
 */
#ifndef PP_TEST_SUITES_H
#define PP_TEST_SUITES_H

#include <check.h>
#include <stdbool.h>

Suite *suite_case(void);
Suite *suite_config(void);
Suite *suite_conn(void);
Suite *suite_ddl(void);
Suite *suite_diff(void);
Suite *suite_findings(void);
Suite *suite_gate(void);
Suite *suite_gen(void);
Suite *suite_opt(void);
Suite *suite_hist(void);
Suite *suite_keys(void);
Suite *suite_loop(void);
Suite *suite_named(void);
Suite *suite_params(void);
Suite *suite_predicate(void);
Suite *suite_report(void);
Suite *suite_seedspec(void);
Suite *suite_sql(void);
Suite *suite_sqluse(void);
Suite *suite_stats(void);
Suite *suite_threshold(void);
Suite *suite_loadgate(void);
Suite *suite_units(void);
Suite *suite_utf8(void);

/* Suites that need a running server: check_server_main.c runs them against a throwaway server
 * whose conninfo test_server_conninfo gives. */
Suite *suite_aconn(void);
Suite *suite_cancel(void);
Suite *suite_runner(void);
const char *test_server_conninfo(void);
/* Drops pgperf's log lines while on (errors a test provokes on purpose). */
void test_log_mute(bool on);

/* Captures pgperf's log lines so tests can assert on messages (check_main.c). */
void test_log_capture_start(void);
/* Everything logged since the start, one line each; owned by the capture. */
const char *test_log_captured(void);
void test_log_capture_stop(void);

#endif
