/*
 * clients.c: the test helpers of clients.h.
 */
#include "clients.h"

#include <string.h>

#include "util/clock.h"

static void on_ready(struct pp_loop *l, int fd, unsigned ready, void *ctx);

/* Registers the socket for what the connection waits for now (the socket may have changed). */
static void
sync_watch(struct test_client *t)
{
	struct pp_loop *l = t->set->loop;
	int fd = pp_aconn_socket(t->conn);
	unsigned ev = pp_aconn_events(t->conn);

	if (t->fd >= 0 && (t->fd != fd || ev == 0))
		pp_loop_watch(l, t->fd, 0, NULL, NULL);
	t->fd = -1;
	if (fd >= 0 && ev != 0) {
		pp_loop_watch(l, fd, ev, on_ready, t);
		t->fd = fd;
	}
}

/* Takes a result when there is one, re-registers, and counts the client done when its
 * connection waits for nothing more. */
static void
settle(struct test_client *t)
{
	if (pp_aconn_state(t->conn) == PP_ACONN_RESULT)
		t->have_result = pp_aconn_take_result(t->conn, &t->res);
	sync_watch(t);
	if (t->waiting && pp_aconn_events(t->conn) == 0) {
		t->waiting = false;
		if (--t->set->waiting == 0)
			pp_loop_stop(t->set->loop);
	}
}

static void
on_ready(struct pp_loop *l, int fd, unsigned ready, void *ctx)
{
	struct test_client *t = ctx;

	(void)l;
	(void)fd;
	(void)ready;
	pp_aconn_advance(t->conn);
	settle(t);
}

void
test_clients_init(struct test_clients *set)
{
	memset(set, 0, sizeof *set);
	set->loop = pp_loop_new();
}

void
test_clients_reset(struct test_clients *set)
{
	pp_loop_free(set->loop);
	memset(set, 0, sizeof *set);
}

static void
give_up(struct pp_loop *l, void *ctx)
{
	((struct test_clients *)ctx)->timed_out = true;
	pp_loop_stop(l);
}

enum pp_loop_end
test_clients_run(struct test_clients *set, double seconds)
{
	uint64_t id;
	enum pp_loop_end end;

	if (set->waiting == 0)
		return PP_LOOP_STOPPED;
	id = pp_loop_timer_add(set->loop, pp_clock_now_ns() + (int64_t)(seconds * 1e9), give_up,
			       set);
	end = pp_loop_run(set->loop);
	pp_loop_timer_cancel(set->loop, id);
	return end;
}

bool
test_client_connect(struct test_clients *set, struct test_client *t, const char *conninfo)
{
	memset(t, 0, sizeof *t);
	t->set = set;
	t->fd = -1;
	t->conn = pp_aconn_start(conninfo);
	if (t->conn == NULL)
		return false;
	test_client_started(t);
	return true;
}

void
test_client_started(struct test_client *t)
{
	if (!t->waiting) {
		t->waiting = true;
		t->set->waiting++;
	}
	t->have_result = false;
	settle(t);
}

void
test_client_reset(struct test_client *t)
{
	if (t->fd >= 0)
		pp_loop_watch(t->set->loop, t->fd, 0, NULL, NULL);
	if (t->waiting)
		t->set->waiting--;
	pp_aconn_free(t->conn);
	pp_aconn_result_reset(&t->res);
	memset(t, 0, sizeof *t);
	t->fd = -1;
}
