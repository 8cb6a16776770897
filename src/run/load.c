/*
 * load.c: levels of concurrent clients (see load.h). One struct worker per thread owns a loop
 * and its clients; the calling thread starts the workers of a level, collects their
 * last-second windows once a second, samples wait events, and merges their results at the end.
 */
#include "run/load.h"

#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pg/aconn.h"
#include "pg/cancel.h"
#include "run/draw.h"
#include "run/loop.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/interrupt.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/rng.h"
#include "util/str.h"

#define NS_PER_S INT64_C(1000000000)
/* A client whose connect failed tries again after this. */
#define RECONNECT_DELAY_NS INT64_C(200000000)
/* Top wait events kept per level. */
#define MAX_WAITS 8

enum phase { PH_CONNECTING, PH_SETUP, PH_WAITING, PH_PREPARE, PH_BEGIN, PH_EXEC, PH_ROLLBACK };

struct worker;

struct client {
	struct worker *w;
	struct pp_aconn *conn;
	int fd;             /* registered in the loop, -1 none */
	enum phase phase;
	size_t k;           /* the case under way */
	bool *prepared;     /* per case, on this connection */
	bool in_tx;
	int64_t t0;         /* the execution's start (intended start with a rate) */
	int64_t next_at;    /* with a rate: the next intended start */
	int64_t start_at;   /* when the client begins (the spike's ramp) */
	atomic_int *pid;    /* where its server process is published for the wait samples */
	struct pp_aconn_result res;
};

/* What a thread records, merged into the level when it ends. */
struct tally {
	struct pp_load_case_stats *cases;
	uint64_t reconnects, connect_failures;
	char *connect_error;
};

struct worker {
	pthread_t thread;
	bool started;              /* the thread runs */
	const struct pp_load_case *cases;
	size_t n_cases;
	const struct pp_load_options *o;
	double *cum;               /* cumulative weights */
	char (*names)[40];         /* per case: its prepared statement's name */
	const char *setup;         /* sent once connected: the statement timeout */
	char **begins;             /* per case: what opens its transaction, NULL: none */
	struct pp_draw **draws;    /* per case: this thread's own (draws are not shared) */
	const char **values;
	struct pp_loop *loop;
	struct client *clients;
	int n_clients;
	struct pp_rng rng;
	int64_t record_from, end_at; /* executions starting before record_from are warmup */
	int64_t interval_ns;       /* with a rate: between one client's intended starts */
	int stop_fd;               /* readable: stop now */
	struct tally tally;
	pthread_mutex_t mu;        /* guards the window */
	struct pp_hist *window;
	uint64_t win_ok, win_errors;
	atomic_int running;        /* clients started (the spike's ramp) */
};

/* ---- small pieces --------------------------------------------------------------------------- */

size_t
pp_load_pick(const double *cum, size_t n, double u)
{
	double x = u * cum[n - 1];

	for (size_t i = 0; i < n; i++)
		if (x < cum[i])
			return i;
	return n - 1;
}

double
pp_load_error_rate(uint64_t ok, uint64_t errors)
{
	return ok + errors == 0 ? 0.0 : (double)errors / (double)(ok + errors);
}

static void
add_error(struct pp_load_errors **list, size_t *n, const char *state, uint64_t count,
	  const char *message)
{
	for (size_t i = 0; i < *n; i++) {
		if (strcmp((*list)[i].sqlstate, state) == 0) {
			(*list)[i].n += count;
			if ((*list)[i].example == NULL && message != NULL)
				(*list)[i].example = pp_mem_strdup(message);
			return;
		}
	}
	*list = pp_mem_realloc(*list, (*n + 1) * sizeof **list);
	memset(&(*list)[*n], 0, sizeof **list);
	snprintf((*list)[*n].sqlstate, sizeof (*list)[*n].sqlstate, "%s", state);
	(*list)[*n].n = count;
	(*list)[*n].example = message != NULL ? pp_mem_strdup(message) : NULL;
	(*n)++;
}

static void
errors_free(struct pp_load_errors *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i].example);
	free(list);
}

static void
case_stats_reset(struct pp_load_case_stats *s)
{
	pp_hist_free(s->hist);
	errors_free(s->by_state, s->n_states);
	memset(s, 0, sizeof *s);
}

void
pp_load_result_init(struct pp_load_result *r)
{
	memset(r, 0, sizeof *r);
}

