/*
 * check_report.c: the JSON report reads back as documented in docs/report-format.md and is
 * written atomically (no temporary file left beside it); each format's escaping, as tables of
 * input and expected output; and every format rendered from a run full of hostile strings
 * (invalid UTF-8, markup, terminal escape sequences) stays valid UTF-8 and inert: the JSON
 * parses, the JUnit XML validates, no raw tag reaches the Markdown or the HTML, no control
 * character reaches the terminal; the server's detail, hint and context, and what a case left on
 * the database, go through the same escaping. A result with only a histogram reports approximate
 * percentiles and still gets its HTML histogram.
 */
#include <cJSON.h>
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/mem.h"
#include "report/report.h"
#include "report/report_common.h"
#include "run/hist.h"
#include "run/result.h"
#include "suites.h"
#include "util/utf8.h"
#include "verdict/threshold.h"

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct pp_buf b;
	char chunk[4096];
	size_t n;

	ck_assert_ptr_nonnull(f);
	pp_buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		pp_buf_append(&b, chunk, n);
	fclose(f);
	return pp_buf_steal(&b);
}

START_TEST(test_json_round_trip)
{
	struct pp_threshold th[] = { { PP_METRIC_P95, 2000000, 0 } };
	struct pp_case ok = { .name = (char *)"fast", .file = (char *)"q/a.sql", .line = 3,
			      .sql = (char *)"SELECT 1", .warn_margin = 0.2, .thresholds = th,
			      .n_thresholds = 1 };
	struct pp_case skip = { .name = (char *)"later", .file = (char *)"q/b.sql", .line = 9,
				.sql = (char *)"SELECT 2", .thresholds = th, .n_thresholds = 1 };
	int64_t samples[] = { 3000000, 1000000, 2000000, 4000000 };
	char dir[] = "/tmp/pgperf-check-XXXXXX";
	struct pp_buf path;
	struct pp_reporter *rep;
	struct pp_case_result *r;
	struct pp_run run;
	cJSON *root, *cases, *c0, *c1, *stats;
	char *text;
	DIR *d;
	struct dirent *e;
	int entries = 0;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	pp_buf_init(&path);
	pp_buf_printf(&path, "%s/report.json", dir);

	pp_run_init(&run);
	run.target = pp_mem_strdup("embedded");
	run.seed = 18446744073709551615ULL;
	r = pp_run_add(&run, &ok);
	r->samples = pp_mem_alloc(sizeof samples);
	memcpy(r->samples, samples, sizeof samples);
	pp_stats_compute(r->samples, 4, &r->stats);
	r->has_stats = true;
	pp_threshold_evaluate(r); /* p95 = 3.85ms against 2ms: fail */
	r->dead_measured = true;
	pp_result_add_dead_tuples(r, "app.t", 120);
	r->vacuumed = true;
	pp_result_add_sequence_left(r, "app.t_id_seq", "42", "another session drew from it");
	r = pp_run_add(&run, &skip);
	r->status = PP_STATUS_SKIP;
	pp_result_set_reason(r, "requires relation app.x, which does not exist");
	pp_run_count(&run);

	rep = pp_report_open("json", path.data, NULL);
	ck_assert(pp_report_end(rep, &run));
	pp_report_free(rep);

	text = slurp(path.data);
	root = cJSON_Parse(text);
	ck_assert_ptr_nonnull(root);
	ck_assert_str_eq(cJSON_GetObjectItem(root, "seed")->valuestring, "18446744073709551615");
	ck_assert_str_eq(cJSON_GetObjectItem(root, "target")->valuestring, "embedded");
	cases = cJSON_GetObjectItem(root, "cases");
	ck_assert_int_eq(cJSON_GetArraySize(cases), 2);
	c0 = cJSON_GetArrayItem(cases, 0);
	ck_assert_str_eq(cJSON_GetObjectItem(c0, "name")->valuestring, "fast");
	ck_assert_str_eq(cJSON_GetObjectItem(c0, "status")->valuestring, "fail");
	ck_assert_int_eq(cJSON_GetObjectItem(c0, "line")->valueint, 3);
	stats = cJSON_GetObjectItem(c0, "stats");
	ck_assert_double_eq_tol(cJSON_GetObjectItem(stats, "p50_ms")->valuedouble, 2.5, 1e-9);
	ck_assert_double_eq_tol(cJSON_GetObjectItem(stats, "p95_ms")->valuedouble, 3.85, 1e-9);
	ck_assert_int_eq(cJSON_GetObjectItem(stats, "iterations")->valueint, 4);
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(stats, "exact")));
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(c0,
		"thresholds"), 0), "status")->valuestring, "fail");
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(c0,
		"findings"), 0), "kind")->valuestring, "threshold");
	ck_assert_int_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(c0, "dead_tuples"),
					     "app.t")->valueint, 120);
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(c0, "vacuumed")));
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(c0,
		"sequences_left"), 0), "value")->valuestring, "42");
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(c0, "context")));
	c1 = cJSON_GetArrayItem(cases, 1);
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(c1, "dead_tuples")));
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(c1, "sequences_left")), 0);
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(c1, "stats")));
	ck_assert_str_eq(cJSON_GetObjectItem(c1, "status")->valuestring, "skip");
	ck_assert_ptr_nonnull(strstr(cJSON_GetObjectItem(c1, "reason")->valuestring, "app.x"));
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(c1,
		"thresholds"), 0), "value_ms")));
	ck_assert_int_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "summary"), "fail")->valueint,
			 1);
	ck_assert_int_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "summary"), "skip")->valueint,
			 1);
	cJSON_Delete(root);
	free(text);

	d = opendir(dir);
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			entries++;
	closedir(d);
	ck_assert_int_eq(entries, 1); /* report.json only: the temporary file was renamed */

	unlink(path.data);
	rmdir(dir);
	pp_buf_reset(&path);
	pp_run_reset(&run);
}
END_TEST

