/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel configuration tests. No CONFIG_ option is set in a driver process
 * unless a driver's meson.build passes one: IS_ENABLED(CONFIG_FOO) is 1
 * only for -DCONFIG_FOO=1 (built in) or -DCONFIG_FOO_MODULE=1, as in the
 * kernel, so code behind an unset option compiles and drops out.
 */
#ifndef SHIM_LINUX_KCONFIG_H
#define SHIM_LINUX_KCONFIG_H

/* "1" pastes into "__kconfig_one_1", which expands to "0,": the 1 becomes the second argument. */
#define __kconfig_one_1 0,
#define __kconfig_second(ignored, val, ...) val
#define __kconfig_pick(arg_or_junk) __kconfig_second(arg_or_junk 1, 0)
#define __kconfig_paste(val) __kconfig_pick(__kconfig_one_##val)
#define __kconfig_defined(x) __kconfig_paste(x)

#define IS_BUILTIN(option) __kconfig_defined(option)
#define IS_MODULE(option) __kconfig_defined(option##_MODULE)
#define IS_REACHABLE(option) (IS_BUILTIN(option) || IS_MODULE(option))
#define IS_ENABLED(option) (IS_BUILTIN(option) || IS_MODULE(option))

#endif