static void
level_reset(struct pp_load_level *lv, size_t n_cases)
{
	pp_hist_free(lv->hist);
	errors_free(lv->by_state, lv->n_states);
	for (size_t k = 0; lv->cases != NULL && k < n_cases; k++)
		case_stats_reset(&lv->cases[k]);
	free(lv->cases);
	free(lv->series);
	free(lv->connect_error);
	for (size_t i = 0; i < lv->n_waits; i++)
		free(lv->waits[i].event);
	free(lv->waits);
	memset(lv, 0, sizeof *lv);
}

void
pp_load_result_reset(struct pp_load_result *r)
{
	for (size_t i = 0; i < r->n_levels; i++)
		level_reset(&r->levels[i], r->n_cases);
	free(r->levels);
	memset(r, 0, sizeof *r);
}

/* ---- one client ----------------------------------------------------------------------------- */

static void on_ready(struct pp_loop *l, int fd, unsigned ready, void *ctx);
static void client_go(struct client *c);

/* Registers the socket for what the connection waits for now (the socket may have changed). */
static void
sync_watch(struct client *c)
{
	struct pp_loop *l = c->w->loop;
	int fd = pp_aconn_socket(c->conn);
	unsigned ev = pp_aconn_events(c->conn);

	if (c->fd >= 0 && (c->fd != fd || ev == 0))
		pp_loop_watch(l, c->fd, 0, NULL, NULL);
	c->fd = -1;
	if (fd >= 0 && ev != 0) {
		pp_loop_watch(l, fd, ev, on_ready, c);
		c->fd = fd;
	}
}

static void
go_timer(struct pp_loop *l, void *ctx)
{
	(void)l;
	client_go(ctx);
}

static void
reconnect_timer(struct pp_loop *l, void *ctx)
{
	struct client *c = ctx;

	(void)l;
	c->phase = PH_CONNECTING;
	pp_aconn_reset(c->conn);
	sync_watch(c);
	if (pp_aconn_state(c->conn) == PP_ACONN_RESULT)
		on_ready(c->w->loop, -1, 0, c);
}

/* Counts one execution's end: a latency, or an error with its SQLSTATE. */
static void
record(struct client *c, int64_t now, const struct pp_aconn_result *res)
{
	struct worker *w = c->w;
	struct pp_load_case_stats *s = &w->tally.cases[c->k];

	if (c->t0 < w->record_from || now > w->end_at)
		return;
	if (res->ok) {
		s->ok++;
		pp_hist_record(s->hist, now - c->t0);
	} else {
		const char *state = res->error.sqlstate[0] != '\0' ? res->error.sqlstate
								   : PP_LOAD_LOST_SQLSTATE;
		s->errors++;
		add_error(&s->by_state, &s->n_states, state, 1, res->error.message);
	}
	pthread_mutex_lock(&w->mu);
	if (res->ok) {
		w->win_ok++;
		pp_hist_record(w->window, now - c->t0);
	} else {
		w->win_errors++;
	}
	pthread_mutex_unlock(&w->mu);
}

/* After an execution: the think time, or the next intended start. */
static void
pause_client(struct client *c, int64_t now)
{
	struct worker *w = c->w;
	int64_t think = w->cases[c->k].think_ns >= 0 ? w->cases[c->k].think_ns : w->o->think_ns;

	c->phase = PH_WAITING;
	if (w->interval_ns > 0) {
		c->next_at += w->interval_ns;
		pp_loop_timer_add(w->loop, c->next_at, go_timer, c);
	} else if (think > 0) {
		pp_loop_timer_add(w->loop, now + think, go_timer, c);
	} else {
		client_go(c);
	}
}

/* Sends the execution of case k with freshly drawn values. */
static void
send_exec(struct client *c)
{
	struct worker *w = c->w;
	const struct pp_case *cs = w->cases[c->k].c;

	pp_draw_next(w->draws[c->k], &w->rng, w->values);
	if (w->interval_ns <= 0)
		c->t0 = pp_clock_now_ns();
	c->phase = PH_EXEC;
	pp_aconn_send_prepared(c->conn, w->names[c->k], cs->max_param, w->values);
}

