import { describe, expect, it } from "vitest";
import { createDeliveredFloors } from "../src/delivered-floors.js";

describe("delivered floors", () => {
  it("raise a sender's floor only when its generation leaves the window, to its highest Lamport time", () => {
    const floors = createDeliveredFloors(10);
    expect(floors.note("alice", 5n)).toBe(5n);
    expect(floors.note("alice", 9n)).toBe(9n);
    expect(floors.note("alice", 7n)).toBeUndefined(); // not a new maximum: no row to write
    floors.note("bob", 7n);
    floors.roll(); // alice's and bob's generation becomes the previous one: still in the window
    expect(floors.covers("alice", 1n)).toBe(false);
    const roll = floors.roll();
    expect(roll.forgotten).toEqual({ generation: 0, senders: ["alice", "bob"] });
    expect(roll.generation).toBe(2);
    expect([floors.covers("alice", 9n), floors.covers("alice", 10n), floors.covers("bob", 7n)]).toEqual([
      true,
      false,
      true,
    ]);
    expect(floors.senders).toBe(2);
  });

  it("keep floors for at most maxSenders senders, forgetting the one raised longest ago", () => {
    const floors = createDeliveredFloors(2);
    const evicted: string[] = [];
    for (const sender of ["s1", "s2", "s3"]) {
      floors.note(sender, 1n);
      floors.roll();
      evicted.push(...floors.roll().evicted);
    }
    expect([floors.covers("s1", 1n), floors.covers("s2", 1n), floors.covers("s3", 1n)]).toEqual([
      false,
      true,
      true,
    ]);
    expect(evicted).toEqual(["s1"]);
    expect(floors.senders).toBe(2);
  });

  it("keep at most maxSenders senders per generation: a later new sender raises no floor", () => {
    const floors = createDeliveredFloors(2);
    expect([floors.note("s1", 1n), floors.note("s2", 1n), floors.note("s3", 1n)]).toEqual([
      1n,
      1n,
      undefined,
    ]);
    expect(floors.note("s1", 2n)).toBe(2n);
  });

  it("resume from their exported state as they were", () => {
    const live = createDeliveredFloors(3);
    for (let i = 0; i < 7; i += 1) {
      live.note(`s${i % 4}`, BigInt(i));
      if (i % 2 === 1) live.roll();
    }
    const resumed = createDeliveredFloors(3, live.exportState());
    expect(resumed.exportState()).toEqual(live.exportState());
    live.note("s9", 100n);
    resumed.note("s9", 100n);
    expect(resumed.roll()).toEqual(live.roll());
    expect(resumed.roll()).toEqual(live.roll());
    expect(resumed.exportState()).toEqual(live.exportState());
  });
});
