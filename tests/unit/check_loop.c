/*
 * check_loop.c: the event loop: timers fire in order and wake the wait, ready descriptors are
 * called back (not after being unwatched in the same round), and a pending signal ends the loop,
 * including one handled on another thread while the loop waits.
 */
#include <check.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "run/loop.h"
#include "util/clock.h"
#include "util/interrupt.h"
#include "suites.h"

#define MS (1000 * 1000LL)

struct fired {
	char order[16];
	size_t n;
	int64_t late[16]; /* fire time minus due time */
};

struct tick {
	struct fired *log;
	char name;
	int64_t due;
};

static void
on_tick(struct pp_loop *l, void *ctx)
{
	struct tick *t = ctx;

	(void)l;
	t->log->late[t->log->n] = pp_clock_now_ns() - t->due;
	t->log->order[t->log->n++] = t->name;
}

START_TEST(test_timers_fire_in_order)
{
	struct pp_loop *l = pp_loop_new();
	struct fired log = { 0 };
	int64_t now = pp_clock_now_ns();
	struct tick ticks[] = { { &log, 'A', now + 30 * MS }, { &log, 'B', now + 10 * MS },
				{ &log, 'C', now + 20 * MS }, { &log, 'D', now + 20 * MS },
				{ &log, 'E', now + 5 * MS },  { &log, 'F', now - 1 * MS } };
	uint64_t ids[6];

	for (size_t i = 0; i < 6; i++)
		ids[i] = pp_loop_timer_add(l, ticks[i].due, on_tick, &ticks[i]);
	ck_assert(pp_loop_timer_cancel(l, ids[4]));
	ck_assert(!pp_loop_timer_cancel(l, ids[4]));
	ck_assert_int_eq(pp_loop_run(l), PP_LOOP_IDLE);
	ck_assert_str_eq(log.order, "FBCDA"); /* by time; C before D, added first; E cancelled */
	for (size_t i = 0; i < log.n; i++)
		ck_assert_msg(log.late[i] >= 0, "timer %c fired %lld ns early", log.order[i],
			      (long long)-log.late[i]);
	ck_assert(!pp_loop_timer_cancel(l, ids[0])); /* already fired */
	pp_loop_free(l);
}
END_TEST

static void
stop_loop(struct pp_loop *l, void *ctx)
{
	*(int64_t *)ctx = pp_clock_now_ns();
	pp_loop_stop(l);
}

static void
never(struct pp_loop *l, int fd, unsigned ready, void *ctx)
{
	(void)l;
	(void)fd;
	(void)ready;
	*(int *)ctx += 1;
}

START_TEST(test_timer_wakes_a_waiting_loop)
{
	struct pp_loop *l = pp_loop_new();
	int fds[2], calls = 0;
	int64_t due = pp_clock_now_ns() + 50 * MS, fired = 0;

	ck_assert_int_eq(pipe(fds), 0);
	/* A descriptor that never becomes ready: only the timer can end the wait. */
	pp_loop_watch(l, fds[0], PP_LOOP_READ, never, &calls);
	pp_loop_timer_add(l, due, stop_loop, &fired);
	ck_assert_int_eq(pp_loop_run(l), PP_LOOP_STOPPED);
	ck_assert_int_ge(fired, due);
	ck_assert_int_eq(calls, 0);
	pp_loop_free(l);
	close(fds[0]);
	close(fds[1]);
}
END_TEST

struct chain {
	int left;
	int fired;
};

static void
on_chain(struct pp_loop *l, void *ctx)
{
	struct chain *c = ctx;

	c->fired++;
	if (--c->left > 0) /* due already: fires in the next round, the loop does not spin here */
		pp_loop_timer_add(l, pp_clock_now_ns() - MS, on_chain, c);
}

START_TEST(test_timer_added_by_a_timer)
{
	struct pp_loop *l = pp_loop_new();
	struct chain c = { 5, 0 };

	pp_loop_timer_add(l, pp_clock_now_ns(), on_chain, &c);
	ck_assert_int_eq(pp_loop_run(l), PP_LOOP_IDLE);
	ck_assert_int_eq(c.fired, 5);
	pp_loop_free(l);
}
END_TEST

