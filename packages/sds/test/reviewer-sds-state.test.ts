// An independent reviewer's checks of the SDS core, through the package's public entry only
// (`@reliable-channel/sds` and `@reliable-channel/sds/nim-sds`), against what its README promises.
// Randomized scenarios take fresh seeds (8_100_001..) and print them on failure.
import { StorageCorruptionError } from "@reliable-channel/interfaces";
import {
  compactBloom,
  createSdsCore,
  RELEASED_KEY_PREFIX,
  restoreFromStorage,
  type SdsCore,
  SNAPSHOT_KEYS,
} from "@reliable-channel/sds";
import { describe, expect, it } from "vitest";
import { member, nonceOf, ownStore, str, text, withSeed } from "./support/reviewer-sds.js";

describe("reviewer: acknowledgements", () => {
  it("a causal history naming our message acknowledges it; one filter alone never does, a second participant's does", () => {
    const alice = member("alice");
    const m = alice.send(text("ack me"), { now: 10, nonce: nonceOf(1) });

    // Bob's sync names it: acknowledged by name.
    const bob = member("bob");
    bob.receive(m.bytes, { now: 11 });
    const byName = alice.receive(bob.sync({ now: 12 }).bytes, { now: 13 });
    expect(byName.outcome).toBe("sync");
    expect(byName.acknowledged).toEqual([m.message.messageId]);
    expect(alice.outgoing()).toEqual([]);

    // A second message, seen by carol and dave in their filters only (their histories name newer messages).
    const m2 = alice.send(text("filter only"), { now: 20, nonce: nonceOf(2) });
    const filterOnly = (id: string, other: SdsCore): Uint8Array => {
      const reader = member(id, { causalHistorySize: 1, recentlyLoggedHistorySize: 0 });
      reader.receive(m.bytes, { now: 21 });
      reader.receive(m2.bytes, { now: 22 });
      reader.receive(other.send(text(`noise for ${id}`), { now: 23, nonce: nonceOf(9) }).bytes, { now: 24 });
      const sync = reader.sync({ now: 25 });
      expect(sync.message.causalHistory.map((e) => e.messageId)).not.toContain(m2.message.messageId);
      expect(sync.message.bloomFilter).toBeDefined();
      return sync.bytes;
    };
    const carolSync = filterOnly("carol", member("noise-1"));
    const first = alice.receive(carolSync, { now: 26 });
    expect(first.acknowledged).toEqual([]);
    expect(first.possiblyAcknowledged).toEqual([{ messageId: m2.message.messageId, count: 1 }]);
    // The same participant again counts once.
    const again = alice.receive(filterOnly("carol", member("noise-2")), { now: 27 });
    expect(again.acknowledged).toEqual([]);
    expect(alice.outgoing().map((o) => o.state)).toEqual(["possibly-acknowledged"]);
    const second = alice.receive(filterOnly("dave", member("noise-3")), { now: 28 });
    expect(second.acknowledged).toEqual([m2.message.messageId]);
    expect(alice.outgoing()).toEqual([]);
  });

  it("syncs and ephemerals are never logged, named or tracked", () => {
    const alice = member("alice");
    const bob = member("bob");
    const sync = alice.sync({ now: 10 });
    const eph = alice.ephemeral(text("typing…"), { nonce: nonceOf(1) });
    // The sync's id alone is kept, as a released id (a nim-sds peer may name it); the message is not.
    expect(
      sync.changes.filter((op) => op.type !== "counters").map((op) => op.type === "meta-put" && op.key),
    ).toEqual([`${RELEASED_KEY_PREFIX}${sync.message.messageId}`]);
    expect(eph.changes).toEqual([]);
    expect(alice.outgoing()).toEqual([]);
    expect(bob.receive(sync.bytes, { now: 11 })).toMatchObject({ outcome: "sync", delivered: [] });
    const got = bob.receive(eph.bytes, { now: 12 });
    expect(got.outcome).toBe("ephemeral");
    expect(got.delivered.map((d) => str(d.content))).toEqual(["typing…"]);
    const reply = bob.send(text("reply"), { now: 13, nonce: nonceOf(2) });
    const named = reply.message.causalHistory.map((e) => e.messageId);
    expect(named).not.toContain(sync.message.messageId);
    expect(named).not.toContain(eph.message.messageId);
    expect(bob.exportState().log.map((e) => e.messageId)).toEqual([reply.message.messageId]);
  });
});

