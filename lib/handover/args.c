// SPDX-License-Identifier: GPL-2.0-only
/* The host command line: one table of options drives both directions. */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"

enum opt_kind { OPT_STR, OPT_ID, OPT_HEX64, OPT_U32 };

struct opt {
	const char *name;
	enum opt_kind kind;
	size_t offset;
	size_t size;		/* OPT_STR: buffer size */
	int required;
	int skip_if_zero;	/* format: leave out when empty/zero */
};

#define FIELD(f) offsetof(struct airlock_host_args, f), sizeof(((struct airlock_host_args *)0)->f)

static const struct opt opts[] = {
	{ "--name", OPT_STR, FIELD(name), 1, 0 },
	{ "--uid", OPT_ID, FIELD(uid), 1, 0 },
	{ "--gid", OPT_ID, FIELD(gid), 1, 0 },
	{ "--pci", OPT_STR, FIELD(pci), 0, 1 },
	{ "--pool-iova", OPT_HEX64, FIELD(pool_iova), 0, 1 },
	{ "--heap-iova", OPT_HEX64, FIELD(heap_iova), 0, 1 },
	{ "--heartbeat-ms", OPT_U32, FIELD(heartbeat_ms), 0, 1 },
	{ "--busy-poll-us", OPT_U32, FIELD(busy_poll_us), 0, 1 },
	{ "--instance", OPT_U32, FIELD(instance), 0, 1 },
	{ "--opt", OPT_STR, FIELD(driver_opt), 0, 1 },
};

#define N_OPTS (sizeof(opts) / sizeof(opts[0]))

static int is_zero(const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i])
			return 0;
	return 1;
}

static int format_value(const struct opt *o, const struct airlock_host_args *a, char **ret)
{
	const void *field = (const char *)a + o->offset;
	int n = -1;

	switch (o->kind) {
	case OPT_STR:
		/* Must be terminated inside its buffer, or parse would refuse it. */
		if (!memchr(field, 0, o->size))
			return -EINVAL;
		*ret = strdup(field);
		return *ret ? 0 : -ENOMEM;
	case OPT_ID:
		n = asprintf(ret, "%u", (unsigned int)*(const uint32_t *)field);
		break;
	case OPT_HEX64:
		n = asprintf(ret, "0x%" PRIx64, *(const uint64_t *)field);
		break;
	case OPT_U32:
		n = asprintf(ret, "%" PRIu32, *(const uint32_t *)field);
		break;
	}
	return n < 0 ? -ENOMEM : 0;
}

void airlock_host_args_free(char **argv)
{
	if (!argv)
		return;
	for (char **p = argv; *p; p++)
		free(*p);
	free(argv);
}

int airlock_host_args_format(const struct airlock_host_args *a, const char *argv0,
			     char ***ret_argv)
{
	char **argv;
	size_t n = 0;
	int r;

	_Static_assert(sizeof(uid_t) == sizeof(uint32_t) && sizeof(gid_t) == sizeof(uint32_t),
		       "ids are formatted as 32-bit");
	if (!a || !argv0 || !ret_argv)
		return -EINVAL;
	argv = calloc(1 + 2 * N_OPTS + 1, sizeof(*argv));
	if (!argv)
		return -ENOMEM;
	argv[n] = strdup(argv0);
	if (!argv[n++]) {
		r = -ENOMEM;
		goto fail;
	}
	for (size_t i = 0; i < N_OPTS; i++) {
		const struct opt *o = &opts[i];
		const void *field = (const char *)a + o->offset;

		if (o->skip_if_zero && is_zero(field, o->kind == OPT_STR ? 1 : o->size))
			continue;
		argv[n] = strdup(o->name);
		if (!argv[n++]) {
			r = -ENOMEM;
			goto fail;
		}
		r = format_value(o, a, &argv[n]);
		if (r < 0)
			goto fail;
		n++;
	}
	*ret_argv = argv;
	return 0;
fail:
	airlock_host_args_free(argv);
	return r;
}

static int parse_u64(const char *s, int base, uint64_t max, uint64_t *ret)
{
	unsigned long long v;
	char *end;

	/* strtoull takes "-1" and leading blanks: neither is a number here. */
	if (!s[0] || s[0] == '-' || s[0] == '+' || s[0] == ' ')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno || *end || v > max)
		return -EINVAL;
	*ret = v;
	return 0;
}

static int parse_value(const struct opt *o, const char *s, struct airlock_host_args *a)
{
	void *field = (char *)a + o->offset;
	uint64_t v;
	int r;

	switch (o->kind) {
	case OPT_STR:
		if (strlen(s) >= o->size)
			return -EINVAL;
		strcpy(field, s);
		return 0;
	case OPT_ID:
		/* (uid_t)-1 means "unchanged" to setresuid(): never a real id. */
		r = parse_u64(s, 10, UINT32_MAX - 1, &v);
		if (r >= 0)
			*(uint32_t *)field = (uint32_t)v;
		return r;
	case OPT_HEX64:
		r = parse_u64(s, 16, UINT64_MAX, &v);
		if (r >= 0)
			*(uint64_t *)field = v;
		return r;
	case OPT_U32:
		r = parse_u64(s, 10, UINT32_MAX, &v);
		if (r >= 0)
			*(uint32_t *)field = (uint32_t)v;
		return r;
	}
	return -EINVAL;
}

int airlock_host_args_parse(int argc, char **argv, struct airlock_host_args *ret)
{
	struct airlock_host_args a;
	int seen[N_OPTS] = { 0 };

	memset(&a, 0, sizeof(a));
	for (int i = 1; i < argc; i++) {
		const struct opt *o = NULL;
		size_t k;

		for (k = 0; k < N_OPTS; k++)
			if (!strcmp(argv[i], opts[k].name)) {
				o = &opts[k];
				break;
			}
		if (!o) {
			fprintf(stderr, "unknown option: %s\n", argv[i]);
			return -EINVAL;
		}
		if (seen[k]++) {
			fprintf(stderr, "option given twice: %s\n", o->name);
			return -EINVAL;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, "option %s needs a value\n", o->name);
			return -EINVAL;
		}
		if (parse_value(o, argv[++i], &a) < 0) {
			fprintf(stderr, "bad value for %s: %s\n", o->name, argv[i]);
			return -EINVAL;
		}
	}
	for (size_t k = 0; k < N_OPTS; k++)
		if (opts[k].required && !seen[k]) {
			fprintf(stderr, "missing option %s\n", opts[k].name);
			return -EINVAL;
		}
	if (!a.name[0]) {
		fprintf(stderr, "empty --name\n");
		return -EINVAL;
	}
	memcpy(ret, &a, sizeof(a));	/* padding too: callers may compare whole structs */
	return 0;
}