/* The next step of the case under way: prepare it, open its transaction, or execute it. */
static void
advance_case(struct client *c)
{
	const struct pp_case *cs = c->w->cases[c->k].c;

	if (!c->prepared[c->k]) {
		c->phase = PH_PREPARE;
		pp_aconn_send_prepare(c->conn, c->w->names[c->k], cs->sql, cs->max_param);
	} else if (c->w->begins[c->k] != NULL && !c->in_tx) {
		c->phase = PH_BEGIN;
		pp_aconn_send_query(c->conn, c->w->begins[c->k]);
	} else {
		send_exec(c);
	}
	sync_watch(c);
	if (pp_aconn_state(c->conn) == PP_ACONN_RESULT)
		on_ready(c->w->loop, -1, 0, c);
}

/* A new execution: picks a case by weight. */
static void
client_go(struct client *c)
{
	struct worker *w = c->w;

	if (pp_aconn_state(c->conn) != PP_ACONN_IDLE)
		return;
	c->k = pp_load_pick(w->cum, w->n_cases, pp_rng_double(&w->rng));
	if (w->interval_ns > 0)
		c->t0 = c->next_at;
	advance_case(c);
}

/* The connection broke: the execution under way is an error, and the client reconnects. */
static void
lost(struct client *c, int64_t now)
{
	if (c->phase == PH_PREPARE || c->phase == PH_BEGIN || c->phase == PH_EXEC)
		record(c, now, &c->res);
	c->w->tally.reconnects++;
	c->in_tx = false;
	memset(c->prepared, 0, c->w->n_cases * sizeof *c->prepared);
	c->phase = PH_CONNECTING;
	if (pp_aconn_reset(c->conn))
		sync_watch(c);
	else
		pp_loop_timer_add(c->w->loop, now + RECONNECT_DELAY_NS, reconnect_timer, c);
}

/* A connect ended. */
static void
connected(struct client *c, int64_t now)
{
	if (!c->res.ok) {
		c->w->tally.connect_failures++;
		if (c->w->tally.connect_error == NULL && c->res.error.message != NULL)
			c->w->tally.connect_error = pp_mem_strdup(c->res.error.message);
		pp_loop_timer_add(c->w->loop, now + RECONNECT_DELAY_NS, reconnect_timer, c);
		return;
	}
	atomic_store(c->pid, pp_aconn_backend_pid(c->conn));
	c->phase = PH_WAITING;
	if (c->w->interval_ns > 0 && c->next_at < now)
		c->next_at = now > c->start_at ? now : c->start_at;
	if (c->start_at > now)
		pp_loop_timer_add(c->w->loop, c->start_at, go_timer, c);
	else
		client_go(c);
}

/* The connection's setup ended: the client begins. */
static void
setup_done(struct client *c, int64_t now)
{
	pp_aconn_result_reset(&c->res);
	c->res.ok = true;
	connected(c, now);
}

/* A statement ended on a live connection. */
static void
finished(struct client *c, int64_t now)
{
	switch (c->phase) {
	case PH_PREPARE:
		c->prepared[c->k] = c->res.ok;
		if (c->res.ok) {
			advance_case(c);
		} else {
			record(c, now, &c->res);
			pause_client(c, now);
		}
		return;
	case PH_BEGIN:
		c->in_tx = c->res.ok;
		if (c->res.ok) {
			advance_case(c);
		} else {
			record(c, now, &c->res);
			pause_client(c, now);
		}
		return;
	case PH_EXEC:
		record(c, now, &c->res);
		if (c->in_tx) {
			c->phase = PH_ROLLBACK;
			pp_aconn_send_query(c->conn, "ROLLBACK");
			sync_watch(c);
			if (pp_aconn_state(c->conn) == PP_ACONN_RESULT)
				on_ready(c->w->loop, -1, 0, c);
			return;
		}
		pause_client(c, now);
		return;
	case PH_ROLLBACK:
		c->in_tx = false;
		pause_client(c, now);
		return;
	default:
		return;
	}
}

