// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shared region: pinning the memfd's pages, mapping them, checking a
 * private copy of the header, and ring access with every index read once
 * and bounded. The driver may rewrite anything in the region at any moment;
 * nothing here reads a shared value twice or trusts it unchecked.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/shmem_fs.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "airlock.h"

static void airlock_ring_init(struct airlock_att *att, struct airlock_ring *ring,
			      const struct airlock_ring_loc *loc)
{
	ring->hdr = att->base + loc->offset;
	ring->entries = att->base + loc->offset + AIRLOCK_RING_HDR_SIZE;
	ring->mask = loc->entries - 1;
	ring->entry_size = loc->entry_size;
	/*
	 * Every attachment starts the rings afresh: a region reused after a
	 * crash holds the dead instance's indices. The supervisor hands the
	 * region to the new driver only after ATTACH returned. Both consumers
	 * start out asking for a doorbell: neither is polling yet, and a
	 * first kick too many costs nothing while one too few loses frames.
	 */
	ring->local = 0;
	WRITE_ONCE(ring->hdr->producer, 0);
	WRITE_ONCE(ring->hdr->consumer, 0);
	WRITE_ONCE(ring->hdr->flags, AIRLOCK_RING_NEED_WAKEUP);
}

/*
 * Entries the producer has published that we have not consumed. A fill
 * level beyond the ring size means the producer index is garbage.
 */
int airlock_ring_consumable(struct airlock_ring *ring, u32 *ret_avail)
{
	/* Acquire pairs with the producer's release: entries are visible. */
	u32 producer = smp_load_acquire(&ring->hdr->producer);

	return airlock_check_consumable(producer, ring->local, ring->mask + 1, ret_avail);
}

/* Free slots we may produce into; a consumer index ahead of us is garbage. */
int airlock_ring_producible(struct airlock_ring *ring, u32 *ret_room)
{
	/* Acquire pairs with the consumer's release: it is done with the slots. */
	u32 consumer = smp_load_acquire(&ring->hdr->consumer);

	return airlock_check_producible(consumer, ring->local, ring->mask + 1, ret_room);
}

void *airlock_ring_entry(struct airlock_ring *ring, u32 index)
{
	return ring->entries + (size_t)(index & ring->mask) * ring->entry_size;
}

/* Producer: make entries up to ring->local visible. */
void airlock_ring_publish(struct airlock_ring *ring)
{
	/* Release: the entries are written before the index that shows them. */
	smp_store_release(&ring->hdr->producer, ring->local);
}

/* Consumer: hand slots up to ring->local back to the producer. */
void airlock_ring_consume(struct airlock_ring *ring)
{
	/* Release: our reads of the slots are done before the producer reuses them. */
	smp_store_release(&ring->hdr->consumer, ring->local);
}

/*
 * Producer, after publishing: does the consumer want a doorbell? The full
 * barrier pairs with the one in the consumer's "prepare to sleep" (see
 * abi.h): either it sees our producer index or we see its flag.
 */
bool airlock_ring_peer_sleeps(struct airlock_ring *ring)
{
	/* Orders our producer store before the flag load; pairs with ring_sleep. */
	smp_mb();
	return READ_ONCE(ring->hdr->flags) & AIRLOCK_RING_NEED_WAKEUP;
}

/*
 * Consumer, before going idle: ask for a doorbell, then look again. Returns
 * true if it is safe to sleep (nothing arrived meanwhile, nothing broke).
 */
bool airlock_ring_sleep(struct airlock_ring *ring)
{
	u32 avail;

	WRITE_ONCE(ring->hdr->flags, AIRLOCK_RING_NEED_WAKEUP);
	/* Orders the flag store before the producer load; pairs with peer_sleeps. */
	smp_mb();
	/*
	 * A broken index is work: the poll that follows reports it. Sleeping
	 * on it would leave a driver that broke the ring and went quiet
	 * undetected until its next doorbell.
	 */
	if (airlock_ring_consumable(ring, &avail))
		return false;
	return avail == 0;
}

/* Consumer, busy again: doorbells not needed. */
void airlock_ring_awake(struct airlock_ring *ring)
{
	WRITE_ONCE(ring->hdr->flags, 0);
}

