import type { MessageId, StorageOp } from "@reliable-channel/interfaces";
import { createMemoryVolume, memoryStorage } from "@reliable-channel/storage-memory";
import { createMemoryNetwork, createSeededRandom } from "@reliable-channel/transport-memory";
import { describe, expect, it, vi } from "vitest";
import { createReliableChannel } from "../src/index.js";
import { drive } from "./helpers/drive.js";
import { record } from "./helpers/recorder.js";
import { crashable } from "./helpers/storage.js";

const big = (size: number, seed = 1) => Uint8Array.from({ length: size }, (_, i) => (i * 131 + seed) % 251);
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

/**
 * Bob's `createReliableChannel` and whether his segmentation code is loaded. With `onDemand`, from a module
 * registry of its own where that code is not loaded yet (Alice's, the static import, loads it to send): Bob
 * loads it for the first segment he receives.
 */
async function bobsChannel(onDemand: boolean) {
  if (!onDemand) return { create: createReliableChannel, loaded: () => true };
  vi.resetModules();
  const loader = await import("../src/segmentation-loader.js");
  const { createReliableChannel: create } = await import("../src/index.js");
  return { create, loaded: () => loader.loadedSegmentation() !== undefined };
}

/**
 * Bob receives a payload of three segments (no parity: each one is needed), and his process dies right after
 * the channel's commit that marks the `crashAt`-th segment delivered, before anything else is written. A new
 * process starts on the same storage; SDS will not deliver those segments again. The payload must reach Bob
 * once, whole.
 */
async function crashWhileReceiving(seed: number, crashAt: number, onDemand: boolean): Promise<void> {
  // Each publish takes a while, so the segments arrive, and are committed, one at a time.
  const network = createMemoryNetwork({ seed, publishDelayMs: 200 });
  const common = { channelId: "c", clock: network.clock } as const;
  const bob = await bobsChannel(onDemand);
  const alice = await createReliableChannel({
    ...common,
    participantId: "alice",
    transport: network.join("alice"),
    random: createSeededRandom(1),
  });
  const segmentIds = new Set<MessageId>();
  alice.on("sending", (event) => {
    if (event.segment !== undefined) segmentIds.add(event.segment.messageId);
  });
  const delivered = new Set<MessageId>();
  const marksDelivered = (channelId: string, ops: readonly StorageOp[]): boolean => {
    if (channelId !== "c") return false;
    for (const op of ops) {
      if (op.type === "handled-add" && segmentIds.has(op.messageId)) delivered.add(op.messageId);
    }
    return delivered.size >= crashAt;
  };
  const volume = createMemoryVolume();
  const storage = crashable(memoryStorage({ volume }), { crashAfter: marksDelivered });
  const bobTransport = network.join("bob");
  const first = await bob.create({
    ...common,
    participantId: "bob",
    transport: bobTransport,
    storage,
    random: createSeededRandom(2),
  });
  const before = record(first);
  const payload = big(250_000, seed);
  const id = await alice.send(payload);
  // On demand, nothing has loaded Bob's segmentation code yet: the first segment he receives does.
  expect(bob.loaded()).toBe(!onDemand);
  await drive(network.clock, 30_000, 50, () => delivered.size >= crashAt);
  // The commit that crashed delivered exactly the `crashAt`-th segment (one segment per commit).
  expect(delivered.size).toBe(crashAt);
  // The process is gone: its storage lock is released, its transport leaves; the channel is never stopped.
  await storage.crash();
  await bobTransport.stop();
  const second = await bob.create({
    ...common,
    participantId: "bob",
    transport: network.join("bob2"),
    storage: memoryStorage({ volume }),
    random: createSeededRandom(3),
  });
  const after = record(second);
  await drive(network.clock, 120_000, 100, () => after.of("message-received").length > 0);
  await drive(network.clock, 10_000);
  const received = [...before.of("message-received"), ...after.of("message-received")];
  expect(received.map((event) => event.messageId)).toEqual([id]);
  expect(hex(received[0]?.payload ?? new Uint8Array())).toBe(hex(payload));
  expect(received[0]?.senderId).toBe("alice");
  expect(received[0]?.segments).toEqual({ data: 3, parity: 0, rebuilt: 0 });
  expect(after.of("message-dropped")).toEqual([]);
  expect(after.of("error")).toEqual([]);
  expect(segmentIds.size).toBe(3);
  await Promise.all([alice.stop(), second.stop()]);
}

describe("segmentation across a crash: a segment SDS delivered is never lost", () => {
  it("a crash right after the commit that delivers the first segment: the restart completes the message with the rest", async () => {
    await crashWhileReceiving(61, 1, false);
  });

  it("a crash right after the commit that delivers the last segment: the restart delivers the message, once", async () => {
    await crashWhileReceiving(62, 3, false);
  });

  it("on demand: the first segment arrives before the code is loaded, then the crash", async () => {
    await crashWhileReceiving(63, 1, true);
  });

  it("on demand: a crash right after the commit that completes the message", async () => {
    await crashWhileReceiving(64, 3, true);
  });
});