static void
on_ready(struct pp_loop *l, int fd, unsigned ready, void *ctx)
{
	struct client *c = ctx;
	int64_t now;

	(void)l;
	(void)fd;
	(void)ready;
	if (fd >= 0)
		pp_aconn_advance(c->conn);
	if (c->phase == PH_CONNECTING && pp_aconn_state(c->conn) == PP_ACONN_IDLE) {
		/* Connected: the statement timeout first (its failure only leaves the default). */
		c->phase = PH_SETUP;
		pp_aconn_send_query(c->conn, c->w->setup);
		sync_watch(c);
		if (pp_aconn_state(c->conn) != PP_ACONN_RESULT)
			return;
	}
	if (pp_aconn_state(c->conn) != PP_ACONN_RESULT) {
		sync_watch(c);
		return;
	}
	now = pp_clock_now_ns();
	pp_aconn_take_result(c->conn, &c->res);
	sync_watch(c);
	if (pp_aconn_state(c->conn) == PP_ACONN_LOST || c->res.error.connection_lost)
		lost(c, now);
	else if (c->phase == PH_CONNECTING)
		connected(c, now);
	else if (c->phase == PH_SETUP)
		setup_done(c, now);
	else
		finished(c, now);
}

/* ---- one thread ----------------------------------------------------------------------------- */

static void
stop_now(struct pp_loop *l, int fd, unsigned ready, void *ctx)
{
	(void)fd;
	(void)ready;
	(void)ctx;
	pp_loop_stop(l);
}

static void
end_timer(struct pp_loop *l, void *ctx)
{
	(void)ctx;
	pp_loop_stop(l);
}

/* A client starts: connects, then begins once connected. */
static void
connect_timer(struct pp_loop *l, void *ctx)
{
	struct client *c = ctx;

	c->conn = pp_aconn_start(c->w->o->conninfo);
	if (c->conn == NULL)
		return;
	atomic_fetch_add(&c->w->running, 1);
	sync_watch(c);
	if (pp_aconn_state(c->conn) == PP_ACONN_RESULT)
		on_ready(l, -1, 0, c);
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;

	/* A level's clients connect at once; the spike's as the ramp reaches them. */
	for (int i = 0; i < w->n_clients; i++)
		pp_loop_timer_add(w->loop, w->clients[i].start_at, connect_timer, &w->clients[i]);
	pp_loop_watch(w->loop, w->stop_fd, PP_LOOP_READ, stop_now, NULL);
	pp_loop_timer_add(w->loop, w->end_at, end_timer, NULL);
	pp_loop_run(w->loop);
	return NULL;
}

/* ---- a level -------------------------------------------------------------------------------- */

struct level_run {
	struct pp_conn *conn;
	const struct pp_load_case *cases;
	size_t n_cases;
	const struct pp_load_options *o;
	double *cum;
	char (*names)[40];
	char setup[96];
	char **begins;           /* per case: "BEGIN" and its set: settings, for a write case or
				    one with settings (rolled back after each execution) */
	struct worker *workers;
	int n_workers;
	struct pp_draw ***draws; /* per worker slot, per case */
	atomic_int *pids;        /* per client of the level: its server process, 0 none yet */
	int n_pids;
	int stop_pipe[2];
	struct pp_hist *second;  /* scratch: the windows merged */
};

/* What opens a case's transaction: BEGIN and its settings (set_config(..., true), as verify
 * applies them); NULL for a read case without settings, which runs outside a transaction. */
static char *
begin_sql(struct pp_conn *conn, const struct pp_case *c)
{
	struct pp_buf b;

	if (!c->modifies && c->n_settings == 0)
		return NULL;
	pp_buf_init(&b);
	pp_buf_puts(&b, "BEGIN");
	for (size_t k = 0; k < c->n_settings; k++) {
		char *name = pp_conn_quote_literal(conn, c->settings[k].name);
		char *value = pp_conn_quote_literal(conn, c->settings[k].value);

		pp_buf_printf(&b, "; SELECT pg_catalog.set_config(%s, %s, true)", name, value);
		free(name);
		free(value);
	}
	return pp_buf_steal(&b);
}

static int
cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

/* Parameter sources for every case, once per thread slot, on the coordinating connection. */
static bool
prepare_draws(struct level_run *lr, int slots)
{
	lr->draws = pp_mem_calloc((size_t)slots, sizeof *lr->draws);
	for (int s = 0; s < slots; s++) {
		lr->draws[s] = pp_mem_calloc(lr->n_cases, sizeof **lr->draws);
		for (size_t k = 0; k < lr->n_cases; k++) {
			const struct pp_case *c = lr->cases[k].c;
			struct pp_db_error err = { 0 };
			struct pp_rng rng;
			char *why = NULL;

			pp_rng_init(&rng, lr->o->seed + (uint64_t)k);
			lr->draws[s][k] = pp_draw_prepare(lr->conn, c, &rng, &why, &err);
			if (lr->draws[s][k] == NULL) {
				pp_log_error("%s:%d: %s: %s", c->file, c->line, pp_case_label(c),
					     why != NULL ? why : err.message);
				free(why);
				pp_db_error_reset(&err);
				return false;
			}
		}
	}
	return true;
}

