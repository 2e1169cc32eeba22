/* The printf engine: one formatter writing through a sink, used both for
 * buffers (snprintf) and for the COM1 console (printf). */
#include <stdint.h>
#include <uvmm/console.h>
#include <uvmm/printf.h>
#include <uvmm/string.h>

struct sink {
	void (*put)(struct sink *s, char c);
	char *buf;
	size_t size;
	size_t len; /* bytes produced so far, including those that did not fit */
};

static void put_buf(struct sink *s, char c)
{
	if (s->len + 1 < s->size)
		s->buf[s->len] = c;
	s->len++;
}

static void put_console(struct sink *s, char c)
{
	console_putc(c);
	s->len++;
}

struct spec {
	int left;     /* '-' */
	char pad;     /* ' ' or '0' */
	int width;
	int precision; /* -1: none */
	int size;     /* 0 int, 1 long, 2 long long, 3 size_t */
};

static void put_padded(struct sink *s, const struct spec *sp, const char *prefix,
		       const char *body, int len)
{
	int plen = (int)strlen(prefix);
	int fill = sp->width - len - plen;
	int i;

	if (!sp->left && sp->pad == ' ')
		for (i = 0; i < fill; i++)
			s->put(s, ' ');
	for (i = 0; i < plen; i++)
		s->put(s, prefix[i]);
	if (!sp->left && sp->pad == '0')
		for (i = 0; i < fill; i++)
			s->put(s, '0');
	for (i = 0; i < len; i++)
		s->put(s, body[i]);
	if (sp->left)
		for (i = 0; i < fill; i++)
			s->put(s, ' ');
}

static void put_number(struct sink *s, const struct spec *sp, uint64_t v, int negative,
		       unsigned base, int upper, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = sizeof(tmp);

	do {
		tmp[--n] = digits[v % base];
		v /= base;
	} while (v);
	put_padded(s, sp, negative ? "-" : prefix, tmp + n, (int)sizeof(tmp) - n);
}

static uint64_t arg_unsigned(va_list *ap, int size)
{
	switch (size) {
	case 1: return va_arg(*ap, unsigned long);
	case 2: return va_arg(*ap, unsigned long long);
	case 3: return va_arg(*ap, size_t);
	default: return va_arg(*ap, unsigned int);
	}
}

static int64_t arg_signed(va_list *ap, int size)
{
	switch (size) {
	case 1: return va_arg(*ap, long);
	case 2: return va_arg(*ap, long long);
	case 3: return (int64_t)va_arg(*ap, size_t);
	default: return va_arg(*ap, int);
	}
}

static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){ .pad = ' ', .precision = -1 };
	for (;; f++) {
		if (*f == '-')
			sp->left = 1;
		else if (*f == '0')
			sp->pad = '0';
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		f++;
	}
	for (; *f >= '0' && *f <= '9'; f++)
		sp->width = sp->width * 10 + (*f - '0');
	if (*f == '.') {
		sp->precision = 0;
		if (*++f == '*') {
			sp->precision = va_arg(*ap, int);
			f++;
		}
		for (; *f >= '0' && *f <= '9'; f++)
			sp->precision = sp->precision * 10 + (*f - '0');
	}
	for (; *f == 'l'; f++)
		sp->size++;
	if (*f == 'z') {
		sp->size = 3;
		f++;
	}
	if (sp->left)
		sp->pad = ' ';
	return f;
}

static void format(struct sink *s, const char *f, va_list ap_in)
{
	va_list ap;

	va_copy(ap, ap_in);
	for (; *f; f++) {
		struct spec sp;
		const char *str;
		char c;

		if (*f != '%') {
			s->put(s, *f);
			continue;
		}
		f = parse_spec(f + 1, &sp, &ap);
		switch (*f) {
		case 'd':
		case 'i': {
			int64_t v = arg_signed(&ap, sp.size);
			put_number(s, &sp, v < 0 ? 0 - (uint64_t)v : (uint64_t)v, v < 0, 10, 0, "");
			break;
		}
		case 'u': put_number(s, &sp, arg_unsigned(&ap, sp.size), 0, 10, 0, ""); break;
		case 'x': put_number(s, &sp, arg_unsigned(&ap, sp.size), 0, 16, 0, ""); break;
		case 'X': put_number(s, &sp, arg_unsigned(&ap, sp.size), 0, 16, 1, ""); break;
		case 'p':
			put_number(s, &sp, (uintptr_t)va_arg(ap, void *), 0, 16, 0, "0x");
			break;
		case 'c':
			c = (char)va_arg(ap, int);
			put_padded(s, &sp, "", &c, 1);
			break;
		case 's':
			str = va_arg(ap, const char *);
			if (!str)
				str = "(null)";
			put_padded(s, &sp, "", str,
				   (int)strnlen(str, sp.precision < 0 ? SIZE_MAX : (size_t)sp.precision));
			break;
		case '%': s->put(s, '%'); break;
		case '\0': f--; break; /* a lone '%' at the end */
		default:
			s->put(s, '%');
			s->put(s, *f);
			break;
		}
	}
	va_end(ap);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = { .put = put_buf, .buf = buf, .size = size };

	format(&s, fmt, ap);
	if (size)
		buf[s.len < size ? s.len : size - 1] = '\0';
	return (int)s.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int vprintf(const char *fmt, va_list ap)
{
	struct sink s = { .put = put_console };

	format(&s, fmt, ap);
	return (int)s.len;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}