describe("reviewer: gaps, give-ups and the join point", () => {
  function chain(count: number) {
    const alice = member("alice", { causalHistorySize: 1, recentlyLoggedHistorySize: 0 });
    return Array.from({ length: count }, (_, i) =>
      alice.send(text(`c${i}`), { now: 100 + i, nonce: nonceOf(i) }),
    );
  }

  it("markIrretrievable releases the dependents at once, naming what they skipped", () => {
    const [c0, c1, c2] = chain(3);
    if (!c0 || !c1 || !c2) throw new Error("setup");
    const bob = member("bob");
    expect(bob.receive(c2.bytes, { now: 200 }).outcome).toBe("buffered");
    expect(bob.receive(c1.bytes, { now: 201 }).missing.map((e) => e.messageId)).toEqual([
      c0.message.messageId,
    ]);
    const released = bob.markIrretrievable([c0.message.messageId], { now: 202 });
    expect(released.delivered.map((d) => str(d.content))).toEqual(["c1", "c2"]);
    expect(released.delivered[0]?.skippedDependencies).toEqual([c0.message.messageId]);
    expect(bob.missing()).toEqual([]);
  });

  it("sweep declares a dependency lost only after lostDependencyTimeoutMs, and never with declareLost: false", () => {
    const [c0, c1] = chain(2);
    if (!c0 || !c1) throw new Error("setup");
    const bob = member("bob", { lostDependencyTimeoutMs: 1_000 });
    bob.receive(c1.bytes, { now: 200 });
    expect(bob.sweep({ now: 200 + 999 }).delivered).toEqual([]);
    expect(bob.sweep({ now: 200 + 5_000, declareLost: false }).delivered).toEqual([]);
    const swept = bob.sweep({ now: 200 + 1_000 });
    expect(swept.lost.map((e) => e.messageId)).toEqual([c0.message.messageId]);
    expect(swept.delivered.map((d) => str(d.content))).toEqual(["c1"]);
  });

  it("a full buffer releases its earliest message early and reports the gap lost; nothing is dropped", () => {
    const msgs = chain(6);
    const bob = member("bob", { maxBufferedMessages: 3 });
    const delivered: string[] = [];
    const lost: string[] = [];
    for (const m of msgs.slice(1)) {
      const result = bob.receive(m.bytes, { now: 300 });
      delivered.push(...result.delivered.map((d) => str(d.content)));
      lost.push(...result.lost.map((e) => e.messageId));
    }
    expect(lost).toEqual([msgs[0]?.message.messageId]);
    expect(delivered).toEqual(["c1", "c2", "c3", "c4", "c5"]);
  });

  it("history from before the join is delivered as history; below historyFrom it is seen (pre-join) and satisfies its dependents", () => {
    const msgs = chain(3); // Lamport 100, 101, 102
    const late = member("late", { joinedAt: 10_000 });
    const got = late.receive(msgs[2]?.bytes ?? new Uint8Array(), { now: 10_001 });
    expect(got.delivered.map((d) => [str(d.content), d.history])).toEqual([["c2", true]]);

    // With historyFrom, the wanted history is delivered in causal order: c2 and c1 wait for c0, which is
    // older than the wanted history: seen (pre-join), it releases them.
    const picky = member("picky", { joinedAt: 10_000, historyFrom: 101 });
    expect(picky.receive(msgs[2]?.bytes ?? new Uint8Array(), { now: 10_001 }).outcome).toBe("buffered");
    expect(picky.receive(msgs[1]?.bytes ?? new Uint8Array(), { now: 10_002 }).outcome).toBe("buffered");
    const seen = picky.receive(msgs[0]?.bytes ?? new Uint8Array(), { now: 10_003 });
    expect(seen.outcome).toBe("pre-join");
    expect(seen.delivered.map((d) => [str(d.content), d.history])).toEqual([
      ["c1", true],
      ["c2", true],
    ]);
  });

  it("a re-send past a small dedupe window stays a duplicate (delivered floors)", () => {
    const msgs = chain(40);
    const bob = member("bob", { dedupeWindow: 8 });
    for (const m of msgs) bob.receive(m.bytes, { now: 500 });
    for (const m of msgs.slice(0, 5)) expect(bob.receive(m.bytes, { now: 600 }).outcome).toBe("duplicate");
  });
});

