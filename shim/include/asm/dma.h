/* SPDX-License-Identifier: GPL-2.0-only */
/* The ISA DMA controller: nothing of it exists in a driver process; PCI drivers include it from habit. */
#ifndef SHIM_ASM_DMA_H
#define SHIM_ASM_DMA_H

#endif
