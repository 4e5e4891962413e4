import type { Transport } from "@reliable-channel/interfaces";
import { createMemoryVolume, memoryStorage } from "@reliable-channel/storage-memory";
import {
  createMemoryNetwork,
  createSeededRandom,
  type MemoryTransport,
  type VirtualClock,
} from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { createReliableChannel } from "../src/index.js";
import { drive } from "./helpers/drive.js";
import { text, untext } from "./helpers/group.js";
import { record } from "./helpers/recorder.js";

/** How long the slow transport's `start()` takes, as a Waku filter subscription's round trip does (ms). */
const START_MS = 200;

/**
 * `inner`, whose `start()` takes {@link START_MS} of virtual time before it starts `inner`: until then a
 * publish fails with the memory transport's `NotStartedError`, as `wakuTransport` does while subscribing.
 */
function slowToStart(inner: MemoryTransport, clock: VirtualClock): Transport {
  return {
    start: async () => {
      await new Promise<void>((resolve) => clock.setTimeout(resolve, START_MS));
      await inner.start();
    },
    stop: () => inner.stop(),
    publish: (bytes, options) => inner.publish(bytes, options),
    subscribe: (listener) => inner.subscribe(listener),
    retrieve: (hints, options) => inner.retrieve(hints, options),
    retention: inner.retention,
    maxPayloadBytes: inner.maxPayloadBytes,
  };
}

describe("demo regression (./run demo, seed 1, under load)", () => {
  // `./run demo` failed when p2 crashed while its publish of a message was still under way: the message
  // never reached the network, stayed in p2's SQLite outbox, and on restart its re-publish ran before the
  // Waku transport had started. The NotStartedError was taken for a permanent failure: the message was
  // dropped from the outbox with `send-failed` (emitted before `createReliableChannel` resolved), never
  // published again, and the others held back everything that depended on it.
  it("a restarted participant re-publishes its outbox once a slow transport has started (seed 7)", async () => {
    const network = createMemoryNetwork({ seed: 7 });
    const volume = createMemoryVolume();
    const bob = await createReliableChannel({
      channelId: "c",
      participantId: "bob",
      transport: network.join("bob"),
      clock: network.clock,
      random: createSeededRandom(2),
    });
    const bobEvents = record(bob);
    const alice = await createReliableChannel({
      channelId: "c",
      participantId: "alice",
      transport: network.join("alice"),
      storage: memoryStorage({ volume }),
      clock: network.clock,
      random: createSeededRandom(1),
    });
    // Its publishes fail while it is cut off; then it crashes: only its storage survives.
    network.setOffline("alice", true);
    const ids = [await alice.send(text("1")), await alice.send(text("2"))];
    await drive(network.clock, 100);
    await alice.stop();
    network.setOffline("alice", false);

    const transport = network.transport("alice");
    if (transport === undefined) throw new Error("alice joined above");
    const again = await createReliableChannel({
      channelId: "c",
      participantId: "alice",
      transport: slowToStart(transport, network.clock),
      storage: memoryStorage({ volume }),
      clock: network.clock,
      random: createSeededRandom(3),
      autoStart: false,
    });
    const events = record(again);
    const started = again.start();
    await drive(network.clock, 130_000, 250);
    await started;

    expect(events.of("send-failed")).toEqual([]);
    expect(bobEvents.of("message-received").map((e) => untext(e.payload))).toEqual(["1", "2"]);
    expect(
      events
        .of("acknowledged")
        .map((e) => e.messageId)
        .sort(),
    ).toEqual([...ids].sort());
    expect(again.outboxSize).toBe(0);
    await again.stop();
    await bob.stop();
  });
});
