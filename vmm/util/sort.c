/* Heap sort: O(n log n) worst case, no recursion, a 64-byte swap buffer. */
#include "util/sort.h"

#include <string.h>

static void swap(unsigned char *a, unsigned char *b, size_t size)
{
	unsigned char t[64];

	memcpy(t, a, size);
	memcpy(a, b, size);
	memcpy(b, t, size);
}

static void sift_down(unsigned char *base, size_t start, size_t n, size_t size,
		      int (*cmp)(const void *, const void *))
{
	size_t root = start;

	while (2 * root + 1 < n) {
		size_t child = 2 * root + 1, top = root;

		if (cmp(base + top * size, base + child * size) < 0)
			top = child;
		if (child + 1 < n && cmp(base + top * size, base + (child + 1) * size) < 0)
			top = child + 1;
		if (top == root)
			return;
		swap(base + root * size, base + top * size, size);
		root = top;
	}
}

void heap_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	unsigned char *b = base;

	if (n < 2 || size > 64)
		return;
	for (size_t i = n / 2; i-- > 0;)
		sift_down(b, i, n, size, cmp);
	for (size_t end = n - 1; end > 0; end--) {
		swap(b, b + end * size, size);
		sift_down(b, 0, end, size, cmp);
	}
}
