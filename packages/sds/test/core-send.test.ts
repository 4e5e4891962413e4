import { InvalidArgumentError, PayloadTooLargeError } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import {
  compactBloom,
  createSdsCore,
  DEFAULT_CAUSAL_HISTORY_SIZE,
  decodeSdsMessage,
  sdsMessageKind,
  wakuCompatBloom,
} from "../src/index.js";
import { nonce, peer, text } from "./support/peers.js";

describe("send", () => {
  it("stamps max(now, clock + 1) and never goes backwards", () => {
    const a = peer("a");
    expect(a.send(text("1"), { now: 100, nonce: nonce(1) }).message.lamportTimestamp).toBe(100n);
    expect(a.send(text("2"), { now: 100, nonce: nonce(2) }).message.lamportTimestamp).toBe(101n);
    expect(a.send(text("3"), { now: 50, nonce: nonce(3) }).message.lamportTimestamp).toBe(102n);
    expect(a.send(text("4"), { now: 500, nonce: nonce(4) }).message.lamportTimestamp).toBe(500n);
    expect(a.lamportTimestamp).toBe(500n);
  });

  it("gives identical payloads distinct 64-hex ids, from sequence and nonce", () => {
    const a = peer("a");
    const one = a.send(text("same"), { now: 1, nonce: nonce(7) });
    const two = a.send(text("same"), { now: 1, nonce: nonce(7) });
    expect(one.message.messageId).not.toBe(two.message.messageId);
    expect([one.sequence, two.sequence]).toEqual([1n, 2n]);
    for (const id of [one.message.messageId, two.message.messageId]) expect(id).toMatch(/^[0-9a-f]{64}$/);
    // same inputs on a fresh core give the same id (stable across restarts with the same sequence)
    expect(peer("a").send(text("same"), { now: 9, nonce: nonce(7) }).message.messageId).toBe(
      one.message.messageId,
    );
  });

  it("carries the last causalHistorySize log entries and the content", () => {
    const a = peer("a");
    const sent = Array.from({ length: 5 }, (_, i) => a.send(text(`m${i}`), { now: i + 1, nonce: nonce(i) }));
    const last = sent[4];
    expect(last?.message.causalHistory.map((e) => e.messageId)).toEqual(
      sent.slice(4 - DEFAULT_CAUSAL_HISTORY_SIZE, 4).map((s) => s.message.messageId),
    );
    expect(last?.message.causalHistory.every((e) => e.senderId === "a")).toBe(true);
    const decoded = decodeSdsMessage(last?.bytes ?? new Uint8Array());
    expect(sdsMessageKind(decoded)).toBe("content");
    expect(decoded.content).toEqual(text("m4"));
    expect(a.outgoing().map((o) => o.messageId)).toEqual(sent.map((s) => s.message.messageId));
  });

  it("always names our previous message, however much arrived in between (each sender's order)", () => {
    const a = peer("a", { causalHistorySize: 2, recentlyLoggedHistorySize: 1 });
    const b = peer("b");
    const first = a.send(text("first"), { now: 1, nonce: nonce(1) });
    a.recordRetrievalHint(first.message.messageId, new Uint8Array([7]));
    for (let i = 0; i < 10; i++)
      a.receive(b.send(text(`b${i}`), { now: 2 + i, nonce: nonce(i) }).bytes, { now: 20 });
    const second = a.send(text("second"), { now: 30, nonce: nonce(2) });
    const named = second.message.causalHistory.find((e) => e.messageId === first.message.messageId);
    expect(named).toEqual({
      messageId: first.message.messageId,
      senderId: "a",
      retrievalHint: new Uint8Array([7]),
    });
    // The previous one is known after a restore too (from the log), so a restart keeps the order.
    const again = peer("a", { causalHistorySize: 2, recentlyLoggedHistorySize: 1, restore: a.exportState() });
    for (let i = 10; i < 20; i++)
      again.receive(b.send(text(`b${i}`), { now: 40 + i, nonce: nonce(i) }).bytes, { now: 70 });
    const third = again.send(text("third"), { now: 80, nonce: nonce(3) });
    expect(third.message.causalHistory.map((e) => e.messageId)).toContain(second.message.messageId);
  });
});

