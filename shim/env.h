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
/* The wall clock (ktime_get_real). */
uint64_t shim_env_realtime_ns(void);
void shim_env_sleep_us(uint64_t usecs);

/*
 * ---- the event loop: whoever runs the driver (drivers/linux/) ----
 * Calls @fn(@arg) from its loop whenever @fd is readable (an interrupt
 * eventfd), and stops doing so.
 */
int shim_env_watch_fd(int fd, void (*fn)(void *arg), void *arg);
void shim_env_unwatch_fd(int fd);

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
enum shim_env_irq_kind { SHIM_ENV_IRQ_INTX, SHIM_ENV_IRQ_MSI, SHIM_ENV_IRQ_MSIX };
#define SHIM_ENV_IRQ_VECTORS_MAX 8
/* How many vectors of @kind the function has (VFIO_DEVICE_GET_IRQ_INFO), or -errno. */
int shim_env_pci_irq_count(struct shim_pci_env *e, enum shim_env_irq_kind kind);
/*
 * Routes @nvec vectors of @kind (INTx: 1) to @fire(@arg, vector), called
 * from the loop when a vector's eventfd fires; one kind at a time. INTx is
 * unmasked after each call (level-triggered: the handler has quieted the
 * device by then): from a wait at once, from the loop by
 * shim_env_pci_irq_unmask_due() after the next pass of deferred work.
 */
int shim_env_pci_irq_start(struct shim_pci_env *e, enum shim_env_irq_kind kind, unsigned int nvec,
			   void (*fire)(void *arg, unsigned int v), void *arg);
void shim_env_pci_irq_stop(struct shim_pci_env *e);
/* Unmasks INTx if it fired from the loop and is still masked. */
void shim_env_pci_irq_unmask_due(struct shim_pci_env *e);
/*
 * For a driver waiting (shim_kernel_wait): fires, as the loop would, each
 * vector whose eventfd has fired, except those @skip(@arg, vector) names
 * (a handler already running); their events stay for later. Never blocks.
 * Returns how many fired.
 */
int shim_env_pci_irq_poll(struct shim_pci_env *e, bool (*skip)(void *arg, unsigned int v));
const char *shim_env_pci_name(const struct shim_pci_env *e);

/* ---- what runs the driver calls into the kernel-API half ---- */

/* The DMA heap: memory mapped into the IOMMU at @iova, from which pages and coherent memory come. */
int shim_dma_heap_init(void *base, size_t size, uint64_t iova);
/*
 * Another window the device may reach (the region's packet pool); -ERANGE
 * if it lies beyond the DMA mask the driver set.
 */
int shim_dma_add_window(void *base, size_t size, uint64_t iova);
/* IOVAs a window will have when added later: the driver's DMA mask must cover them at probe. */
int shim_dma_plan_window(uint64_t iova, size_t size);
/*
 * Receive memory the family lends (drivers/linux/rx_lend.c): netdev_alloc_frag
 * asks @take first and falls back on the DMA heap when it says NULL;
 * skb_free_frag of memory the heap did not give goes to @give_back, which
 * says -EINVAL if it did not lend it either (a bug). NULL: the heap only.
 */
struct shim_frag_lender {
	void *(*take)(unsigned int size);
	int (*give_back)(void *addr);
};
void shim_dma_set_frag_lender(const struct shim_frag_lender *lender);
/* The PCI function the driver will be probed on. */
int shim_pci_add_device(struct shim_pci_env *e);
/* "NAME=VALUE": a module parameter, before shim_module_init (linux/moduleparam.h). */
int shim_param_set(const char *assignment);
/* The driver's module_init and module_exit (linux/module.h). */
int shim_module_init(void);
void shim_module_exit(void);
/*
 * The kernel's deferred work, one pass: timers due, work items, NAPI
 * polls. Returns how much ran (0: idle).
 */
int shim_kernel_run(void);
/* Whether a NAPI poll is pending (then the loop must not sleep). */
int shim_kernel_pending(void);
/* Milliseconds until the next timer, -1 for none. */
int shim_kernel_next_timeout_ms(void);

#endif
