/*
 * server.c: the throwaway PostgreSQL server of the embedded default: finds the binaries, makes a
 * private folder, creates the data directory (initdb, or a copy of a cached pristine one), starts
 * postgres on a Unix socket only, and stops it and removes everything afterwards (see server.h
 * and docs/embedded-server.md).
 */
#include "pg/server.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/clock.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/interrupt.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/str.h"

#define PORT	      "5432"
#define SOCKET_NAME   ".s.PGSQL." PORT
#define SOCKET_MAX    107 /* a socket path's bytes; sun_path holds 108 with the NUL */
#define DIR_TEMPLATE  "pgperf-XXXXXX"
#define CACHE_MARKER  "pgperf-cache" /* in a cache entry: the server version, file count, bytes */
#define SEEDED_INFIX  "-seeded-"     /* ENTRY-seeded-KEY: a seeded database's data directory */
#define SEEDED_MAX_ENTRIES 8
#define SEEDED_MAX_BYTES   (4ULL << 30) /* seeded entries kept, newest first, up to this size */
#define READY_TIMEOUT 30.0
#define STOP_TIMEOUT  10.0
#define LOG_TAIL      10

/*
 * The initdb options that decide what the data directory holds; the cache entry's name spells
 * them, so changing one here starts a new entry. initdb also runs with TZ=UTC, so the server's
 * time zone does not depend on who created a cached entry.
 */
static const char *const initdb_options[] = { "-A", "trust", "-U", "pgperf", "-E", "UTF8",
					       "--locale=C" };

struct pp_server {
	char *bindir;
	char *dir;     /* private folder: data/, the socket, initdb.log, server.log */
	char *datadir;
	char *conninfo;
	pid_t pid;     /* the postmaster, 0 once reaped */
	double startup_seconds;
	bool drop;     /* pgperf runs as root: the server runs as uid/gid */
	uid_t uid;
	gid_t gid;
	bool keep;     /* started to outlive pgperf (--keep) */
	char *version; /* postgres --version, when the cache is used */
	char *seeded_entry; /* the seeded cache entry for the options' seeded_key, or NULL */
	bool seeded;   /* the data directory came from it */
};


/* Sleeps 10 ms (less when a signal arrives). */
static void
nap(void)
{
	struct timespec ts = { .tv_sec = 0, .tv_nsec = 10 * 1000 * 1000 };

	nanosleep(&ts, NULL);
}

/* ---- finding the binaries ---------------------------------------------------------------- */

static bool
has_server(const char *bindir)
{
	char *initdb = pp_file_join(bindir, "initdb");
	char *postgres = pp_file_join(bindir, "postgres");
	bool ok = access(initdb, X_OK) == 0 && access(postgres, X_OK) == 0;

	free(initdb);
	free(postgres);
	return ok;
}

/*
 * The first line a program prints on stdout (argv[0] looked up in PATH) that starts with prefix
 * ("": any line), within its first 8 KiB, without the prefix; NULL when it cannot run, fails or
 * prints no such line.
 */
static char *
line_of(const char *const argv[], const char *prefix)
{
	char buf[8192], rest[1024];
	const char *line;
	size_t len = 0;
	int fds[2], status = 0;
	ssize_t n;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) != 0)
		return NULL;
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return NULL;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(fds[1], STDOUT_FILENO);
		if (null >= 0) {
			dup2(null, STDIN_FILENO);
			dup2(null, STDERR_FILENO);
		}
		setenv("LC_ALL", "C", 1); /* untranslated labels (pg_controldata) */
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(fds[1]);
	for (;;) {
		if (len < sizeof buf - 1)
			n = read(fds[0], buf + len, sizeof buf - 1 - len);
		else
			n = read(fds[0], rest, sizeof rest); /* drain, so that it can finish */
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (len < sizeof buf - 1)
			len += (size_t)n;
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return NULL;
	}
	buf[len] = '\0';
	line = buf;
	while (*line != '\0' && strncmp(line, prefix, strlen(prefix)) != 0) {
		line += strcspn(line, "\n");
		line += *line == '\n';
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || *line == '\0')
		return NULL;
	line += strlen(prefix);
	len = strcspn(line, "\r\n");
	return len > 0 ? pp_mem_strndup(line, len) : NULL;
}

/* Compares dotted version numbers ("9.6" < "15" < "16.1"). */
static int
version_cmp(const char *a, const char *b)
{
	while (*a != '\0' || *b != '\0') {
		char *end_a, *end_b;
		unsigned long x = strtoul(a, &end_a, 10);
		unsigned long y = strtoul(b, &end_b, 10);

		if (x != y)
			return x < y ? -1 : 1;
		a = *end_a == '.' ? end_a + 1 : end_a;
		b = *end_b == '.' ? end_b + 1 : end_b;
	}
	return 0;
}

static bool
is_version(const char *s)
{
	if (!isdigit((unsigned char)s[0]))
		return false;
	for (; *s != '\0'; s++)
		if (!isdigit((unsigned char)*s) && !(*s == '.' && isdigit((unsigned char)s[1])))
			return false;
	return true;
}