describe("when the bloom filter rides along", () => {
  const filterOf = (built: { readonly bytes: Uint8Array }): number | undefined =>
    decodeSdsMessage(built.bytes).bloomFilter?.length;

  it("a sender that has received nothing sends no filter on content, and one on every sync", () => {
    const a = peer("a", { bloom: wakuCompatBloom });
    const sizes = [1, 2, 3, 4].map((i) => filterOf(a.send(text(`${i}`), { now: i, nonce: nonce(i) })));
    expect(sizes).toEqual([undefined, undefined, undefined, undefined]);
    expect(filterOf(a.sync({ now: 5 }))).toBe(18_752);
    expect(filterOf(a.sync({ now: 6 }))).toBe(18_752);
  });

  it("omits the filter when the causal history names everything received since the last one", () => {
    const [a, b] = [peer("a"), peer("b")];
    for (let i = 0; i < DEFAULT_CAUSAL_HISTORY_SIZE; i++)
      a.receive(b.send(text(`b${i}`), { now: 1 + i, nonce: nonce(i) }).bytes, { now: 10 });
    const reply = a.send(text("a0"), { now: 11, nonce: nonce(9) });
    expect(reply.message.causalHistory).toHaveLength(DEFAULT_CAUSAL_HISTORY_SIZE);
    expect(filterOf(reply)).toBeUndefined();
  });

  it("attaches it when more arrived than the causal history names, then not again until more arrive", () => {
    // No recently logged entries: the newest causal-history entries alone name what arrived.
    const [a, b] = [peer("a", { recentlyLoggedHistorySize: 0 }), peer("b")];
    const from = Array.from({ length: DEFAULT_CAUSAL_HISTORY_SIZE + 1 }, (_, i) =>
      b.send(text(`b${i}`), { now: 1 + i, nonce: nonce(i) }),
    );
    for (const m of from) a.receive(m.bytes, { now: 10 });
    const first = a.send(text("a0"), { now: 11, nonce: nonce(20) });
    expect(first.message.causalHistory.map((e) => e.messageId)).not.toContain(from[0]?.message.messageId);
    expect(filterOf(first)).toBe(1_800);
    expect(filterOf(a.send(text("a1"), { now: 12, nonce: nonce(21) }))).toBeUndefined();
    a.receive(b.send(text("b-late"), { now: 13, nonce: nonce(22) }).bytes, { now: 13 });
    // Named by the next causal history: no filter needed.
    expect(filterOf(a.send(text("a2"), { now: 14, nonce: nonce(23) }))).toBeUndefined();
  });

  it("attaches it to acknowledge a buffered message, which no causal history can name yet", () => {
    const [a, b] = [peer("a"), peer("b")];
    b.send(text("lost"), { now: 1, nonce: nonce(1) });
    const waiting = b.send(text("needs lost"), { now: 2, nonce: nonce(2) });
    expect(a.receive(waiting.bytes, { now: 3 }).outcome).toBe("buffered");
    expect(filterOf(a.send(text("a0"), { now: 4, nonce: nonce(3) }))).toBe(1_800);
  });

  it("is not needed after a duplicate: the re-sent message is named in front of the next causal history", () => {
    const [a, b] = [peer("a"), peer("b")];
    const old = b.send(text("old"), { now: 1, nonce: nonce(1) });
    a.receive(old.bytes, { now: 2 });
    expect(filterOf(a.send(text("a0"), { now: 3, nonce: nonce(2) }))).toBeUndefined();
    // a's own messages push `old` out of its causal history.
    for (let i = 0; i < DEFAULT_CAUSAL_HISTORY_SIZE; i++)
      a.send(text(`a${i + 1}`), { now: 4 + i, nonce: nonce(3 + i) });
    expect(a.receive(old.bytes, { now: 20 }).outcome).toBe("duplicate");
    // The sender re-sent, so it may have missed our acknowledgement: the next message names it, once.
    const next = a.send(text("after duplicate"), { now: 21, nonce: nonce(30) });
    expect(next.message.causalHistory[0]).toEqual({ messageId: old.message.messageId, senderId: "b" });
    expect(filterOf(next)).toBeUndefined();
    const later = a.send(text("later"), { now: 22, nonce: nonce(31) });
    expect(later.message.causalHistory.map((e) => e.messageId)).not.toContain(old.message.messageId);
  });

  it("a duplicate that arrives before we answered anything (a store's copy of a live one) is not named again", () => {
    const [a, b] = [peer("a", { causalHistorySize: 1, recentlyLoggedHistorySize: 0 }), peer("b")];
    const sent = [
      b.send(text("x"), { now: 1, nonce: nonce(1) }),
      b.send(text("y"), { now: 2, nonce: nonce(2) }),
    ];
    for (const m of sent) a.receive(m.bytes, { now: 3 });
    for (const m of sent) expect(a.receive(m.bytes, { now: 4 }).outcome).toBe("duplicate");
    const next = a.send(text("z"), { now: 5, nonce: nonce(3) });
    expect(next.message.causalHistory.map((e) => e.messageId)).toEqual([sent[1]?.message.messageId]);
  });

  it("sendEvery caps how often it rides in a busy channel; the acknowledgements wait for the next one", () => {
    const [a, b] = [
      peer("a", { bloom: wakuCompatBloom, recentlyLoggedHistorySize: 0 }),
      peer("b", { bloom: wakuCompatBloom }),
    ];
    const sizes: (number | undefined)[] = [];
    for (let round = 0; round < 4; round++) {
      // More than a causal history names arrives before each of a's messages: the filter is due every time.
      for (let i = 0; i < DEFAULT_CAUSAL_HISTORY_SIZE + 2; i++) {
        const n = round * 10 + i;
        a.receive(b.send(text(`b${n}`), { now: 1 + n, nonce: nonce(n) }).bytes, { now: 1 + n });
      }
      sizes.push(filterOf(a.send(text(`a${round}`), { now: 100 + round, nonce: nonce(100 + round) })));
    }
    expect(wakuCompatBloom.sendEvery).toBe(2);
    expect(sizes).toEqual([18_752, undefined, 18_752, undefined]);
  });

  it("an own echo is no reason to attach it", () => {
    const a = peer("a");
    const mine = a.send(text("mine"), { now: 1, nonce: nonce(1) });
    expect(a.receive(mine.bytes, { now: 2 }).outcome).toBe("own-echo");
    for (let i = 0; i < DEFAULT_CAUSAL_HISTORY_SIZE + 1; i++)
      expect(filterOf(a.send(text(`${i}`), { now: 3 + i, nonce: nonce(2 + i) }))).toBeUndefined();
  });

  it("a core restored from saved state attaches it to its first content message", () => {
    const a = peer("a");
    a.send(text("before"), { now: 1, nonce: nonce(1) });
    const restored = peer("a", { restore: a.exportState() });
    expect(filterOf(restored.send(text("after"), { now: 2, nonce: nonce(2) }))).toBe(1_800);
    expect(filterOf(restored.send(text("again"), { now: 3, nonce: nonce(3) }))).toBeUndefined();
  });

  it('attach: "always" puts it on every content message (js-waku\'s behaviour)', () => {
    const a = peer("a", { bloom: compactBloom({ attach: "always" }) });
    for (let i = 0; i < 3; i++)
      expect(filterOf(a.send(text(`${i}`), { now: i + 1, nonce: nonce(i) }))).toBe(1_800);
  });

  it("rejects an unknown attach policy and a sendEvery that is not a positive integer", () => {
    expect(() => compactBloom({ attach: "sometimes" as never })).toThrow(InvalidArgumentError);
    for (const sendEvery of [0, 1.5, -1, Number.NaN])
      expect(() => compactBloom({ sendEvery })).toThrow(InvalidArgumentError);
  });
});

