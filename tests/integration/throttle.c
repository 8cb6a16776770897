/*
 * throttle.c: slows the processes whose title contains a string down to a share of their CPU,
 * as a hypervisor's steal time or another process on the same core would: it stops them for
 * STOP_US and lets them run for RUN_US, over and over, until SIGTERM or SIGINT; then it lets
 * them run again. The processes are looked up in /proc every 50 ms (new backends included).
 *
 *   throttle RUN_US STOP_US TITLE
 *
 * bench/gates-noise.sh runs it on the backends of one side of an A/B run.
 */
#include <ctype.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define MAX_PIDS      256
#define RESCAN_CYCLES 50000 /* microseconds between scans of /proc */

static volatile sig_atomic_t stopping;

static void
on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

/* Whether process pid's title (its cmdline, NULs read as spaces) contains title. */
static int
title_matches(const char *pid, const char *title)
{
	char path[300], buf[512];
	size_t n;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%s/cmdline", pid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	for (size_t i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	buf[n] = '\0';
	return strstr(buf, title) != NULL;
}

static size_t
scan(const char *title, pid_t *pids)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	size_t n = 0;

	while (d != NULL && n < MAX_PIDS && (e = readdir(d)) != NULL)
		if (isdigit((unsigned char)e->d_name[0]) && atol(e->d_name) != (long)getpid() &&
		    title_matches(e->d_name, title))
			pids[n++] = (pid_t)atol(e->d_name);
	if (d != NULL)
		closedir(d);
	return n;
}

static void
pause_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

	nanosleep(&ts, NULL);
}

static void
signal_all(const pid_t *pids, size_t n, int sig)
{
	for (size_t i = 0; i < n; i++)
		kill(pids[i], sig);
}

int
main(int argc, char **argv)
{
	pid_t pids[MAX_PIDS];
	long run_us, stop_us, since_scan = RESCAN_CYCLES;
	size_t n = 0;

	if (argc != 4 || (run_us = atol(argv[1])) <= 0 || (stop_us = atol(argv[2])) <= 0) {
		fprintf(stderr, "usage: throttle RUN_US STOP_US TITLE\n");
		return 2;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	while (!stopping) {
		if (since_scan >= RESCAN_CYCLES) {
			n = scan(argv[3], pids);
			since_scan = 0;
		}
		signal_all(pids, n, SIGSTOP);
		pause_us(stop_us);
		signal_all(pids, n, SIGCONT);
		pause_us(run_us);
		since_scan += run_us + stop_us;
	}
	signal_all(pids, n, SIGCONT);
	return 0;
}
