/*
 * loop.h: an event loop for running many clients on one thread: it waits on descriptors (a
 * connection's socket, pg/aconn.h) and timers (think time, a fixed arrival rate) at once and
 * calls back what is ready. Behind this interface the wait is poll(2) (ppoll where available, for
 * nanosecond timeouts): no FD_SETSIZE limit, nothing to set up per descriptor, and for the
 * 10-100 descriptors of a load run a scan of the array costs nothing; an epoll backend could take
 * its place without callers noticing.
 *
 * A struct pp_loop is a heap object (pp_loop_new / pp_loop_free) used by one thread; run one
 * loop per thread. The loop owns neither the descriptors nor the callbacks' contexts.
 *
 * Signals: an interruptible loop (the default) returns PP_LOOP_INTERRUPTED as soon as
 * pp_interrupt_pending (util/interrupt.h) is true: it checks the flag before each wait and also
 * waits on pp_interrupt_fd, which the handler makes readable, so a signal arriving between the
 * check and the wait (or handled on another thread) still ends the wait at once.
 */
#ifndef PP_LOOP_H
#define PP_LOOP_H

#include <stdbool.h>
#include <stdint.h>

/* Interest and readiness bits (the same values as pg/aconn.h's PP_ACONN_WAIT_*). */
#define PP_LOOP_READ  1u
#define PP_LOOP_WRITE 2u

enum pp_loop_end {
	PP_LOOP_IDLE,        /* nothing left to wait for: no descriptor watched, no timer */
	PP_LOOP_STOPPED,     /* a callback called pp_loop_stop */
	PP_LOOP_INTERRUPTED, /* a signal is pending (interruptible loops only) */
	PP_LOOP_FAILED       /* the wait itself failed (logged) */
};

struct pp_loop;

/* ready: PP_LOOP_* bits; an error or hang-up on the descriptor reports both. */
typedef void (*pp_loop_fd_fn)(struct pp_loop *l, int fd, unsigned ready, void *ctx);
typedef void (*pp_loop_timer_fn)(struct pp_loop *l, void *ctx);

struct pp_loop *pp_loop_new(void);
/* Frees the loop (pending timers never fire). NULL does nothing. */
void pp_loop_free(struct pp_loop *l);

/*
 * Sets what to wait for on fd and what to call: events 0 stops watching it. One registration per
 * descriptor; a new call replaces the old one. Safe from callbacks: a descriptor unwatched
 * during a round is not called back later in that round, even when it was ready. fd < 0 is
 * ignored.
 */
void pp_loop_watch(struct pp_loop *l, int fd, unsigned events, pp_loop_fd_fn fn, void *ctx);

/*
 * Calls fn once at at_ns (pp_clock_now_ns's clock), or as soon as possible when that is past.
 * Timers fire in order of time, and in the order they were added at equal times; a timer added
 * by a timer callback for a time already past fires in the next round. Returns an id for
 * pp_loop_timer_cancel, never 0.
 */
uint64_t pp_loop_timer_add(struct pp_loop *l, int64_t at_ns, pp_loop_timer_fn fn, void *ctx);
/* false when the timer already fired, was cancelled or never existed. */
bool pp_loop_timer_cancel(struct pp_loop *l, uint64_t id);

/* Interruptible (the default) or not: a loop that collects the statements an interrupt cancelled
 * runs with the signal still pending. */
void pp_loop_set_interruptible(struct pp_loop *l, bool on);

/* Waits and calls back until nothing is left, a callback stops the loop, a signal is pending or
 * the wait fails. May be called again after any of these. */
enum pp_loop_end pp_loop_run(struct pp_loop *l);
/* Ends pp_loop_run after the current callback. */
void pp_loop_stop(struct pp_loop *l);

#endif