describe("send, continued", () => {
  it("puts a recorded retrieval hint in later causal histories", () => {
    const a = peer("a", { causalHistorySize: 1 });
    const first = a.send(text("1"), { now: 1, nonce: nonce(1) });
    a.recordRetrievalHint(first.message.messageId, new Uint8Array([9, 9]));
    const second = a.send(text("2"), { now: 2, nonce: nonce(2) });
    expect(second.message.causalHistory).toEqual([
      { messageId: first.message.messageId, retrievalHint: new Uint8Array([9, 9]), senderId: "a" },
    ]);
  });

  it("rejects empty content and bad options with InvalidArgumentError", () => {
    const a = peer("a");
    expect(() => a.send(new Uint8Array(), { now: 1, nonce: nonce(1) })).toThrow(InvalidArgumentError);
    expect(() => a.ephemeral(new Uint8Array(), { nonce: nonce(1) })).toThrow(InvalidArgumentError);
    expect(() => createSdsCore({ channelId: "", participantId: "a" })).toThrow(InvalidArgumentError);
    expect(() => peer("a", { causalHistorySize: 0 })).toThrow(InvalidArgumentError);
  });
});

describe("sync and ephemeral messages", () => {
  it("sync carries Lamport, history and bloom, and is neither stored nor put in later histories", () => {
    const a = peer("a");
    const m1 = a.send(text("1"), { now: 10, nonce: nonce(1) });
    const s = a.sync({ now: 10 });
    expect(sdsMessageKind(s.message)).toBe("sync");
    expect(s.message.lamportTimestamp).toBe(11n);
    expect(s.message.causalHistory.map((e) => e.messageId)).toEqual([m1.message.messageId]);
    const m2 = a.send(text("2"), { now: 10, nonce: nonce(2) });
    expect(m2.message.causalHistory.map((e) => e.messageId)).toEqual([m1.message.messageId]);
    expect(a.outgoing()).toHaveLength(2);
  });

  it("ephemeral has content only and is delivered at once, never logged or acknowledged", () => {
    const a = peer("a");
    const b = peer("b");
    const e = a.ephemeral(text("typing"), { nonce: nonce(1) });
    expect(e.message.lamportTimestamp).toBeUndefined();
    expect(e.message.causalHistory).toEqual([]);
    expect(e.message.bloomFilter).toBeUndefined();
    expect(a.outgoing()).toEqual([]);
    const got = b.receive(e.bytes, { now: 1 });
    expect(got.outcome).toBe("ephemeral");
    expect(got.delivered.map((d) => d.messageId)).toEqual([e.message.messageId]);
    const next = b.send(text("x"), { now: 2, nonce: nonce(2) });
    expect(next.message.causalHistory).toEqual([]);
  });
});

