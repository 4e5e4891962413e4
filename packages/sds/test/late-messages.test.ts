import { InvalidArgumentError } from "@reliable-channel/interfaces";
import { Message, MessageChannel, MessageChannelEvent } from "@waku/sds";
import { describe, expect, it } from "vitest";
import type { SdsCoreInit } from "../src/index.js";
import { wakuCompatBloom } from "../src/index.js";
import { nonce, peer, text } from "./support/peers.js";

/** Extra entries per message in these tests (independent of the default). */
const K = 4;
const hintOf = (n: number): Uint8Array => new Uint8Array(32).fill(n);
const ids = (entries: readonly { readonly messageId: string }[]): string[] => entries.map((e) => e.messageId);

/**
 * A, B and C talk; B is cut off from everyone and writes `late` at t=2000; A and C exchange newer messages;
 * then `late` reaches A only (with a retrieval hint). Returns the cores and `late`.
 */
function partitionScenario(extra: Partial<SdsCoreInit> = {}) {
  const opts = { bloom: wakuCompatBloom, recentlyLoggedHistorySize: K, ...extra };
  const [a, b, c] = [peer("a", opts), peer("b", opts), peer("c", opts)];
  const first = b.send(text("hello from b"), { now: 1_000, nonce: nonce(1) });
  a.receive(first.bytes, { now: 1_001 });
  c.receive(first.bytes, { now: 1_001 });
  const late = b.send(text("written while partitioned"), { now: 2_000, nonce: nonce(2) });
  for (let i = 0; i < 6; i++) {
    const s = a.send(text(`a${i}`), { now: 3_000 + i, nonce: nonce(10 + i) });
    expect(c.receive(s.bytes, { now: 3_000 + i }).outcome).toBe("delivered");
  }
  const arrived = a.receive(late.bytes, { now: 4_000, retrievalHint: hintOf(7) });
  expect(ids(arrived.delivered)).toEqual([late.message.messageId]);
  return { a, b, c, late };
}

/** A (4 newest + 4 extra entries per message, 32 fresh ones per sync) has received a burst of 40 from B. */
function burstReceived() {
  const a = peer("a", {
    causalHistorySize: 4,
    recentlyLoggedHistorySize: 4,
    syncRecentlyLoggedHistorySize: 32,
  });
  const b = peer("b");
  const burst = Array.from({ length: 40 }, (_, i) =>
    b.send(text(`m${i}`), { now: 100 + i, nonce: nonce(i) }),
  );
  for (const [i, s] of burst.entries()) a.receive(s.bytes, { now: 1_000 + i });
  return { a, all: ids(burst.map((s) => s.message)) };
}

