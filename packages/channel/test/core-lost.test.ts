import type { IncomingMeta, Transport } from "@reliable-channel/interfaces";
import { createSdsCore } from "@reliable-channel/sds";
import { createSeededRandom, createVirtualClock } from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { createReliableChannel } from "../src/index.js";
import { drive, turn } from "./helpers/drive.js";
import { text, untext } from "./helpers/group.js";
import { record } from "./helpers/recorder.js";

/** A transport without a store whose incoming bytes the test pushes itself (`deliver`). */
function handTransport(): Transport & { deliver(bytes: Uint8Array): void } {
  const listeners = new Set<(bytes: Uint8Array, meta: IncomingMeta) => void>();
  return {
    publish: async () => ({}),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start: async () => {},
    stop: async () => {},
    deliver: (bytes) => {
      for (const listener of listeners) listener(bytes, {});
    },
  };
}

describe("dependencies the SDS core declares lost on receive", () => {
  it("are reported irretrievable at once (not after missingTimeoutMs), once per id, with the messages they released", async () => {
    const clock = createVirtualClock({ startAt: 10_000 });
    const transport = handTransport();
    const bob = await createReliableChannel({
      channelId: "c",
      participantId: "bob",
      transport,
      clock,
      random: createSeededRandom(71),
      missingTimeoutMs: 60_000,
      // A buffer of one message: the second buffered message forces the earliest one out.
      sds: { maxBufferedMessages: 1 },
    });
    const events = record(bob);
    const alice = createSdsCore({ channelId: "c", participantId: "alice" });
    const carol = createSdsCore({ channelId: "c", participantId: "carol" });
    const nonce = (n: number): Uint8Array => new Uint8Array(16).fill(n);
    const m1 = alice.send(text("m1"), { now: clock.now(), nonce: nonce(1) });
    const m2 = alice.send(text("m2"), { now: clock.now(), nonce: nonce(2) });
    const c0 = carol.send(text("c0"), { now: clock.now() + 5_000, nonce: nonce(3) });
    const c1 = carol.send(text("c1"), { now: clock.now() + 5_000, nonce: nonce(4) });
    const id = (built: { message: { messageId: string } }): string => built.message.messageId;
    transport.deliver(m2.bytes);
    // c1 (waiting for c0) overflows the buffer: m2, the earliest, is released and m1, which nothing else
    // waits for, is declared lost by the core.
    transport.deliver(c1.bytes);
    await turn();
    // No virtual time passed: the event comes from the receive itself, not from the retrieval timeout.
    expect(events.of("missing").flatMap((e) => e.missing.map((entry) => entry.messageId))).toEqual([
      id(m1),
      id(c0),
    ]);
    expect(events.of("irretrievable")).toEqual([
      { messageIds: [id(m1)], reason: "capacity", released: [id(m2)] },
    ]);
    expect(events.of("message-received").map((e) => untext(e.payload))).toEqual(["m2"]);
    const types = events.events.map((e) => e.type);
    expect(types.indexOf("irretrievable")).toBeGreaterThan(types.indexOf("message-received"));
    await drive(clock, 120_000, 5_000);
    // m1's retrieval was cancelled: only c0 is given up when the missing timeout passes.
    const given = events.of("irretrievable").flatMap((e) => e.messageIds);
    expect(given).toEqual([id(m1), id(c0)]);
    expect(events.of("sync-status").at(-1)).toMatchObject({ status: "synced", missing: 0, lost: 2 });
    await bob.stop();
  });
});
