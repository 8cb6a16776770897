/*
 * loop.c: the event loop (see loop.h): registrations in an array indexed by descriptor (Redis's
 * ae.c layout), a poll array rebuilt each round, timers in a binary heap ordered by time then id.
 */
#include "run/loop.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/clock.h"
#include "util/interrupt.h"
#include "util/log.h"
#include "util/mem.h"

struct watch {
	unsigned events; /* 0: not watched */
	unsigned gen;    /* changes whenever the descriptor starts or stops being watched */
	pp_loop_fd_fn fn;
	void *ctx;
};

struct timer {
	int64_t at;
	uint64_t id; /* also the order of addition */
	pp_loop_timer_fn fn;
	void *ctx;
};

struct pp_loop {
	struct watch *watches; /* indexed by descriptor */
	int n_slots;
	int n_watched;
	struct pollfd *pfds; /* this round's wait: watched descriptors, then the interrupt pipe */
	unsigned *pgen;      /* each entry's watch generation when the round began */
	size_t cap_pfds;
	struct timer *heap;
	size_t n_timers, cap_timers;
	uint64_t next_id;
	bool interruptible;
	bool stop;
};

struct pp_loop *
pp_loop_new(void)
{
	struct pp_loop *l = pp_mem_calloc(1, sizeof *l);

	l->next_id = 1;
	l->interruptible = true;
	return l;
}

void
pp_loop_free(struct pp_loop *l)
{
	if (l == NULL)
		return;
	free(l->watches);
	free(l->pfds);
	free(l->pgen);
	free(l->heap);
	free(l);
}

void
pp_loop_watch(struct pp_loop *l, int fd, unsigned events, pp_loop_fd_fn fn, void *ctx)
{
	struct watch *w;

	events &= PP_LOOP_READ | PP_LOOP_WRITE;
	if (fd < 0 || (events == 0 && fd >= l->n_slots))
		return;
	if (fd >= l->n_slots) {
		int n = l->n_slots ? l->n_slots : 16;

		while (n <= fd)
			n *= 2;
		l->watches = pp_mem_realloc(l->watches, (size_t)n * sizeof *l->watches);
		memset(l->watches + l->n_slots, 0, (size_t)(n - l->n_slots) * sizeof *l->watches);
		l->n_slots = n;
	}
	w = &l->watches[fd];
	if ((w->events == 0) != (events == 0)) {
		w->gen++;
		l->n_watched += events ? 1 : -1;
	}
	w->events = events;
	w->fn = events ? fn : NULL;
	w->ctx = events ? ctx : NULL;
}

/* ---- timers: a binary heap on (at, id) -------------------------------------------------- */

static bool
earlier(const struct timer *a, const struct timer *b)
{
	return a->at < b->at || (a->at == b->at && a->id < b->id);
}

static void
swap_timers(struct pp_loop *l, size_t i, size_t j)
{
	struct timer t = l->heap[i];

	l->heap[i] = l->heap[j];
	l->heap[j] = t;
}

