/*
 * check_conn.c: connection strings are shown without their password, whatever their form.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "pg/conn.h"
#include "suites.h"

static const struct {
	const char *conninfo;
	const char *secret;   /* must never appear */
	const char *expect[4]; /* must appear */
} redactions[] = {
	{ "host=db user=app password=secret dbname=shop", "secret",
	  { "host=db", "user=app", "dbname=shop", "password=********" } },
	{ "postgresql://app:s3cret@db.internal:5433/shop?sslmode=require", "s3cret",
	  { "host=db.internal", "port=5433", "dbname=shop", "sslmode=require" } },
	{ "postgres://app:p%40ss@db/shop", "p@ss", { "user=app", "password=********" } },
	{ "host=/tmp/pgperf-x port=5432 user=pgperf dbname=postgres", "password",
	  { "host=/tmp/pgperf-x", "port=5432", "user=pgperf", "dbname=postgres" } },
	{ "host=db application_name='nightly run'", NULL, { "application_name='nightly run'" } },
};

START_TEST(test_redact)
{
	char *got = pp_conn_redact(redactions[_i].conninfo);

	ck_assert_ptr_nonnull(got);
	if (redactions[_i].secret != NULL)
		ck_assert_msg(strstr(got, redactions[_i].secret) == NULL, "leaked in: %s", got);
	for (size_t k = 0; k < 4 && redactions[_i].expect[k] != NULL; k++)
		ck_assert_msg(strstr(got, redactions[_i].expect[k]) != NULL, "%s missing from: %s",
			      redactions[_i].expect[k], got);
	free(got);
}
END_TEST

START_TEST(test_redact_invalid_never_echoes)
{
	char *got;

	test_log_capture_start();
	got = pp_conn_redact("password=hunter2 host='unterminated");
	ck_assert_ptr_null(got);
	ck_assert_msg(strstr(test_log_captured(), "invalid connection string") != NULL, "%s",
		      test_log_captured());
	ck_assert_msg(strstr(test_log_captured(), "hunter2") == NULL, "%s", test_log_captured());
	test_log_capture_stop();
}
END_TEST

START_TEST(test_open_failure_never_echoes)
{
	struct pp_conn *c;

	test_log_capture_start();
	/* A socket folder that does not exist: fails at once, without a network. */
	c = pp_conn_open("host=/nonexistent/pgperf port=1 user=u password=topsecret "
			 "connect_timeout=1");
	ck_assert_ptr_null(c);
	ck_assert_msg(strstr(test_log_captured(), "cannot connect to") != NULL, "%s",
		      test_log_captured());
	ck_assert_msg(strstr(test_log_captured(), "topsecret") == NULL, "%s",
		      test_log_captured());
	test_log_capture_stop();
}
END_TEST

Suite *
suite_conn(void)
{
	Suite *s = suite_create("conn");
	TCase *tc = tcase_create("redaction");

	tcase_add_loop_test(tc, test_redact, 0, (int)(sizeof redactions / sizeof redactions[0]));
	tcase_add_test(tc, test_redact_invalid_never_echoes);
	tcase_add_test(tc, test_open_failure_never_echoes);
	suite_add_tcase(s, tc);
	return s;
}
