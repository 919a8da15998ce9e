// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shim's MMIO accessors order like the kernel's x86 ones: readX/writeX
 * are compiler barriers against normal memory, so a descriptor a driver
 * fills before writel() to the tail register is in memory when the device
 * sees that write, and a descriptor the device wrote back is read afresh
 * after it. Plain volatile accesses do not promise that: at -O2 GCC drops a
 * store that a later one overwrites, or reuses a value it read or stored
 * before, across them.
 *
 * A single thread cannot watch the order of its own accesses, so the "BAR"
 * is a page with no access rights: the accessor's mov traps, and the SIGSEGV
 * handler plays the device at exactly that point (reads the descriptor,
 * writes its status back), then opens the page so the mov completes.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>

#include <linux/io.h>

/*
 * Each probe is a function of its own, as a driver's is: inlined into its
 * caller, the calls around it (mprotect, sigaction) would order its accesses
 * by themselves.
 */
#ifdef __clang__
#define io_probe __attribute__((__noinline__))	/* noinline is a macro here */
#else
#define io_probe __attribute__((__noipa__))
#endif

#define DESC_LEN 60
#define DESC_UNSET 0xdeadU
#define DESC_DONE 0x1U
#define BAR_SIZE 4096
#define REG 8			/* register offset in the BAR: aligned for writeq */

struct tx_desc {
	u64 addr;
	u32 len;
	u32 status;
};

/*
 * Two distinct objects, as a descriptor ring and a BAR are: the compiler
 * knows an access to one is not an access to the other, so nothing but the
 * accessor's barrier keeps the descriptor's accesses on their side of it.
 */
static struct tx_desc ring;	/* normal memory the device reads and writes by DMA */
static unsigned char bar[BAR_SIZE] __aligned(BAR_SIZE);	/* a page of its own */
static struct sigaction saved_segv;	/* cmocka's handler, put back after each probe */

static volatile sig_atomic_t device_calls;
static volatile u32 device_len;	/* ring.len as the device saw it */

static void device(int sig, siginfo_t *si, void *uc)
{
	unsigned char *a = si->si_addr;

	if (a < bar || a >= bar + BAR_SIZE) {
		/* A real fault: give it back to cmocka, the retry lands there. */
		sigaction(SIGSEGV, &saved_segv, NULL);
		return;
	}
	device_len = READ_ONCE(ring.len);
	WRITE_ONCE(ring.status, DESC_DONE);
	device_calls++;
	mprotect(bar, BAR_SIZE, PROT_READ | PROT_WRITE);
}

/*
 * Each probe is the driver's pattern around one accessor: fill the
 * descriptor, touch the register, reuse the descriptor, and read the status
 * the device wrote meanwhile. Without a barrier the compiler may drop the
 * first len store (a later store overwrites it and, as far as it can see,
 * nothing reads it in between) and return the status it stored itself.
 */
typedef u32 probe_fn(void);

#define WRITE_PROBE(name, write, type)						\
static io_probe u32 name(void)							\
{										\
	ring.len = DESC_LEN;							\
	ring.status = 0;							\
	write((type)1, bar + REG);						\
	ring.len = 0;								\
	return ring.status;							\
}

#define READ_PROBE(name, read)							\
static io_probe u32 name(void)							\
{										\
	ring.len = DESC_LEN;							\
	ring.status = 0;							\
	(void)read(bar + REG);							\
	ring.len = 0;								\
	return ring.status;							\
}

WRITE_PROBE(probe_writeb, writeb, u8)
WRITE_PROBE(probe_writew, writew, u16)
WRITE_PROBE(probe_writel, writel, u32)
WRITE_PROBE(probe_writeq, writeq, u64)
WRITE_PROBE(probe_iowrite32, iowrite32, u32)
READ_PROBE(probe_readb, readb)
READ_PROBE(probe_readw, readw)
READ_PROBE(probe_readl, readl)
READ_PROBE(probe_readq, readq)
READ_PROBE(probe_ioread32, ioread32)

struct sighting {
	int calls;
	u32 len_seen;	/* what the device read at the access */
	u32 status;	/* what the driver read after it */
	u32 len_after;
};

static struct sighting run_probe(probe_fn *probe)
{
	struct sigaction sa = { .sa_sigaction = device, .sa_flags = SA_SIGINFO };
	struct sighting s;

	memset(&ring, 0, sizeof(ring));
	ring.len = DESC_UNSET;
	device_calls = 0;
	device_len = 0;
	sigemptyset(&sa.sa_mask);
	assert_int_equal(sigaction(SIGSEGV, &sa, &saved_segv), 0);
	assert_int_equal(mprotect(bar, BAR_SIZE, PROT_NONE), 0);
	s.status = probe();
	mprotect(bar, BAR_SIZE, PROT_READ | PROT_WRITE);	/* also if it never trapped */
	sigaction(SIGSEGV, &saved_segv, NULL);
	s.calls = device_calls;
	s.len_seen = device_len;
	s.len_after = ring.len;
	return s;
}

