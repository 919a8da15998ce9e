/* SPDX-License-Identifier: GPL-2.0-only */
/* A driver process is one thread: CPU 0 (see docs/porting.md). */
#ifndef SHIM_LINUX_SMP_H
#define SHIM_LINUX_SMP_H

#include <asm/barrier.h>

#define smp_processor_id() 0
#define raw_smp_processor_id() 0

#endif