static void
free_draws(struct level_run *lr, int slots)
{
	for (int s = 0; lr->draws != NULL && s < slots; s++) {
		for (size_t k = 0; k < lr->n_cases; k++)
			pp_draw_free(lr->draws[s][k]);
		free(lr->draws[s]);
	}
	free(lr->draws);
}

static size_t
max_params(const struct level_run *lr)
{
	int m = 0;

	for (size_t k = 0; k < lr->n_cases; k++)
		if (lr->cases[k].c->max_param > m)
			m = lr->cases[k].c->max_param;
	return (size_t)m;
}

/* Sets up worker i of a level of n clients over nw threads. */
static void
worker_init(struct level_run *lr, struct worker *w, int i, int n, int nw, int64_t t0,
	    bool spike)
{
	int mine = n / nw + (i < n % nw ? 1 : 0);
	int64_t ramp = lr->o->duration_ns < PP_LOAD_SPIKE_RAMP_NS ? lr->o->duration_ns
								  : PP_LOAD_SPIKE_RAMP_NS;

	memset(w, 0, sizeof *w);
	w->cases = lr->cases;
	w->n_cases = lr->n_cases;
	w->o = lr->o;
	w->cum = lr->cum;
	w->names = lr->names;
	w->setup = lr->setup;
	w->begins = lr->begins;
	w->draws = lr->draws[i];
	w->values = pp_mem_calloc(max_params(lr) + 1, sizeof *w->values);
	w->loop = pp_loop_new();
	w->n_clients = mine;
	w->clients = pp_mem_calloc((size_t)(mine > 0 ? mine : 1), sizeof *w->clients);
	pp_rng_init(&w->rng, lr->o->seed * 7919u + (uint64_t)i + 1u);
	w->stop_fd = lr->stop_pipe[0];
	w->tally.cases = pp_mem_calloc(lr->n_cases, sizeof *w->tally.cases);
	for (size_t k = 0; k < lr->n_cases; k++)
		w->tally.cases[k].hist = pp_hist_new();
	pthread_mutex_init(&w->mu, NULL);
	w->window = pp_hist_new();
	if (lr->o->rate > 0)
		w->interval_ns = (int64_t)((double)n * 1e9 / lr->o->rate);
	for (int j = 0; j < mine; j++) {
		struct client *c = &w->clients[j];
		int global = j * nw + i; /* the client's number in the level */

		c->w = w;
		c->fd = -1;
		c->pid = &lr->pids[global];
		c->prepared = pp_mem_calloc(lr->n_cases, sizeof *c->prepared);
		c->start_at = spike ? t0 + ramp * global / n : t0;
		/* Arrivals spread evenly over one interval. */
		c->next_at = c->start_at + (w->interval_ns > 0 ? w->interval_ns * global / n : 0);
	}
}

static void
worker_free(struct worker *w)
{
	for (int j = 0; j < w->n_clients; j++) {
		if (w->clients[j].fd >= 0)
			pp_loop_watch(w->loop, w->clients[j].fd, 0, NULL, NULL);
		pp_aconn_free(w->clients[j].conn);
		pp_aconn_result_reset(&w->clients[j].res);
		free(w->clients[j].prepared);
	}
	free(w->clients);
	for (size_t k = 0; w->tally.cases != NULL && k < w->n_cases; k++)
		case_stats_reset(&w->tally.cases[k]);
	free(w->tally.cases);
	free(w->tally.connect_error);
	pp_hist_free(w->window);
	pthread_mutex_destroy(&w->mu);
	pp_loop_free(w->loop);
	free(w->values);
}

/* ---- the coordinating thread ---------------------------------------------------------------- */

/* "{pid,...}": the server processes of the level's connected clients. */
static char *
pid_array(const struct level_run *lr)
{
	struct pp_buf b;

	pp_buf_init(&b);
	pp_buf_putc(&b, '{');
	for (int i = 0; i < lr->n_pids; i++) {
		int pid = atomic_load(&lr->pids[i]);

		if (pid > 0)
			pp_buf_printf(&b, "%s%d", b.len > 1 ? "," : "", pid);
	}
	pp_buf_putc(&b, '}');
	return pp_buf_steal(&b);
}

