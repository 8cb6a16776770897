/*
 * case.h: a verification case, as read from a .sql case file, and the case-file parser.
 *
 * The format is specified in docs/case-format.md. A struct pp_case owns every string and array
 * it points to; pp_case_free releases them. A struct pp_case_list owns its cases.
 */
#ifndef PP_CASE_H
#define PP_CASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "input/named.h"
#include "input/params.h"
#include "input/sqluse.h"
#include "run/stats.h"

/* The most iterations (and warmup runs) a case may ask for, in a header or on the command line. */
#define PP_CASE_MAX_ITERATIONS 100000000

/* The longest timeout a case may ask for: PostgreSQL's statement_timeout is an int of ms. */
#define PP_CASE_MAX_TIMEOUT_MS 2147483647LL

struct pp_threshold {
	enum pp_metric metric;
	int64_t limit; /* ns for time metrics, a count for buffers and rows */
	int clients;   /* `p95@50 < 20ms`: judged by pgperf load at that level; 0: by verify */
};

/* Plan assertions; checked by the plan-findings stage, parsed and validated here. */
enum pp_assert_kind {
	PP_ASSERT_EXPECT_INDEX,      /* expect: index scan on REL [using INDEX] */
	PP_ASSERT_EXPECT_INDEX_ONLY, /* expect: index only scan on REL [using INDEX] */
	PP_ASSERT_FORBID_SEQ,        /* forbid: seq scan [on REL] */
	PP_ASSERT_ALLOW_SEQ,         /* allow: seq scan */
	PP_ASSERT_ALLOW_N_PLUS_ONE,  /* allow: n+1 */
	PP_ASSERT_EXPECT_PLAN,       /* expect_plan: /PCRE/ (pattern in text) */
	PP_ASSERT_FORBID_PLAN        /* forbid_plan: /PCRE/ */
};

/* A planner or server setting applied with SET LOCAL for one case (`set:`). */
struct pp_case_setting {
	char *name;
	char *value; /* unquoted */
};

struct pp_assertion {
	enum pp_assert_kind kind;
	char *relation; /* as written, possibly unqualified; NULL when none */
	char *index;    /* `using INDEX`; NULL when none */
	char *text;     /* the header value as written; for *_PLAN the pattern between slashes */
	int line;       /* line in the case file; 0 when it came from pgperf.json */
};

struct pp_case {
	char *name;
	char *file;        /* path as loaded */
	int line;          /* line of the `-- name:` line */
	char *label;       /* the name reports show: the name, or "FILE:NAME" (FILE relative to its
			    * suite folder) where another file has a case of that name; set by the
			    * suite loader, NULL before (pp_case_label gives the name then) */
	const char *format; /* the name line's format: "pgperf", "sqlc", "aiosql", "hugsql" */
	char *kind;        /* what the name line says the statement does (sqlc ":one", aiosql
			    * "<!", HugSQL ":? :1"); NULL when it says nothing */
	char *problem;     /* why the case cannot be verified as it is, "FILE:LINE: ..." with what
			    * to do; NULL when it can. list refuses it, verify reports it as the
			    * case's error without running it */
	char *description; /* NULL when none */
	char *sql;         /* exactly one statement, trailing `;` removed */
	int sql_line;      /* file line where sql starts (sql keeps whole lines, so columns match) */
	long iterations;   /* >= 1, default 100 */
	long warmup;       /* >= 0, default 5 */
	int64_t timeout_ns; /* statement_timeout, default 30 s; 1 ms to PP_CASE_MAX_TIMEOUT_MS */
	double warn_margin; /* fraction above a limit that is still warn, default 0.2 */
	struct pp_threshold *thresholds;
	size_t n_thresholds;
	struct pp_param_list params;
	struct pp_named_param *param_names; /* max_param entries: the name each $N was written
					     * with (NULL for a $N written as such) */
	char *params_from;  /* `params_from:` query giving each iteration's values, or NULL */
	struct pp_uses uses; /* where each $N is used: what pgperf draws its values from */
	char **value_names;  /* pgperf.json "params": a value for every parameter of that name */
	struct pp_param_list values; /* ...value_names[i]'s value is values.items[i] */
	bool params_given;   /* params came from `params:` (or pgperf.json defaults); when not,
			      * params holds, per $N, pgperf.json's value for its name or
			      * PP_PARAM_INFER */
	char **tags;
	size_t n_tags;
	char **requires; /* schema or schema.relation names */
	size_t n_requires;
	struct pp_assertion *assertions;
	size_t n_assertions;
	struct pp_case_setting *settings;
	size_t n_settings;
	double seq_scan_min_rows;   /* seq_scan finding from this many rows read (1000) */
	double seq_scan_discard;    /* ... whose filter discards this share of them (0.9) */
	double n_plus_one_min_loops; /* n_plus_one finding from this many sub-plan loops (10) */
	double misestimate_factor;  /* misestimate finding from this ratio (100) */
	double rows_read_ratio;     /* rows_read finding: rows read per row returned (100) */
	double rows_read_min;       /* ...and at least this many rows read (10000) */
	double offset_min_rows;     /* deep_offset finding: rows a Limit skipped (1000) */
	double trigger_share;       /* trigger finding: share of a write's time (0.5) */
	double regression_tolerance; /* --baseline: p50 slower by this fraction fails (0.10) */
	double regression_min_ms;   /* ...and by at least this many milliseconds (0.05) */
	double weight;     /* pgperf load: how often a client picks it, relative (default 1) */
	int64_t think_ns;  /* pgperf load: a client's pause after it; -1: the run's --think */
	bool modifies;   /* the statement writes (INSERT/UPDATE/DELETE/MERGE, data-modifying CTE) */
	int max_param;   /* highest $N in sql */
	unsigned inherited; /* parser bookkeeping: list keys still holding pgperf.json values */
};

