// SPDX-License-Identifier: GPL-2.0-only
/*
 * airlock-hostile: a test-only driver process that attacks airlock.ko, one
 * attack per run (tests/vm/scenarios/hostile-*.sh, docs/security.md).
 *
 *   airlock-hostile list
 *   airlock-hostile ATTACK ID [--seconds N] [--seed N]
 *
 * It attaches to proxy device ID like a real driver (root stands in for
 * the supervisor that would hand it the attachment), behaves until the
 * carrier is on, then misbehaves as ATTACK says and prints what the kernel
 * did. Exit 0: the attack ran (and, for the attacks that check the
 * kernel's answer themselves, the answer was right); 1: it did not, or the
 * kernel's answer was wrong; 2: usage. Whether the kernel detached it is
 * printed ("outcome: ...") and judged by the scenario from the shadow.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostile.h"

static const struct hostile_attack *const tables[] = {
	hostile_attacks_bounds,
	hostile_attacks_protocol,
	hostile_attacks_race,
	hostile_attacks_config,
};

static const struct hostile_attack *find_attack(const char *name)
{
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (const struct hostile_attack *a = tables[t]; a->name; a++)
			if (!strcmp(a->name, name))
				return a;
	return NULL;
}

static int usage(void)
{
	fprintf(stderr, "usage: airlock-hostile list\n"
			"       airlock-hostile ATTACK ID [--seconds N] [--seed N]\n");
	return 2;
}

static int parse_u64(const char *s, uint64_t *ret)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end)
		return -EINVAL;
	*ret = v;
	return 0;
}

int main(int argc, char **argv)
{
	struct hostile_opts o = { .seconds = 3, .seed = 1 };
	const struct hostile_attack *a;
	struct airlock_shadow s0, s1;
	bool have_shadow;
	uint64_t v;
	int r;

	/* Writes to a closed socket or pipe are errors here, not deaths. */
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 2 && !strcmp(argv[1], "list")) {
		for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
			for (a = tables[t]; a->name; a++)
				printf("%-22s %s\n", a->name, a->what);
		return 0;
	}
	if (argc < 3 || !(a = find_attack(argv[1])) || parse_u64(argv[2], &v) || v > UINT32_MAX)
		return usage();
	o.id = (uint32_t)v;
	for (int i = 3; i < argc; i++) {
		if (i + 1 >= argc || parse_u64(argv[i + 1], &v))
			return usage();
		if (!strcmp(argv[i], "--seconds") && v <= 3600)
			o.seconds = (unsigned int)v;
		else if (!strcmp(argv[i], "--seed"))
			o.seed = v;
		else
			return usage();
		i++;
	}

	printf("attack %s on device %u: %s\n", a->name, o.id, a->what);
	have_shadow = hostile_shadow(o.id, &s0) == 0;
	r = a->run(&o);
	/* What the kernel counted, for the scenario: one line, after we let go. */
	if (have_shadow && hostile_shadow(o.id, &s1) == 0)
		printf("shadow: violations +%llu ctrl_errors +%llu generations +%llu attached %u\n",
		       (unsigned long long)(s1.violations - s0.violations),
		       (unsigned long long)(s1.ctrl_errors - s0.ctrl_errors),
		       (unsigned long long)(s1.generation - s0.generation), s1.attached);
	if (r < 0) {
		printf("attack %s: FAILED: %s\n", a->name, strerror(-r));
		return 1;
	}
	printf("attack %s: done\n", a->name);
	return 0;
}