/* The newest /usr/lib/postgresql/VERSION/bin holding a server, or NULL. */
static char *
newest_debian_bindir(void)
{
	DIR *d = opendir("/usr/lib/postgresql");
	const struct dirent *e;
	char *best = NULL;
	char best_version[256] = "";

	if (d == NULL)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		struct pp_buf bin;

		if (!is_version(e->d_name) || strlen(e->d_name) >= sizeof best_version ||
		    (best != NULL && version_cmp(e->d_name, best_version) <= 0))
			continue;
		pp_buf_init(&bin);
		pp_buf_printf(&bin, "/usr/lib/postgresql/%s/bin", e->d_name);
		if (has_server(bin.data)) {
			free(best);
			best = pp_buf_steal(&bin);
			strcpy(best_version, e->d_name);
		}
		pp_buf_reset(&bin);
	}
	closedir(d);
	return best;
}

static char *
find_bindir(const char *given)
{
	static const char *const pg_config[] = { "pg_config", "--bindir", NULL };
	char *dir;

	if (given != NULL) {
		if (has_server(given))
			return pp_mem_strdup(given);
		pp_log_error("no PostgreSQL server in --pg-bin %s (initdb and postgres must both be "
			     "there)",
			     given);
		pp_log_hint("give --pg-bin the folder holding them (Debian: install the package "
			    "postgresql-15, then /usr/lib/postgresql/15/bin)");
		return NULL;
	}
	dir = line_of(pg_config, "");
	if (dir != NULL && has_server(dir))
		return dir;
	if (dir != NULL)
		pp_log_debug("no server binaries in %s (pg_config --bindir)", dir);
	free(dir);
	dir = newest_debian_bindir();
	if (dir != NULL)
		return dir;
	pp_log_error("no PostgreSQL server binaries (initdb and postgres) found for the throwaway "
		     "server");
	pp_log_detail("looked in pg_config --bindir and /usr/lib/postgresql/*/bin");
	pp_log_hint("install the Debian package postgresql-15 (or your system's PostgreSQL server "
		    "package), give --pg-bin DIR, or connect to an existing database with --dsn");
	return NULL;
}

/* ---- the server's account and its private folder ----------------------------------------- */

static bool
choose_account(struct pp_server *s)
{
	const struct passwd *pw;

	if (geteuid() != 0)
		return true;
	pw = getpwnam("postgres");
	if (pw == NULL || pw->pw_uid == 0)
		pw = getpwnam("nobody");
	if (pw == NULL || pw->pw_uid == 0) {
		pp_log_error("pgperf runs as root, which PostgreSQL refuses, and there is no "
			     "unprivileged account (postgres or nobody) to run the throwaway server as");
		pp_log_hint("run pgperf as an ordinary user, or create the account postgres");
		return false;
	}
	s->drop = true;
	s->uid = pw->pw_uid;
	s->gid = pw->pw_gid;
	pp_log_debug("running the throwaway server as %s (pgperf runs as root)", pw->pw_name);
	return true;
}

/* Whether the account may pass through every folder on the way to path (an absolute path). */
static bool
searchable_by(const char *path, uid_t uid, gid_t gid)
{
	char *p = pp_mem_strdup(path);
	size_t len = strlen(p);
	bool ok = true;

	for (size_t i = 1; ok && i <= len; i++) {
		struct stat st;
		mode_t need;

		if (p[i] != '/' && p[i] != '\0')
			continue;
		p[i] = '\0';
		need = 0;
		if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode))
			ok = false;
		else
			need = st.st_uid == uid ? S_IXUSR : st.st_gid == gid ? S_IXGRP : S_IXOTH;
		ok = ok && (st.st_mode & need) != 0;
		p[i] = i < len ? '/' : '\0';
	}
	free(p);
	return ok;
}

/*
 * $TMPDIR when the socket path in it fits, its name needs no quoting in a conninfo, a socket
 * directory list or a shell, and (as root) the server's account can reach it; else /tmp.
 */
static char *
temp_base(const struct pp_server *s)
{
	const char *env = getenv("TMPDIR");
	size_t len;

	if (env == NULL || env[0] != '/')
		return pp_mem_strdup("/tmp");
	len = strlen(env);
	while (len > 0 && env[len - 1] == '/')
		len--;
	if (len == 0)
		return pp_mem_strdup("/tmp");
	for (size_t i = 0; i < len; i++) {
		if (!isalnum((unsigned char)env[i]) && strchr("/._+-", env[i]) == NULL) {
			pp_log_debug("TMPDIR %s has characters a socket path cannot carry; using /tmp",
				     env);
			return pp_mem_strdup("/tmp");
		}
	}
	if (len + strlen("/" DIR_TEMPLATE "/" SOCKET_NAME) > SOCKET_MAX) {
		pp_log_debug("TMPDIR %s is too long for a socket path; using /tmp", env);
		return pp_mem_strdup("/tmp");
	}
	{
		char *base = pp_mem_strndup(env, len);

		if (!s->drop || searchable_by(base, s->uid, s->gid))
			return base;
		pp_log_debug("the server's account cannot reach TMPDIR %s; using /tmp", base);
		free(base);
	}
	return pp_mem_strdup("/tmp");
}