static const struct {
	const char *name;
	probe_fn *probe;
} probes[] = {
	{ "writeb", probe_writeb }, { "writew", probe_writew },
	{ "writel", probe_writel }, { "writeq", probe_writeq },
	{ "iowrite32", probe_iowrite32 },
	{ "readb", probe_readb }, { "readw", probe_readw },
	{ "readl", probe_readl }, { "readq", probe_readq },
	{ "ioread32", probe_ioread32 },
};

static void test_accessors_are_compiler_barriers(void **state)
{
	size_t i;
	int bad = 0;

	/* Every probe runs, so a failure names every accessor that reorders. */
	for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		struct sighting s = run_probe(probes[i].probe);
		const char *name = probes[i].name;

		if (s.calls != 1) {
			print_error("%s: the device saw %d accesses, not 1\n", name, s.calls);
			bad++;
		}
		/* 0xdead: the fill was not in memory yet when the device looked. */
		if (s.len_seen != DESC_LEN) {
			print_error("%s: device read len %#x at the access; the driver stored %#x before it\n",
				    name, s.len_seen, DESC_LEN);
			bad++;
		}
		/* 0: the driver used a value from before the access. */
		if (s.status != DESC_DONE) {
			print_error("%s: driver read status %#x after the access; the device wrote %#x\n",
				    name, s.status, DESC_DONE);
			bad++;
		}
		if (s.len_after != 0) {
			print_error("%s: len %#x at the end, not 0\n", name, s.len_after);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* Every accessor moves exactly its width at the right place, ordered or not. */
static void test_accessors_width(void **state)
{
	unsigned char *r = bar;
	u16 words[3] = { 0x1111, 0x2222, 0x3333 }, back[3] = { 0 };

	BUILD_BUG_ON(!__same_type(readb(r), u8));
	BUILD_BUG_ON(!__same_type(readw(r), u16));
	BUILD_BUG_ON(!__same_type(readl(r), u32));
	BUILD_BUG_ON(!__same_type(readq(r), u64));
	BUILD_BUG_ON(!__same_type(readl_relaxed(r), u32));
	BUILD_BUG_ON(!__same_type(__raw_readq(r), u64));

	memset(r, 0, 32);

	writeq(0x0123456789abcdefULL, r);
	assert_true(readq(r) == 0x0123456789abcdefULL);
	writeb(0xaa, r + 1);
	writew(0xbbbb, r + 2);
	writel(0xcccccccc, r + 4);
	assert_true(readq(r) == 0xccccccccbbbbaaefULL);
	assert_int_equal(readb(r + 1), 0xaa);
	assert_int_equal(readw(r + 2), 0xbbbb);
	assert_int_equal(readl(r + 4), 0xcccccccc);
	assert_int_equal(readq(r + 8), 0);		/* nothing spilled over */

	writeq_relaxed(0x1122334455667788ULL, r + 8);
	writel_relaxed(0x99999999, r + 8);
	writew_relaxed(0x7777, r + 12);
	writeb_relaxed(0x66, r + 15);
	assert_true(readq_relaxed(r + 8) == 0x6622777799999999ULL);
	assert_int_equal(readl_relaxed(r + 12), 0x66227777);
	assert_int_equal(readw_relaxed(r + 12), 0x7777);
	assert_int_equal(readb_relaxed(r + 14), 0x22);

	__raw_writeq(0, r + 16);
	__raw_writel(0x44444444, r + 16);
	__raw_writew(0x5555, r + 20);
	__raw_writeb(0x22, r + 23);
	assert_true(__raw_readq(r + 16) == 0x2200555544444444ULL);
	assert_int_equal(__raw_readl(r + 20), 0x22005555);
	assert_int_equal(__raw_readw(r + 16), 0x4444);
	assert_int_equal(__raw_readb(r + 23), 0x22);

	iowrite8(0x01, r + 24);
	iowrite16(0x0302, r + 26);
	assert_int_equal(ioread32(r + 24), 0x03020001);
	iowrite32(0x0a0b0c0d, r + 24);
	assert_int_equal(ioread16(r + 24), 0x0c0d);
	assert_int_equal(ioread8(r + 27), 0x0a);

	/* The _rep forms stay on one register (a FIFO): the last word wins, reads repeat it. */
	iowrite16_rep(r + 28, words, 3);
	assert_int_equal(readw(r + 28), 0x3333);
	assert_int_equal(readw(r + 30), 0);
	ioread16_rep(r + 28, back, 3);
	assert_int_equal(back[0], 0x3333);
	assert_int_equal(back[2], 0x3333);
}

/* The BAR must be a page of its own, or write-protecting it would stop more than the probes. */
static int setup(void **state)
{
	return sysconf(_SC_PAGESIZE) == BAR_SIZE ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accessors_are_compiler_barriers),
		cmocka_unit_test(test_accessors_width),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