/* The wait events of the level's active connections now, added to its counts. */
static void
sample_waits(const struct level_run *lr, struct pp_load_level *lv)
{
	static const char sql[] =
		"SELECT coalesce(wait_event_type || '/' || wait_event, 'CPU') FROM "
		"pg_catalog.pg_stat_activity WHERE state = 'active' AND pid = ANY ($1::int[])";
	struct pp_db_error err = { 0 };
	char *pids = pid_array(lr);
	const char *params[1] = { pids };
	char **rows = NULL;
	size_t n = 0;
	bool ok = pp_conn_query_column(lr->conn, sql, 1, params, &rows, &n, &err);

	free(pids);
	if (!ok) {
		pp_db_error_reset(&err);
		return;
	}
	lv->wait_samples++;
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;

		while (k < lv->n_waits && rows[i] != NULL && strcmp(lv->waits[k].event, rows[i]) != 0)
			k++;
		if (rows[i] != NULL && k == lv->n_waits) {
			lv->waits = pp_mem_realloc(lv->waits, (k + 1) * sizeof *lv->waits);
			lv->waits[k].event = pp_mem_strdup(rows[i]);
			lv->waits[k].samples = 0;
			lv->n_waits++;
		}
		if (rows[i] != NULL)
			lv->waits[k].samples++;
		free(rows[i]);
	}
	free(rows);
}

static int
by_samples(const void *a, const void *b)
{
	const struct pp_load_wait *x = a, *y = b;

	return x->samples < y->samples ? 1 : x->samples > y->samples ? -1 : strcmp(x->event, y->event);
}

/* One second's window of every thread into the level's series. */
static void
collect_window(struct level_run *lr, struct pp_load_level *lv, double t)
{
	struct pp_load_second s = { .t = t };

	pp_hist_reset(lr->second);
	for (int i = 0; i < lr->n_workers; i++) {
		struct worker *w = &lr->workers[i];

		pthread_mutex_lock(&w->mu);
		pp_hist_merge(lr->second, w->window);
		pp_hist_reset(w->window);
		s.ok += w->win_ok;
		s.errors += w->win_errors;
		w->win_ok = w->win_errors = 0;
		pthread_mutex_unlock(&w->mu);
		s.clients += atomic_load(&w->running);
	}
	s.p50_ms = pp_hist_percentile(lr->second, 0.50) / 1e6;
	s.p95_ms = pp_hist_percentile(lr->second, 0.95) / 1e6;
	s.p99_ms = pp_hist_percentile(lr->second, 0.99) / 1e6;
	lv->series = pp_mem_push(lv->series, &lv->n_series, &lv->cap_series, sizeof *lv->series);
	lv->series[lv->n_series - 1] = s;
}

/* Waits until at, or a signal; false on a signal. */
static bool
sleep_until(int64_t at)
{
	while (!pp_interrupt_pending()) {
		int64_t left = at - pp_clock_now_ns();
		struct pollfd p = { .fd = pp_interrupt_fd(), .events = POLLIN };

		if (left <= 0)
			return true;
		(void)poll(&p, p.fd >= 0 ? 1 : 0, (int)((left + 999999) / 1000000));
	}
	return false;
}

/* Whether the spike's last window is back within the bound (sets the recovery time). */
static bool
spike_recovered(const struct pp_load_options *o, struct pp_load_level *lv, double base_p99,
		double ramp_s)
{
	const struct pp_load_second *s = &lv->series[lv->n_series - 1];

	if (s->t < ramp_s + 1.0 || s->ok == 0 || base_p99 <= 0)
		return false;
	if (s->p99_ms > base_p99 * o->spike_factor)
		return false;
	lv->spike_recovery_s = s->t - 1.0 - ramp_s;
	if (lv->spike_recovery_s < 0)
		lv->spike_recovery_s = 0;
	return true;
}

