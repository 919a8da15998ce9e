/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PTP hardware clocks, as the kernel's header is with CONFIG_PTP_1588_CLOCK
 * off (Debian's config allows it: drivers depend on PTP_1588_CLOCK_OPTIONAL):
 * registering a clock gives NULL, so a driver's PTP code stays inert. The
 * proxy's ABI has no PHC to expose.
 */
#ifndef SHIM_LINUX_PTP_CLOCK_KERNEL_H
#define SHIM_LINUX_PTP_CLOCK_KERNEL_H

#include <linux/ptp_clock.h>
#include <linux/types.h>
#include <linux/ktime.h>

struct device;
struct ptp_clock;

struct ptp_system_timestamp {
	struct timespec64 pre_ts;
	struct timespec64 post_ts;
};

struct ptp_clock_request {
	int type;
	union {
		struct ptp_extts_request extts;
		struct ptp_perout_request perout;
		struct ptp_pin_desc pin;	/* unused: keeps the union the kernel's shape */
	};
};

struct ptp_clock_info {
	void *owner;
	char name[32];
	s32 max_adj;
	int n_alarm;
	int n_ext_ts;
	int n_per_out;
	int n_pins;
	int pps;
	struct ptp_pin_desc *pin_config;
	int (*adjfine)(struct ptp_clock_info *ptp, long scaled_ppm);
	int (*adjfreq)(struct ptp_clock_info *ptp, s32 delta);
	int (*adjphase)(struct ptp_clock_info *ptp, s32 phase);
	int (*adjtime)(struct ptp_clock_info *ptp, s64 delta);
	int (*gettime64)(struct ptp_clock_info *ptp, struct timespec64 *ts);
	int (*gettimex64)(struct ptp_clock_info *ptp, struct timespec64 *ts,
			  struct ptp_system_timestamp *sts);
	int (*getcrosststamp)(struct ptp_clock_info *ptp, void *cts);
	int (*settime64)(struct ptp_clock_info *p, const struct timespec64 *ts);
	int (*enable)(struct ptp_clock_info *ptp, struct ptp_clock_request *request, int on);
	int (*verify)(struct ptp_clock_info *ptp, unsigned int pin, int func, unsigned int chan);
	long (*do_aux_work)(struct ptp_clock_info *ptp);
};

static inline struct ptp_clock *ptp_clock_register(struct ptp_clock_info *info,
						   struct device *parent)
{
	return NULL;
}

static inline int ptp_clock_unregister(struct ptp_clock *ptp) { return 0; }
static inline int ptp_clock_index(struct ptp_clock *ptp) { return -1; }
static inline void ptp_read_system_prets(struct ptp_system_timestamp *sts) { }
static inline void ptp_read_system_postts(struct ptp_system_timestamp *sts) { }
static inline s64 scaled_ppm_to_ppb(long ppm) { return (s64)(((s64)ppm * 125) >> 13); }

#endif
