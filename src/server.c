/*
 * server.c: the throwaway PostgreSQL server of the embedded default (see server.h and
 * docs/embedded-server.md).
 */
#include "server.h"

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
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "file.h"
#include "interrupt.h"
#include "log.h"
#include "mem.h"

#define PORT "5432"
#define SOCKET_NAME "/.s.PGSQL." PORT
#define CACHE_MARKER "pgperf-cache.ok"
#define CACHE_FORMAT "v2-utf8-c-trust" /* bump when the initdb options change */

struct pp_server {
	char *bindir;
	char *dir;      /* private folder: data/, the socket, logs */
	char *datadir;
	char *conninfo;
	pid_t pid;
	double startup_seconds;
	bool drop;      /* run the server as uid/gid (pgperf runs as root) */
	uid_t uid;
	gid_t gid;
};

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

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

/* `pg_config --bindir`, or NULL. */
static char *
pg_config_bindir(void)
{
	FILE *p = popen("pg_config --bindir 2>/dev/null", "r");
	char line[4096];
	char *dir = NULL;

	if (p == NULL)
		return NULL;
	if (fgets(line, sizeof line, p) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '/')
			dir = pp_mem_strdup(line);
	}
	pclose(p);
	return dir;
}

/* The newest /usr/lib/postgresql/N/bin holding a server, or NULL. */
static char *
newest_debian_bindir(void)
{
	DIR *d = opendir("/usr/lib/postgresql");
	struct dirent *e;
	char *best = NULL;
	double best_version = -1;

	if (d == NULL)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		char *end;
		double v = strtod(e->d_name, &end);
		char *dir;

		if (e->d_name[0] == '.' || *end != '\0' || v <= best_version)
			continue;
		dir = pp_file_join("/usr/lib/postgresql", e->d_name);
		{
			char *bin = pp_file_join(dir, "bin");

			free(dir);
			if (has_server(bin)) {
				free(best);
				best = bin;
				best_version = v;
			} else {
				free(bin);
			}
		}
	}
	closedir(d);
	return best;
}

static char *
find_bindir(const char *given)
{
	char *dir;

	if (given != NULL) {
		if (has_server(given))
			return pp_mem_strdup(given);
		pp_log_error("no PostgreSQL server in --pg-bin %s: expected initdb and postgres there",
			     given);
		return NULL;
	}
	dir = pg_config_bindir();
	if (dir != NULL && has_server(dir))
		return dir;
	free(dir);
	dir = newest_debian_bindir();
	if (dir != NULL)
		return dir;
	pp_log_error("no PostgreSQL server binaries found (initdb and postgres) for the throwaway "
		     "server");
	pp_log_hint("install the Debian package postgresql-15, give --pg-bin DIR, or connect to "
		    "an existing database with --dsn");
	return NULL;
}

/* In a child: become the server's account. */
static bool
drop_privileges(const struct pp_server *s)
{
	if (!s->drop)
		return true;
	return setgroups(0, NULL) == 0 && setgid(s->gid) == 0 && setuid(s->uid) == 0;
}

/*
 * In a forked child: own session (a terminal's Ctrl-C reaches pgperf, which stops the server
 * itself), the server's account, output appended to log, no input. Exits the child on failure.
 */
static void
child_setup(const struct pp_server *s, const char *log, bool die_with_parent)
{
	int fd;

	setsid();
	if (!drop_privileges(s))
		_exit(126);
	/* If pgperf dies without cleaning up, the server goes too (immediate shutdown). */
	if (die_with_parent)
		prctl(PR_SET_PDEATHSIG, SIGQUIT);
	fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
	if (fd >= 0) {
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		close(fd);
	}
	fd = open("/dev/null", O_RDONLY);
	if (fd >= 0) {
		dup2(fd, STDIN_FILENO);
		close(fd);
	}
}

/*
 * Runs argv[0] (a path) as the server's account with output appended to log; waits for it.
 * Returns true when it exited 0.
 */