/* The coordinating thread while a level runs: a window a second, waits, progress. */
static bool
watch_level(struct level_run *lr, struct pp_load_level *lv, int64_t t0, int64_t rec_from,
	    int64_t end, double base_p99)
{
	double ramp_s = (double)(lr->o->duration_ns < PP_LOAD_SPIKE_RAMP_NS
					 ? lr->o->duration_ns
					 : PP_LOAD_SPIKE_RAMP_NS) / 1e9;
	int64_t next = t0 + NS_PER_S;

	for (;;) {
		bool warm = next <= rec_from;
		int64_t at = next < end ? next : end;

		if (!sleep_until(at))
			return false;
		if (warm) {
			collect_window(lr, lv, 0);
			lv->n_series--; /* warmup windows are not kept */
		} else {
			collect_window(lr, lv, (double)(at - rec_from) / 1e9);
			sample_waits(lr, lv);
		}
		if (lr->o->progress != NULL)
			lr->o->progress(lv, (double)(at - t0) / 1e9, warm, lr->o->progress_ctx);
		if (lv->spike && !warm && spike_recovered(lr->o, lv, base_p99, ramp_s))
			return true;
		if (at >= end)
			return true;
		next += NS_PER_S;
	}
}

/* Adds a thread's tally to the level. */
static void
merge_tally(struct pp_load_level *lv, const struct worker *w, size_t n_cases)
{
	for (size_t k = 0; k < n_cases; k++) {
		const struct pp_load_case_stats *s = &w->tally.cases[k];

		pp_hist_merge(lv->cases[k].hist, s->hist);
		pp_hist_merge(lv->hist, s->hist);
		lv->cases[k].ok += s->ok;
		lv->cases[k].errors += s->errors;
		lv->ok += s->ok;
		lv->errors += s->errors;
		for (size_t e = 0; e < s->n_states; e++) {
			add_error(&lv->cases[k].by_state, &lv->cases[k].n_states,
				  s->by_state[e].sqlstate, s->by_state[e].n, s->by_state[e].example);
			add_error(&lv->by_state, &lv->n_states, s->by_state[e].sqlstate,
				  s->by_state[e].n, s->by_state[e].example);
		}
	}
	lv->reconnects += w->tally.reconnects;
	lv->connect_failures += w->tally.connect_failures;
	if (lv->connect_error == NULL && w->tally.connect_error != NULL)
		lv->connect_error = pp_mem_strdup(w->tally.connect_error);
}

static struct pp_load_level *
new_level(struct pp_load_result *out, int clients, bool spike, size_t n_cases)
{
	struct pp_load_level *lv;

	out->levels = pp_mem_realloc(out->levels, (out->n_levels + 1) * sizeof *out->levels);
	lv = &out->levels[out->n_levels++];
	memset(lv, 0, sizeof *lv);
	lv->clients = clients;
	lv->spike = spike;
	lv->spike_recovery_s = -1;
	lv->hist = pp_hist_new();
	lv->cases = pp_mem_calloc(n_cases, sizeof *lv->cases);
	for (size_t k = 0; k < n_cases; k++)
		lv->cases[k].hist = pp_hist_new();
	return lv;
}