/*
 * A case timed more often than the runner keeps samples for: stats and the HTML histogram come
 * from the latency histogram alone, and the JSON report says the percentiles are approximate.
 */
START_TEST(test_histogram_only)
{
	struct pp_case c = { .name = (char *)"many", .file = (char *)"q/m.sql", .line = 1,
			     .sql = (char *)"SELECT 1" };
	char dir[] = "/tmp/pgperf-check-XXXXXX";
	struct pp_buf json_path, html_path;
	struct pp_reporter *reps[2];
	struct pp_case_result *r;
	struct pp_run run;
	cJSON *root, *stats;
	char *text;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	pp_buf_init(&json_path);
	pp_buf_printf(&json_path, "%s/report.json", dir);
	pp_buf_init(&html_path);
	pp_buf_printf(&html_path, "%s/report.html", dir);
	pp_run_init(&run);
	run.target = pp_mem_strdup("embedded");
	r = pp_run_add(&run, &c);
	r->hist = pp_hist_new();
	for (int64_t i = 1; i <= 1000; i++)
		pp_hist_record(r->hist, i * 10000); /* 10 us to 10 ms */
	pp_stats_from_hist(r->hist, &r->stats);
	r->has_stats = true;
	pp_run_count(&run);

	reps[0] = pp_report_open("json", json_path.data, NULL);
	reps[1] = pp_report_open("html", html_path.data, NULL);
	for (int i = 0; i < 2; i++) {
		ck_assert(pp_report_end(reps[i], &run));
		pp_report_free(reps[i]);
	}

	text = slurp(json_path.data);
	root = cJSON_Parse(text);
	ck_assert_ptr_nonnull(root);
	stats = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(root, "cases"), 0),
				    "stats");
	ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(stats, "exact")));
	ck_assert_int_eq(cJSON_GetObjectItem(stats, "iterations")->valueint, 1000);
	ck_assert_double_eq_tol(cJSON_GetObjectItem(stats, "p50_ms")->valuedouble, 5.005,
				5.005 / 256);
	cJSON_Delete(root);
	free(text);

	text = slurp(html_path.data);
	ck_assert_ptr_nonnull(strstr(text, "<svg class=\"hist\""));
	ck_assert_ptr_nonnull(strstr(text, "iterations</title></rect>"));
	free(text);

	unlink(json_path.data);
	unlink(html_path.data);
	rmdir(dir);
	pp_buf_reset(&json_path);
	pp_buf_reset(&html_path);
	pp_run_reset(&run);
}
END_TEST

