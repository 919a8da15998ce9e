// SPDX-License-Identifier: GPL-2.0-only
/*
 * Runs a harness over every file in the folders (or files) given, without
 * libFuzzer: the committed corpus becomes a regression test under the
 * build's own compiler and sanitizers. Speaks TAP, one line per folder.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static int replay_file(const char *path)
{
	static uint8_t buf[1 << 20];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return -errno;
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	return 0;
}

/* Returns the number of inputs replayed, or -errno. */
static long replay_dir(const char *dir)
{
	struct dirent **names;
	char path[4096];
	long count = 0;
	int n;

	n = scandir(dir, &names, NULL, alphasort);
	if (n < 0)
		return replay_file(dir) < 0 ? -errno : 1;
	for (int i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
			if (replay_file(path) == 0)
				count++;
		}
		free(names[i]);
	}
	free(names);
	return count;
}

int main(int argc, char **argv)
{
	int failed = 0;

	printf("1..%d\n", argc - 1);
	for (int i = 1; i < argc; i++) {
		long n = replay_dir(argv[i]);

		/* An empty corpus proves nothing. */
		if (n <= 0)
			failed = 1;
		printf("%s %d - %ld inputs from %s\n", n > 0 ? "ok" : "not ok", i, n, argv[i]);
	}
	return failed;
}
