import type { Transport } from "@reliable-channel/interfaces";
import { createMemoryVolume, memoryStorage } from "@reliable-channel/storage-memory";
import {
  createMemoryNetwork,
  createSeededRandom,
  createVirtualClock,
} from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { createReliableChannel } from "../src/index.js";
import { drive, turn } from "./helpers/drive.js";
import { text } from "./helpers/group.js";
import { record } from "./helpers/recorder.js";
import { crashable } from "./helpers/storage.js";

/** A transport that records the order of publishes among other steps (`order`). */
function spyTransport(order: string[]): Transport {
  return {
    publish: async () => {
      order.push("publish");
      return { retrievalHint: new Uint8Array(32) };
    },
    subscribe: () => () => {},
    start: async () => {},
    stop: async () => {},
  };
}

describe("send path", () => {
  it("the first publish starts right after the commit, without a timer: `sending` fires before `send` resolves", async () => {
    const clock = createVirtualClock({ startAt: 1_000 });
    const order: string[] = [];
    const channel = await createReliableChannel({
      channelId: "c",
      participantId: "alice",
      transport: spyTransport(order),
      clock,
      random: createSeededRandom(7),
    });
    channel.on("sending", ({ attempt }) => order.push(`sending ${attempt}`));
    const sent = channel.send(text("now")).then(() => order.push("resolved"));
    await sent;
    // No virtual time passed: the first attempt needed no timer (a 0 ms timer would not have run yet).
    expect(order).toEqual(["sending 1", "publish", "resolved"]);
    expect(clock.now()).toBe(1_000);
    await turn();
    await channel.stop();
  });

  it("a crash right after a send (its commit carried no core snapshot) loses neither the message's acknowledgement nor its sequence", async () => {
    const network = createMemoryNetwork({ seed: 61 });
    const volume = createMemoryVolume();
    const storage = crashable(memoryStorage({ volume }));
    const bob = await createReliableChannel({
      channelId: "c",
      participantId: "bob",
      transport: network.join("bob"),
      clock: network.clock,
      random: createSeededRandom(62),
    });
    const alice = await createReliableChannel({
      channelId: "c",
      participantId: "alice",
      transport: network.join("alice"),
      storage,
      clock: network.clock,
      random: createSeededRandom(63),
    });
    network.setOffline("alice", true);
    await alice.send(text("first"));
    const second = await alice.send(text("second"));
    const secondBatch = storage.commits.find((ops) =>
      ops.some((op) => op.type === "outbox-put" && op.entry.messageId === second),
    );
    expect(secondBatch?.some((op) => op.type === "meta-put")).toBe(false);
    await storage.crash();
    network.setOffline("alice", false);

    const reopened = crashable(memoryStorage({ volume }));
    const again = await createReliableChannel({
      channelId: "c",
      participantId: "alice",
      transport: network.join("alice-2"),
      storage: reopened,
      clock: network.clock,
      random: createSeededRandom(64),
    });
    const events = record(again);
    const third = await again.send(text("third"));
    const sequenceOf = (id: string): bigint | undefined =>
      reopened.commits
        .flat()
        .flatMap((op) => (op.type === "outbox-put" && op.entry.messageId === id ? [op.entry.sequence] : []))
        .at(0);
    expect(sequenceOf(third)).toBe(3n);
    await drive(network.clock, 2_000);
    await bob.send(text("ack"));
    await drive(network.clock, 60_000, 50, () => again.outboxSize === 0);
    expect(events.of("acknowledged").map((e) => e.messageId)).toContain(second);
    expect(events.of("send-failed")).toEqual([]);
    expect(again.outboxSize).toBe(0);
    await Promise.all([again.stop(), bob.stop()]);
  });
});