START_TEST(test_unwritable_path)
{
	test_log_capture_start();
	ck_assert(!pp_report_write_file("/nonexistent-dir/report.json", "{}", 2));
	ck_assert_ptr_nonnull(strstr(test_log_captured(), "cannot write report /nonexistent-dir"));
	test_log_capture_stop();
}
END_TEST

#define FFFD "\xef\xbf\xbd"

struct escape_case {
	const char *what;
	enum pp_report_syntax syntax;
	const char *in;
	const char *out;
};

static const struct escape_case escape_cases[] = {
	/* text: a terminal sees no control character raw */
	{ "text: plain", PP_REPORT_TEXT, "seq scan on app.t", "seq scan on app.t" },
	{ "text: tab and newline kept", PP_REPORT_TEXT, "a\tb\nc", "a\tb\nc" },
	{ "text: OSC title", PP_REPORT_TEXT, "\033]0;evil\007", "\\x1b]0;evil\\x07" },
	{ "text: carriage return", PP_REPORT_TEXT, "ok\rFAIL", "ok\\x0dFAIL" },
	{ "text: DEL", PP_REPORT_TEXT, "x\x7f", "x\\x7f" },
	{ "text: C1 CSI", PP_REPORT_TEXT, "\xc2\x9b" "2J", "\\x9b2J" },
	{ "text: bidi override", PP_REPORT_TEXT, "a\xe2\x80\xae" "b", "a\\u202eb" },
	{ "text: invalid UTF-8", PP_REPORT_TEXT, "caf\xe9", "caf" FFFD },
	{ "text: markup untouched", PP_REPORT_TEXT, "<b>&", "<b>&" },
	{ "text: NULL", PP_REPORT_TEXT, NULL, "" },
	/* XML and HTML element text */
	{ "xml: script", PP_REPORT_XML, "<script>alert(1)</script>",
	  "&lt;script&gt;alert(1)&lt;/script&gt;" },
	{ "xml: quotes and ampersand", PP_REPORT_XML, "a & \"b\" 'c'",
	  "a &amp; &quot;b&quot; &#39;c&#39;" },
	{ "xml: CDATA end", PP_REPORT_XML, "]]>", "]]&gt;" },
	{ "xml: newline and tab kept", PP_REPORT_XML, "a\nb\tc", "a\nb\tc" },
	{ "xml: escape sequence", PP_REPORT_XML, "\033[31mred", "\\x1b[31mred" },
	{ "xml: NUL-free control", PP_REPORT_XML, "\x01\x1f", "\\x01\\x1f" },
	{ "xml: noncharacter U+FFFE", PP_REPORT_XML, "\xef\xbf\xbe", "\\ufffe" },
	{ "xml: invalid UTF-8", PP_REPORT_XML, "bad\xc3", "bad" FFFD },
	{ "xml: UTF-8 kept", PP_REPORT_XML, "\xc3\xa9t\xc3\xa9", "\xc3\xa9t\xc3\xa9" },
	/* XML and HTML attribute values */
	{ "attr: newline and tab", PP_REPORT_XML_ATTR, "a\nb\tc", "a&#10;b&#9;c" },
	{ "attr: breaking out", PP_REPORT_XML_ATTR, "\"><img src=x onerror=alert(1)>",
	  "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" },
	/* Markdown text and table cells */
	{ "md: img", PP_REPORT_MARKDOWN, "<img src=x onerror=alert(1)>",
	  "&lt;img src=x onerror=alert(1)&gt;" },
	{ "md: entity stays text", PP_REPORT_MARKDOWN, "&lt;", "&amp;lt;" },
	{ "md: pipe", PP_REPORT_MARKDOWN, "a|b", "a\\|b" },
	{ "md: backticks", PP_REPORT_MARKDOWN, "`code`", "\\`code\\`" },
	{ "md: emphasis", PP_REPORT_MARKDOWN, "*b* _i_", "\\*b\\* \\_i\\_" },
	{ "md: link", PP_REPORT_MARKDOWN, "[x](javascript:y)", "\\[x\\](javascript:y)" },
	{ "md: strike and math", PP_REPORT_MARKDOWN, "~~s~~ $x$",
	  "\\~\\~s\\~\\~ \\$x\\$" },
	{ "md: backslash", PP_REPORT_MARKDOWN, "a\\b", "a\\\\b" },
	{ "md: newline", PP_REPORT_MARKDOWN, "two\nlines", "two<br>lines" },
	{ "md: ordinary punctuation", PP_REPORT_MARKDOWN, "order_items (+5%, 1.2 ms)",
	  "order\\_items (+5%, 1.2 ms)" },
	{ "md: escape sequence", PP_REPORT_MARKDOWN, "\033[2J", "\\x1b\\[2J" },
	{ "md: invalid UTF-8", PP_REPORT_MARKDOWN, "\xff<", FFFD "&lt;" },
};

