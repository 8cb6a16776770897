/*
 * interrupt.c: signal handling for a clean stop (see interrupt.h).
 */
#include "util/interrupt.h"

#include <signal.h>
#include <stddef.h>
#include <string.h>

static volatile sig_atomic_t received;
static void (*volatile hook_fn)(void *);
static void *volatile hook_ctx;

static void
handler(int sig)
{
	if (received == 0)
		received = sig;
	if (hook_fn != NULL)
		hook_fn(hook_ctx);
}

void
pp_interrupt_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
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
