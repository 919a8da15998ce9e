/* SPDX-License-Identifier: GPL-2.0-only */
/* PTP packet classification: nothing is classified with PTP off (linux/ptp_clock_kernel.h). */
#ifndef SHIM_LINUX_PTP_CLASSIFY_H
#define SHIM_LINUX_PTP_CLASSIFY_H

#define PTP_CLASS_NONE 0x00
#define PTP_EV_PORT 319
#define PTP_GEN_PORT 320

#endif