/* Runs one level (or the spike) to its end; false when interrupted. */
static bool
run_level(struct level_run *lr, struct pp_load_result *out, int clients, bool spike,
	  double base_p99)
{
	struct pp_load_level *lv = new_level(out, clients, spike, lr->n_cases);
	int nw = clients < out->threads ? clients : out->threads;
	int64_t t0 = pp_clock_now_ns(), warm = spike ? 0 : lr->o->warmup_ns;
	int64_t hold = spike ? (lr->o->duration_ns < PP_LOAD_SPIKE_RAMP_NS ? lr->o->duration_ns
									   : PP_LOAD_SPIKE_RAMP_NS) +
				       lr->o->spike_limit_ns + NS_PER_S
			     : lr->o->duration_ns;
	int64_t end = t0 + warm + hold;
	char byte = 1;
	bool ok;

	lr->n_workers = nw;
	lr->workers = pp_mem_calloc((size_t)nw, sizeof *lr->workers);
	lr->n_pids = clients;
	lr->pids = pp_mem_calloc((size_t)clients, sizeof *lr->pids);
	if (pipe(lr->stop_pipe) != 0) {
		pp_log_error("cannot make a pipe to stop the clients");
		free(lr->pids);
		free(lr->workers);
		return false;
	}
	for (int i = 0; i < nw; i++) {
		worker_init(lr, &lr->workers[i], i, clients, nw, t0, spike);
		lr->workers[i].record_from = t0 + warm;
		lr->workers[i].end_at = end;
		lr->workers[i].started = pthread_create(&lr->workers[i].thread, NULL, worker_main,
							&lr->workers[i]) == 0;
		if (!lr->workers[i].started)
			pp_log_warning("cannot start thread %d: its clients do not run", i + 1);
	}
	ok = watch_level(lr, lv, t0, t0 + warm, end, base_p99);
	if (write(lr->stop_pipe[1], &byte, 1) != 1)
		pp_log_warning("cannot signal the clients to stop");
	for (int i = 0; i < nw; i++)
		if (lr->workers[i].started)
			pthread_join(lr->workers[i].thread, NULL);
	/* A statement still running (waiting on a lock, say) would go on into the next level after
	 * its connection closed: cancel them all first. */
	pp_cancel_all();
	lv->seconds = (double)(pp_clock_now_ns() - (t0 + warm)) / 1e9;
	if (lv->seconds > (double)hold / 1e9)
		lv->seconds = (double)hold / 1e9;
	if (spike && lv->n_series > 0)
		lv->seconds = lv->series[lv->n_series - 1].t;
	lv->complete = ok;
	for (int i = 0; i < nw; i++) {
		merge_tally(lv, &lr->workers[i], lr->n_cases);
		worker_free(&lr->workers[i]);
	}
	free(lr->workers);
	lr->workers = NULL;
	free(lr->pids);
	lr->pids = NULL;
	close(lr->stop_pipe[0]);
	close(lr->stop_pipe[1]);
	if (lv->n_waits > 0)
		qsort(lv->waits, lv->n_waits, sizeof *lv->waits, by_samples);
	return ok;
}

/* Trims each level's wait events to the most seen. */
static void
trim_waits(struct pp_load_result *out)
{
	for (size_t i = 0; i < out->n_levels; i++) {
		struct pp_load_level *lv = &out->levels[i];

		while (lv->n_waits > MAX_WAITS)
			free(lv->waits[--lv->n_waits].event);
	}
}

bool
pp_load_run(struct pp_conn *conn, const struct pp_load_case *cases, size_t n_cases,
	    const struct pp_load_options *o, struct pp_load_result *out)
{
	struct level_run lr = { .conn = conn, .cases = cases, .n_cases = n_cases, .o = o };
	int64_t top = 0, timeout = 0;
	bool ok = true;

	out->cases = cases;
	out->n_cases = n_cases;
	out->threads = o->threads > 0 ? o->threads : cores();
	lr.cum = pp_mem_calloc(n_cases, sizeof *lr.cum);
	lr.names = pp_mem_calloc(n_cases, sizeof *lr.names);
	lr.begins = pp_mem_calloc(n_cases, sizeof *lr.begins);
	for (size_t k = 0; k < n_cases; k++) {
		timeout = cases[k].c->timeout_ns > timeout ? cases[k].c->timeout_ns : timeout;
		lr.begins[k] = begin_sql(conn, cases[k].c);
	}
	snprintf(lr.setup, sizeof lr.setup, "SET statement_timeout = %lld",
		 (long long)((timeout + 999999) / 1000000));
	for (size_t k = 0; k < n_cases; k++) {
		lr.cum[k] = (k > 0 ? lr.cum[k - 1] : 0) + cases[k].weight;
		snprintf(lr.names[k], sizeof lr.names[k], "pgperf_load_%zu", k);
	}
	lr.second = pp_hist_new();
	if (!prepare_draws(&lr, out->threads)) {
		out->failed = true;
		ok = false;
	}
	for (size_t i = 0; ok && i < o->n_levels; i++) {
		top = o->clients[i] > top ? o->clients[i] : top;
		ok = run_level(&lr, out, (int)o->clients[i], false, 0);
	}
	if (ok && o->spike && out->n_levels > 0)
		ok = run_level(&lr, out, (int)top, true, pp_hist_percentile(out->levels[0].hist,
									     0.99) / 1e6);
	out->interrupted = pp_interrupt_pending();
	trim_waits(out);
	free_draws(&lr, out->threads);
	pp_hist_free(lr.second);
	free(lr.cum);
	free(lr.names);
	for (size_t k = 0; k < n_cases; k++)
		free(lr.begins[k]);
	free(lr.begins);
	return ok && !out->interrupted;
}
