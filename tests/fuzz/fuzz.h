/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The libFuzzer entry point each harness defines. Built with clang
 * -fsanitize=fuzzer by tests/fuzz/run-fuzz, or with replay.c (any compiler)
 * to run a corpus as a regression test.
 */
#ifndef AIRLOCK_FUZZ_H
#define AIRLOCK_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

#endif