static bool
run_tool(const struct pp_server *s, char *const argv[], const char *log)
{
	int status = 0;
	pid_t pid = fork();

	if (pid < 0) {
		pp_log_error("cannot start %s: %s", argv[0], strerror(errno));
		return false;
	}
	if (pid == 0) {
		child_setup(s, log, true);
		execv(argv[0], argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			pp_log_error("cannot wait for %s: %s", argv[0], strerror(errno));
			return false;
		}
	}
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* Logs the last lines of a log file as detail lines. */
static void
show_log_tail(const char *log)
{
	FILE *f = fopen(log, "r");
	char lines[8][512];
	int n = 0;

	if (f == NULL)
		return;
	while (fgets(lines[n % 8], sizeof lines[0], f) != NULL)
		n++;
	fclose(f);
	for (int i = n > 8 ? n - 8 : 0; i < n; i++) {
		lines[i % 8][strcspn(lines[i % 8], "\n")] = '\0';
		pp_log_detail("%s", lines[i % 8]);
	}
}

/* `postgres --version`, e.g. "postgres (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)". */
static char *
server_version(const char *bindir)
{
	struct pp_buf cmd;
	char line[512];
	char *v = NULL;
	FILE *p;

	pp_buf_init(&cmd);
	pp_buf_printf(&cmd, "'%s/postgres' --version 2>/dev/null", bindir);
	p = strchr(bindir, '\'') ? NULL : popen(cmd.data, "r");
	pp_buf_reset(&cmd);
	if (p == NULL)
		return NULL;
	if (fgets(line, sizeof line, p) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		v = pp_mem_strdup(line);
	}
	pclose(p);
	return v;
}

/* ---- the cache of pristine data directories -------------------------------------------- */

static char *
cache_root(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	struct pp_buf b;

	if (xdg != NULL && xdg[0] == '/')
		return pp_file_join(xdg, "pgperf");
	if (home == NULL || home[0] != '/')
		return NULL;
	pp_buf_init(&b);
	pp_buf_printf(&b, "%s/.cache/pgperf", home);
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

/* The cache entry for this server build: .../pgperf/<version>-<bindir hash>-<format>. */
static char *
cache_entry(const char *root, const char *bindir, const char *version)
{
	uint64_t h = 1469598103934665603ULL;
	struct pp_buf b;

	for (const char *p = bindir; *p; p++) {
		h ^= (unsigned char)*p;
		h *= 1099511628211ULL;
	}
	pp_buf_init(&b);
	pp_buf_printf(&b, "%s/", root);
	for (const char *p = version; *p; p++)
		pp_buf_putc(&b, (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
					(*p >= '0' && *p <= '9') || *p == '.'
				    ? *p
				    : '-');
	pp_buf_printf(&b, "-%08llx-%s", (unsigned long long)(h & 0xffffffffULL), CACHE_FORMAT);
	return pp_buf_steal(&b);
}

/* A cache entry is usable when its marker names this very server version. */
static bool
cache_valid(const char *entry, const char *version)
{
	char *marker = pp_file_join(entry, CACHE_MARKER);
	char *pgv = pp_file_join(entry, "PG_VERSION");
	char line[512] = "";
	FILE *f = fopen(marker, "r");
	bool ok = false;

	if (f != NULL) {
		if (fgets(line, sizeof line, f) != NULL)
			line[strcspn(line, "\n")] = '\0';
		fclose(f);
		ok = strcmp(line, version) == 0 && access(pgv, R_OK) == 0;
	}
	free(marker);
	free(pgv);
	return ok;
}

/* Writes [from, to) of in at the same offsets of out, in the kernel where it can. */
static bool
copy_range(int in, int out, off_t from, off_t to)
{
	char buf[65536];

	while (from < to) {
		off_t off_in = from, off_out = from;
		ssize_t n = copy_file_range(in, &off_in, out, &off_out, (size_t)(to - from), 0);

		if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EOPNOTSUPP ||
			      errno == EINVAL)) {
			n = pread(in, buf, sizeof buf < (size_t)(to - from) ? sizeof buf
									   : (size_t)(to - from),
				  from);
			if (n > 0 && pwrite(out, buf, (size_t)n, from) != n)
				return false;
		}
		if (n <= 0)
			return n == 0 ? true : errno == EINTR;
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
 * Copies a file, leaving holes where the source has them (SEEK_DATA) or, with sparsify, where
 * whole 64 KiB blocks are zero: a fresh data directory's 16 MiB WAL segment is all zeros, so
 * the cached copy is smaller and copying it out skips those bytes.
 */
static bool
copy_file(const char *from, const char *to, mode_t mode, const struct pp_server *s, bool chown_to,
	  bool sparsify)
{
	int in = open(from, O_RDONLY), out = -1;
	struct stat st;
	bool ok = false;

	if (in < 0 || fstat(in, &st) != 0)
		goto cleanup;
	out = open(to, O_WRONLY | O_CREAT | O_EXCL, mode & 07777);
	if (out < 0)
		goto cleanup;
	if (sparsify) {
		char buf[65536];
		off_t pos = 0;
		ssize_t n;

		while ((n = pread(in, buf, sizeof buf, pos)) > 0) {
			if (!all_zero(buf, (size_t)n) && pwrite(out, buf, (size_t)n, pos) != n)
				goto cleanup;
			pos += n;
		}
		if (n < 0)
			goto cleanup;
	} else {
		off_t pos = 0;

		while (pos < st.st_size) {
			off_t data = lseek(in, pos, SEEK_DATA), hole;

			if (data < 0) {
				if (errno == ENXIO)
					break; /* the rest is a hole */
				data = pos; /* no SEEK_DATA here: copy everything */
				hole = st.st_size;
			} else {
				hole = lseek(in, data, SEEK_HOLE);
				if (hole < 0)
					hole = st.st_size;
			}
			if (!copy_range(in, out, data, hole))
				goto cleanup;
			pos = hole;
		}
	}
	if (ftruncate(out, st.st_size) != 0)
		goto cleanup;
	if (chown_to && fchown(out, s->uid, s->gid) != 0)
		goto cleanup;
	ok = true;

cleanup:
	if (out >= 0 && close(out) != 0)
		ok = false;
	if (in >= 0)
		close(in);
	return ok;
}

/* Copies the tree from into the new folder to (made with from's mode). */
static bool
copy_tree(const char *from, const char *to, const struct pp_server *s, bool chown_to,
	  bool sparsify)
{
	DIR *d;
	struct dirent *e;
	struct stat st;
	bool ok = true;

	if (stat(from, &st) != 0 || mkdir(to, st.st_mode & 07777) != 0)
		return false;
	if (chown_to && chown(to, s->uid, s->gid) != 0)
		return false;
	d = opendir(from);
	if (d == NULL)
		return false;
	while (ok && (e = readdir(d)) != NULL) {
		char *a, *b;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		a = pp_file_join(from, e->d_name);
		b = pp_file_join(to, e->d_name);
		if (lstat(a, &st) != 0)
			ok = false;
		else if (S_ISDIR(st.st_mode))
			ok = copy_tree(a, b, s, chown_to, sparsify);
		else if (S_ISREG(st.st_mode))
			ok = copy_file(a, b, st.st_mode, s, chown_to, sparsify);
		free(a);
		free(b);
	}
	closedir(d);
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

static void
remove_tree(const char *path)
{
	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/*
 * Stores a fresh data directory as the cache entry: copied next to it, marked, renamed into
 * place in one step. Losing the race to a concurrent pgperf is fine: its entry is as good.
 */
static void
cache_store(const struct pp_server *s, const char *entry, const char *version)
{
	struct pp_buf tmp;
	char *marker;
	char *root = pp_mem_strndup(entry, (size_t)(strrchr(entry, '/') - entry));
	FILE *f;

	if (!mkdir_p(root, 0700)) {
		pp_log_debug("cannot create the cache folder %s: %s", root, strerror(errno));
		free(root);
		return;
	}
	pp_buf_init(&tmp);
	pp_buf_printf(&tmp, "%s.tmp-%ld", entry, (long)getpid());
	remove_tree(tmp.data);
	if (!copy_tree(s->datadir, tmp.data, s, false, true)) {
		pp_log_debug("cannot fill the cache entry %s: %s", tmp.data, strerror(errno));
		remove_tree(tmp.data);
		goto done;
	}
	marker = pp_file_join(tmp.data, CACHE_MARKER);
	f = fopen(marker, "w");
	free(marker);
	if (f == NULL || fprintf(f, "%s\n", version) < 0 || fclose(f) != 0 ||
	    rename(tmp.data, entry) != 0) {
		/* another pgperf stored it first, or the cache is unusable: nothing lost */
		remove_tree(tmp.data);
		goto done;
	}
	pp_log_debug("cached a pristine data directory in %s", entry);

done:
	free(root);
	pp_buf_reset(&tmp);
}

/* ---- start and stop -------------------------------------------------------------------- */

static bool
make_private_dir(struct pp_server *s)
{
	const char *base = getenv("TMPDIR");
	struct pp_buf b;

	/* The server's account must reach the folder, and the socket path must fit in 107 bytes. */
	if (s->drop || base == NULL || base[0] != '/' || strlen(base) > 60)
		base = "/tmp";
	pp_buf_init(&b);
	pp_buf_printf(&b, "%s/pgperf-XXXXXX", base);
	if (mkdtemp(b.data) == NULL) {
		pp_log_error("cannot create a private folder in %s: %s", base, strerror(errno));
		pp_buf_reset(&b);
		return false;
	}
	s->dir = pp_buf_steal(&b);
	if (chmod(s->dir, 0700) != 0 || (s->drop && chown(s->dir, s->uid, s->gid) != 0)) {
		pp_log_error("cannot prepare %s: %s", s->dir, strerror(errno));
		return false;
	}
	s->datadir = pp_file_join(s->dir, "data");
	return true;
}

static bool
choose_account(struct pp_server *s)
{
	const struct passwd *pw;

	if (geteuid() != 0)
		return true;
	pw = getpwnam("postgres");
	if (pw == NULL)
		pw = getpwnam("nobody");
	if (pw == NULL || pw->pw_uid == 0) {
		pp_log_error("pgperf runs as root and PostgreSQL refuses to: found no unprivileged "
			     "account (postgres or nobody) to run the throwaway server as");
		return false;
	}
	s->drop = true;
	s->uid = pw->pw_uid;
	s->gid = pw->pw_gid;
	return true;
}

static bool
init_data_dir(struct pp_server *s, const struct pp_server_options *opts)
{
	char *root = opts->use_cache ? cache_root() : NULL;
	char *version = root ? server_version(s->bindir) : NULL;
	char *entry = version ? cache_entry(root, s->bindir, version) : NULL;
	char *initdb = pp_file_join(s->bindir, "initdb");
	char *log = pp_file_join(s->dir, "initdb.log");
	char *const argv[] = { initdb, (char *)"-D", s->datadir, (char *)"-A", (char *)"trust",
			       (char *)"-U", (char *)"pgperf", (char *)"-E", (char *)"UTF8",
			       (char *)"--locale=C", (char *)"-N", (char *)"--no-instructions", NULL };
	bool ok = false;

	if (entry != NULL && cache_valid(entry, version)) {
		if (copy_tree(entry, s->datadir, s, s->drop, false) && chmod(s->datadir, 0700) == 0) {
			pp_log_debug("copied the cached data directory %s", entry);
			ok = true;
			goto done;
		}
		pp_log_debug("cannot copy the cached data directory %s; running initdb", entry);
		remove_tree(s->datadir);
	}
	if (!run_tool(s, argv, log)) {
		pp_log_error("initdb failed for the throwaway server in %s", s->datadir);
		show_log_tail(log);
		goto done;
	}
	if (entry != NULL)
		cache_store(s, entry, version);
	ok = true;

done:
	free(root);
	free(version);
	free(entry);
	free(initdb);
	free(log);
	return ok;
}

static bool
launch(struct pp_server *s, bool keep)
{
	char *postgres = pp_file_join(s->bindir, "postgres");
	char *log = pp_file_join(s->dir, "server.log");
	char *const argv[] = {
		postgres, (char *)"-D", s->datadir, (char *)"-k", s->dir, (char *)"-p", (char *)PORT,
		(char *)"-c", (char *)"listen_addresses=", (char *)"-c", (char *)"fsync=off",
		(char *)"-c", (char *)"synchronous_commit=off", (char *)"-c",
		(char *)"full_page_writes=off", (char *)"-c", (char *)"max_connections=120",
		(char *)"-c", (char *)"logging_collector=off", NULL
	};
	pid_t pid = fork();

	if (pid < 0) {
		pp_log_error("cannot start postgres: %s", strerror(errno));
		free(postgres);
		free(log);
		return false;
	}
	if (pid == 0) {
		child_setup(s, log, !keep);
		execv(postgres, argv);
		fprintf(stderr, "cannot run %s: %s\n", postgres, strerror(errno));
		_exit(127);
	}
	s->pid = pid;
	free(postgres);
	free(log);
	return true;
}

/* Waits until the server accepts connections; false if it died, took too long or pgperf was
 * interrupted. */
static bool
wait_ready(struct pp_server *s)
{
	char *log = pp_file_join(s->dir, "server.log");
	bool ok = false;

	for (int i = 0; i < 3000; i++) {
		int status;

		if (pp_interrupt_pending())
			break;
		if (PQping(s->conninfo) == PQPING_OK) {
			ok = true;
			break;
		}
		if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
			s->pid = 0;
			pp_log_error("the throwaway server exited during startup");
			show_log_tail(log);
			break;
		}
		nanosleep(&(struct timespec){ .tv_nsec = 10000000 }, NULL);
	}
	if (!ok && s->pid != 0 && !pp_interrupt_pending()) {
		pp_log_error("the throwaway server did not accept connections within 30 s");
		show_log_tail(log);
	}
	free(log);
	return ok;
}

static void
stop_process(struct pp_server *s)
{
	static const int signals[] = { SIGINT, SIGQUIT, SIGKILL };
	static const int waits[] = { 1000, 200, 500 }; /* in 10 ms steps */

	if (s->pid <= 0)
		return;
	for (size_t k = 0; k < 3; k++) {
		kill(s->pid, signals[k]);
		for (int i = 0; i < waits[k]; i++) {
			pid_t r = waitpid(s->pid, NULL, WNOHANG);

			if (r == s->pid || (r < 0 && errno == ECHILD)) {
				s->pid = 0;
				return;
			}
			nanosleep(&(struct timespec){ .tv_nsec = 10000000 }, NULL);
		}
	}
}

static void
server_free(struct pp_server *s)
{
	free(s->bindir);
	free(s->dir);
	free(s->datadir);
	free(s->conninfo);
	free(s);
}

struct pp_server *
pp_server_start(const struct pp_server_options *opts)
{
	struct pp_server *s = pp_mem_calloc(1, sizeof *s);
	double t0 = now_seconds();
	struct pp_buf b;

	s->bindir = find_bindir(opts->pg_bin);
	if (s->bindir == NULL || !choose_account(s) || !make_private_dir(s))
		goto fail;
	pp_log_debug("server binaries in %s (%.3fs)", s->bindir, now_seconds() - t0);
	if (!init_data_dir(s, opts) || pp_interrupt_pending())
		goto fail;
	pp_log_debug("data directory ready (%.3fs)", now_seconds() - t0);
	pp_buf_init(&b);
	pp_buf_printf(&b, "host=%s port=" PORT " user=pgperf dbname=postgres", s->dir);
	s->conninfo = pp_buf_steal(&b);
	if (!launch(s, opts->keep) || !wait_ready(s))
		goto fail;
	s->startup_seconds = now_seconds() - t0;
	return s;

fail:
	stop_process(s);
	if (s->dir != NULL)
		remove_tree(s->dir);
	server_free(s);
	return NULL;
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

void
pp_server_stop(struct pp_server *s, bool keep)
{
	if (s == NULL)
		return;
	if (keep) {
		printf("\nthe throwaway server keeps running in %s\n", s->dir);
		printf("  connect: psql \"%s\"\n", s->conninfo);
		printf("  stop:    kill -INT %ld && rm -rf %s\n", (long)s->pid, s->dir);
		fflush(stdout);
	} else {
		stop_process(s);
		remove_tree(s->dir);
	}
	server_free(s);
}