struct pipe_test {
	int fds[2];
	char got;
	unsigned ready;
	int calls;
};

static void
on_readable(struct pp_loop *l, int fd, unsigned ready, void *ctx)
{
	struct pipe_test *p = ctx;

	p->ready = ready;
	p->calls++;
	ck_assert_int_eq(read(fd, &p->got, 1), 1);
	pp_loop_watch(l, fd, 0, NULL, NULL);
}

static void
write_byte(struct pp_loop *l, void *ctx)
{
	struct pipe_test *p = ctx;

	(void)l;
	ck_assert_int_eq(write(p->fds[1], "x", 1), 1);
}

static void
on_writable(struct pp_loop *l, int fd, unsigned ready, void *ctx)
{
	struct pipe_test *p = ctx;

	p->ready = ready;
	p->calls++;
	pp_loop_watch(l, fd, 0, NULL, NULL);
}

START_TEST(test_descriptor_callbacks)
{
	struct pp_loop *l = pp_loop_new();
	struct pipe_test p = { .got = 0 };

	ck_assert_int_eq(pipe(p.fds), 0);
	pp_loop_watch(l, p.fds[0], PP_LOOP_READ, on_readable, &p);
	pp_loop_timer_add(l, pp_clock_now_ns() + 10 * MS, write_byte, &p);
	ck_assert_int_eq(pp_loop_run(l), PP_LOOP_IDLE);
	ck_assert_int_eq(p.calls, 1);
	ck_assert_int_eq(p.got, 'x');
	ck_assert_uint_eq(p.ready, PP_LOOP_READ);

	p.calls = 0;
	pp_loop_watch(l, p.fds[1], PP_LOOP_WRITE, on_writable, &p);
	ck_assert_int_eq(pp_loop_run(l), PP_LOOP_IDLE);
	ck_assert_int_eq(p.calls, 1);
	ck_assert_uint_eq(p.ready, PP_LOOP_WRITE);
	pp_loop_free(l);
	close(p.fds[0]);
	close(p.fds[1]);
}
END_TEST

struct pair {
	int a[2], b[2];
	int calls;
};

/* Whichever is called first unwatches both: the other, ready too, must not be called. */
static void
on_first(struct pp_loop *l, int fd, unsigned ready, void *ctx)
{
	struct pair *p = ctx;

	(void)fd;
	(void)ready;
	p->calls++;
	pp_loop_watch(l, p->a[0], 0, NULL, NULL);
	pp_loop_watch(l, p->b[0], 0, NULL, NULL);
}

START_TEST(test_unwatched_in_the_round_is_not_called)
{
	struct pp_loop *l = pp_loop_new();
	struct pair p = { .calls = 0 };

	ck_assert_int_eq(pipe(p.a), 0);
	ck_assert_int_eq(pipe(p.b), 0);
	ck_assert_int_eq(write(p.a[1], "x", 1), 1);
	ck_assert_int_eq(write(p.b[1], "x", 1), 1);
	pp_loop_watch(l, p.a[0], PP_LOOP_READ, on_first, &p);
	pp_loop_watch(l, p.b[0], PP_LOOP_READ, on_first, &p);
	ck_assert_int_eq(pp_loop_run(l), PP_LOOP_IDLE);
	ck_assert_int_eq(p.calls, 1);
	pp_loop_free(l);
	for (int i = 0; i < 2; i++) {
		close(p.a[i]);
		close(p.b[i]);
	}
}
END_TEST

