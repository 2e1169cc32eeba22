/* Shell words as KUT's runner gets them from unittests.cfg (it evals
 * test_args and qemu_params in bash): blanks split, '...' and "..." quote,
 * backslash escapes, `...` substitutes a command's output. $ expansions are
 * refused: their values are KUT's runner's, not uvmm's. */
#ifndef UVMM_KUT_KUT_WORDS_H
#define UVMM_KUT_KUT_WORDS_H

#include <stddef.h>

/* Runs cmd for a `cmd` substitution: its standard output (malloc'd), or
 * NULL with a one-line reason. */
typedef char *(*kut_subst_fn)(void *ctx, const char *cmd, char *err, size_t errlen);

struct kut_words {
	char **w;
	size_t n;
};

/* Splits text into *out (freed with kut_words_free, also after an error).
 * subst NULL: a backtick is an error ("needs command substitution"). Returns
 * 0, or -1 with a one-line reason. */
int kut_words_split(const char *text, kut_subst_fn subst, void *ctx, struct kut_words *out,
		    char *err, size_t errlen);
void kut_words_free(struct kut_words *w);

/* Checks the quoting of text without running anything. Returns 0 or -1. */
int kut_words_check(const char *text, char *err, size_t errlen);

/* The words joined by single blanks into buf. Returns 0, or -1 when cut. */
int kut_words_join(const struct kut_words *w, size_t from, char *buf, size_t size);

#endif
