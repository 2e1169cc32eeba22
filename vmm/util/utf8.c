#include "util/utf8.h"

size_t utf8_decode(const unsigned char *s, size_t left, uint32_t *cp)
{
	static const struct {
		unsigned char mask, lead;
		size_t len;
		uint32_t min;
	} forms[] = { { 0xe0, 0xc0, 2, 0x80 }, { 0xf0, 0xe0, 3, 0x800 }, { 0xf8, 0xf0, 4, 0x10000 } };

	if (!left)
		return 0;
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		uint32_t v;
		if ((s[0] & forms[i].mask) != forms[i].lead)
			continue;
		if (left < forms[i].len)
			return 0;
		v = s[0] & (uint32_t)(0x7f >> forms[i].len);
		for (size_t k = 1; k < forms[i].len; k++) {
			if ((s[k] & 0xc0) != 0x80)
				return 0;
			v = v << 6 | (s[k] & 0x3f);
		}
		if (v < forms[i].min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
			return 0;
		*cp = v;
		return forms[i].len;
	}
	return 0;
}
