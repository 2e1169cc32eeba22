/* The PVH command line a guest was started with (uvmm run's "CMDLINE", uvmm
 * bench's "kind=... n=..."), and its key=value words. */
#include <uvmm/boot.h>
#include <uvmm/cmdline.h>
#include <uvmm/string.h>

/* struct hvm_start_info keeps the command line's GPA at byte offset 24. */
const char *boot_cmdline(void)
{
	uint64_t gpa;

	if (!uvmm_boot_start_info)
		return "";
	memcpy(&gpa, (const void *)(uintptr_t)(uvmm_boot_start_info + 24), sizeof(gpa));
	return gpa ? (const char *)(uintptr_t)gpa : "";
}

/* The value of "key=" in the blank-separated command line, up to the next blank. */
const char *cmdline_value(const char *cmd, const char *key, size_t *len)
{
	size_t klen = strlen(key);

	for (const char *p = cmd; *p;) {
		while (*p == ' ')
			p++;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		if ((size_t)(p - w) > klen && !memcmp(w, key, klen) && w[klen] == '=') {
			*len = (size_t)(p - w) - klen - 1;
			return w + klen + 1;
		}
	}
	return NULL;
}

/* Decimal or 0x-hex value of key; def when absent. */
uint64_t cmdline_num(const char *cmd, const char *key, uint64_t def)
{
	size_t len, i = 0;
	const char *v = cmdline_value(cmd, key, &len);
	unsigned base = 10;
	uint64_t n = 0;

	if (!v)
		return def;
	if (len > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) {
		base = 16;
		i = 2;
	}
	for (; i < len; i++) {
		char c = v[i];
		unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0') :
			     c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10) : 99;

		if (d >= base)
			break;
		n = n * base + d;
	}
	return n;
}