describe("reviewer: state across restarts", () => {
  it("a core restored from exportState builds exactly what the original builds", () => {
    const alice = member("alice");
    const bob = member("bob");
    for (let i = 0; i < 5; i++)
      bob.receive(alice.send(text(`a${i}`), { now: i, nonce: nonceOf(i) }).bytes, { now: i });
    const twin = createSdsCore({
      channelId: "review",
      participantId: "bob",
      bloom: compactBloom(),
      restore: bob.exportState(),
    });
    const next = { now: 50, nonce: nonceOf(99) };
    // The same message (id, clock, sequence, history); the twin's alone carries the filter, as the first
    // content message after a restore does.
    const [mine, its] = [bob.send(text("same"), next), twin.send(text("same"), next)];
    const { bloomFilter: _ours, ...message } = mine.message;
    const { bloomFilter, ...twinMessage } = its.message;
    expect(twinMessage).toEqual(message);
    expect(its.sequence).toBe(mine.sequence);
    expect(bloomFilter).toBeDefined();
    expect(twin.sync({ now: 51 }).bytes).toEqual(bob.sync({ now: 51 }).bytes);
  });

  it("restoreFromStorage: an empty store is a new participant, a damaged or missing checkpoint part is StorageCorruptionError", () => {
    const store = ownStore();
    expect(restoreFromStorage(store.load())).toBeUndefined();
    const bob = member("bob");
    store.apply(bob.checkpoint());
    store.apply(bob.send(text("x"), { now: 1, nonce: nonceOf(1) }).changes);
    expect(restoreFromStorage(store.load())).toBeDefined();
    const state = store.meta.get(SNAPSHOT_KEYS.state);
    expect(state).toBeDefined();
    store.meta.set(SNAPSHOT_KEYS.state, new Uint8Array([0xff, 0x00, 0x13, 0x37]));
    expect(() => restoreFromStorage(store.load())).toThrow(StorageCorruptionError);
    store.meta.set(SNAPSHOT_KEYS.state, state ?? new Uint8Array());
    store.meta.delete(SNAPSHOT_KEYS.unnamed);
    expect(() => restoreFromStorage(store.load())).toThrow(StorageCorruptionError);
  });

  /**
   * Bob commits every change the core returns and checkpoints at random moments; he crashes at random
   * points (everything not committed is gone) and is rebuilt from the store. Alice keeps re-sending all
   * she said (an outbox). Across all of bob's lives each of alice's messages is delivered exactly once,
   * bob's own sequence never repeats, and at the end nothing is missing.
   */
  for (let seed = 8_100_201; seed <= 8_100_206; seed++) {
    it(`seed ${seed}: crash at random points, restore from the committed changes: exactly once across lives`, () => {
      withSeed(seed, (random) => {
        const init = {
          channelId: "review",
          participantId: "bob",
          bloom: compactBloom(),
          joinFrontier: false,
        } as const;
        const alice = member("alice", { causalHistorySize: 2 });
        const store = ownStore();
        let bob = createSdsCore({ ...init, joinedAt: 0 });
        store.apply(bob.checkpoint());
        const said: { id: string; bytes: Uint8Array }[] = [];
        const delivered: string[] = [];
        const sequences: bigint[] = [];
        let now = 1_000;
        for (let step = 0; step < 120; step++) {
          const roll = random.next();
          if (roll < 0.35) {
            const m = alice.send(text(`a${step}`), { now: now++, nonce: random.bytes(4) });
            said.push({ id: m.message.messageId, bytes: m.bytes });
          } else if (roll < 0.7 && said.length > 0) {
            const m = said[random.int(said.length)];
            if (m === undefined) continue;
            const result = bob.receive(m.bytes, { now: now++ });
            store.apply(result.changes);
            delivered.push(...result.delivered.map((d) => d.messageId));
            if (random.next() < 0.3) alice.receive(bob.sync({ now: now++ }).bytes, { now: now++ });
          } else if (roll < 0.8) {
            const sent = bob.send(text(`b${step}`), { now: now++, nonce: random.bytes(4) });
            store.apply(sent.changes);
            sequences.push(sent.sequence);
            alice.receive(sent.bytes, { now: now++ });
          } else if (roll < 0.9) {
            store.apply(bob.checkpoint());
          } else {
            const restored = restoreFromStorage(store.load());
            expect(restored, `restore at step ${step}`).toBeDefined();
            bob = createSdsCore({ ...init, ...(restored ? { restore: restored } : {}) });
          }
        }
        // Alice re-sends everything she said until bob has it all.
        for (const m of said) {
          const result = bob.receive(m.bytes, { now: now++ });
          store.apply(result.changes);
          delivered.push(...result.delivered.map((d) => d.messageId));
        }
        expect(new Set(delivered).size, "delivered once across lives").toBe(delivered.length);
        expect([...delivered].sort()).toEqual(said.map((m) => m.id).sort());
        expect(new Set(sequences).size, "bob's sequence never repeats").toBe(sequences.length);
        expect(bob.missing()).toEqual([]);
      });
    });
  }
});