static int airlock_region_pin(struct airlock_att *att, struct file *region)
{
	struct address_space *mapping = region->f_mapping;
	loff_t size = i_size_read(file_inode(region));
	unsigned long i;

	/* shmem only (memfd): its pages can be pinned and mapped here. */
	if (!shmem_file(region))
		return -EINVAL;
	if (size < (loff_t)sizeof(struct airlock_region_hdr) ||
	    size > AIRLOCK_REGION_MAX_SIZE || size % AIRLOCK_POOL_ALIGN ||
	    size % PAGE_SIZE)
		return -EINVAL;

	att->size = size;
	att->n_pages = size >> PAGE_SHIFT;
	att->pages = kvcalloc(att->n_pages, sizeof(*att->pages), GFP_KERNEL);
	if (!att->pages)
		return -ENOMEM;

	/*
	 * Holding a reference on each page keeps it even if the file is
	 * truncated later: the worst a driver gets is a region that no
	 * longer matches its own mapping.
	 */
	for (i = 0; i < att->n_pages; i++) {
		struct page *page = shmem_read_mapping_page(mapping, i);

		if (IS_ERR(page)) {
			att->n_pages = i;
			return PTR_ERR(page);
		}
		att->pages[i] = page;
	}

	att->base = vmap(att->pages, att->n_pages, VM_MAP, PAGE_KERNEL);
	return att->base ? 0 : -ENOMEM;
}

/*
 * Sets up queue @index from the validated header copy: fresh rings, every
 * TX buffer free and owned by the kernel.
 */
static int airlock_queue_init(struct airlock_att *att, u32 index)
{
	const struct airlock_queue_loc *loc = &att->hdr.queues[index];
	struct airlock_queue *q = &att->queues[index];
	u32 i;

	q->att = att;
	q->index = index;
	spin_lock_init(&q->tx_lock);
	airlock_ring_init(att, &q->tx, &loc->tx);
	airlock_ring_init(att, &q->rx, &loc->rx);
	airlock_ring_init(att, &q->ret, &loc->ret);
	q->tx_bufs = loc->tx_bufs;
	q->rx_bufs = loc->rx_bufs;

	q->tx_free = kvcalloc(q->tx_bufs.count, sizeof(*q->tx_free), GFP_KERNEL);
	q->tx_lent = bitmap_zalloc(q->tx_bufs.count, GFP_KERNEL);
	q->tx_lent_id = kvcalloc(q->tx_bufs.count, sizeof(*q->tx_lent_id), GFP_KERNEL);
	if (!q->tx_free || !q->tx_lent || !q->tx_lent_id)
		return -ENOMEM;
	/* Pop order: lowest index first. */
	for (i = 0; i < q->tx_bufs.count; i++)
		q->tx_free[i] = q->tx_bufs.count - 1 - i;
	q->n_tx_free = q->tx_bufs.count;
	return 0;
}

/*
 * Pins and maps @region, validates it and sets up every queue it lays out
 * (the caller checks that their number matches the device's).
 */
struct airlock_att *airlock_region_attach(struct file *region)
{
	struct airlock_att *att;
	u32 i;
	int ret;

	att = kzalloc(sizeof(*att), GFP_KERNEL);
	if (!att)
		return ERR_PTR(-ENOMEM);
	spin_lock_init(&att->ctrl_lock);
	atomic_set(&att->broken, 0);

	ret = airlock_region_pin(att, region);
	if (ret)
		goto fail;

	/* Read once: every later decision uses this copy. */
	memcpy(&att->hdr, att->base, sizeof(att->hdr));
	barrier();
	ret = airlock_region_check(&att->hdr, att->size);
	if (ret)
		goto fail;

	airlock_ring_init(att, &att->ctrl_req, &att->hdr.ctrl_req);
	airlock_ring_init(att, &att->ctrl_rsp, &att->hdr.ctrl_rsp);
	att->state = att->base + att->hdr.state_offset;
	att->addr_slots = att->base + att->hdr.addr_offset;
	att->pool = att->base + att->hdr.pool_offset;

	att->pending = kcalloc(att->hdr.ctrl_req.entries, sizeof(*att->pending),
			       GFP_KERNEL);
	if (!att->pending) {
		ret = -ENOMEM;
		goto fail;
	}
	/* The check bounded n_queues by AIRLOCK_MAX_QUEUES. */
	att->n_queues = att->hdr.n_queues;
	for (i = 0; i < att->n_queues; i++) {
		ret = airlock_queue_init(att, i);
		if (ret)
			goto fail;
	}
	return att;

fail:
	airlock_region_release(att);
	return ERR_PTR(ret);
}

void airlock_region_release(struct airlock_att *att)
{
	unsigned long i;

	for (i = 0; i < AIRLOCK_MAX_QUEUES; i++) {
		bitmap_free(att->queues[i].tx_lent);
		kvfree(att->queues[i].tx_free);
		kvfree(att->queues[i].tx_lent_id);
	}
	kfree(att->pending);
	if (att->base)
		vunmap(att->base);
	for (i = 0; i < att->n_pages; i++)
		put_page(att->pages[i]);
	kvfree(att->pages);
	kfree(att);
}
