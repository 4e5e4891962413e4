import type { SdsMessage, Transport, TransportListener } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import type { DemoEvent } from "../src/metrics/demo-event.js";
import { tapTransport } from "../src/scenario/tap-transport.js";
import { createWireLedger } from "../src/scenario/wire-ledger.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Test bytes: `id|sender|deps,comma|kind` (kind c = content, s = sync). */
function bytesOf(id: string, sender: string, deps: string[] = [], kind = "c"): Uint8Array {
  return encoder.encode([id, sender, deps.join(","), kind].join("|"));
}

function decode(bytes: Uint8Array): SdsMessage {
  const [messageId = "", senderId = "", deps = "", kind] = decoder.decode(bytes).split("|");
  if (kind === undefined) throw new Error("not an SDS message");
  return {
    messageId,
    senderId,
    channelId: "c",
    lamportTimestamp: 1n,
    causalHistory: deps === "" ? [] : deps.split(",").map((messageId) => ({ messageId })),
    repairRequest: [],
    ...(kind === "c" ? { content: new Uint8Array([1]) } : {}),
  };
}

function fakeTransport() {
  const listeners: TransportListener[] = [];
  const transport: Transport = {
    start: async () => {},
    stop: async () => {},
    publish: async (bytes) => ({ retrievalHint: bytes.slice(0, 2) }),
    subscribe(listener) {
      listeners.push(listener);
      return () => {};
    },
    retrieve: async (hints) => hints.map((hint) => ({ retrievalHint: hint, bytes: bytesOf("m9", "a") })),
    retention: 1000,
  };
  return {
    transport,
    deliver: (bytes: Uint8Array) => {
      for (const listener of listeners) listener(bytes, {});
    },
  };
}

function setup() {
  const ledger = createWireLedger(decode);
  const events: DemoEvent[] = [];
  let now = 0;
  const make = (participantId: string) => {
    const fake = fakeTransport();
    const received: Uint8Array[] = [];
    const tapped = tapTransport(fake.transport, {
      participantId,
      ledger,
      now: () => now,
      record: (event) => events.push(event),
      seen: new Set(),
    });
    tapped.subscribe((bytes) => received.push(bytes));
    return { tapped, deliver: fake.deliver, received };
  };
  return { ledger, events, make, tick: (ms: number) => (now += ms) };
}

describe("tapTransport", () => {
  it("records declared dependencies and repair rebroadcasts on publish, passing bytes through", async () => {
    const { ledger, make, tick } = setup();
    const a = make("a");
    const b = make("b");
    await a.tapped.publish(bytesOf("m1", "a"));
    await a.tapped.publish(bytesOf("m2", "a", ["m1"]));
    await a.tapped.publish(bytesOf("s1", "a", ["m2"], "s"));
    tick(50);
    await b.tapped.publish(bytesOf("m1", "a"));
    expect([...ledger.dependencies]).toEqual([
      ["m1", []],
      ["m2", ["m1"]],
    ]);
    expect([...ledger.repairPublishedAt]).toEqual([["m1", 50]]);
    expect([...ledger.byHint.keys()]).toEqual(["6d31", "6d32"]);
    expect(a.tapped.retention).toBe(1000);
  });

  it("counts duplicates and repaired arrivals, never own echoes, and hands every payload on", async () => {
    const { events, make, tick } = setup();
    const a = make("a");
    const b = make("b");
    const c = make("c");
    await a.tapped.publish(bytesOf("m1", "a"));
    c.deliver(bytesOf("m1", "a"));
    c.deliver(bytesOf("m1", "a"));
    a.deliver(bytesOf("m1", "a"));
    tick(10);
    await c.tapped.publish(bytesOf("m1", "a"));
    b.deliver(bytesOf("m1", "a"));
    b.deliver(encoder.encode("garbage"));
    expect(events).toEqual([
      { kind: "duplicate", at: 0, participant: "c" },
      { kind: "repaired", at: 10, participant: "b", messageId: "m1" },
    ]);
    expect(c.received).toHaveLength(2);
    expect(b.received).toHaveLength(2);
  });

  it("marks retrieved messages as seen so a late live copy counts as a duplicate", async () => {
    const { events, make } = setup();
    const b = make("b");
    const retrieve = b.tapped.retrieve;
    expect(retrieve).toBeDefined();
    await retrieve?.([new Uint8Array([1])]);
    b.deliver(bytesOf("m9", "a"));
    expect(events).toEqual([{ kind: "duplicate", at: 0, participant: "b" }]);
  });
});