static bool
make_private_dir(struct pp_server *s)
{
	char *base = temp_base(s);
	char *dir = pp_file_join(base, DIR_TEMPLATE);
	bool ok = false;

	if (mkdtemp(dir) == NULL) {
		pp_log_error("cannot create a private folder in %s: %s", base, strerror(errno));
		free(dir);
		goto cleanup;
	}
	s->dir = dir;
	s->datadir = pp_file_join(s->dir, "data");
	if (chmod(s->dir, 0700) != 0 || (s->drop && chown(s->dir, s->uid, s->gid) != 0)) {
		pp_log_error("cannot prepare the private folder %s: %s", s->dir, strerror(errno));
		goto cleanup;
	}
	ok = true;

cleanup:
	free(base);
	return ok;
}

static int
remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

/* Removes a folder and everything in it; false (errno set) if it is still there. */
static bool
remove_tree(const char *path)
{
	struct stat st;

	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	if (lstat(path, &st) == 0) {
		errno = ENOTEMPTY;
		return false;
	}
	return errno == ENOENT;
}

/* ---- running initdb and postgres ---------------------------------------------------------- */

/*
 * In a forked child, before exec: default signal handling, its own session (a terminal's Ctrl-C
 * reaches pgperf, which then stops the server in order), the server's account, a parent-death
 * signal, output appended to log, no input and no other inherited descriptors. Exits the child
 * on failure.
 */
static void
child_setup(const struct pp_server *s, const char *log, pid_t parent, bool die_with_parent)
{
	sigset_t none;
	int fd;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	setsid();
	if (s->drop &&
	    (setgroups(0, NULL) != 0 || setgid(s->gid) != 0 || setuid(s->uid) != 0)) {
		pp_log_error("cannot switch to the throwaway server's account: %s", strerror(errno));
		_exit(126);
	}
	/*
	 * Set after the switch, which clears it. If pgperf dies without cleaning up, the server
	 * gets SIGQUIT (immediate shutdown); if it already died, do not start.
	 */
	if (die_with_parent &&
	    (prctl(PR_SET_PDEATHSIG, SIGQUIT) != 0 || getppid() != parent))
		_exit(125);
	fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0) {
		pp_log_error("cannot write %s: %s", log, strerror(errno));
		_exit(126);
	}
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd >= 0)
		dup2(fd, STDIN_FILENO);
	if (close_range(3, ~0U, 0) != 0)
		for (int i = 3; i < 1024; i++)
			close(i);
}

static void
describe_status(struct pp_buf *b, int status)
{
	if (WIFEXITED(status))
		pp_buf_printf(b, "exit status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		pp_buf_printf(b, "signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		pp_buf_printf(b, "wait status %d", status);
}

/* Logs the last lines of a log file as detail lines of the message before. */
static void
show_log_tail(const char *log)
{
	char lines[LOG_TAIL][512];
	FILE *f = fopen(log, "r");
	int n = 0;

	if (f == NULL)
		return;
	while (fgets(lines[n % LOG_TAIL], sizeof lines[0], f) != NULL)
		n++;
	fclose(f);
	for (int i = n > LOG_TAIL ? n - LOG_TAIL : 0; i < n; i++) {
		char *line = lines[i % LOG_TAIL];

		line[strcspn(line, "\n")] = '\0';
		pp_log_detail("%s", line);
	}
}

/*
 * Runs initdb as the server's account with its output in DIR/initdb.log. On an interrupt it
 * passes SIGINT on (initdb then removes what it made) and returns false without a message.
 */
static bool
run_initdb(const struct pp_server *s)
{
	char *initdb = pp_file_join(s->bindir, "initdb");
	char *log = pp_file_join(s->dir, "initdb.log");
	const char *argv[16];
	pid_t parent = getpid();
	bool forwarded = false, ok = false;
	int status = 0;
	pid_t pid;

	size_t n = 0;

	_Static_assert(sizeof initdb_options / sizeof initdb_options[0] + 6 <= 16, "argv fits");
	argv[n++] = initdb;
	argv[n++] = "-D";
	argv[n++] = s->datadir;
	for (size_t i = 0; i < sizeof initdb_options / sizeof initdb_options[0]; i++)
		argv[n++] = initdb_options[i];
	argv[n++] = "-N";
	argv[n++] = "--no-instructions";
	argv[n] = NULL;
	pid = fork();
	if (pid < 0) {
		pp_log_error("cannot start initdb: %s", strerror(errno));
		goto cleanup;
	}
	if (pid == 0) {
		child_setup(s, log, parent, true);
		setenv("TZ", "UTC", 1);
		execv(initdb, (char *const *)argv);
		fprintf(stderr, "cannot run %s: %s\n", initdb, strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) != pid) {
		if (errno != EINTR) {
			pp_log_error("cannot wait for initdb: %s", strerror(errno));
			goto cleanup;
		}
		if (pp_interrupt_pending() && !forwarded) {
			kill(pid, SIGINT);
			forwarded = true;
		}
	}
	if (pp_interrupt_pending())
		goto cleanup;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		struct pp_buf why;

		pp_buf_init(&why);
		describe_status(&why, status);
		pp_log_error("initdb failed (%s) for the throwaway server in %s", why.data,
			     s->datadir);
		show_log_tail(log);
		pp_buf_reset(&why);
		goto cleanup;
	}
	ok = true;

cleanup:
	free(initdb);
	free(log);
	return ok;
}