struct pp_case_list {
	struct pp_case **items;
	size_t len;
	size_t cap;
};

/* A case holding the built-in defaults, to be refined by pgperf.json; free with pp_case_free. */
struct pp_case *pp_case_new_defaults(void);
/* A deep copy. */
struct pp_case *pp_case_clone(const struct pp_case *c);
void pp_case_free(struct pp_case *c);

/*
 * Applies one header key (as in `-- key: value`) to c. where is the location to print before a
 * message ("queries/a.sql:12" or "queries/pgperf.json: defaults.iterations"). line is the file
 * line recorded with assertions (0 outside case files). List keys (threshold, params, tags,
 * requires) given in a case replace what the case inherited from pgperf.json at their first use
 * and add up after that; plan assertions always add up. Logs the problem and returns false on
 * bad input.
 */
bool pp_case_apply_key(struct pp_case *c, const char *key, const char *value, const char *where,
		       int line);

/*
 * Adds pgperf.json's value (one params: value) for the parameters called name; where is for
 * messages. Logs and returns false on bad input.
 */
bool pp_case_add_named_value(struct pp_case *c, const char *name, const char *value,
			     const char *where);

/* The name of $(i+1): as written (:name, @name ...), else the column it is used with; or NULL. */
const char *pp_case_param_name(const struct pp_case *c, int i);

/*
 * Parses the case file text (read from path, used in messages) with defaults applied first, and
 * appends its cases to out. Every problem is logged as "path:line: ..."; returns false if any.
 */
bool pp_case_parse_text(const char *path, const char *text, const struct pp_case *defaults,
			struct pp_case_list *out);
/* Reads path and parses it as above; an unreadable file is logged and returns false. */
bool pp_case_parse_file(const char *path, const struct pp_case *defaults,
			struct pp_case_list *out);

void pp_case_list_init(struct pp_case_list *l);
void pp_case_list_reset(struct pp_case_list *l);
void pp_case_list_push(struct pp_case_list *l, struct pp_case *c);

/* The name reports show (label when set, else name). */
const char *pp_case_label(const struct pp_case *c);

/* True when c has tag. */
bool pp_case_has_tag(const struct pp_case *c, const char *tag);
/* Whether the case has expect: or forbid: scan assertions (which nested statements can break). */
bool pp_case_judges_scans(const struct pp_case *c);

#endif
