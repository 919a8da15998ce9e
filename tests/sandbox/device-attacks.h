/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The probe's attacks through the VFIO device it holds (device-attacks.c):
 * "wild-dma" (TX descriptors at @target, a physical address nobody
 * mapped), "wild-mmio" (random writes over BAR0), "bar-outside" (map and
 * write past BAR0). 0 if every call went through, -errno of the one VFIO
 * refused, -ENOSYS for another name.
 */
#ifndef AIRLOCK_DEVICE_ATTACKS_H
#define AIRLOCK_DEVICE_ATTACKS_H

#include <stdbool.h>
#include <stdint.h>

int device_attack(const char *name, uint64_t target);

#endif
