/*
 * interrupt.c: signal handling for a clean stop (see interrupt.h).
 */
#include "util/interrupt.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "util/log.h"

static volatile sig_atomic_t received;
static void (*volatile hook_fn)(void *);
static void *volatile hook_ctx;
/* The self-pipe: [0] polled by waiters, [1] written by the handler. */
static int wake[2] = { -1, -1 };

static const int signals[] = { SIGINT, SIGTERM, SIGHUP };

static void
handler(int sig)
{
	int saved = errno;
	void (*fn)(void *) = hook_fn;

	if (received == 0)
		received = sig;
	/* Full pipe (a signal already wrote): it is readable, which is all that matters. */
	if (wake[1] >= 0)
		(void)!write(wake[1], "", 1);
	if (fn != NULL)
		fn(hook_ctx);
	errno = saved;
}

static bool
make_pipe(void)
{
	int fds[2];

	if (pipe(fds) != 0) {
		pp_log_warning("cannot create the interrupt pipe: %s", strerror(errno));
		return false;
	}
	for (int i = 0; i < 2; i++) {
		int fl = fcntl(fds[i], F_GETFL);

		(void)fcntl(fds[i], F_SETFL, fl | O_NONBLOCK);
		(void)fcntl(fds[i], F_SETFD, FD_CLOEXEC);
	}
	wake[0] = fds[0];
	wake[1] = fds[1];
	return true;
}

void
pp_interrupt_install(void)
{
	struct sigaction sa;

	if (wake[0] < 0)
		(void)make_pipe(); /* without it, waiters still see EINTR and the flag */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	/* A second signal waits until the handler returns: one hook call at a time per thread. */
	for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
		sigaddset(&sa.sa_mask, signals[i]);
	for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
		sigaction(signals[i], &sa, NULL);
	/* A reader that goes away (pgperf ... | head) must not kill us before cleanup. */
	signal(SIGPIPE, SIG_IGN);
}

bool
pp_interrupt_pending(void)
{
	return received != 0;
}

int
pp_interrupt_signal(void)
{
	return received;
}

void
pp_interrupt_set_hook(void (*hook)(void *), void *ctx)
{
	hook_fn = NULL;
	hook_ctx = ctx;
	hook_fn = hook;
}

int
pp_interrupt_fd(void)
{
	return wake[0];
}

void
pp_interrupt_clear(void)
{
	char buf[64];

	received = 0;
	if (wake[0] >= 0)
		while (read(wake[0], buf, sizeof buf) > 0)
			;
}
