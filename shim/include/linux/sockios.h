/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SHIM_LINUX_SOCKIOS_H
#define SHIM_LINUX_SOCKIOS_H

#define SIOCGMIIPHY 0x8947
#define SIOCGMIIREG 0x8948
#define SIOCSMIIREG 0x8949

#endif
