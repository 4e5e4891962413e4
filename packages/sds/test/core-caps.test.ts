import type { SdsMessage } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import { encodeSdsMessage } from "../src/index.js";
import { nonce, peer, str, text } from "./support/peers.js";

/** A sync message from "mallory" naming `ids` in its causal history. */
function syncNaming(ids: readonly string[], lamport: bigint): Uint8Array {
  const message: SdsMessage = {
    senderId: "mallory",
    messageId: `sync-${lamport}`,
    channelId: "room",
    lamportTimestamp: lamport,
    causalHistory: ids.map((messageId) => ({ messageId })),
    repairRequest: [],
  };
  return encodeSdsMessage(message);
}

describe("caps on the missing set", () => {
  it("a sync never grows the missing set past maxMissing, also when it is already full", () => {
    const b = peer("bob", { maxMissing: 2 });
    b.receive(syncNaming(["x1", "x2"], 10n), { now: 10 });
    expect(b.missing()).toHaveLength(2);
    const full = b.receive(syncNaming(["y1", "y2", "y3"], 11n), { now: 11 });
    expect(full.missing).toEqual([]);
    expect(b.missing().map((e) => e.messageId)).toEqual(["x1", "x2"]);
  });

  it("dependencies only a sync named make way for a content message's gap; it still waits for it", () => {
    const a = peer("alice", { causalHistorySize: 1 });
    const m1 = a.send(text("1"), { now: 1, nonce: nonce(1) });
    const m2 = a.send(text("2"), { now: 2, nonce: nonce(2) });
    const b = peer("bob", { maxMissing: 2 });
    b.receive(syncNaming(["x1", "x2"], 3n), { now: 3 });
    const got = b.receive(m2.bytes, { now: 4 });
    expect(got.outcome).toBe("buffered");
    expect(got.delivered).toEqual([]);
    expect(got.lost.map((e) => e.messageId)).toEqual(["x1"]);
    expect(b.missing().map((e) => e.messageId)).toEqual(["x2", m1.message.messageId]);
    expect(b.receive(m1.bytes, { now: 5 }).delivered.map((d) => str(d.content))).toEqual(["1", "2"]);
  });

  it("a message released early by buffer pressure reports its gap as lost in the receive result", () => {
    const a = peer("alice", { causalHistorySize: 1 });
    const sent = [1, 2, 3].map((i) => a.send(text(`${i}`), { now: i, nonce: nonce(i) }));
    const b = peer("bob", { maxBufferedMessages: 1 });
    const [m1, m2, m3] = sent;
    if (m1 === undefined || m2 === undefined || m3 === undefined) throw new Error("setup");
    b.receive(m2.bytes, { now: 4 });
    const pressed = b.receive(m3.bytes, { now: 5 });
    expect(pressed.delivered.map((d) => str(d.content))).toEqual(["2", "3"]);
    expect(pressed.lost.map((e) => e.messageId)).toEqual([m1.message.messageId]);
    expect(b.missing()).toEqual([]);
  });
});

describe("release order under buffer pressure", () => {
  it("releases the earliest buffered message in (Lamport, id) order, never one ahead of a buffered dependency", () => {
    const a = peer("alice", { causalHistorySize: 1 });
    const sent = [1, 2, 3].map((i) => a.send(text(`${i}`), { now: i, nonce: nonce(i) }));
    const [m1, m2, m3] = sent;
    if (m1 === undefined || m2 === undefined || m3 === undefined) throw new Error("setup");
    const b = peer("bob", { maxBufferedMessages: 1 });
    expect(b.receive(m3.bytes, { now: 4 }).outcome).toBe("buffered"); // waits for 2
    const pressed = b.receive(m2.bytes, { now: 5 }); // waits for 1: two buffered, one too many
    expect(pressed.delivered.map((d) => str(d.content))).toEqual(["2", "3"]);
    expect(pressed.lost.map((e) => e.messageId)).toEqual([m1.message.messageId]);
  });
});

describe("the byte cap on the buffer", () => {
  it("releases the earliest buffered message early once the buffered bytes pass maxBufferedBytes", () => {
    const a = peer("alice", { causalHistorySize: 1 });
    const big = (i: number) => new Uint8Array(1_000).fill(i);
    const sent = [1, 2, 3, 4].map((i) => a.send(big(i), { now: i, nonce: nonce(i) }));
    const [m1, m2, m3, m4] = sent;
    if (m1 === undefined || m2 === undefined || m3 === undefined || m4 === undefined)
      throw new Error("setup");
    // Room for two buffered messages of about 1 KB each, not three.
    const b = peer("bob", { maxBufferedBytes: 2 * m2.bytes.length + 100, maxBufferedMessages: 1_000 });
    expect(b.receive(m3.bytes, { now: 5 }).outcome).toBe("buffered");
    expect(b.receive(m2.bytes, { now: 5 }).outcome).toBe("buffered"); // m2 and m3 wait for m1
    const third = b.receive(m4.bytes, { now: 6 });
    // Three would not fit: m2, the earliest, is released without m1 (declared lost), then m3 and m4.
    expect(third.lost.map((e) => e.messageId)).toEqual([m1.message.messageId]);
    expect(third.delivered.map((d) => d.content[0])).toEqual([2, 3, 4]);
    expect(b.exportState().incoming).toEqual([]);
  });

  it("rejects a maxBufferedBytes that is not a positive number", () => {
    expect(() => peer("bob", { maxBufferedBytes: 0 })).toThrow(/maxBufferedBytes/);
  });
});