/* Starts postgres in the background, output in DIR/server.log. */
static bool
launch(struct pp_server *s, bool keep)
{
	char *postgres = pp_file_join(s->bindir, "postgres");
	char *log = pp_file_join(s->dir, "server.log");
	const char *argv[] = { postgres,
			       "-D",
			       s->datadir,
			       "-k",
			       s->dir,
			       "-c",
			       "listen_addresses=",
			       "-p",
			       PORT,
			       "-c",
			       "fsync=off",
			       "-c",
			       "synchronous_commit=off",
			       "-c",
			       "full_page_writes=off",
			       "-c",
			       "wal_level=minimal",
			       "-c",
			       "max_wal_senders=0",
			       "-c",
			       "max_connections=120",
			       "-c",
			       "logging_collector=off",
			       NULL };
	pid_t parent = getpid();
	pid_t pid = fork();

	if (pid == 0) {
		child_setup(s, log, parent, !keep);
		execv(postgres, (char *const *)argv);
		fprintf(stderr, "cannot run %s: %s\n", postgres, strerror(errno));
		_exit(127);
	}
	if (pid < 0)
		pp_log_error("cannot start postgres: %s", strerror(errno));
	else
		s->pid = pid;
	free(postgres);
	free(log);
	return pid > 0;
}

/* Whether the postmaster has exited (reaps it and logs why). */
static bool
server_exited(struct pp_server *s)
{
	struct pp_buf why;
	int status = 0;
	pid_t r = waitpid(s->pid, &status, WNOHANG);

	if (r == 0 || (r < 0 && errno == EINTR))
		return false;
	if (r < 0 && kill(s->pid, 0) == 0)
		return false; /* not reapable here (SIGCHLD ignored), but alive */
	pp_buf_init(&why);
	if (r == s->pid)
		describe_status(&why, status);
	else
		pp_buf_puts(&why, "gone");
	pp_log_error("the throwaway server stopped during start-up (%s)", why.data);
	pp_buf_reset(&why);
	s->pid = 0;
	return true;
}

/* Waits until the server accepts connections; false when it died, took too long or pgperf was
 * interrupted (no message then). */
static bool
wait_ready(struct pp_server *s)
{
	double deadline = pp_clock_now_seconds() + READY_TIMEOUT;
	char *log = pp_file_join(s->dir, "server.log");
	bool ok = false;

	for (;;) {
		if (pp_interrupt_pending())
			break;
		if (PQping(s->conninfo) == PQPING_OK) {
			ok = true;
			break;
		}
		if (server_exited(s)) {
			show_log_tail(log);
			break;
		}
		if (pp_clock_now_seconds() > deadline) {
			pp_log_error("the throwaway server did not accept connections within %.0f s",
				     READY_TIMEOUT);
			show_log_tail(log);
			break;
		}
		nap();
	}
	free(log);
	return ok;
}

/* Fast shutdown; immediate shutdown, then SIGKILL, when it does not go. */
static void
stop_process(struct pp_server *s)
{
	static const struct {
		int sig;
		double wait;
	} steps[] = { { SIGINT, STOP_TIMEOUT }, { SIGQUIT, 2.0 }, { SIGKILL, 5.0 } };

	for (size_t k = 0; s->pid > 0 && k < sizeof steps / sizeof steps[0]; k++) {
		double deadline = pp_clock_now_seconds() + steps[k].wait;

		if (k > 0)
			pp_log_warning("the throwaway server (pid %ld) did not stop in %.0f s; "
				       "sending %s",
				       (long)s->pid, steps[k - 1].wait, strsignal(steps[k].sig));
		kill(s->pid, steps[k].sig);
		while (pp_clock_now_seconds() < deadline) {
			pid_t r = waitpid(s->pid, NULL, WNOHANG);

			if (r == s->pid || (r < 0 && errno == ECHILD)) {
				s->pid = 0;
				break;
			}
			nap();
		}
	}
}

/* ---- the cache of pristine data directories ----------------------------------------------- */

/* $XDG_CACHE_HOME/pgperf, else ~/.cache/pgperf; NULL when there is no home. */
static char *
cache_root(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	struct pp_buf b;

	if (xdg != NULL && xdg[0] == '/')
		return pp_file_join(xdg, "pgperf");
	if (home == NULL || home[0] != '/') {
		const struct passwd *pw = getpwuid(geteuid());

		home = pw != NULL ? pw->pw_dir : NULL;
	}
	if (home == NULL || home[0] != '/')
		return NULL;
	pp_buf_init(&b);
	pp_buf_printf(&b, "%s/.cache/pgperf", home);
	return pp_buf_steal(&b);
}

/* "postgres (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)" -> "PostgreSQL-15.20-Debian-15.20-..." */
static void
put_name_part(struct pp_buf *b, const char *s, size_t max)
{
	size_t start = b->len;

	for (; *s != '\0' && b->len - start < max; s++) {
		if (isalnum((unsigned char)*s) || *s == '.')
			pp_buf_putc(b, *s);
		else if (b->len > start && b->data[b->len - 1] != '-')
			pp_buf_putc(b, '-');
	}
	while (b->len > start && b->data[b->len - 1] == '-')
		b->data[--b->len] = '\0';
}

