import type { StorageOp } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import type { SdsCore, SdsCoreInit } from "../src/index.js";
import { FLOOR_KEYS, restoreFromStorage } from "../src/index.js";
import { nonce, peer, text } from "./support/peers.js";
import { storageModel } from "./support/storage-model.js";

// Issue 16, finding 2, at the core and in milliseconds: a flood of well-formed messages rolls the reader's
// dedupe window (10 ids here, 100,000 by default) between a delivery and a late re-send of the same message
// (its sender heard no acknowledgement and retries). The re-send must stay a duplicate, with or without a
// restart (from a checkpoint, or a crash that kept only the committed rows) in between.

const WINDOW = 10;
const READER: Partial<SdsCoreInit> = { dedupeWindow: WINDOW };

/** A flooder whose every message the reader delivers at once (each names only the flooder's previous one). */
function flooder() {
  const mallory = peer("mallory");
  let n = 0;
  return (reader: SdsCore, count: number, apply: (changes: readonly StorageOp[]) => void) => {
    for (let i = 0; i < count; i += 1, n += 1) {
      const now = 1_000 + n;
      const { bytes } = mallory.send(text(`flood ${n}`), { now, nonce: nonce(n) });
      const received = reader.receive(bytes, { now });
      expect(received.outcome).toBe("delivered");
      apply(received.changes);
    }
  };
}

describe("a flood that rolls the dedupe window", () => {
  it("leaves a late re-send of a delivered message a duplicate", () => {
    const alice = peer("alice");
    const bob = peer("bob", READER);
    const flood = flooder();
    const sent = alice.send(text("hello"), { now: 1, nonce: nonce(1) });
    expect(bob.receive(sent.bytes, { now: 2 }).delivered.map((m) => m.messageId)).toEqual([
      sent.message.messageId,
    ]);
    flood(bob, 3 * WINDOW, () => {});
    const resent = bob.receive(sent.bytes, { now: 5_000 });
    expect(resent.outcome).toBe("duplicate");
    expect(resent.delivered).toEqual([]);
  });

  for (const before of [2, 3 * WINDOW]) {
    for (const stop of ["restart", "crash"] as const) {
      it(`across a ${stop} ${before < WINDOW ? "while the id is in the window" : "after its floor rose"}`, () => {
        const storage = storageModel();
        const alice = peer("alice");
        let bob = peer("bob", READER);
        storage.apply(bob.checkpoint());
        const flood = flooder();
        const sent = alice.send(text("hello"), { now: 1, nonce: nonce(1) });
        const first = bob.receive(sent.bytes, { now: 2 });
        storage.apply(first.changes);
        expect(first.delivered).toHaveLength(1);
        flood(bob, before, storage.apply);
        // A restart writes the checkpoint on stop; a crash keeps what was committed with each operation.
        if (stop === "restart") storage.apply(bob.checkpoint());
        const restore = restoreFromStorage(storage.load());
        bob = peer("bob", { ...READER, ...(restore === undefined ? {} : { restore }) });
        flood(bob, 3 * WINDOW, storage.apply);
        const resent = bob.receive(sent.bytes, { now: 5_000 });
        expect(resent.outcome).toBe("duplicate");
        expect(resent.delivered).toEqual([]);
      });
    }
  }

  it("keeps the floors' rows bounded by senders, not by messages", () => {
    const storage = storageModel();
    const bob = peer("bob", READER);
    storage.apply(bob.checkpoint());
    flooder()(bob, 50 * WINDOW, storage.apply);
    const { meta } = storage.load();
    const keys = Object.keys(meta).filter((k) =>
      Object.values(FLOOR_KEYS).some((prefix) => k.startsWith(prefix)),
    );
    const bytes = keys.reduce((sum, k) => sum + k.length + (meta[k]?.length ?? 0), 0);
    expect(bytes).toBeLessThan(128);
    // One floor, the origins of at most two generations, the generation number.
    expect(keys.sort()).toEqual(
      [
        `${FLOOR_KEYS.floor}mallory`,
        FLOOR_KEYS.generation,
        `${FLOOR_KEYS.origin}98/mallory`,
        `${FLOOR_KEYS.origin}99/mallory`,
      ].sort(),
    );
  });

  it("answers a late re-send by naming it, so the sender's acknowledgement is not starved", () => {
    const alice = peer("alice");
    const bob = peer("bob", READER);
    const sent = alice.send(text("hello"), { now: 1, nonce: nonce(1) });
    bob.receive(sent.bytes, { now: 2 });
    // The flood outruns what bob's syncs name: past his unnamed queue (256) and his window; in a channel of
    // two, bloom hits alone are no acknowledgement.
    const flood = flooder();
    const acknowledged: string[] = [];
    flood(bob, 300, () => {});
    for (let round = 0; round < 5; round += 1) {
      const now = 2_000 + round;
      acknowledged.push(...alice.receive(bob.sync({ now }).bytes, { now }).acknowledged);
    }
    expect(acknowledged).toEqual([]);
    expect(alice.outgoing().map((o) => o.messageId)).toEqual([sent.message.messageId]);
    // Alice retries; bob's next sync names the re-sent message in front of the flood's.
    expect(bob.receive(sent.bytes, { now: 3_000 }).outcome).toBe("duplicate");
    flood(bob, 10, () => {});
    const sync = bob.sync({ now: 3_001 });
    expect(alice.receive(sync.bytes, { now: 3_001 }).acknowledged).toEqual([sent.message.messageId]);
    expect(alice.outgoing()).toEqual([]);
  });
});
