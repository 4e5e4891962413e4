import { describe, expect, it } from "vitest";
import { createReAcks, REACKS_PER_SENDER, REACKS_PER_SENDER_PER_MESSAGE } from "../src/re-acks.js";

const record = (id: string, lamport: bigint, senderId = "s") => ({
  messageId: id,
  lamportTimestamp: lamport,
  senderId,
});

describe("re-acks", () => {
  it("name the oldest re-sends first, in wire order, skipping what the history names, until named", () => {
    const reAcks = createReAcks(3);
    for (const [id, lamport] of [
      ["a", 5n],
      ["b", 1n],
      ["c", 3n],
      ["d", 2n],
    ] as const)
      reAcks.add(record(id, lamport));
    expect(reAcks.size).toBe(3); // "a" dropped: at most 3
    const first = reAcks.first(2, [{ messageId: "c" }]);
    expect(first).toEqual([
      { messageId: "b", senderId: "s" },
      { messageId: "d", senderId: "s" },
    ]);
    reAcks.named(first);
    expect(reAcks.first(8, [])).toEqual([{ messageId: "c", senderId: "s" }]);
  });

  it("keep one sender re-sending its old messages from crowding out another's", () => {
    const reAcks = createReAcks(256);
    reAcks.add(record("alice-1", 1n, "alice"));
    for (let i = 0; i < 300; i += 1) reAcks.add(record(`m${i}`, BigInt(i), "mallory"));
    expect(reAcks.size).toBe(1 + REACKS_PER_SENDER);
    const next = reAcks.first(8, []);
    expect(next.filter((e) => e.senderId === "mallory")).toHaveLength(REACKS_PER_SENDER_PER_MESSAGE);
    expect(next.map((e) => e.messageId)).toContain("alice-1");
  });
});