/*
 * The cache entry for this server build and these initdb options:
 * ROOT/VERSION-OPTIONS-HASH, the hash being that of the binaries' folder.
 */
static char *
cache_entry(const char *root, const char *bindir, const char *version)
{
	const char *v = strncmp(version, "postgres ", 9) == 0 ? version + 9 : version;
	uint32_t h = 2166136261u; /* FNV-1a */
	struct pp_buf b;

	for (const char *p = bindir; *p != '\0'; p++) {
		h ^= (unsigned char)*p;
		h *= 16777619u;
	}
	pp_buf_init(&b);
	pp_buf_printf(&b, "%s/", root);
	put_name_part(&b, v, 100);
	for (size_t i = 0; i < sizeof initdb_options / sizeof initdb_options[0]; i++) {
		pp_buf_putc(&b, '-');
		put_name_part(&b, initdb_options[i], 20);
	}
	pp_buf_printf(&b, "-%08x", (unsigned)h);
	return pp_buf_steal(&b);
}

static bool
mkdir_p(const char *path, mode_t mode)
{
	char *copy = pp_mem_strdup(path);
	bool ok = true;

	for (char *p = copy + 1; ok; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;

			*p = '\0';
			if (mkdir(copy, mode) != 0 && errno != EEXIST)
				ok = false;
			*p = c;
			if (c == '\0')
				break;
		}
	}
	free(copy);
	return ok;
}

/* What a tree copy did, and how. */
struct copy_job {
	const struct pp_server *s;
	bool chown;    /* give everything to the server's account */
	bool sparsify; /* leave holes for 64 KiB blocks of zeros */
	const char *keep_wal; /* when set, the only WAL segment of pg_wal/ copied */
	unsigned long files;
	unsigned long long bytes;
};

/* Writes [from, to) of in at the same offsets of out, in the kernel where it can. */
static bool
copy_range(int in, int out, off_t from, off_t to)
{
	char buf[65536];

	while (from < to) {
		off_t off_in = from, off_out = from;
		size_t want = (size_t)(to - from);
		ssize_t n = copy_file_range(in, &off_in, out, &off_out, want, 0);

		if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EOPNOTSUPP ||
			      errno == EINVAL)) {
			n = pread(in, buf, want < sizeof buf ? want : sizeof buf, from);
			if (n > 0 && pwrite(out, buf, (size_t)n, from) != n)
				return false;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n == 0; /* 0: the file shrank; the size is set afterwards */
		from += n;
	}
	return true;
}

static bool
all_zero(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != 0)
			return false;
	return true;
}

/*
 * Copies a regular file with its mode, keeping the source's holes (SEEK_DATA), or with sparsify
 * making holes of whole 64 KiB blocks of zeros: a fresh data directory's 16 MiB WAL segment is
 * nearly all zeros, so the cached copy is small and copying it out skips those bytes.
 */
static bool
copy_file(struct copy_job *job, const char *from, const char *to, const struct stat *st)
{
	int in = open(from, O_RDONLY | O_CLOEXEC), out = -1;
	off_t pos = 0;
	bool ok = false;

	if (in < 0)
		goto cleanup;
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (out < 0)
		goto cleanup;
	if (job->sparsify) {
		char buf[65536];
		ssize_t n;

		while ((n = pread(in, buf, sizeof buf, pos)) > 0) {
			if (!all_zero(buf, (size_t)n) && pwrite(out, buf, (size_t)n, pos) != n)
				goto cleanup;
			pos += n;
		}
		if (n < 0)
			goto cleanup;
	} else {
		while (pos < st->st_size) {
			off_t data = lseek(in, pos, SEEK_DATA), hole;

			if (data < 0 && errno == ENXIO)
				break; /* the rest is a hole */
			if (data < 0) {
				data = pos; /* no SEEK_DATA here: copy everything */
				hole = st->st_size;
			} else {
				hole = lseek(in, data, SEEK_HOLE);
				if (hole < 0 || hole > st->st_size)
					hole = st->st_size;
			}
			if (!copy_range(in, out, data, hole))
				goto cleanup;
			pos = hole;
		}
	}
	if (ftruncate(out, st->st_size) != 0 || fchmod(out, st->st_mode & 07777) != 0 ||
	    (job->chown && fchown(out, job->s->uid, job->s->gid) != 0))
		goto cleanup;
	job->files++;
	job->bytes += (unsigned long long)st->st_size;
	ok = true;

cleanup:
	if (out >= 0 && close(out) != 0)
		ok = false;
	if (in >= 0)
		close(in);
	return ok;
}

/* A WAL segment of pg_wal/ that a job keeping one segment leaves out. */
static bool
skipped_wal(const struct copy_job *job, const char *from, const char *name)
{
	size_t n = strlen(from);

	return job->keep_wal != NULL && n >= 7 && strcmp(from + n - 7, "/pg_wal") == 0 &&
	       strlen(name) == 24 && strspn(name, "0123456789ABCDEF") == 24 &&
	       strcmp(name, job->keep_wal) != 0;
}

/*
 * Copies what the folder from holds into the existing folder to; at the top level, the cache
 * marker is left out, and with keep_wal the WAL segments but that one. Anything but folders and regular files (there is none in a fresh data
 * directory) is skipped.
 */