/* b holds want, as valid UTF-8; releases b. */
static void
assert_written(const char *what, struct pp_buf *b, const char *want)
{
	ck_assert_msg(strcmp(b->data, want) == 0, "%s: got \"%s\", want \"%s\"", what, b->data, want);
	ck_assert_msg(pp_utf8_valid(b->data, b->len), "%s: output is valid UTF-8", what);
	pp_buf_reset(b);
}

START_TEST(test_escape)
{
	struct pp_buf b;

	pp_buf_init(&b);
	pp_report_escape(&b, escape_cases[_i].syntax, escape_cases[_i].in);
	assert_written(escape_cases[_i].what, &b, escape_cases[_i].out);
}
END_TEST

static void
markdown_block(struct pp_buf *b, const char *s)
{
	pp_report_markdown_block(b, s, "  ");
}

struct markup_case {
	const char *what;
	pp_report_write_fn write;
	const char *in;
	const char *out;
};

static const struct markup_case markup_cases[] = {
	/* Markdown code spans: only for text that needs no escaping */
	{ "code: name", pp_report_markdown_code, "item_by_id", "`item_by_id`" },
	{ "code: setting", pp_report_markdown_code, "jit = on", "`jit = on`" },
	{ "code: script", pp_report_markdown_code, "<script>", "&lt;script&gt;" },
	{ "code: pipe", pp_report_markdown_code, "a|b", "a\\|b" },
	{ "code: backtick", pp_report_markdown_code, "tick`s", "tick\\`s" },
	{ "code: newline", pp_report_markdown_code, "a\nb", "a<br>b" },
	{ "code: control", pp_report_markdown_code, "esc\033", "`esc\\x1b`" },
	{ "code: empty", pp_report_markdown_code, "", "" },
	/* Markdown blocks: fenced, indented, never closed early by the text */
	{ "block: lines", markdown_block, "a\n b", "\n\n  ```\n  a\n   b\n  ```" },
	{ "block: a fence inside", markdown_block, "x\n```\ny", "\n\n  ````\n  x\n  ```\n  y\n  ````" },
	{ "block: markup", markdown_block, "<script>\nx", "&lt;script&gt;<br>x" },
	{ "block: control", markdown_block, "a\n\033c", "\n\n  ```\n  a\n  \\x1bc\n  ```" },
};

START_TEST(test_markup)
{
	struct pp_buf b;

	pp_buf_init(&b);
	markup_cases[_i].write(&b, markup_cases[_i].in);
	assert_written(markup_cases[_i].what, &b, markup_cases[_i].out);
}
END_TEST

/* --- every format from a hostile run ------------------------------------------------------- */

#define SCRIPT "<script>alert(1)</script>"
#define IMG "<img src=x onerror=alert(1)>"
#define OSC "\033]0;evil\007"

