import { describe, expect, it } from "vitest";
import { createReAcks } from "../src/re-acks.js";

const record = (id: string, lamport: bigint) => ({ messageId: id, lamportTimestamp: lamport, senderId: "s" });

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
});
