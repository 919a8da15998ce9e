/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Modules. A driver host links exactly one driver "module": module_init and
 * module_exit put its entry points into linker sections the host runs
 * (shim_module_init/exit), MODULE_* metadata is dropped.
 */
#ifndef SHIM_LINUX_MODULE_H
#define SHIM_LINUX_MODULE_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>

struct module;
#define THIS_MODULE ((struct module *)0)

typedef int (*shim_initcall_t)(void);
typedef void (*shim_exitcall_t)(void);

#define module_init(fn) \
	static shim_initcall_t __shim_initcall_##fn \
	__attribute__((used, section("shim_initcall"))) = fn
#define module_exit(fn) \
	static shim_exitcall_t __shim_exitcall_##fn \
	__attribute__((used, section("shim_exitcall"))) = fn

#define MODULE_AUTHOR(s)
#define MODULE_DESCRIPTION(s)
#define MODULE_LICENSE(s)
#define MODULE_VERSION(s)
#define MODULE_FIRMWARE(s)
#define MODULE_DEVICE_TABLE(type, name)
#define MODULE_PARM_DESC(name, desc)
#define EXPORT_SYMBOL(sym)
#define EXPORT_SYMBOL_GPL(sym)

/* Run by the host: every module_init in link order; 0 or the first error. */
int shim_module_init(void);
void shim_module_exit(void);

#endif
