/* File-system path helpers shared by the runners: joining, the directory of
 * the running executable, and mkdir -p. */
#ifndef UVMM_UTIL_PATH_H
#define UVMM_UTIL_PATH_H

/* dir/name, or name itself when it is absolute. malloc'd; NULL when out of memory. */
char *path_join(const char *dir, const char *name);

/* The directory holding the running executable (malloc'd; "." when unknown,
 * NULL when out of memory). */
char *exe_dir(void);

/* Creates dir and its missing parents (mode 0755). Returns 0 or -1 (errno). */
int mkdir_p(const char *dir);

#endif
