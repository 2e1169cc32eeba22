/* libFuzzer target: kvm-unit-tests' unittests.cfg as uvmm kut reads it. The
 * input is the cfg; every entry parsed is then taken through what planning
 * does with its text (shell words, QEMU options) without running anything:
 * a backtick substitution returns fixed text. A KUT log, the bytes after the
 * first 0x00, is read back and checked too. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kut/kut_cfg.h"
#include "kut/kut_log.h"
#include "kut/kut_qemu.h"
#include "kut/kut_words.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *subst(void *ctx, const char *cmd, char *err, size_t errlen)
{
	(void)ctx;
	(void)err;
	(void)errlen;
	return strdup(strlen(cmd) % 2 ? "1700000000" : "a b\n");
}

static void words(const char *text, int qemu)
{
	struct kut_words w;
	struct kut_machine m;
	char err[256], joined[1024];

	if (text && kut_words_split(text, subst, NULL, &w, err, sizeof(err)) == 0) {
		kut_words_join(&w, 0, joined, sizeof(joined));
		if (qemu)
			kut_qemu_params(&w, &m, err, sizeof(err));
	}
	if (text)
		kut_words_free(&w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t cfg_len = nul ? (size_t)(nul - data) : size;
	struct kut_cfg c;
	struct kut_log l;
	char err[512], *log;

	kut_cfg_parse(&c, (const char *)data, cfg_len, "fuzz", err, sizeof(err));
	for (size_t i = 0; i < c.n; i++) {
		words(c.e[i].test_args, 0);
		words(c.e[i].qemu_params, 1);
	}
	kut_cfg_free(&c);
	if (!nul)
		return 0;
	log = strndup((const char *)nul + 1, size - cfg_len - 1);
	if (log && kut_log_parse(log, "guest| ", &l) == 0)
		kut_log_check(&l, err, sizeof(err));
	kut_log_free(&l);
	free(log);
	return 0;
}
