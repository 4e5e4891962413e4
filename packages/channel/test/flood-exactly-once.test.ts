import { toHex } from "@reliable-channel/hash";
import type { Storage, Transport } from "@reliable-channel/interfaces";
import { encodeSdsMessage } from "@reliable-channel/sds";
import { createMemoryVolume, memoryStorage } from "@reliable-channel/storage-memory";
import { createMemoryNetwork, createSeededRandom } from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { createReliableChannel } from "../src/index.js";
import { drive } from "./helpers/drive.js";
import { text } from "./helpers/group.js";
import { record } from "./helpers/recorder.js";

// Issue 16, finding 2, scaled down: a flood of well-formed messages (50/s for a minute) rolls the reader's duplicate
// window (here 100 ids instead of 100,000) while the writer's messages go unacknowledged (the writer hears
// nothing for 60 s); the writer's retries then come after the window rolled. Exactly-once must hold anyway.

const CHANNEL = "room";
const WINDOW = 100;

describe("a flood that rolls the duplicate window (seed 1602)", () => {
  it("does not make a late retry deliverable again", async () => {
    const seed = 1602;
    const net = createMemoryNetwork({ seed, latency: { minMs: 5, maxMs: 20 } });
    const deafUntil = net.clock.now() + 60_000;
    // Alice hears nothing for 60 s: no acknowledgement reaches her, so she retries.
    const alice = await createReliableChannel({
      channelId: CHANNEL,
      participantId: "alice",
      transport: deafTransport(net.join("alice"), () => net.clock.now() >= deafUntil),
      clock: net.clock,
      random: createSeededRandom(seed * 10 + 1),
    });
    const bob = await openReader(net, seed);
    const bobEvents = record(bob);
    const flood = await flooder(net, seed);
    const sent = [];
    for (let i = 0; i < 5; i += 1) sent.push(await alice.send(text(`alice ${i}`)));
    for (let second = 0; second < 60; second += 1) {
      await flood(50);
      await drive(net.clock, 1_000, 250);
    }
    await drive(net.clock, 2 * 60_000, 1_000);
    const fromAlice = bobEvents.of("message-received").filter((e) => e.senderId === "alice");
    expect(
      fromAlice.map((e) => e.messageId),
      `seed ${seed}`,
    ).toEqual(sent);
    await Promise.all([alice.stop(), bob.stop()]);
  });

  it("acknowledges what the reader got although its syncs named too few of the flood's arrivals", async () => {
    // Alice hears everything, but a 100/s flood outruns what Bob's syncs name (32 fresh entries each) and
    // rolls his window; her app gives up after 4 publishes. Each re-send reaches Bob as a duplicate, which
    // his next message names in front: every message ends `acknowledged`, none `send-failed`.
    const seed = 1603;
    const net = createMemoryNetwork({ seed, latency: { minMs: 5, maxMs: 20 } });
    const alice = await createReliableChannel({
      channelId: CHANNEL,
      participantId: "alice",
      transport: net.join("alice"),
      clock: net.clock,
      random: createSeededRandom(seed * 10 + 1),
      maxSendAttempts: 4,
    });
    const aliceEvents = record(alice);
    const bob = await openReader(net, seed);
    const bobEvents = record(bob);
    const flood = await flooder(net, seed);
    const sent = [];
    for (let second = 0; second < 60; second += 1) {
      if (second === 10) for (let i = 0; i < 5; i += 1) sent.push(await alice.send(text(`alice ${i}`)));
      await flood(100);
      await drive(net.clock, 1_000, 250);
    }
    await drive(net.clock, 5 * 60_000, 1_000);
    const fromAlice = bobEvents.of("message-received").filter((e) => e.senderId === "alice");
    expect(
      fromAlice.map((e) => e.messageId),
      `seed ${seed}`,
    ).toEqual(sent);
    expect(aliceEvents.of("send-failed"), `seed ${seed}`).toEqual([]);
    expect(new Set(aliceEvents.of("acknowledged").map((e) => e.messageId)), `seed ${seed}`).toEqual(
      new Set(sent),
    );
    await Promise.all([alice.stop(), bob.stop()]);
  });

  it("does not make a late retry deliverable again after the reader restarted", async () => {
    // Bob delivers Alice's messages, restarts from storage, then a flood rolls his stored window many
    // times; Alice, deaf to him throughout, retries (5, 15, 35, 75, 155 s ...). None is delivered twice.
    const seed = 1604;
    const net = createMemoryNetwork({ seed, latency: { minMs: 5, maxMs: 20 } });
    const alice = await createReliableChannel({
      channelId: CHANNEL,
      participantId: "alice",
      transport: deafTransport(net.join("alice"), () => false),
      clock: net.clock,
      random: createSeededRandom(seed * 10 + 1),
    });
    const volume = createMemoryVolume();
    const received: string[] = [];
    const openBob = async () => {
      const channel = await openReader(net, seed, memoryStorage({ volume }));
      channel.on("message-received", (e) => {
        if (e.senderId === "alice") received.push(e.messageId);
      });
      return channel;
    };
    const flood = await flooder(net, seed);
    let bob = await openBob();
    const sent = [];
    for (let i = 0; i < 5; i += 1) sent.push(await alice.send(text(`alice ${i}`)));
    await drive(net.clock, 1_000, 250);
    await flood(20);
    await drive(net.clock, 1_000, 250);
    expect(received, `seed ${seed}`).toEqual(sent);
    await bob.stop();
    bob = await openBob();
    for (let second = 0; second < 60; second += 1) {
      await flood(50);
      await drive(net.clock, 1_000, 250);
    }
    await drive(net.clock, 4 * 60_000, 1_000);
    expect(received, `seed ${seed}`).toEqual(sent);
    await Promise.all([alice.stop(), bob.stop()]);
  });
});

/** Bob, the reader: a duplicate window of {@link WINDOW} ids, on `storage` when given (else in memory). */
function openReader(net: ReturnType<typeof createMemoryNetwork>, seed: number, storage?: Storage) {
  return createReliableChannel({
    channelId: CHANNEL,
    participantId: "bob",
    transport: net.transport("bob") ?? net.join("bob"),
    ...(storage === undefined ? {} : { storage }),
    clock: net.clock,
    random: createSeededRandom(seed * 10 + 2),
    handledIdsLimit: WINDOW,
  });
}

/** `inner`, whose received messages reach the channel only while `hears()` (the writer's deafness). */
function deafTransport(inner: Transport, hears: () => boolean): Transport {
  return {
    start: () => inner.start(),
    stop: () => inner.stop(),
    publish: (bytes, options) => inner.publish(bytes, options),
    subscribe: (listener) =>
      inner.subscribe((bytes, meta) => {
        if (hears()) listener(bytes, meta);
      }),
  };
}

/** A publisher of well-formed content messages under the sender id "mallory", each with a fresh id. */
async function flooder(net: ReturnType<typeof createMemoryNetwork>, seed: number) {
  const mallory = net.join("mallory");
  await mallory.start();
  const random = createSeededRandom(seed);
  let n = 0;
  return async (count: number) => {
    for (let i = 0; i < count; i += 1, n += 1) {
      const id = toHex(random.bytes(32));
      await mallory.publish(
        encodeSdsMessage({
          channelId: CHANNEL,
          senderId: "mallory",
          messageId: id,
          lamportTimestamp: BigInt(net.clock.now()),
          causalHistory: [],
          repairRequest: [],
          content: text(`flood ${n}`),
        }),
      );
    }
  };
}
