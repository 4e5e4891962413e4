import { StorageCorruptionError } from "@reliable-channel/interfaces";
import { SNAPSHOT_KEYS } from "@reliable-channel/sds";
import { memoryStorage } from "@reliable-channel/storage-memory";
import { createMemoryNetwork } from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { createReliableChannel } from "../src/index.js";

describe("the core's checkpoint in storage", () => {
  it("a damaged checkpoint makes start reject with StorageCorruptionError (never a silent reset)", async () => {
    const storage = memoryStorage();
    const handle = await storage.open("c");
    await handle.commit([{ type: "meta-put", key: SNAPSHOT_KEYS.state, value: new Uint8Array([8, 0]) }]);
    await handle.close();
    const network = createMemoryNetwork({ seed: 1 });
    const start = createReliableChannel({
      channelId: "c",
      participantId: "a",
      transport: network.join("a"),
      storage,
      clock: network.clock,
    });
    await expect(start).rejects.toBeInstanceOf(StorageCorruptionError);
    const again = await storage.open("c"); // the failed start released the storage
    await again.close();
  });

  it("a send commits the core's rows, and the checkpoint holds no message bytes", async () => {
    const storage = memoryStorage();
    const network = createMemoryNetwork({ seed: 1 });
    const channel = await createReliableChannel({
      channelId: "c",
      participantId: "a",
      transport: network.join("a"),
      storage,
      clock: network.clock,
    });
    const payload = new Uint8Array(50_000).fill(1);
    const id = await channel.send(payload);
    await channel.stop();
    const stored = await (await storage.open("c")).load();
    expect(stored.outbox.map((o) => o.messageId)).toEqual([id]);
    expect(stored.log.map((l) => l.messageId)).toEqual([id]);
    expect(stored.handled).toEqual([id]);
    expect(stored.counters.sequence).toBe(1n);
    const checkpoint = Object.values(SNAPSHOT_KEYS).reduce(
      (sum, key) => sum + (stored.meta[key]?.length ?? 0),
      0,
    );
    expect(checkpoint).toBeGreaterThan(0);
    expect(checkpoint).toBeLessThan(payload.length);
  });
});