static const char hostile_plan[] =
	"[{\"Plan\": {\"Node Type\": \"Seq Scan\", \"Relation Name\": \"t" SCRIPT "\", "
	"\"Schema\": \"s\\u001b]0;x\\u0007\", \"Alias\": \"t\xff\", \"Actual Rows\": 5000, "
	"\"Actual Loops\": 1}, \"Planning Time\": 0.1, \"Execution Time\": 0.2}]";

static struct pp_threshold hostile_limits[] = { { PP_METRIC_P95, 2000000, 0 } };

static struct pp_case hostile_cases[] = {
	{ .name = (char *)SCRIPT, .file = (char *)"q/\xff\xfe" IMG ".sql", .line = 1,
	  .sql = (char *)"SELECT '" SCRIPT "' -- ]]> \xc3\x28" },
	{ .name = (char *)"a|b`c*_[x]", .file = (char *)"q/ok.sql", .line = 5,
	  .sql = (char *)"SELECT 1", .thresholds = hostile_limits, .n_thresholds = 1 },
	{ .name = (char *)"skipped", .file = (char *)"q/ok.sql", .line = 9, .sql = (char *)"SELECT 2" },
};

static void
hostile_run(struct pp_run *run, int64_t *samples)
{
	struct pp_case_result *r;
	const char *why;

	pp_run_init(run);
	run->target = pp_mem_strdup("host=<x>\xff " OSC);
	run->server.version = pp_mem_strdup("15 " IMG);
	run->server.settings = pp_mem_calloc(1, sizeof *run->server.settings);
	run->server.settings[0].name = pp_mem_strdup("work_mem|`x`");
	run->server.settings[0].value = pp_mem_strdup(SCRIPT "\xff");
	run->server.n_settings = 1;
	r = pp_run_add(run, &hostile_cases[0]);
	r->status = PP_STATUS_ERROR;
	pp_result_set_reason(r, "ERROR: " SCRIPT " " OSC " \"q\" 'q' & ]]> \xc3\x28\r\n" IMG);
	pp_result_set_error_info(r, "detail " SCRIPT "\xff", "hint " OSC,
				 "PL/pgSQL function " IMG "\nSQL statement \"" SCRIPT "\" ]]>");
	r = pp_run_add(run, &hostile_cases[1]);
	r->status = PP_STATUS_FAIL;
	r->samples = pp_mem_alloc(4 * sizeof *samples);
	memcpy(r->samples, samples, 4 * sizeof *samples);
	pp_stats_compute(r->samples, 4, &r->stats);
	r->has_stats = true;
	r->plan = pp_explain_parse(hostile_plan, &why);
	ck_assert_ptr_nonnull(r->plan);
	r->plan_fact = pp_mem_strdup("Seq Scan on " SCRIPT "|x\ny");
	pp_threshold_evaluate(r); /* p95 3.85ms against 2ms: a threshold finding */
	pp_result_add_finding(r, "seq_scan", PP_SEVERITY_FAIL, "s\033]0;x\007.t" SCRIPT, "Seq Scan",
			      "%s", "5000 rows read from " IMG " \xe2\x80\xae ]]>");
	pp_result_add_finding(r, "plan_changed", PP_SEVERITY_WARN, NULL, NULL, "%s",
			      "the plan changed\n  ```\n" SCRIPT "\n" OSC);
	pp_result_add_finding(r, "plan_changed", PP_SEVERITY_WARN, NULL, NULL, "%s",
			      "the plan changed\n```\n</details>\n" OSC);
	r->dead_measured = true;
	pp_result_add_dead_tuples(r, "s|`" SCRIPT "\xff", 7);
	pp_result_add_sequence_left(r, "q" IMG "|x", "9" OSC, "cannot lock " SCRIPT ": %s",
				    "\xc3\x28 ]]>");
	r = pp_run_add(run, &hostile_cases[2]);
	r->status = PP_STATUS_SKIP;
	pp_result_set_reason(r, "requires " IMG "\xff");
	pp_run_count(run);
}

