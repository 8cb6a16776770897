/*
 * file.h: reading whole files and joining paths, shared by everything that loads input.
 * Returned strings are owned by the caller (free()).
 */
#ifndef PP_FILE_H
#define PP_FILE_H

#include <stdbool.h>
#include <stddef.h>

/* The largest input file pgperf reads: case files, pgperf.json, specs, schema files, baselines. */
#define PP_FILE_MAX_BYTES (256u * 1024 * 1024)

/*
 * Reads the whole file at path as text. Only a regular file of at most PP_FILE_MAX_BYTES is
 * read (a FIFO or device is refused at once). On failure logs "cannot read WHAT PATH: reason"
 * (what says which file it is, e.g. "schema file") and returns NULL; interrupted by a signal,
 * it returns NULL with only a debug message. *len may be NULL.
 */
char *pp_file_read(const char *path, const char *what, size_t *len);

/* dir/name, or name alone when it is absolute. */
char *pp_file_join(const char *dir, const char *name);

/*
 * Sets *path to dir/name (as pp_file_join; the caller frees it) and tells whether it is a regular
 * file; when not, *why is the reason (strerror's, or "not a file") for the caller's message.
 */
bool pp_file_find(const char *dir, const char *name, char **path, const char **why);

/* The folder holding the file at path, with its final "/" ("a/b.json" -> "a/"), or ".". */
char *pp_file_dir(const char *path);

#endif
