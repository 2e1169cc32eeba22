/* The compiled form of expectations: growing arrays of ops, arguments, a
 * byte pool and source names, and appending one program to another. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/expect_internal.h"

static int grow(void **p, uint32_t *cap, uint32_t used, uint32_t more, size_t elem)
{
	if (more > UINT32_MAX / 2 - used)
		return -1;
	if (used + more <= *cap)
		return 0;
	uint32_t want = *cap ? *cap : 16;
	while (want < used + more)
		want *= 2;
	void *np = realloc(*p, (size_t)want * elem);
	if (!np)
		return -1;
	*p = np;
	*cap = want;
	return 0;
}

int xcode_reserve(struct xcode *c, uint32_t ops, uint32_t args, uint32_t pool, uint32_t srcs)
{
	if (grow((void **)&c->ops, &c->cap_ops, c->nops, ops, sizeof(*c->ops)) ||
	    grow((void **)&c->args, &c->cap_args, c->nargs, args, sizeof(*c->args)) ||
	    grow((void **)&c->pool, &c->cap_pool, c->npool, pool, 1) ||
	    grow((void **)&c->srcs, &c->cap_srcs, c->nsrcs, srcs, sizeof(*c->srcs)))
		return -1;
	return 0;
}

void xcode_free(struct xcode *c)
{
	free(c->ops);
	free(c->args);
	free(c->pool);
	free(c->srcs);
	memset(c, 0, sizeof(*c));
}

int xcode_push_op(struct xcode *c, const struct xop *op)
{
	if (xcode_reserve(c, 1, 0, 0, 0))
		return -1;
	c->ops[c->nops++] = *op;
	return 0;
}

int xcode_pool_push(struct xcode *c, const void *bytes, uint32_t n, uint32_t *off)
{
	if (xcode_reserve(c, 0, 0, n, 0))
		return -1;
	if (off)
		*off = c->npool;
	memcpy(c->pool + c->npool, bytes, n);
	c->npool += n;
	return 0;
}

int xcode_source_index(struct xcode *c, const char *name)
{
	for (uint32_t i = 0; i < c->nsrcs; i++)
		if (strncmp(c->srcs[i], name, sizeof(c->srcs[i]) - 1) == 0)
			return (int)i;
	if (c->nsrcs > UINT16_MAX || xcode_reserve(c, 0, 0, 0, 1))
		return -1;
	snprintf(c->srcs[c->nsrcs], sizeof(c->srcs[0]), "%s", name);
	return (int)c->nsrcs++;
}

int xcode_append(struct xcode *dst, const struct xcode *src, unsigned depth_base)
{
	int *map = calloc(src->nsrcs ? src->nsrcs : 1, sizeof(*map));
	if (!map || xcode_reserve(dst, src->nops, src->nargs, src->npool, 0)) {
		free(map);
		return -1;
	}
	for (uint32_t i = 0; i < src->nsrcs; i++) {
		map[i] = xcode_source_index(dst, src->srcs[i]);
		if (map[i] < 0) {
			free(map);
			return -1;
		}
	}
	uint32_t op0 = dst->nops, arg0 = dst->nargs, pool0 = dst->npool;
	for (uint32_t i = 0; i < src->nops; i++) {
		struct xop o = src->ops[i];
		o.src = (uint16_t)map[o.src];
		o.depth = (uint8_t)(o.depth + depth_base);
		o.lvl = (uint8_t)(o.lvl + depth_base);
		o.args_off += arg0;
		if (o.count > 1)
			o.data_off += pool0;
		if (o.dwild_off != XNONE)
			o.dwild_off += pool0;
		if (o.type == XOP_BEGIN || o.type == XOP_END)
			o.jump += op0;
		dst->ops[dst->nops++] = o;
	}
	for (uint32_t i = 0; i < src->nargs; i++) {
		struct xarg a = src->args[i];
		if (a.is_str)
			a.off += pool0;
		dst->args[dst->nargs++] = a;
	}
	if (src->npool)
		memcpy(dst->pool + pool0, src->pool, src->npool);
	dst->npool += src->npool;
	free(map);
	return 0;
}

size_t xcode_bytes(const struct xcode *c)
{
	return (size_t)c->nops * sizeof(*c->ops) + (size_t)c->nargs * sizeof(*c->args) + c->npool;
}

unsigned xcode_max_depth(const struct xcode *c)
{
	unsigned d = 0;
	for (uint32_t i = 0; i < c->nops; i++)
		if (c->ops[i].type == XOP_BEGIN && c->ops[i].lvl + 1u > d)
			d = c->ops[i].lvl + 1u;
	return d;
}

struct expect_prog *expect_prog_new(void)
{
	return calloc(1, sizeof(struct expect_prog));
}

void expect_prog_free(struct expect_prog *p)
{
	if (!p)
		return;
	xcode_free(&p->code);
	free(p);
}

size_t expect_prog_items(const struct expect_prog *p)
{
	return p->items;
}