static char *
render_to(const char *dir, const char *format, const struct pp_run *run)
{
	struct pp_report_options opts = { .verbose = true, .explain = true };
	struct pp_buf path;
	struct pp_reporter *rep;
	char *text;

	pp_buf_init(&path);
	pp_buf_printf(&path, "%s/report.%s", dir, format);
	rep = pp_report_open(format, path.data, &opts);
	ck_assert_ptr_nonnull(rep);
	pp_report_begin(rep, run);
	for (size_t i = 0; i < run->n_results; i++)
		pp_report_case_done(rep, run, &run->results[i]);
	ck_assert_msg(pp_report_end(rep, run), "%s: written", format);
	pp_report_free(rep);
	text = slurp(path.data);
	ck_assert_msg(pp_utf8_valid(text, strlen(text)), "%s: valid UTF-8", format);
	ck_assert_msg(strstr(text, "\xff") == NULL, "%s: no stray byte", format);
	pp_buf_reset(&path);
	return text;
}

/* No hostile tag raw (but in plain text, where a tag is only text), no control character but tab
 * and newline. */
static void
assert_inert(const char *format, const char *text)
{
	bool markup = strcmp(format, "text") != 0;

	ck_assert_msg(!markup || strstr(text, "<script") == NULL, "%s: raw <script", format);
	ck_assert_msg(!markup || strstr(text, "<img") == NULL, "%s: raw <img", format);
	for (const char *p = text; *p; p++)
		ck_assert_msg((unsigned char)*p >= 0x20 || *p == '\n' || *p == '\t',
			      "%s: control character 0x%02x at %td", format, (unsigned char)*p,
			      p - text);
}

static void
check_json(const char *text)
{
	cJSON *root = cJSON_Parse(text), *c0;

	ck_assert_msg(root != NULL, "the JSON report parses");
	c0 = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "cases"), 0);
	ck_assert_str_eq(cJSON_GetObjectItem(c0, "name")->valuestring, SCRIPT);
	ck_assert_str_eq(cJSON_GetObjectItem(c0, "file")->valuestring, "q/" FFFD FFFD IMG ".sql");
	ck_assert_ptr_nonnull(strstr(cJSON_GetObjectItem(c0, "reason")->valuestring, OSC));
	ck_assert_ptr_nonnull(strstr(cJSON_GetObjectItem(c0, "reason")->valuestring, FFFD "("));
	ck_assert_ptr_nonnull(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "settings"),
						  "work_mem|`x`"));
	ck_assert(cJSON_IsArray(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(root,
		"cases"), 1), "plan")));
	ck_assert_ptr_nonnull(strstr(cJSON_GetObjectItem(c0, "context")->valuestring,
				     "PL/pgSQL function " IMG "\n"));
	ck_assert_str_eq(cJSON_GetObjectItem(c0, "detail")->valuestring, "detail " SCRIPT FFFD);
	ck_assert_ptr_nonnull(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetArrayItem(
		cJSON_GetObjectItem(root, "cases"), 1), "dead_tuples"), "s|`" SCRIPT FFFD));
	cJSON_Delete(root);
}

static void
check_junit(const char *dir)
{
	struct pp_buf cmd;
	char *out;
	int rc;

	ck_assert_msg(system("command -v xmllint >/dev/null 2>&1") == 0,
		      "xmllint is installed (Debian package libxml2-utils)");
	pp_buf_init(&cmd);
	pp_buf_printf(&cmd, "xmllint --noout --schema '%s/junit.xsd' '%s/report.junit' >'%s/xmllint' 2>&1",
		      TEST_DATA_DIR, dir, dir);
	rc = system(cmd.data);
	pp_buf_clear(&cmd);
	pp_buf_printf(&cmd, "%s/xmllint", dir);
	out = slurp(cmd.data);
	ck_assert_msg(rc == 0, "the JUnit report is well-formed and valid: %s", out);
	free(out);
	unlink(cmd.data);
	pp_buf_reset(&cmd);
}