static void
sift_up(struct pp_loop *l, size_t i)
{
	while (i > 0 && earlier(&l->heap[i], &l->heap[(i - 1) / 2])) {
		swap_timers(l, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void
sift_down(struct pp_loop *l, size_t i)
{
	for (;;) {
		size_t least = i, kid;

		for (kid = 2 * i + 1; kid <= 2 * i + 2 && kid < l->n_timers; kid++)
			if (earlier(&l->heap[kid], &l->heap[least]))
				least = kid;
		if (least == i)
			return;
		swap_timers(l, i, least);
		i = least;
	}
}

static void
remove_timer(struct pp_loop *l, size_t i)
{
	l->n_timers--;
	if (i == l->n_timers)
		return;
	l->heap[i] = l->heap[l->n_timers];
	sift_up(l, i);
	sift_down(l, i);
}

uint64_t
pp_loop_timer_add(struct pp_loop *l, int64_t at_ns, pp_loop_timer_fn fn, void *ctx)
{
	uint64_t id = l->next_id++;

	if (l->n_timers == l->cap_timers) {
		l->cap_timers = l->cap_timers ? 2 * l->cap_timers : 16;
		l->heap = pp_mem_realloc(l->heap, l->cap_timers * sizeof *l->heap);
	}
	l->heap[l->n_timers] = (struct timer){ at_ns, id, fn, ctx };
	sift_up(l, l->n_timers++);
	return id;
}

bool
pp_loop_timer_cancel(struct pp_loop *l, uint64_t id)
{
	for (size_t i = 0; i < l->n_timers; i++) {
		if (l->heap[i].id == id) {
			remove_timer(l, i);
			return true;
		}
	}
	return false;
}

/* Fires the timers due now that existed when the round began. */
static void
fire_timers(struct pp_loop *l)
{
	int64_t now = pp_clock_now_ns();
	uint64_t limit = l->next_id;

	while (l->n_timers > 0 && !l->stop && l->heap[0].at <= now && l->heap[0].id < limit) {
		struct timer t = l->heap[0];

		remove_timer(l, 0);
		t.fn(l, t.ctx);
	}
}

/* ---- waiting ------------------------------------------------------------------------------- */

/* Fills the poll array: the watched descriptors (*n_fds of them), then the interrupt pipe when
 * the loop is interruptible. Returns its length. */
static size_t
build_wait(struct pp_loop *l, size_t *n_fds)
{
	size_t n = 0;

	if (l->cap_pfds < (size_t)l->n_watched + 1) {
		l->cap_pfds = (size_t)l->n_watched + 16;
		l->pfds = pp_mem_realloc(l->pfds, l->cap_pfds * sizeof *l->pfds);
		l->pgen = pp_mem_realloc(l->pgen, l->cap_pfds * sizeof *l->pgen);
	}
	for (int fd = 0; fd < l->n_slots; fd++) {
		const struct watch *w = &l->watches[fd];

		if (w->events == 0)
			continue;
		l->pfds[n].fd = fd;
		l->pfds[n].events = (short)(((w->events & PP_LOOP_READ) ? POLLIN : 0) |
					    ((w->events & PP_LOOP_WRITE) ? POLLOUT : 0));
		l->pfds[n].revents = 0;
		l->pgen[n++] = w->gen;
	}
	*n_fds = n;
	if (l->interruptible && pp_interrupt_fd() >= 0) {
		l->pfds[n] = (struct pollfd){ .fd = pp_interrupt_fd(), .events = POLLIN };
		l->pgen[n++] = 0;
	}
	return n;
}

/* One wait: until a descriptor is ready, the first timer is due or a signal arrives. */
static int
wait_round(struct pp_loop *l, size_t n)
{
	int64_t left = -1;

	if (l->n_timers > 0) {
		left = l->heap[0].at - pp_clock_now_ns();
		if (left < 0)
			left = 0;
	}
#ifdef HAVE_PPOLL
	{
		struct timespec ts = { .tv_sec = left / 1000000000, .tv_nsec = left % 1000000000 };

		return ppoll(l->pfds, (nfds_t)n, left < 0 ? NULL : &ts, NULL);
	}
#else
	{
		/* Round up: waking early only costs another round; waking late delays a timer. */
		int64_t ms = left < 0 ? -1 : (left + 999999) / 1000000;

		return poll(l->pfds, (nfds_t)n, ms > INT_MAX ? INT_MAX : (int)ms);
	}
#endif
}

/* Calls back the ready descriptors among the first n entries (the interrupt pipe, after them,
 * needs nothing: run checks the flag). */
static void
dispatch(struct pp_loop *l, size_t n)
{
	for (size_t i = 0; i < n && !l->stop; i++) {
		const struct pollfd *p = &l->pfds[i];
		struct watch *w;
		unsigned ready = 0;

		if (p->revents == 0)
			continue;
		w = &l->watches[p->fd];
		if (w->events == 0 || w->gen != l->pgen[i])
			continue; /* unwatched (and perhaps reused) by an earlier callback */
		if (p->revents & POLLNVAL) {
			pp_log_error("descriptor %d was closed while watched; not watching it now",
				     p->fd);
			pp_loop_watch(l, p->fd, 0, NULL, NULL);
			continue;
		}
		if (p->revents & (POLLERR | POLLHUP))
			ready = PP_LOOP_READ | PP_LOOP_WRITE;
		if (p->revents & POLLIN)
			ready |= PP_LOOP_READ;
		if (p->revents & POLLOUT)
			ready |= PP_LOOP_WRITE;
		w->fn(l, p->fd, ready, w->ctx);
	}
}

void
pp_loop_set_interruptible(struct pp_loop *l, bool on)
{
	l->interruptible = on;
}

enum pp_loop_end
pp_loop_run(struct pp_loop *l)
{
	l->stop = false;
	for (;;) {
		size_t n, n_fds;
		int r;

		if (l->interruptible && pp_interrupt_pending())
			return PP_LOOP_INTERRUPTED;
		if (l->stop)
			return PP_LOOP_STOPPED;
		if (l->n_watched == 0 && l->n_timers == 0)
			return PP_LOOP_IDLE;
		n = build_wait(l, &n_fds);
		r = wait_round(l, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			pp_log_error("cannot wait for connections: %s", strerror(errno));
			return PP_LOOP_FAILED;
		}
		dispatch(l, n_fds);
		fire_timers(l);
	}
}

void
pp_loop_stop(struct pp_loop *l)
{
	l->stop = true;
}
