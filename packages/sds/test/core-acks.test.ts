import { describe, expect, it } from "vitest";
import { bloomPositions, compactBloom, encodeSdsMessage, MAX_BLOOM_HITS_PER_MESSAGE } from "../src/index.js";
import { nonce, peer, text } from "./support/peers.js";

/** A content message from `sender` that carries `bloomFilter` and no causal history. */
function withFilter(sender: string, id: string, bloomFilter: Uint8Array): Uint8Array {
  return encodeSdsMessage({
    senderId: sender,
    messageId: id,
    channelId: "room",
    lamportTimestamp: 1n,
    causalHistory: [],
    bloomFilter,
    repairRequest: [],
    content: text(id),
  });
}

describe("acknowledgements", () => {
  it("a causal-history mention acknowledges at once", () => {
    const a = peer("a");
    const b = peer("b");
    const m = a.send(text("1"), { now: 1, nonce: nonce(1) });
    b.receive(m.bytes, { now: 2 });
    const reply = b.sync({ now: 3 });
    const got = a.receive(reply.bytes, { now: 4 });
    expect(got).toMatchObject({ outcome: "sync", acknowledged: [m.message.messageId], delivered: [] });
    expect(a.outgoing()).toEqual([]);
  });

  it("bloom hits make a message possibly acknowledged; only hits by two distinct others promote it", () => {
    const a = peer("a");
    const m = a.send(text("1"), { now: 1, nonce: nonce(1) });
    const always = compactBloom({ attach: "always" });
    const b = peer("b", { causalHistorySize: 1, bloom: always });
    const c = peer("c", { causalHistorySize: 1, bloom: always });
    b.receive(m.bytes, { now: 2 });
    c.receive(m.bytes, { now: 2 });
    // b and c send messages whose history no longer names m (history size 1), but whose filter has it
    b.send(text("b0"), { now: 3, nonce: nonce(2) });
    const fromB = b.send(text("b1"), { now: 4, nonce: nonce(3) });
    const fromB2 = b.send(text("b2"), { now: 5, nonce: nonce(4) });
    c.send(text("c0"), { now: 3, nonce: nonce(5) });
    const fromC = c.send(text("c1"), { now: 4, nonce: nonce(6) });
    const first = a.receive(fromB.bytes, { now: 5 });
    expect(first.acknowledged).toEqual([]);
    expect(first.possiblyAcknowledged).toEqual([{ messageId: m.message.messageId, count: 1 }]);
    expect(a.outgoing()[0]?.state).toBe("possibly-acknowledged");
    const again = a.receive(fromB2.bytes, { now: 6 });
    expect([again.acknowledged, again.possiblyAcknowledged]).toEqual([[], []]);
    const second = a.receive(fromC.bytes, { now: 7 });
    expect(second.acknowledged).toEqual([m.message.messageId]);
    expect(a.outgoing()).toEqual([]);
  });

  it("a saturated filter is no evidence: never acknowledges nor counts, however many senders send it", () => {
    const profile = compactBloom();
    const a = peer("a");
    const m = a.send(text("1"), { now: 1, nonce: nonce(1) });
    const full = new Uint8Array(profile.byteLength).fill(0xff);
    for (let i = 0; i < 8_000; i++) {
      const r = a.receive(withFilter(`p${i}`, `id${i}`, full), { now: 2 + i });
      expect([r.acknowledged, r.possiblyAcknowledged]).toEqual([[], []]);
    }
    expect(a.outgoing()).toMatchObject([{ messageId: m.message.messageId, state: "unacknowledged" }]);
    expect(a.exportState().outgoing[0]?.hits).toEqual([]);
  });

  it("keeps at most MAX_BLOOM_HITS_PER_MESSAGE hits per message, the strongest, with spoofed senders", () => {
    // A target no number of hits reaches: only the cap bounds what is kept.
    const a = peer("a", { bloomAckFalsePositiveTarget: 1e-300 });
    const m = a.send(text("1"), { now: 1, nonce: nonce(1) });
    const profile = compactBloom();
    const halfFull = (extra: number) => {
      const filter = new Uint8Array(profile.byteLength).fill(0x55);
      for (let i = 0; i < extra; i++) filter[i] = 0xff;
      for (const position of bloomPositions(profile, m.message.messageId))
        filter[position >> 3] = (filter[position >> 3] ?? 0) | (1 << (position & 7));
      return filter;
    };
    let events = 0;
    for (let i = 0; i < 2_000; i++) {
      const r = a.receive(withFilter(`spoof${i}`, `s${i}`, halfFull(40)), { now: 2 + i });
      events += r.possiblyAcknowledged.length;
    }
    const hits = () => a.exportState().outgoing[0]?.hits ?? [];
    expect(hits()).toHaveLength(MAX_BLOOM_HITS_PER_MESSAGE);
    expect(events).toBe(MAX_BLOOM_HITS_PER_MESSAGE);
    // A stronger hit (a sparser filter) replaces the weakest one.
    const weakest = Math.max(...hits().map(([, f]) => f));
    a.receive(withFilter("strong", "s-strong", halfFull(0)), { now: 3_000 });
    expect(hits()).toHaveLength(MAX_BLOOM_HITS_PER_MESSAGE);
    expect(hits().map(([sender]) => sender)).toContain("strong");
    expect(Math.min(...hits().map(([, f]) => f))).toBeLessThan(weakest);
  });

  it("ignores a filter of the wrong size (the message itself is still delivered)", () => {
    const a = peer("a");
    a.send(text("1"), { now: 1, nonce: nonce(1) });
    for (const size of [0, 1, 1_799, 1_801, 18_752]) {
      const r = a.receive(withFilter("b", `wrong-${size}`, new Uint8Array(size).fill(0xff)), { now: 2 });
      expect(r).toMatchObject({ outcome: "delivered", acknowledged: [], possiblyAcknowledged: [] });
    }
  });
});
