/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The contract between the two halves of the shim.
 *
 * The kernel-API half (the .c files of shim/, compiled against
 * shim/include/) speaks Linux's in-kernel API to the driver. The
 * environment half (the files of shim/os/, compiled against the C library and the system's UAPI headers) owns the
 * file descriptors: the VFIO device, the event loop, the stub's rings. They
 * meet only here, in plain C types and the ring ABI's own structures, so
 * neither half ever sees the other's headers.
 */
#ifndef SHIM_ENV_H
#define SHIM_ENV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <airlock/abi.h>

/* ---- time (os/clock.c) ---- */

uint64_t shim_env_now_ns(void);
/* Monotonic too, cheap to read, in steps of the system's timer tick (a few ms). */
uint64_t shim_env_now_coarse_ns(void);
void shim_env_sleep_us(uint64_t usecs);

/* ---- the event loop (os/loop.c) ---- */

struct shim_loop_hooks {
	/* Does pending work; returns how much (0: idle) or a negative errno to stop the loop. */
	int (*poll)(void *arg);
	/* Before sleeping: arm wakeups; > 0 if work arrived meanwhile (then don't sleep). */
	int (*prepare_sleep)(void *arg);
	/* Milliseconds until this hook needs polling again, -1 for never. */
	int (*next_timeout_ms)(void *arg);
	void *arg;
};

int shim_loop_init(void);
void shim_loop_free(void);
/* Calls @fn(@arg) from the loop whenever @fd is readable. */
int shim_loop_add_fd(int fd, void (*fn)(void *arg), void *arg);
int shim_loop_del_fd(int fd);
int shim_loop_add_hooks(const struct shim_loop_hooks *hooks);
/* Runs until shim_loop_stop() or a hook fails; returns 0 or that hook's error. */
int shim_loop_run(void);
void shim_loop_stop(void);
/* For the log: passes over the hooks, and how many ended in a blocking epoll_wait. */
void shim_loop_counters(uint64_t *ret_rounds, uint64_t *ret_sleeps);

/* ---- a PCI function behind VFIO (os/vfio_pci.c) ---- */

struct shim_pci_env;

/* Wraps an open VFIO device fd (kept, closed by shim_env_pci_close) for PCI function @bdf. */
int shim_env_pci_open(int device_fd, const char *bdf, struct shim_pci_env **ret);
void shim_env_pci_close(struct shim_pci_env *e);
int shim_env_pci_config_read(struct shim_pci_env *e, uint32_t off, void *buf, size_t len);
int shim_env_pci_config_write(struct shim_pci_env *e, uint32_t off, const void *buf, size_t len);
/* BAR @bar: its size (0 if absent) and whether it is I/O space. */
int shim_env_pci_bar(struct shim_pci_env *e, int bar, uint64_t *ret_size, bool *ret_io);
int shim_env_pci_bar_map(struct shim_pci_env *e, int bar, void **ret_addr);
int shim_env_pci_bar_rw(struct shim_pci_env *e, int bar, uint64_t off, void *buf, size_t len,
			bool write);
/*
 * Routes the device's INTx to @fire(@arg), called from the loop; the line is
 * unmasked after each call (level-triggered: the handler has quieted the
 * device by then).
 */
int shim_env_pci_irq_start(struct shim_pci_env *e, void (*fire)(void *arg), void *arg);
void shim_env_pci_irq_stop(struct shim_pci_env *e);
const char *shim_env_pci_name(const struct shim_pci_env *e);

/* ---- the stub's rings (os/port.c) ---- */

struct shim_port;

/*
 * Maps the region memfd of an attachment (after AIRLOCK_IOC_ATTACH: the
 * kernel has reset the rings) and watches @kick_fd in the loop. The fds
 * stay the caller's.
 */
int shim_port_open(int region_fd, int kick_fd, int doorbell_fd, struct shim_port **ret);
/*
 * shim_port_open() in two steps, for a host that must map the region
 * before its sandbox forbids fstat/fcntl but may attach to the rings only
 * once the kernel has reset them (after ATTACH): map, then attach.
 */
int shim_port_map(int region_fd, struct shim_port **ret);
int shim_port_attach(struct shim_port *p, int kick_fd, int doorbell_fd);
void shim_port_close(struct shim_port *p);
/* The region's packet pool, for shim_dma_add_window once it is in the IOMMU. */
void shim_port_pool(const struct shim_port *p, void **ret_base, size_t *ret_size,
		    uint64_t *ret_offset);
/* 0 and the next control request, -EAGAIN if none, or -errno (ring broken). */
int shim_port_ctrl_next(struct shim_port *p, struct airlock_ctrl_msg *ret_req);
int shim_port_ctrl_reply(struct shim_port *p, const struct airlock_ctrl_msg *req, int status);
/* The addresses a SET_RX_MODE names: count, or -errno. */
int shim_port_ctrl_addrs(struct shim_port *p, const struct airlock_ctrl_msg *req,
			 struct airlock_addr *ret_addrs, size_t max);
/* 0 and the next TX frame (descriptor checked, *ret_data its buffer), -EAGAIN, or -errno. */
int shim_port_tx_next(struct shim_port *p, struct airlock_desc *ret_desc, void **ret_data);
/* TX descriptors the stub has posted and tx_next has not taken yet. */
int shim_port_tx_pending(const struct shim_port *p);
/* Gives a TX buffer back to the stub (sent or, with AIRLOCK_DESC_F_TX_DROPPED, not). */
int shim_port_tx_done(struct shim_port *p, const struct airlock_desc *desc);
/*
 * Posts one received frame gathered from @n pieces onto the RX ring;
 * -ENOBUFS if the ring is full or -EMSGSIZE if it is larger than a buffer
 * (the caller counts a drop).
 */
int shim_port_rx_post(struct shim_port *p, const void *const *pieces, const uint32_t *lens,
		      unsigned int n, uint16_t flags);
struct airlock_state *shim_port_state(struct shim_port *p);
uint32_t shim_port_buf_size(const struct shim_port *p);
/* Kicks the kernel if it waits for what we produced since the last flush. */
void shim_port_flush(struct shim_port *p);
/* Doorbells rung on the kernel so far, for the log. */
uint64_t shim_port_kicks(const struct shim_port *p);
/* Before sleeping: asks for kicks on the rings we consume; > 0 if work arrived meanwhile. */
int shim_port_prepare_sleep(struct shim_port *p);
/* After waking: stop asking for kicks while polling. */
void shim_port_wake_done(struct shim_port *p);

/* ---- the host's hand-over to the kernel-API half (shim/dma.c, shim/pci.c, shim/netdev.c) ---- */

/* The DMA heap: memory mapped into the IOMMU at @iova, from which pages and coherent memory come. */
int shim_dma_heap_init(void *base, size_t size, uint64_t iova);
/* Another window the device may reach (the region's packet pool). */
int shim_dma_add_window(void *base, size_t size, uint64_t iova);
/* The PCI function the driver will be probed on. */
int shim_pci_add_device(struct shim_pci_env *e);
/*
 * The netdev the driver registered: its permanent MAC, largest MTU, and
 * the AIRLOCK_FEAT_* it offers (what the proxy's CREATE may name).
 */
int shim_netdev_registered(uint8_t ret_mac[6], uint32_t *ret_max_mtu, uint64_t *ret_features);
/* Binds the registered netdev to the stub's rings; the loop serves them from now on. */
int shim_netdev_attach(struct shim_port *port);
/* Loop hooks of the kernel-API half: timers, work items, NAPI, the netdev's rings. */
int shim_kernel_hooks(struct shim_loop_hooks *ret);

#endif