static bool
copy_contents(struct copy_job *job, const char *from, const char *to, bool top)
{
	DIR *d = opendir(from);
	const struct dirent *e;
	bool ok = d != NULL;

	while (ok && (errno = 0, e = readdir(d)) != NULL) {
		struct stat st;
		char *a, *b;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    (top && strcmp(e->d_name, CACHE_MARKER) == 0) || skipped_wal(job, from, e->d_name))
			continue;
		a = pp_file_join(from, e->d_name);
		b = pp_file_join(to, e->d_name);
		if (lstat(a, &st) != 0) {
			ok = false;
		} else if (S_ISDIR(st.st_mode)) {
			ok = mkdir(b, 0700) == 0 && copy_contents(job, a, b, false) &&
			     chmod(b, st.st_mode & 07777) == 0 &&
			     (!job->chown || chown(b, job->s->uid, job->s->gid) == 0);
		} else if (S_ISREG(st.st_mode)) {
			ok = copy_file(job, a, b, &st);
		}
		free(a);
		free(b);
	}
	if (ok && errno != 0)
		ok = false; /* readdir failed */
	if (d != NULL)
		closedir(d);
	return ok;
}

struct cache_marker {
	char version[512];
	unsigned long files;
	unsigned long long bytes;
};

/*
 * Reads a cache entry's marker. The entry must be a folder pgperf's user owns and nobody else
 * can write (a data directory planted by someone else would run as the server's account), and
 * hold PG_VERSION.
 */
static bool
cache_read_marker(const char *entry, struct cache_marker *m)
{
	char *marker = pp_file_join(entry, CACHE_MARKER);
	char *pgv = pp_file_join(entry, "PG_VERSION");
	char counts[128];
	struct stat st;
	FILE *f = NULL;
	bool ok = false;

	if (lstat(entry, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & 022) != 0 || access(pgv, R_OK) != 0)
		goto cleanup;
	f = fopen(marker, "r");
	if (f == NULL || fgets(m->version, sizeof m->version, f) == NULL ||
	    fgets(counts, sizeof counts, f) == NULL ||
	    sscanf(counts, "files %lu bytes %llu", &m->files, &m->bytes) != 2)
		goto cleanup;
	m->version[strcspn(m->version, "\n")] = '\0';
	ok = true;

cleanup:
	if (f != NULL)
		fclose(f);
	free(marker);
	free(pgv);
	return ok;
}

static bool
cache_valid(const char *entry, const char *version, struct cache_marker *m)
{
	return cache_read_marker(entry, m) && strcmp(m->version, version) == 0;
}

/*
 * Makes the data directory from a valid cache entry. The marker's file count and size must match
 * what was copied (a cut-short entry is caught here).
 */
static bool
cache_copy_out(const struct pp_server *s, const char *entry, const struct cache_marker *m)
{
	struct copy_job job = { .s = s, .chown = s->drop };
	bool copied;

	if (mkdir(s->datadir, 0700) != 0)
		return false;
	copied = copy_contents(&job, entry, s->datadir, true) && chmod(s->datadir, 0700) == 0 &&
		 (!s->drop || chown(s->datadir, s->uid, s->gid) == 0);
	if (copied && job.files == m->files && job.bytes == m->bytes)
		return true;
	if (copied)
		pp_log_debug("the cache entry %s is incomplete (%lu files, %llu bytes; its marker "
			     "says %lu, %llu); running initdb",
			     entry, job.files, job.bytes, m->files, m->bytes);
	else
		pp_log_debug("cannot copy the cache entry %s: %s; running initdb", entry,
			     strerror(errno));
	remove_tree(s->datadir);
	return false;
}

/* Moves an invalid entry out of the way and removes it. */
static void
cache_discard(const char *entry)
{
	struct pp_buf old;

	pp_buf_init(&old);
	pp_buf_printf(&old, "%s.old-XXXXXX", entry);
	/* rename() replaces the empty folder mkdtemp made; a racing pgperf may have moved it */
	if (mkdtemp(old.data) != NULL) {
		if (rename(entry, old.data) != 0)
			rmdir(old.data);
		else
			remove_tree(old.data);
	}
	pp_buf_reset(&old);
}

/*
 * Stores the freshly made data directory as the cache entry: copied to a temporary folder next
 * to it, marked, renamed into place in one step. An entry already there is replaced when it is
 * invalid or replace is set (it failed to copy); else a concurrent pgperf stored it first, which
 * is as good. Failing to store is not an error.
 */
