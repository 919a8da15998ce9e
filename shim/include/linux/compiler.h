/* SPDX-License-Identifier: GPL-2.0-only */
/* Compiler idioms of kernel code: annotations that mean nothing in user space, hints, once-accesses. */
#ifndef SHIM_LINUX_COMPILER_H
#define SHIM_LINUX_COMPILER_H

/* The kernel's build includes it in every file (-include linux/kconfig.h). */
#include <linux/kconfig.h>

/* sparse annotations: kernel code's address-space markers; no meaning here. */
#define __iomem
#define __force
#define __user
#define __rcu
#define __percpu
#define __must_check __attribute__((warn_unused_result))
#undef __always_inline
#define __always_inline inline __attribute__((always_inline))
#define noinline __attribute__((noinline))
#define __maybe_unused __attribute__((unused))
#define __always_unused __attribute__((unused))
#define __packed __attribute__((packed))
#define __aligned(x) __attribute__((aligned(x)))
#define __cold __attribute__((cold))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define __read_mostly
#define __cacheline_aligned
#define ____cacheline_aligned
#define ____cacheline_aligned_in_smp
#define __init
#define __exit
#define __devinit
#define __initdata
#define __ref
#define __refdata
#define __pure __attribute__((pure))
#define __weak __attribute__((weak))
#define fallthrough __attribute__((__fallthrough__))
#define notrace

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define barrier() __asm__ __volatile__("" : : : "memory")

#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val) do { *(volatile __typeof__(x) *)&(x) = (val); } while (0)

#define __stringify_1(x...) #x
#define __stringify(x...) __stringify_1(x)

#define __same_type(a, b) __builtin_types_compatible_p(__typeof__(a), __typeof__(b))
#define BUILD_BUG_ON(cond) _Static_assert(!(cond), "BUILD_BUG_ON: " #cond)
#define BUILD_BUG_ON_ZERO(e) ((int)(sizeof(struct { int : (-!!(e)); })))

#endif
