/* Which uvmm this is: the release and the `git describe` of the tree it was
 * built from (baked in by the Makefile), for --version and the results file. */
#ifndef UVMM_UTIL_VERSION_H
#define UVMM_UTIL_VERSION_H

/* "0.1.0" */
const char *uvmm_version(void);
/* `git describe --always --dirty --tags` at build time, or "unknown" when the
 * tree was not a git checkout. */
const char *uvmm_git_describe(void);

#endif
