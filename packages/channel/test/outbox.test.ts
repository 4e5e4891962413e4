import type { OutboxEntry } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import { BoundedIds } from "../src/bounded-ids.js";
import { Outbox } from "../src/outbox.js";

const entry = (id: string, sequence: bigint) => ({
  messageId: id,
  sequence,
  lamportTimestamp: sequence,
  bytes: new Uint8Array([1]),
  nextAttemptAt: 0,
  createdAt: 0,
});

describe("Outbox", () => {
  it("adds entries as pending and lists them in sequence order", () => {
    const outbox = new Outbox();
    outbox.add(entry("b", 2n));
    outbox.add(entry("a", 1n));
    expect(outbox.entries().map((e) => [e.messageId, e.state, e.attempts])).toEqual([
      ["a", "pending", 0],
      ["b", "pending", 0],
    ]);
  });

  it("updates, moves and removes entries; changes to a removed entry are ignored", () => {
    const outbox = new Outbox();
    outbox.add(entry("a", 1n));
    expect(outbox.update("a", { attempts: 2 })?.attempts).toBe(2);
    expect(outbox.setState("a", "possibly-acknowledged")?.state).toBe("possibly-acknowledged");
    expect(outbox.remove("a")).toBe(true);
    expect(outbox.update("a", { attempts: 3 })).toBeUndefined();
    expect(outbox.remove("a")).toBe(false);
    expect(outbox.size).toBe(0);
  });

  it("restores only the entries still in flight", () => {
    const outbox = new Outbox();
    const states = ["pending", "sent", "possibly-acknowledged", "acknowledged", "failed"] as const;
    outbox.restore(
      states.map((state, i): OutboxEntry => ({ ...entry(state, BigInt(i)), state, attempts: 1 })),
    );
    expect(outbox.entries().map((e) => e.messageId)).toEqual(["pending", "sent", "possibly-acknowledged"]);
  });
});

describe("BoundedIds", () => {
  it("forgets the oldest ids beyond its limit and returns them", () => {
    const ids = new BoundedIds(2, ["a"]);
    expect(ids.add("b")).toEqual([]);
    expect(ids.add("c")).toEqual(["a"]);
    expect(ids.has("a")).toBe(false);
    expect(ids.has("c")).toBe(true);
    expect(ids.size).toBe(2);
  });
});