static void
cache_store(const struct pp_server *s, const char *entry, const char *version, bool replace,
	    const char *keep_wal)
{
	char *root = pp_mem_strndup(entry, (size_t)(strrchr(entry, '/') - entry));
	struct copy_job job = { .s = s, .sparsify = true, .keep_wal = keep_wal };
	struct cache_marker existing;
	char *marker = NULL;
	struct pp_buf tmp;
	FILE *f;

	pp_buf_init(&tmp);
	if (!mkdir_p(root, 0700)) {
		pp_log_debug("cannot create the cache folder %s: %s", root, strerror(errno));
		goto cleanup;
	}
	pp_buf_printf(&tmp, "%s.new-XXXXXX", entry);
	if (mkdtemp(tmp.data) == NULL) {
		pp_log_debug("cannot write in the cache folder %s: %s", root, strerror(errno));
		pp_buf_clear(&tmp);
		goto cleanup;
	}
	if (!copy_contents(&job, s->datadir, tmp.data, true)) {
		pp_log_debug("cannot fill the cache entry %s: %s", tmp.data, strerror(errno));
		goto cleanup;
	}
	marker = pp_file_join(tmp.data, CACHE_MARKER);
	f = fopen(marker, "w");
	if (f == NULL)
		goto cleanup;
	fprintf(f, "%s\nfiles %lu bytes %llu\n", version, job.files, job.bytes);
	if (fclose(f) != 0)
		goto cleanup;
	if (rename(tmp.data, entry) != 0 && (errno == EEXIST || errno == ENOTEMPTY) &&
	    (replace || !cache_valid(entry, version, &existing))) {
		cache_discard(entry);
		rename(tmp.data, entry);
	}
	if (cache_valid(entry, version, &existing))
		pp_log_debug("cached a pristine data directory in %s", entry);

cleanup:
	if (tmp.len > 0)
		remove_tree(tmp.data); /* still there unless renamed into place */
	pp_buf_reset(&tmp);
	free(marker);
	free(root);
}

/* ---- start and stop ----------------------------------------------------------------------- */

/* The seeded entry for key, when it is valid: its data directory copied out (s->seeded). */
static bool
seeded_copy_out(struct pp_server *s, const char *entry, const char *version, const char *key)
{
	struct pp_buf b;
	struct cache_marker m;
	double t0 = pp_clock_now_seconds();

	pp_buf_init(&b);
	pp_buf_printf(&b, "%s" SEEDED_INFIX "%s", entry, key);
	s->seeded_entry = pp_buf_steal(&b);
	s->version = pp_mem_strdup(version);
	if (!cache_valid(s->seeded_entry, version, &m) || !cache_copy_out(s, s->seeded_entry, &m))
		return false;
	utimes(s->seeded_entry, NULL); /* most recently used: pruned last */
	pp_log_debug("seeded data directory copied from %s in %.3f s", s->seeded_entry,
		     pp_clock_now_seconds() - t0);
	s->seeded = true;
	return true;
}

/*
 * The data directory: a copy of the cached seeded one for opts->seeded_key, else a copy of the
 * cached pristine one, else initdb (then cached).
 */
static bool
make_data_dir(struct pp_server *s, const struct pp_server_options *opts)
{
	char *root = opts->use_cache ? cache_root() : NULL;
	char *postgres = pp_file_join(s->bindir, "postgres");
	const char *argv[] = { postgres, "--version", NULL };
	char *version = root != NULL ? line_of(argv, "") : NULL;
	char *entry = version != NULL ? cache_entry(root, s->bindir, version) : NULL;
	struct cache_marker m;
	double t0 = pp_clock_now_seconds();
	bool ok = false, copy_failed = false;

	if (entry != NULL && opts->seeded_key != NULL &&
	    seeded_copy_out(s, entry, version, opts->seeded_key)) {
		ok = true;
		goto cleanup;
	}
	if (entry != NULL && cache_valid(entry, version, &m)) {
		if (cache_copy_out(s, entry, &m)) {
			pp_log_debug("data directory copied from %s in %.3f s", entry,
				     pp_clock_now_seconds() - t0);
			ok = true;
			goto cleanup;
		}
		if (pp_interrupt_pending())
			goto cleanup;
		copy_failed = true;
		t0 = pp_clock_now_seconds();
	} else if (entry != NULL && access(entry, F_OK) == 0) {
		pp_log_debug("the cache entry %s is not valid (marker, version, PG_VERSION or "
			     "ownership); running initdb to replace it",
			     entry);
	}
	if (!run_initdb(s))
		goto cleanup;
	pp_log_debug("initdb in %.3f s", pp_clock_now_seconds() - t0);
	if (entry != NULL && !pp_interrupt_pending())
		cache_store(s, entry, version, copy_failed, NULL);
	ok = true;

cleanup:
	free(root);
	free(postgres);
	free(version);
	free(entry);
	return ok;
}

static void
server_free(struct pp_server *s)
{
	free(s->bindir);
	free(s->dir);
	free(s->datadir);
	free(s->conninfo);
	free(s->version);
	free(s->seeded_entry);
	free(s);
}

struct pp_server *
pp_server_start(const struct pp_server_options *opts)
{
	struct pp_server *s = pp_mem_calloc(1, sizeof *s);
	double t0 = pp_clock_now_seconds();
	struct pp_buf b;
	bool ok = false;

	s->bindir = find_bindir(opts->pg_bin);
	if (s->bindir == NULL)
		goto cleanup;
	pp_log_debug("server binaries in %s", s->bindir);
	if (!choose_account(s) || pp_interrupt_pending() || !make_private_dir(s))
		goto cleanup;
	if (!make_data_dir(s, opts) || pp_interrupt_pending())
		goto cleanup;
	pp_buf_init(&b);
	pp_buf_printf(&b, "host=%s port=" PORT " user=pgperf dbname=postgres", s->dir);
	s->conninfo = pp_buf_steal(&b);
	s->keep = opts->keep;
	if (!launch(s, opts->keep) || !wait_ready(s))
		goto cleanup;
	s->startup_seconds = pp_clock_now_seconds() - t0;
	ok = true;

cleanup:
	if (!ok) {
		stop_process(s);
		if (s->dir != NULL && !remove_tree(s->dir))
			pp_log_warning("cannot remove the throwaway server's folder %s: %s", s->dir,
				       strerror(errno));
		server_free(s);
		s = NULL;
	}
	return s;
}

