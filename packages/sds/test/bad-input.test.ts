import type { HistoryEntry, SdsMessage } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import { encodeSdsMessage } from "../src/index.js";
import { nonce, peer, str, text } from "./support/peers.js";

type Fields = { readonly [K in keyof SdsMessage]?: SdsMessage[K] | undefined } & {
  readonly messageId: string;
};

function msg(fields: Fields): Uint8Array {
  const m = {
    senderId: "mallory",
    channelId: "room",
    lamportTimestamp: 10n,
    causalHistory: [],
    repairRequest: [],
    content: text(fields.messageId),
    ...fields,
  };
  const { lamportTimestamp, content, ...rest } = m;
  return encodeSdsMessage({
    ...rest,
    ...(lamportTimestamp === undefined ? {} : { lamportTimestamp }),
    ...(content === undefined ? {} : { content }),
  } as SdsMessage);
}

/** A peer that has delivered one message from alice, to check nothing delivered is ever lost. */
function victim() {
  const b = peer("bob", { lostDependencyTimeoutMs: 1_000, maxClockDriftMs: 100 });
  const good = peer("alice").send(text("good"), { now: 5, nonce: nonce(1) });
  b.receive(good.bytes, { now: 6 });
  const logged = (): string[] => b.exportState().log.map((e) => e.messageId);
  return { b, good, logged };
}

describe("bad input", () => {
  it("truncated and garbage bytes are invalid with a reason; state is untouched", () => {
    const { b, good, logged } = victim();
    const before = b.exportState();
    for (let n = 1; n < good.bytes.length; n += 97) {
      const r = b.receive(good.bytes.subarray(0, n), { now: 7 });
      expect(["invalid", "wrong-channel"]).toContain(r.outcome);
      expect(r.delivered).toEqual([]);
    }
    const garbage = b.receive(
      new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
      {
        now: 7,
      },
    );
    expect(garbage).toMatchObject({ outcome: "invalid", delivered: [] });
    expect(typeof garbage.reason).toBe("string");
    expect(b.exportState()).toEqual(before);
    expect(logged()).toEqual([good.message.messageId]);
  });

  it("a message with neither timestamp nor content, or without ids, is invalid", () => {
    const { b } = victim();
    expect(
      b.receive(msg({ messageId: "x", lamportTimestamp: undefined, content: undefined }), { now: 7 }).outcome,
    ).toBe("invalid");
    expect(b.receive(msg({ messageId: "" }), { now: 7 }).reason).toBe("empty message id or sender id");
    expect(b.receive(msg({ messageId: "y", senderId: "" }), { now: 7 }).outcome).toBe("invalid");
  });

  it("a 10^5-entry causal history is cut to the most recent maxHistoryEntriesAccepted entries", () => {
    const { b, good } = victim();
    const history: HistoryEntry[] = Array.from({ length: 100_000 }, (_, i) => ({ messageId: `h${i}` }));
    history.push({ messageId: good.message.messageId });
    const r = b.receive(msg({ messageId: "huge", causalHistory: history }), { now: 7 });
    expect(r.outcome).toBe("buffered");
    expect(r.missing).toHaveLength(255);
    expect(r.missing.at(-1)?.messageId).toBe("h99999");
  });

  it("a far-future Lamport timestamp waits until local time is within maxClockDriftMs, without pulling the clock", () => {
    const { b } = victim();
    const ahead = b.receive(msg({ messageId: "future", lamportTimestamp: 700n }), { now: 100 });
    expect(ahead).toMatchObject({ outcome: "buffered", reason: "timestamp ahead of local time" });
    expect(b.lamportTimestamp).toBeLessThan(700n);
    expect(b.sweep({ now: 599 }).delivered).toEqual([]);
    expect(b.sweep({ now: 600 }).delivered.map((d) => d.messageId)).toEqual(["future"]);
    expect(b.lamportTimestamp).toBe(700n);
  });

  it("a timestamp beyond drift + lost timeout is rejected as invalid", () => {
    const { b, logged } = victim();
    const r = b.receive(msg({ messageId: "far", lamportTimestamp: 2n ** 63n }), { now: 100 });
    expect(r).toMatchObject({ outcome: "invalid", reason: "timestamp too far in the future", delivered: [] });
    expect(b.lamportTimestamp).toBeLessThan(1_000n);
    expect(logged()).toHaveLength(1);
  });

  it("duplicates and spoofed ids never replace or re-deliver what was delivered", () => {
    const { b, good, logged } = victim();
    expect(b.receive(good.bytes, { now: 7 }).outcome).toBe("duplicate");
    const spoof = msg({ messageId: good.message.messageId, content: text("evil") });
    expect(b.receive(spoof, { now: 7 })).toMatchObject({ outcome: "duplicate", delivered: [] });
    const mine = b.send(text("mine"), { now: 8, nonce: nonce(2) });
    expect(b.receive(msg({ messageId: mine.message.messageId }), { now: 9 }).outcome).toBe("duplicate");
    expect(b.receive(msg({ messageId: "as-bob", senderId: "bob" }), { now: 9 }).outcome).toBe("own-echo");
    expect(logged()).toEqual([good.message.messageId, mine.message.messageId]);
  });

  it("self-references are ignored and dependency cycles are released after the lost timeout", () => {
    const { b } = victim();
    expect(
      b.receive(msg({ messageId: "self", causalHistory: [{ messageId: "self" }] }), { now: 7 }).outcome,
    ).toBe("delivered");
    b.receive(msg({ messageId: "x", causalHistory: [{ messageId: "y" }] }), { now: 7 });
    b.receive(msg({ messageId: "y", causalHistory: [{ messageId: "x" }] }), { now: 7 });
    expect(b.sweep({ now: 1_006 }).delivered).toEqual([]);
    expect(b.sweep({ now: 1_007 }).delivered.map((d) => d.messageId)).toEqual(["x", "y"]);
  });

  it("a full buffer releases its earliest message early (delivered, gap reported lost), never drops it", () => {
    const b = peer("bob", { maxBufferedMessages: 3 });
    const ids = ["a", "b", "c", "d"];
    const results = ids.map((id) =>
      b.receive(msg({ messageId: id, causalHistory: [{ messageId: `gap-${id}` }] }), { now: 7 }),
    );
    expect(results[3]?.delivered.map((d) => [d.messageId, d.skippedDependencies])).toEqual([
      ["a", ["gap-a"]],
    ]);
    expect(results[3]?.lost.map((e) => e.messageId)).toEqual(["gap-a"]);
    expect(b.missing().map((e) => e.messageId)).toEqual(["gap-b", "gap-c", "gap-d"]);
    expect(str(results[3]?.delivered[0]?.content ?? new Uint8Array())).toBe("a");
  });
});
