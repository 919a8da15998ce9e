// SPDX-License-Identifier: GPL-2.0-only
/*
 * Writes the fuzzers' seed corpus (tests/fuzz/corpus/): sound region
 * headers laid out by the library for several geometries, and ring inputs
 * that walk a good driver's moves (frames received, buffers returned,
 * replies). The fuzzers mutate from there.
 *
 *   make-seeds DIR     writes the files under DIR/region and DIR/rings
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "region.h"

static int write_file(const char *dir, const char *sub, int n, const void *a, size_t alen,
		      const void *b, size_t blen)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/seed-%02d", dir, sub, n);
	f = fopen(path, "wb");
	if (!f)
		return -errno;
	fwrite(a, 1, alen, f);
	if (blen)
		fwrite(b, 1, blen, f);
	return fclose(f) ? -errno : 0;
}

static const struct airlock_region_params geometries[] = {
	{ 1, 64, 256, 512, 16384 },
	{ 1, 16, 64, 128, 16384 },
	{ 1, 2, 2, 2, 2048 },
	{ 2, 256, 4096, 8192, 2048 },
	{ 4, 8, 32, 256, 4096 },
	{ 3, 4, 16, 96, 8192 },
};

/* Ring inputs: geometry word, then (op, operands...) as fuzz-rings.c reads them. */
static size_t put(unsigned char *p, uint64_t v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(v >> (8 * i));
	return n;
}

static size_t rings_seed(unsigned char *p, uint32_t geometry, int frames)
{
	size_t n = put(p, geometry, 4);
	/* As model_init() in fuzz-rings.c: RX buffers follow the TX ones. */
	uint32_t entries = 2U << (geometry % 11);
	uint32_t per = 1 + (geometry >> 12) % (entries < 256 ? entries : 256);

	for (int i = 0; i < frames; i++) {
		n += put(p + n, 0, 1);			/* RX slot i: buffer per + i, 60 bytes */
		n += put(p + n, per + (uint32_t)i % per, 4);
		n += put(p + n, 60, 2);
		n += put(p + n, 0, 2);
		n += put(p + n, (uint32_t)i, 2);
	}
	n += put(p + n, 2, 1);				/* producer + frames */
	n += put(p + n, (uint32_t)frames, 4);
	for (int i = 0; i < frames; i++) {		/* transmit, then return each */
		n += put(p + n, 4, 1);
		n += put(p + n, 0, 4);
		n += put(p + n, 100, 2);
		n += put(p + n, 1, 1);
		n += put(p + n, (uint32_t)i % per, 4);	/* return slot i: TX buffer i */
		n += put(p + n, 0, 4);
		n += put(p + n, 0, 2);
		n += put(p + n, (uint32_t)i, 2);
		n += put(p + n, 3, 1);
		n += put(p + n, 1, 4);
	}
	n += put(p + n, 5, 1);				/* a reply status */
	n += put(p + n, (uint32_t)-5, 4);
	return n;
}

int main(int argc, char **argv)
{
	unsigned char buf[4096];
	int i, r;

	if (argc != 2) {
		fprintf(stderr, "usage: make-seeds DIR\n");
		return 2;
	}
	for (i = 0; i < (int)(sizeof(geometries) / sizeof(geometries[0])); i++) {
		struct airlock_region_hdr h;

		r = airlock_region_layout(&geometries[i], &h);
		if (r == 0)
			r = write_file(argv[1], "region", i, &h.region_size, 8, &h, sizeof(h));
		if (r < 0) {
			fprintf(stderr, "make-seeds: region %d: %s\n", i, strerror(-r));
			return 1;
		}
	}
	for (i = 0; i < 6; i++) {
		uint32_t geometry = (uint32_t)(i * 3 + 4) | (uint32_t)i << 4 | (uint32_t)i << 8 |
				    (uint32_t)(i * 5) << 12 | 1400U << 20;
		size_t n = rings_seed(buf, geometry, 1 + i * 3);

		r = write_file(argv[1], "rings", i, buf, n, NULL, 0);
		if (r < 0) {
			fprintf(stderr, "make-seeds: rings %d: %s\n", i, strerror(-r));
			return 1;
		}
	}
	return 0;
}