const char *
pp_server_conninfo(const struct pp_server *s)
{
	return s->conninfo;
}

const char *
pp_server_dir(const struct pp_server *s)
{
	return s->dir;
}

int
pp_server_pid(const struct pp_server *s)
{
	return (int)s->pid;
}

double
pp_server_startup_seconds(const struct pp_server *s)
{
	return s->startup_seconds;
}

bool
pp_server_seeded(const struct pp_server *s)
{
	return s->seeded;
}

/* A seeded entry's size from its marker and its last use, for pruning. */
struct seeded_item {
	char *path;
	time_t used;
	unsigned long long bytes;
};

static int
newest_first(const void *a, const void *b)
{
	const struct seeded_item *x = a, *y = b;

	return x->used < y->used ? 1 : x->used > y->used ? -1 : 0;
}

/*
 * Keeps the most recently used seeded entries of the cache folder, at most SEEDED_MAX_ENTRIES
 * of them and SEEDED_MAX_BYTES together; removes the others (and invalid ones).
 */
static void
prune_seeded(const char *root)
{
	DIR *d = opendir(root);
	const struct dirent *e;
	struct seeded_item *items = NULL;
	size_t n = 0, cap = 0;
	unsigned long long total = 0;

	while (d != NULL && (e = readdir(d)) != NULL) {
		struct cache_marker m;
		struct stat st;
		char *path;

		if (strstr(e->d_name, SEEDED_INFIX) == NULL || strstr(e->d_name, ".new-") != NULL ||
		    strstr(e->d_name, ".old-") != NULL)
			continue; /* not a seeded entry, or one being written or removed */
		path = pp_file_join(root, e->d_name);
		if (!cache_read_marker(path, &m) || lstat(path, &st) != 0) {
			cache_discard(path);
			free(path);
			continue;
		}
		items = pp_mem_push(items, &n, &cap, sizeof *items);
		items[n - 1] = (struct seeded_item){ path, st.st_mtime, m.bytes };
	}
	if (d != NULL)
		closedir(d);
	if (n > 1)
		qsort(items, n, sizeof *items, newest_first);
	for (size_t i = 0; i < n; i++) {
		total += items[i].bytes;
		if (i > 0 && (i >= SEEDED_MAX_ENTRIES || total > SEEDED_MAX_BYTES)) {
			pp_log_debug("pruning the seeded cache entry %s", items[i].path);
			cache_discard(items[i].path);
		}
		free(items[i].path);
	}
	free(items);
}

/*
 * The WAL segment holding the stopped server's last checkpoint, the only one its start needs
 * (the others are recycled segments of old WAL), as pg_controldata names it; NULL when unknown.
 */
static char *
redo_segment(const struct pp_server *s)
{
	char *tool = pp_file_join(s->bindir, "pg_controldata");
	const char *argv[] = { tool, "-D", s->datadir, NULL };
	char *line = line_of(argv, "Latest checkpoint's REDO WAL file:");
	char *name = line != NULL ? pp_mem_strdup(pp_str_trim(line)) : NULL;

	free(line);
	free(tool);
	if (name != NULL && (strlen(name) != 24 || strspn(name, "0123456789ABCDEF") != 24)) {
		free(name);
		name = NULL;
	}
	return name;
}

bool
pp_server_cache_seeded(struct pp_server *s)
{
	char *root, *redo;

	if (s->seeded_entry == NULL || s->seeded)
		return true;
	/* A stopped server's data directory is consistent; a running one's is not. */
	stop_process(s);
	redo = redo_segment(s);
	cache_store(s, s->seeded_entry, s->version, false, redo);
	free(redo);
	root = pp_mem_strndup(s->seeded_entry, (size_t)(strrchr(s->seeded_entry, '/') -
							 s->seeded_entry));
	prune_seeded(root);
	free(root);
	if (!launch(s, s->keep) || !wait_ready(s)) {
		pp_log_error("the throwaway server did not start again after its seeded data "
			     "directory was cached");
		return false;
	}
	return true;
}

void
pp_server_stop(struct pp_server *s, bool keep)
{
	if (s == NULL)
		return;
	if (keep) {
		long pid = (long)s->pid;

		/* the folder may go only once the server has finished writing into it */
		printf("\nthe throwaway server keeps running in %s\n", s->dir);
		printf("  connect: psql \"%s\"\n", s->conninfo);
		printf("  stop:    kill -INT %ld; while kill -0 %ld 2>/dev/null; do sleep 0.1; "
		       "done; rm -rf %s\n",
		       pid, pid, s->dir);
		fflush(stdout);
	} else {
		stop_process(s);
		if (!remove_tree(s->dir))
			pp_log_warning("cannot remove the throwaway server's folder %s: %s", s->dir,
				       strerror(errno));
	}
	server_free(s);
}
