import type { ChannelStorage, Storage, StorageOp, Transport } from "@reliable-channel/interfaces";
import { createSdsCore } from "@reliable-channel/sds";
import { memoryStorage } from "@reliable-channel/storage-memory";
import { createMemoryNetwork } from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { createReliableChannel } from "../src/index.js";
import { drive } from "./helpers/drive.js";

/** Storage that adds up the bytes each kind of op asks it to write. */
function countingStorage(inner: Storage) {
  const written = { incoming: 0, meta: 0 };
  const count = (op: StorageOp): void => {
    if (op.type === "incoming-put") written.incoming += op.entry.bytes.length;
    if (op.type === "meta-put") written.meta += op.value.length;
  };
  const wrap = (handle: ChannelStorage): ChannelStorage => ({
    channelId: handle.channelId,
    load: () => handle.load(),
    commit: (ops) => {
      for (const op of ops) count(op);
      return handle.commit(ops);
    },
    close: () => handle.close(),
  });
  const storage: Storage = {
    open: async (id, o) => wrap(await inner.open(id, o)),
    close: () => inner.close(),
  };
  return { storage, written };
}

/** `inner` without a store: a dependency nobody publishes is waited for, never looked up or given up. */
function withoutStore(inner: Transport): Transport {
  return {
    start: () => inner.start(),
    stop: () => inner.stop(),
    publish: (bytes, options) => inner.publish(bytes, options),
    subscribe: (listener) => inner.subscribe(listener),
    ...(inner.maxPayloadBytes === undefined ? {} : { maxPayloadBytes: inner.maxPayloadBytes }),
  };
}

describe("buffered messages in storage (issue 16, finding 3)", () => {
  it("large messages waiting for a missing dependency are written once, not with every snapshot", async () => {
    const network = createMemoryNetwork({
      seed: 3,
      maxPayloadBytes: 1_000_000,
      loss: 0,
      duplication: 0,
      reorder: 0,
    });
    const counted = countingStorage(memoryStorage());
    const reader = await createReliableChannel({
      channelId: "room",
      participantId: "reader",
      transport: withoutStore(network.join("reader")),
      storage: counted.storage,
      clock: network.clock,
      segmentation: false,
    });
    // A publisher whose first message never reaches the topic: everything after it names it.
    const publisher = network.join("publisher");
    await publisher.start();
    const core = createSdsCore({ channelId: "room", participantId: "publisher" });
    const now = network.clock.now();
    core.send(new Uint8Array([1]), { now, nonce: new Uint8Array([0]) });
    const payload = new Uint8Array(150_000).fill(7);
    const count = 20;
    for (let i = 1; i <= count; i++) {
      const { bytes } = core.send(payload, { now: now + i, nonce: new Uint8Array([i]) });
      await publisher.publish(bytes);
    }
    // 30 s of traffic (a sync from the publisher every second): every second a batch is committed.
    for (let second = 0; second < 30; second++) {
      await publisher.publish(core.sync({ now: network.clock.now() }).bytes);
      await drive(network.clock, 1_000, 500);
    }
    expect(reader.syncStatus.received).toBe(0);
    const buffered = count * 150_000;
    // Each buffered message is written once as its row; the snapshots of 30 s stay small (they held the
    // whole buffer, 3 MB a second, before the core's rows).
    expect(counted.written.incoming).toBeGreaterThanOrEqual(buffered);
    expect(counted.written.incoming).toBeLessThan(buffered * 1.01);
    expect(counted.written.meta).toBeLessThan(buffered / 10);
    await reader.stop();
  });
});
