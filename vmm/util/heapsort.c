#include "util/heapsort.h"

#include <stdint.h>

static void swap(uint8_t *a, uint8_t *b, size_t size)
{
	for (size_t i = 0; i < size; i++) {
		uint8_t t = a[i];
		a[i] = b[i];
		b[i] = t;
	}
}

static void sift(uint8_t *v, size_t root, size_t n, size_t size,
		 int (*cmp)(const void *, const void *))
{
	for (;;) {
		size_t child = 2 * root + 1, big = root;

		if (child < n && cmp(v + child * size, v + big * size) > 0)
			big = child;
		if (child + 1 < n && cmp(v + (child + 1) * size, v + big * size) > 0)
			big = child + 1;
		if (big == root)
			return;
		swap(v + root * size, v + big * size, size);
		root = big;
	}
}

void heapsort_any(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	uint8_t *v = base;

	for (size_t i = n / 2; i-- > 0;)
		sift(v, i, n, size, cmp);
	for (size_t end = n; end > 1; end--) {
		swap(v, v + (end - 1) * size, size);
		sift(v, 0, end - 1, size, cmp);
	}
}
