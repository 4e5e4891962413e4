import { describe, expect, it } from "vitest";
import { createDeliveredFloors } from "../src/delivered-floors.js";

describe("delivered floors", () => {
  it("raise a sender's floor only when its ids leave the window, to their highest Lamport time", () => {
    const floors = createDeliveredFloors(10);
    floors.note("a1", "alice", 5n);
    floors.note("a2", "alice", 9n);
    floors.note("b1", "bob", 7n);
    expect(floors.covers("alice", 1n)).toBe(false);
    floors.forget(["a2", "a1", "unknown"]);
    expect([floors.covers("alice", 9n), floors.covers("alice", 10n), floors.covers("bob", 1n)]).toEqual([
      true,
      false,
      false,
    ]);
    floors.forget(["a2"]); // forgotten once: no origin left
    expect(floors.senders).toBe(1);
  });

  it("keep floors for at most maxSenders senders, forgetting the one raised longest ago", () => {
    const floors = createDeliveredFloors(2);
    for (const [id, sender] of [
      ["1", "s1"],
      ["2", "s2"],
      ["3", "s3"],
    ] as const) {
      floors.note(id, sender, 1n);
      floors.forget([id]);
    }
    expect([floors.covers("s1", 1n), floors.covers("s2", 1n), floors.covers("s3", 1n)]).toEqual([
      false,
      true,
      true,
    ]);
    expect(floors.senders).toBe(2);
  });
});