describe("send with maxBytes", () => {
  it("refuses a message that would not fit and leaves the core exactly as it was", () => {
    const [a, b] = [peer("a", { recentlyLoggedHistorySize: 1 }), peer("b")];
    // a logged two more messages than its tail names: one is named by the extra entry, the other only by
    // the filter, which is due.
    for (let i = 0; i < DEFAULT_CAUSAL_HISTORY_SIZE + 2; i++)
      a.receive(b.send(text(`b${i}`), { now: 10 + i, nonce: nonce(i) }).bytes, { now: 20 });
    const before = a.exportState();
    const tooBig = new Uint8Array(2_000).fill(7);
    let caught: unknown;
    try {
      a.send(tooBig, { now: 30, nonce: nonce(50), maxBytes: 2_500 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PayloadTooLargeError);
    expect((caught as PayloadTooLargeError).limit).toBe(2_500);
    expect((caught as PayloadTooLargeError).size).toBeGreaterThan(2_500);
    expect(a.exportState()).toEqual(before);
    expect(a.lamportTimestamp).toBe(before.lamportTimestamp);
    // What it would have sent goes out unchanged with the next message that fits: the filter (still due)
    // and the same causal history, under the same sequence number.
    const fits = a.send(text("small"), { now: 30, nonce: nonce(51), maxBytes: 2_500 });
    expect(fits.sequence).toBe(1n);
    expect(fits.bytes.length).toBeLessThanOrEqual(2_500);
    expect(decodeSdsMessage(fits.bytes).bloomFilter?.length).toBe(1_800);
    expect(fits.message.causalHistory.length).toBeGreaterThan(DEFAULT_CAUSAL_HISTORY_SIZE);
  });

  it("accepts a message of exactly maxBytes", () => {
    const a = peer("a");
    const probe = peer("a").send(text("x".repeat(100)), { now: 1, nonce: nonce(1) });
    const sent = a.send(text("x".repeat(100)), { now: 1, nonce: nonce(1), maxBytes: probe.bytes.length });
    expect(sent.bytes).toEqual(probe.bytes);
  });

  it("leaves out repair requests that do not fit, and the plug-in keeps them", () => {
    const request = { messageId: "f".repeat(64), retrievalHint: new Uint8Array(32), senderId: "c" };
    let offered = 0;
    const a = peer("a", {
      extensions: [
        {
          outgoingRepairRequests: () => {
            offered++;
            return Array.from({ length: 3 }, () => request);
          },
        },
      ],
    });
    const plain = peer("a").send(text("hello"), { now: 1, nonce: nonce(1) });
    const sent = a.send(text("hello"), { now: 1, nonce: nonce(1), maxBytes: plain.bytes.length + 10 });
    expect(offered).toBe(1);
    expect(sent.message.repairRequest).toEqual([]);
    expect(sent.bytes).toEqual(plain.bytes);
    const roomy = a.send(text("again"), { now: 2, nonce: nonce(2), maxBytes: 10_000 });
    expect(roomy.message.repairRequest).toHaveLength(3);
  });

  it("rejects a maxBytes that is not a positive integer", () => {
    const a = peer("a");
    for (const maxBytes of [0, -1, 1.5, Number.NaN])
      expect(() => a.send(text("x"), { now: 1, nonce: nonce(1), maxBytes })).toThrow(InvalidArgumentError);
    expect(a.exportState().sequence).toBe(0n);
  });
});

describe("sync with maxBytes", () => {
  const requester = (count: number) => ({
    outgoingRepairRequests: () =>
      Array.from({ length: count }, (_, i) => ({
        messageId: i.toString(16).padStart(64, "0"),
        retrievalHint: new Uint8Array(32),
        senderId: "z",
      })),
  });

  it("leaves out the filter first, and its acknowledgements stay due for the next message", () => {
    const [a, b] = [peer("a", { recentlyLoggedHistorySize: 0 }), peer("b")];
    for (let i = 0; i < DEFAULT_CAUSAL_HISTORY_SIZE + 1; i++)
      a.receive(b.send(text(`b${i}`), { now: 1 + i, nonce: nonce(i) }).bytes, { now: 10 });
    const full = peer("a", { restore: a.exportState(), recentlyLoggedHistorySize: 0 }).sync({ now: 20 });
    expect(full.message.bloomFilter?.length).toBe(1_800);
    const sync = a.sync({ now: 20, maxBytes: full.bytes.length - 1 });
    expect(sync.message.bloomFilter).toBeUndefined();
    expect(sync.bytes.length).toBeLessThan(full.bytes.length - 1_800);
    expect(sync.message.causalHistory).toEqual(full.message.causalHistory);
    // The filter did not go out: the next content message carries it.
    expect(
      decodeSdsMessage(a.send(text("a0"), { now: 21, nonce: nonce(40) }).bytes).bloomFilter?.length,
    ).toBe(1_800);
  });

  it("then the repair requests; a history too large on its own is returned for the transport to refuse", () => {
    const a = peer("a", { extensions: [requester(3)] });
    const full = a.sync({ now: 1 });
    expect(full.message.repairRequest).toHaveLength(3);
    const noFilter = a.sync({ now: 2, maxBytes: full.bytes.length - 1_000 });
    expect([noFilter.message.bloomFilter, noFilter.message.repairRequest.length]).toEqual([undefined, 3]);
    const bare = a.sync({ now: 3, maxBytes: noFilter.bytes.length - 100 });
    expect([bare.message.bloomFilter, bare.message.repairRequest]).toEqual([undefined, []]);
    const tiny = a.sync({ now: 4, maxBytes: 10 });
    expect(tiny.bytes.length).toBeGreaterThan(10);
    expect(tiny.message.repairRequest).toEqual([]);
    expect(() => a.sync({ now: 5, maxBytes: 0 })).toThrow(InvalidArgumentError);
  });
});
