import type { MessageId, Transport, TransportListener } from "@reliable-channel/interfaces";
import { createMemoryNetwork, createSeededRandom } from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { createReliableChannel } from "../src/index.js";
import { drive } from "./helpers/drive.js";
import { text, untext } from "./helpers/group.js";
import { record } from "./helpers/recorder.js";

const MINUTE = 60_000;

describe("irretrievable means lost (seed 61)", () => {
  it("is never said of a message whose bytes arrived; a given-up one that arrives later is recovered", async () => {
    const net = createMemoryNetwork({ seed: 61, latency: { minMs: 10, maxMs: 20 } });
    const channel = (id: string, transport: Transport, extra = {}) =>
      createReliableChannel({
        channelId: "room",
        participantId: id,
        transport,
        clock: net.clock,
        random: createSeededRandom(61 + id.length),
        ...extra,
      });
    // Each of alice's messages names only the one before it: c ← b ← m.
    const alice = await channel("alice", net.join("alice"), {
      sds: { causalHistorySize: 1, recentlyLoggedHistorySize: 0 },
    });
    const carol = await channel("carol", net.join("carol"));
    // Bob's transport has no store: only what reaches him live (or what the test hands him) arrives.
    const inner = net.join("bob");
    let hand: TransportListener = () => {};
    const bobTransport: Transport = {
      start: () => inner.start(),
      stop: () => inner.stop(),
      publish: (bytes, options) => inner.publish(bytes, options),
      subscribe: (listener) => {
        hand = listener;
        return inner.subscribe(listener);
      },
      maxPayloadBytes: inner.maxPayloadBytes,
    };
    const bob = await channel("bob", bobTransport);
    const bobEvents = record(bob);
    const hints = new Map<MessageId, Uint8Array>();
    alice.on("sent", ({ messageId, retrievalHint }) => {
      if (retrievalHint !== undefined) hints.set(messageId, retrievalHint);
    });
    const handOver = (id: MessageId) => {
      const hint = hints.get(id);
      const stored = hint === undefined ? undefined : net.store.get(hint);
      if (hint === undefined || stored === undefined) throw new Error("not in the store");
      hand(stored.bytes.slice(), { retrievalHint: hint });
    };

    net.partition(["alice"], ["bob"]);
    const c = await alice.send(text("c"));
    const b = await alice.send(text("b"));
    await drive(net.clock, 5_000); // carol acknowledges both: alice stops re-publishing them
    net.heal();
    const m = await alice.send(text("m"));
    await drive(net.clock, 4 * MINUTE, 1_000);
    expect(bobEvents.of("message-received")).toEqual([]);
    handOver(b); // b's bytes arrive; it waits for c
    await drive(net.clock, 3 * MINUTE, 1_000);
    const givenUp = bobEvents.of("irretrievable").flatMap((e) => e.messageIds);
    expect(givenUp).toEqual([c]);
    expect(bobEvents.of("message-received").map((e) => untext(e.payload))).toEqual(["b", "m"]);
    expect(bob.syncStatus.lost).toBe(1);

    handOver(c); // c turns up after all
    await drive(net.clock, 2_000);
    expect(bobEvents.of("message-received").map((e) => untext(e.payload))).toEqual(["b", "m", "c"]);
    expect(bobEvents.of("recovered")).toEqual([{ messageId: c }]);
    expect(bob.syncStatus.lost).toBe(0);
    expect(m).not.toBe(b);
    await Promise.all([alice.stop(), carol.stop(), bob.stop()]);
  });
});
