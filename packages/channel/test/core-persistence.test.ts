import { StorageCorruptionError, type StoredChannelState } from "@reliable-channel/interfaces";
import { createSdsCore } from "@reliable-channel/sds";
import { memoryStorage } from "@reliable-channel/storage-memory";
import { createMemoryNetwork } from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { CORE_STATE_KEY, encodeCoreSnapshot, restoreCoreState } from "../src/core-persistence.js";
import { createReliableChannel } from "../src/index.js";
import { encodeState } from "../src/state-codec.js";

const empty: StoredChannelState = {
  outbox: [],
  log: [],
  incoming: [],
  handled: [],
  counters: { lamportTimestamp: 0n, sequence: 0n },
  meta: {},
};

describe("core persistence", () => {
  it("a fresh channel has no restore state", () => {
    expect(restoreCoreState(empty)).toBeUndefined();
  });

  it("the snapshot leaves out the log, delivered ids and outbox bytes, which come back from their own rows", () => {
    const core = createSdsCore({ channelId: "c", participantId: "a", joinedAt: 0 });
    const sent = core.send(new Uint8Array([1]), { now: 10, nonce: new Uint8Array(16) });
    const snapshot = encodeCoreSnapshot(core);
    const log = [{ messageId: sent.message.messageId, lamportTimestamp: 10n, senderId: "a" }];
    const outbox = [
      {
        messageId: sent.message.messageId,
        sequence: sent.sequence,
        lamportTimestamp: 10n,
        bytes: sent.bytes,
        state: "sent" as const,
        attempts: 1,
        nextAttemptAt: 0,
        createdAt: 0,
      },
    ];
    const meta = { [CORE_STATE_KEY]: snapshot };
    const restored = restoreCoreState({ ...empty, log, outbox, handled: [sent.message.messageId], meta });
    expect(restored?.outgoing.map((o) => o.entry.bytes)).toEqual([sent.bytes]);
    const full = encodeState(core.exportState()).length;
    expect(snapshot.length).toBeLessThan(full - sent.bytes.length + 200);
    expect(restored?.log).toEqual(log);
    expect(restored?.handled).toEqual([sent.message.messageId]);
    expect(restored?.sequence).toBe(sent.sequence);
    expect(
      createSdsCore({ channelId: "c", participantId: "a", ...(restored ? { restore: restored } : {}) })
        .lamportTimestamp,
    ).toBe(core.lamportTimestamp);
  });

  it("a corrupted snapshot makes start reject with StorageCorruptionError (never a silent reset)", async () => {
    expect(() => restoreCoreState({ ...empty, meta: { [CORE_STATE_KEY]: new Uint8Array([9, 9]) } })).toThrow(
      StorageCorruptionError,
    );
    const storage = memoryStorage();
    const handle = await storage.open("c");
    await handle.commit([{ type: "meta-put", key: CORE_STATE_KEY, value: new Uint8Array([8, 0]) }]);
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
});