describe("late messages (old Lamport timestamp, logged after newer ones)", () => {
  it("C learns of B's partitioned message as missing, with A's retrieval hint, from A's next message", () => {
    const { a, c, late } = partitionScenario();
    const next = a.send(text("after the late one"), { now: 5_000, nonce: nonce(30) });
    const history = next.message.causalHistory;
    expect(ids(history)).toContain(late.message.messageId);
    expect(history.length).toBeLessThanOrEqual(4 + K);
    const got = c.receive(next.bytes, { now: 5_001 });
    expect(got.outcome).toBe("buffered");
    expect(got.missing).toEqual([
      { messageId: late.message.messageId, senderId: "b", retrievalHint: hintOf(7) },
    ]);
    // C fetches it by the hint: both are delivered, in causal order.
    const fetched = c.receive(late.bytes, { now: 5_002, retrievalHint: hintOf(7) });
    expect(ids(fetched.delivered)).toEqual([late.message.messageId, next.message.messageId]);
  });

  it("without the extra entries (recentlyLoggedHistorySize 0) nobody names it: the bug this fixes", () => {
    const { a, c } = partitionScenario({ recentlyLoggedHistorySize: 0 });
    const next = a.send(text("after the late one"), { now: 5_000, nonce: nonce(30) });
    const got = c.receive(next.bytes, { now: 5_001 });
    expect(got.outcome).toBe("delivered");
    expect(got.missing).toEqual([]);
    expect(c.missing()).toEqual([]);
  });

  it("names a late message once in content messages, oldest Lamport first, then only the tail", () => {
    const { a, late } = partitionScenario();
    const next = a.send(text("x"), { now: 5_000, nonce: nonce(30) });
    expect(next.message.causalHistory[0]?.messageId).toBe(late.message.messageId);
    const again = a.send(text("y"), { now: 5_001, nonce: nonce(31) });
    expect(ids(again.message.causalHistory)).not.toContain(late.message.messageId);
    expect(again.message.causalHistory).toHaveLength(4);
  });

  it("a sync names it too, and successive syncs go round every waiting message", () => {
    const a = peer("a", { causalHistorySize: 2, recentlyLoggedHistorySize: 2 });
    const b = peer("b");
    const lates = [0, 1, 2, 3, 4].map((i) => b.send(text(`old ${i}`), { now: 100 + i, nonce: nonce(i) }));
    for (let i = 0; i < 3; i++) a.send(text(`new ${i}`), { now: 1_000 + i, nonce: nonce(20 + i) });
    for (const [i, s] of lates.entries()) a.receive(s.bytes, { now: 2_000 + i });
    const named = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const sync = a.sync({ now: 3_000 + i });
      expect(sync.message.causalHistory.length).toBeLessThanOrEqual(4);
      for (const id of ids(sync.message.causalHistory)) named.add(id);
    }
    for (const s of lates) expect(named).toContain(s.message.messageId);
    // Syncs are best effort (nobody logs or re-sends them): content messages still name all that waits.
    const byContent = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const content = a.send(text(`c${i}`), { now: 4_000 + i, nonce: nonce(40 + i) });
      for (const id of ids(content.message.causalHistory)) byContent.add(id);
    }
    for (const s of lates) expect(byContent).toContain(s.message.messageId);
  });

  it("a sync first names up to syncRecentlyLoggedHistorySize messages no sync named, then goes round", () => {
    const { a, all } = burstReceived();
    const first = ids(a.sync({ now: 2_000 }).message.causalHistory);
    expect(first).toHaveLength(4 + 32);
    expect(new Set(first).size).toBe(36);
    const second = ids(a.sync({ now: 2_001 }).message.causalHistory);
    // The 4 newest again, and the 4 that no sync named yet: the two syncs named all 40.
    expect(second).toHaveLength(8);
    expect(new Set([...first, ...second])).toEqual(new Set(all));
    // Then the waiting messages in turn, recentlyLoggedHistorySize per sync, as before.
    const third = ids(a.sync({ now: 2_002 }).message.causalHistory);
    expect(third).toHaveLength(8);
    expect(third.slice(-4)).toEqual(all.slice(-4));
    // Content messages still name every waiting message, K at a time: syncs named them, nobody logged it.
    const byContent = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const content = a.send(text(`c${i}`), { now: 3_000 + i, nonce: nonce(100 + i) });
      for (const id of ids(content.message.causalHistory)) byContent.add(id);
    }
    for (const id of all) expect(byContent).toContain(id);
  });

  it("a sync over maxBytes sheds extra entries, never the newest, until it fits", () => {
    const { a, all } = burstReceived();
    const newest = all.slice(-4);
    // 2 000 bytes: no room for the 18.7 KB filter, and room for only some of the 32 extra entries.
    const named = new Set<string>();
    let syncs = 0;
    let perSync = 0;
    for (let i = 0; named.size < all.length; i++) {
      expect(i).toBeLessThan(8);
      syncs++;
      const bounded = a.sync({ now: 2_000 + i, maxBytes: 2_000 });
      expect(bounded.bytes.length).toBeLessThanOrEqual(2_000);
      expect(bounded.message.bloomFilter).toBeUndefined();
      const history = ids(bounded.message.causalHistory);
      expect(history.length).toBeGreaterThan(4);
      expect(history.slice(-4)).toEqual(newest);
      // What a sync had to leave out stays fresh: each sync's extra entries are ones no earlier sync carried.
      expect(history.slice(0, -4).filter((id) => named.has(id))).toEqual([]);
      if (i === 0) perSync = history.length - 4;
      for (const id of history) named.add(id);
    }
    // As few syncs as the room allows: none of them spent on entries an earlier one already carried.
    expect(perSync).toBeLessThan(32);
    expect(syncs).toBeLessThanOrEqual(Math.ceil(36 / perSync));
    // Too small for even the newest entries: returned as it is, for the transport to refuse.
    const tiny = a.sync({ now: 3_000, maxBytes: 100 });
    expect(ids(tiny.message.causalHistory)).toEqual(newest);
    expect(tiny.bytes.length).toBeGreaterThan(100);
  });

  it("rejects a syncRecentlyLoggedHistorySize that is not a non-negative integer", () => {
    expect(() => peer("a", { syncRecentlyLoggedHistorySize: -1 })).toThrow(InvalidArgumentError);
    expect(() => peer("a", { syncRecentlyLoggedHistorySize: 1.5 })).toThrow(/syncRecentlyLoggedHistorySize/);
  });

  it("a backlog drains K per content message, every message named exactly once", () => {
    const a = peer("a", { causalHistorySize: 2, recentlyLoggedHistorySize: 3 });
    const b = peer("b");
    const lates = Array.from({ length: 7 }, (_, i) =>
      b.send(text(`old ${i}`), { now: 100 + i, nonce: nonce(i) }),
    );
    for (let i = 0; i < 3; i++) a.send(text(`new ${i}`), { now: 1_000 + i, nonce: nonce(20 + i) });
    for (const [i, s] of lates.entries()) a.receive(s.bytes, { now: 2_000 + i });
    const counts = new Map<string, number>();
    for (let i = 0; i < 4; i++) {
      const s = a.send(text(`next ${i}`), { now: 3_000 + i, nonce: nonce(40 + i) });
      expect(s.message.causalHistory.length).toBeLessThanOrEqual(5);
      for (const id of ids(s.message.causalHistory)) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const s of lates) expect(counts.get(s.message.messageId)).toBe(1);
  });

  it("messages waiting to be named survive exportState / restore", () => {
    const { a, late } = partitionScenario();
    const saved = a.exportState({ omitLogAndHandled: true });
    expect(ids(saved.unnamed ?? [])).toContain(late.message.messageId);
    const restored = peer("a", {
      bloom: wakuCompatBloom,
      recentlyLoggedHistorySize: K,
      restore: a.exportState(),
    });
    const next = restored.send(text("after restart"), { now: 5_000, nonce: nonce(30) });
    expect(ids(next.message.causalHistory)).toContain(late.message.messageId);
  });

  it("@waku/sds 0.0.8 treats the extra entry as a dependency (reports it missing)", async () => {
    const { a, late } = partitionScenario();
    const next = a.send(text("after the late one"), { now: 5_000, nonce: nonce(30) });
    const waku = new MessageChannel("room", "w", { enableRepair: false });
    const missing: string[] = [];
    waku.addEventListener(MessageChannelEvent.InMessageMissing, (e) => missing.push(...ids(e.detail)));
    const decoded = Message.decode(next.bytes);
    expect(decoded).toBeDefined();
    if (decoded !== undefined) waku.pushIncomingMessage(decoded, undefined);
    await waku.processTasks();
    expect(missing).toContain(late.message.messageId);
  });

  it("rejects a negative or fractional recentlyLoggedHistorySize and a zero maxUnnamedEntries", () => {
    expect(() => peer("a", { recentlyLoggedHistorySize: -1 })).toThrow(InvalidArgumentError);
    expect(() => peer("a", { recentlyLoggedHistorySize: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => peer("a", { maxUnnamedEntries: 0 })).toThrow(InvalidArgumentError);
  });
});
