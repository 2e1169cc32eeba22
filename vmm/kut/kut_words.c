/* A word is built in a growing buffer; `...` output outside double quotes is
 * split on blanks like any unquoted text (bash's field splitting), inside
 * them it stays one piece, without its trailing newlines either way. */
#include "kut/kut_words.h"

#include <stdlib.h>
#include <string.h>

#include "util/errmsg.h"
#include "util/sbuf.h"

struct splitter {
	struct kut_words *out;
	struct sbuf word;
	int in_word;            /* something (maybe "") was quoted or written into word */
	kut_subst_fn subst;
	void *ctx;
	int check_only;         /* scan the quoting, run nothing */
	char *err;
	size_t errlen;
};

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static int end_word(struct splitter *s)
{
	char **grown;

	if (!s->in_word)
		return 0;
	s->in_word = 0;
	grown = realloc(s->out->w, (s->out->n + 1) * sizeof(*grown));
	if (!grown)
		return errmsg(s->err, s->errlen, "out of memory");
	s->out->w = grown;
	if (!(grown[s->out->n] = strdup(sb_str(&s->word))))
		return errmsg(s->err, s->errlen, "out of memory");
	s->out->n++;
	s->word.len = 0;
	return 0;
}

static void put(struct splitter *s, char c)
{
	sb_putc(&s->word, c);
	s->in_word = 1;
}

/* `...` starting at *p (past the opening backtick). */
static int substitute(struct splitter *s, const char **p, int quoted)
{
	const char *start = *p, *close = strchr(start, '`');
	char *cmd, *out, *o;
	size_t n;

	if (!close)
		return errmsg(s->err, s->errlen, "unterminated ` (command substitution)");
	*p = close + 1;
	if (s->check_only)
		return 0;
	if (!s->subst)
		return errmsg(s->err, s->errlen, "needs a command substitution (`...`)");
	if (!(cmd = strndup(start, (size_t)(close - start))))
		return errmsg(s->err, s->errlen, "out of memory");
	out = s->subst(s->ctx, cmd, s->err, s->errlen);
	free(cmd);
	if (!out)
		return -1;
	n = strlen(out);
	while (n && out[n - 1] == '\n')
		out[--n] = 0;
	for (o = out; *o; o++) {
		if (!quoted && is_blank(*o)) {
			if (end_word(s) < 0) {
				free(out);
				return -1;
			}
			continue;
		}
		put(s, *o);
	}
	if (quoted)
		s->in_word = 1;
	free(out);
	return 0;
}

/* What uvmm cannot evaluate is the entry's SKIP reason, not a syntax error. */
static int unsupported(struct splitter *s, char c)
{
	if (s->check_only) {
		put(s, c);
		return 0;
	}
	if (c == '$')
		return errmsg(s->err, s->errlen, "uses '$', a shell expansion whose value is KUT's runner's");
	return errmsg(s->err, s->errlen, "uses the shell operator '%c'", c);
}

/* "..." starting at *p (past the opening quote). */
static int double_quoted(struct splitter *s, const char **p)
{
	const char *q = *p;

	s->in_word = 1;
	for (;;) {
		char c = *q++;

		if (!c)
			return errmsg(s->err, s->errlen, "unterminated \"");
		if (c == '"')
			break;
		if (c == '\\' && (*q == '"' || *q == '\\' || *q == '$' || *q == '`' || *q == '\n')) {
			if (*q != '\n')
				put(s, *q);
			q++;
		} else if (c == '`') {
			if (substitute(s, &q, 1) < 0)
				return -1;
		} else if (c == '$') {
			if (unsupported(s, c) < 0)
				return -1;
		} else {
			put(s, c);
		}
	}
	*p = q;
	return 0;
}

static int split(struct splitter *s, const char *text)
{
	const char *p = text;

	while (*p) {
		char c = *p++;
		const char *close;

		if (is_blank(c)) {
			if (end_word(s) < 0)
				return -1;
		} else if (c == '\'') {
			if (!(close = strchr(p, '\'')))
				return errmsg(s->err, s->errlen, "unterminated '");
			s->in_word = 1;
			while (p < close)
				put(s, *p++);
			p++;
		} else if (c == '"') {
			if (double_quoted(s, &p) < 0)
				return -1;
		} else if (c == '\\') {
			if (*p == '\n')
				p++;
			else if (*p)
				put(s, *p++);
		} else if (c == '`') {
			if (substitute(s, &p, 0) < 0)
				return -1;
		} else if (c == '$' || strchr(";&|<>()", c)) {
			if (unsupported(s, c) < 0)
				return -1;
		} else {
			put(s, c);
		}
	}
	return end_word(s);
}

int kut_words_split(const char *text, kut_subst_fn subst, void *ctx, struct kut_words *out,
		    char *err, size_t errlen)
{
	struct splitter s = { out, { .dyn = 1 }, 0, subst, ctx, 0, err, errlen };
	int r;

	out->w = NULL;
	out->n = 0;
	r = split(&s, text);
	free(s.word.buf);
	return r;
}

int kut_words_check(const char *text, char *err, size_t errlen)
{
	struct kut_words w;
	struct splitter s = { &w, { .dyn = 1 }, 0, NULL, NULL, 1, err, errlen };
	int r;

	w.w = NULL;
	w.n = 0;
	r = split(&s, text);
	free(s.word.buf);
	kut_words_free(&w);
	return r;
}

void kut_words_free(struct kut_words *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->w[i]);
	free(w->w);
	w->w = NULL;
	w->n = 0;
}

int kut_words_join(const struct kut_words *w, size_t from, char *buf, size_t size)
{
	size_t len = 0;

	if (!size)
		return -1;
	buf[0] = 0;
	for (size_t i = from; i < w->n; i++) {
		size_t k = strlen(w->w[i]);

		if (len + (len ? 1 : 0) + k + 1 > size)
			return -1;
		if (len)
			buf[len++] = ' ';
		memcpy(buf + len, w->w[i], k + 1);
		len += k;
	}
	return 0;
}