/* Every table row keeps its columns: the pipes in names and facts are escaped. */
static void
check_markdown_tables(const char *text)
{
	for (const char *line = text; line != NULL && *line; line = strchr(line, '\n')) {
		int pipes = 0;

		line += *line == '\n';
		if (line[0] != '|')
			continue;
		for (const char *p = line; *p && *p != '\n'; p++)
			pipes += *p == '|' && (p == line || p[-1] != '\\');
		ck_assert_msg(pipes == 9 || pipes == 11, "a table row with %d cells: %.80s",
			      pipes - 1, line);
	}
}

START_TEST(test_hostile_strings)
{
	int64_t samples[] = { 1000000, 2000000, 3000000, 4000000 };
	char dir[] = "/tmp/pgperf-check-XXXXXX";
	const char *formats[] = { "text", "json", "junit", "markdown", "html" };
	struct pp_run run;
	char *text;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	hostile_run(&run, samples);
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		text = render_to(dir, formats[i], &run);
		if (strcmp(formats[i], "json") == 0)
			check_json(text);
		else
			assert_inert(formats[i], text);
		if (strcmp(formats[i], "markdown") == 0) {
			check_markdown_tables(text);
			ck_assert_ptr_null(strstr(text, "</details>\n" "\x1b"));
			ck_assert_ptr_nonnull(strstr(text, "- **fail** a\\|b\\`c\\*\\_\\[x\\] seq_scan: 5000"));
		}
		if (strcmp(formats[i], "text") == 0) {
			ck_assert_ptr_nonnull(strstr(text, "      hint: hint \\x1b]0;evil\\x07\n"));
			ck_assert_ptr_nonnull(strstr(text, "      context: PL/pgSQL function " IMG
							   "\n      SQL statement"));
			ck_assert_ptr_nonnull(strstr(text, "      dead tuples left: s|`" SCRIPT
							   FFFD " 7\n"));
			ck_assert_ptr_nonnull(strstr(text, "\\x1b]0;evil\\x07"));
			ck_assert_ptr_nonnull(strstr(text, "(\\x0d\n      <img"));
			ck_assert_ptr_nonnull(strstr(text, "loops=1)  <-- fail seq_scan\n"));
		}
		if (strcmp(formats[i], "markdown") == 0) {
			ck_assert_ptr_nonnull(strstr(text, "### Errors in detail"));
			ck_assert_ptr_nonnull(strstr(text, "### Left on the database"));
		}
		if (strcmp(formats[i], "html") == 0) {
			ck_assert_ptr_nonnull(strstr(text, "<ul class=\"error-info\">\n<li>detail: "));
			ck_assert_ptr_nonnull(strstr(text, "<ul class=\"leftovers\">"));
			ck_assert_ptr_nonnull(strstr(text, "<td>p95 &lt; 2.00ms</td>"));
			ck_assert_ptr_nonnull(strstr(text, "</mark> <span class=\"flag\">fail seq_scan"));
		}
		free(text);
	}
	check_junit(dir);
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		struct pp_buf path;

		pp_buf_init(&path);
		pp_buf_printf(&path, "%s/report.%s", dir, formats[i]);
		unlink(path.data);
		pp_buf_reset(&path);
	}
	rmdir(dir);
	pp_run_reset(&run);
}
END_TEST

START_TEST(test_unknown_format)
{
	test_log_capture_start();
	ck_assert_ptr_null(pp_report_open("yaml", "-", NULL));
	ck_assert_ptr_nonnull(strstr(test_log_captured(), "unknown report format \"yaml\""));
	test_log_capture_stop();
}
END_TEST

Suite *
suite_report(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("json");

	tcase_add_test(tc, test_json_round_trip);
	tcase_add_test(tc, test_histogram_only);
	tcase_add_test(tc, test_unwritable_path);
	suite_add_tcase(s, tc);
	tc = tcase_create("escaping");
	tcase_add_loop_test(tc, test_escape, 0, sizeof escape_cases / sizeof escape_cases[0]);
	tcase_add_loop_test(tc, test_markup, 0, sizeof markup_cases / sizeof markup_cases[0]);
	tcase_add_test(tc, test_hostile_strings);
	tcase_add_test(tc, test_unknown_format);
	suite_add_tcase(s, tc);
	return s;
}
