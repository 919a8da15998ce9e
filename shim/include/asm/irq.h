/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SHIM_ASM_IRQ_H
#define SHIM_ASM_IRQ_H

#endif
