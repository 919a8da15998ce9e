/* SPDX-License-Identifier: GPL-2.0-only */
/* Kernel integer and handle types on top of the UAPI ones (__u32, __le16, ...). */
#ifndef SHIM_LINUX_TYPES_H
#define SHIM_LINUX_TYPES_H

#include_next <linux/types.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * The kernel's fixed-width types are its own: uint64_t is u64 (unsigned
 * long long, include/linux/types.h), where the C library's is unsigned
 * long. A driver that declares a uint64_t * and passes a u64 * (pcnet32's
 * loopback test) compiles in the kernel and must here. So they are
 * defined the kernel's way before <stdint.h>, whose own definitions glibc
 * then skips (its guards). A file that included <stdint.h> first keeps
 * the C library's: the sizes are the same, only the names differ.
 */
#ifndef _BITS_STDINT_UINTN_H
#define _BITS_STDINT_UINTN_H 1
typedef __u8 uint8_t;
typedef __u16 uint16_t;
typedef __u32 uint32_t;
typedef __u64 uint64_t;
#endif
#ifndef _BITS_STDINT_INTN_H
#define _BITS_STDINT_INTN_H 1
typedef __s8 int8_t;
typedef __s16 int16_t;
typedef __s32 int32_t;
typedef __s64 int64_t;
#endif
#include <stdint.h>
#include <sys/types.h>	/* ssize_t, loff_t: the C library's */
#include <linux/compiler.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s8 s8;
typedef __s16 s16;
typedef __s32 s32;
typedef __s64 s64;

typedef u64 dma_addr_t;
typedef u64 phys_addr_t;
typedef phys_addr_t resource_size_t;
typedef unsigned int gfp_t;

typedef struct {
	int counter;
} atomic_t;

typedef struct {
	long counter;
} atomic64_t;

struct list_head {
	struct list_head *next, *prev;
};

struct hlist_node {
	struct hlist_node *next, **pprev;
};

struct hlist_head {
	struct hlist_node *first;
};

struct rcu_head {
	struct rcu_head *next;
	void (*func)(struct rcu_head *head);
};

#endif
