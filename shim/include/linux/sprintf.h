/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * snprintf and friends: the C library's. The kernel's own format
 * extensions (%pM, %pI4, ...) are not understood (docs/porting.md).
 */
#ifndef SHIM_LINUX_SPRINTF_H
#define SHIM_LINUX_SPRINTF_H

#include <stdio.h>

#endif
