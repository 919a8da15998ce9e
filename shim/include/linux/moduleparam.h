/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Module parameters: each module_param records its name, type and storage in
 * a linker section; the host sets them from its command line
 * (shim_param_set("copybreak=0")) before module_init, as modprobe would.
 */
#ifndef SHIM_LINUX_MODULEPARAM_H
#define SHIM_LINUX_MODULEPARAM_H

#include <linux/types.h>

enum shim_param_type {
	SHIM_PARAM_INT,
	SHIM_PARAM_UINT,
	SHIM_PARAM_BOOL,
	SHIM_PARAM_USHORT,
};

struct shim_param {
	const char *name;
	enum shim_param_type type;
	void *value;		/* one value, or the array's first */
	unsigned int *num;	/* arrays: how many were set; NULL for scalars */
	unsigned int max;	/* elements */
};

#define shim_param_type_int SHIM_PARAM_INT
#define shim_param_type_uint SHIM_PARAM_UINT
#define shim_param_type_bool SHIM_PARAM_BOOL
#define shim_param_type_ushort SHIM_PARAM_USHORT
/* module_param(x, bool, ...) reaches module_param_named with bool expanded. */
#define shim_param_type__Bool SHIM_PARAM_BOOL

#define module_param_named(name, var, type, perm) \
	static const struct shim_param __shim_param_##name = { \
		#name, shim_param_type_##type, &(var), NULL, 1 }; \
	static const struct shim_param *__shim_paramp_##name \
	__attribute__((used, section("shim_param"))) = &__shim_param_##name
#define module_param(name, type, perm) module_param_named(name, name, type, perm)
#define module_param_array_named(name, array, type, nump, perm) \
	static const struct shim_param __shim_param_##name = { \
		#name, shim_param_type_##type, (array), (nump), \
		sizeof(array) / sizeof((array)[0]) }; \
	static const struct shim_param *__shim_paramp_##name \
	__attribute__((used, section("shim_param"))) = &__shim_param_##name
#define module_param_array(name, type, nump, perm) module_param_array_named(name, name, type, nump, perm)

/* "name=value" or "name=v1,v2,...": 0, -ENOENT for an unknown name, -EINVAL for a bad value. */
int shim_param_set(const char *assignment);

#endif
