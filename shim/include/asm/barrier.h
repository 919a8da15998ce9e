/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Barriers, x86-64. The device sees our stores to DMA memory and to its BAR
 * through the same coherent memory system, so dma_wmb/dma_rmb are compiler
 * barriers plus the x86 store order, as in the kernel; mb/wmb/rmb are real
 * fences because MMIO (uncached BAR mappings) may need them.
 */
#ifndef SHIM_ASM_BARRIER_H
#define SHIM_ASM_BARRIER_H

#include <linux/compiler.h>

#define mb() __asm__ __volatile__("mfence" : : : "memory")
#define rmb() __asm__ __volatile__("lfence" : : : "memory")
#define wmb() __asm__ __volatile__("sfence" : : : "memory")
#define dma_rmb() barrier()
#define dma_wmb() barrier()
#define smp_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_rmb() barrier()
#define smp_wmb() barrier()
#define smp_store_release(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define smp_load_acquire(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)

#endif