static bool
interrupt_fd_readable(void)
{
	struct pollfd p = { .fd = pp_interrupt_fd(), .events = POLLIN };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

START_TEST(test_interrupt_pipe)
{
	pp_interrupt_install();
	ck_assert_int_ge(pp_interrupt_fd(), 0);
	ck_assert(!pp_interrupt_pending());
	ck_assert(!interrupt_fd_readable());
	raise(SIGTERM);
	ck_assert(pp_interrupt_pending());
	ck_assert_int_eq(pp_interrupt_signal(), SIGTERM);
	ck_assert(interrupt_fd_readable());
	ck_assert(interrupt_fd_readable()); /* stays readable for every waiter */
	pp_interrupt_clear();
	ck_assert(!pp_interrupt_pending());
	ck_assert(!interrupt_fd_readable());
}
END_TEST

static void
raise_sigint(struct pp_loop *l, void *ctx)
{
	(void)l;
	(void)ctx;
	raise(SIGINT);
}

START_TEST(test_interrupt_ends_the_loop)
{
	struct pp_loop *l = pp_loop_new();
	struct fired log = { 0 };
	struct tick late = { &log, 'L', pp_clock_now_ns() + 30000 * MS };
	uint64_t id;

	pp_interrupt_install();
	id = pp_loop_timer_add(l, late.due, on_tick, &late);
	pp_loop_timer_add(l, pp_clock_now_ns() + 10 * MS, raise_sigint, NULL);
	ck_assert_int_eq(pp_loop_run(l), PP_LOOP_INTERRUPTED);
	ck_assert_int_eq(pp_interrupt_signal(), SIGINT);
	/* Still pending: an interruptible loop does not wait at all. */
	ck_assert_int_eq(pp_loop_run(l), PP_LOOP_INTERRUPTED);
	ck_assert_uint_eq(log.n, 0);
	/* Not interruptible: it runs its timers with the signal pending. */
	ck_assert(pp_loop_timer_cancel(l, id));
	late.due = pp_clock_now_ns() + MS;
	pp_loop_timer_add(l, late.due, on_tick, &late);
	pp_loop_set_interruptible(l, false);
	ck_assert_int_eq(pp_loop_run(l), PP_LOOP_IDLE);
	ck_assert_str_eq(log.order, "L");
	pp_loop_free(l);
	pp_interrupt_clear();
}
END_TEST

static void *
raise_sighup_later(void *arg)
{
	struct timespec ts = { 0, 50 * MS };

	(void)arg;
	nanosleep(&ts, NULL);
	raise(SIGHUP); /* handled on this thread: the loop's thread sees no EINTR */
	return NULL;
}

START_TEST(test_signal_on_another_thread_wakes_the_loop)
{
	struct pp_loop *l = pp_loop_new();
	struct fired log = { 0 };
	struct tick late = { &log, 'L', pp_clock_now_ns() + 30000 * MS };
	pthread_t t;

	pp_interrupt_install();
	pp_loop_timer_add(l, late.due, on_tick, &late);
	ck_assert_int_eq(pthread_create(&t, NULL, raise_sighup_later, NULL), 0);
	ck_assert_int_eq(pp_loop_run(l), PP_LOOP_INTERRUPTED);
	ck_assert_int_eq(pthread_join(t, NULL), 0);
	ck_assert_int_eq(pp_interrupt_signal(), SIGHUP);
	ck_assert_uint_eq(log.n, 0);
	pp_loop_free(l);
	pp_interrupt_clear();
}
END_TEST

Suite *
suite_loop(void)
{
	Suite *s = suite_create("loop");
	TCase *tc = tcase_create("timers");

	tcase_add_test(tc, test_timers_fire_in_order);
	tcase_add_test(tc, test_timer_wakes_a_waiting_loop);
	tcase_add_test(tc, test_timer_added_by_a_timer);
	suite_add_tcase(s, tc);
	tc = tcase_create("descriptors");
	tcase_add_test(tc, test_descriptor_callbacks);
	tcase_add_test(tc, test_unwatched_in_the_round_is_not_called);
	suite_add_tcase(s, tc);
	tc = tcase_create("signals");
	tcase_add_test(tc, test_interrupt_pipe);
	tcase_add_test(tc, test_interrupt_ends_the_loop);
	tcase_add_test(tc, test_signal_on_another_thread_wakes_the_loop);
	suite_add_tcase(s, tc);
	return s;
}
