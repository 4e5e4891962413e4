import { statusGo } from "@reliable-channel/segmentation";
import { isStatusGoSegment } from "@reliable-channel/segmentation/detect";
import { createMemoryNetwork, createSeededRandom } from "@reliable-channel/transport-memory";
import { describe, expect, it, vi } from "vitest";
import { drive } from "./helpers/drive.js";
import { record } from "./helpers/recorder.js";

const big = (size: number, seed = 1) => Uint8Array.from({ length: size }, (_, i) => (i * 131 + seed) % 251);
const text = (value: string) => new TextEncoder().encode(value);
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

/** The channel and its segmentation loader from a fresh module registry: nothing of segmentation loaded yet. */
async function fresh() {
  vi.resetModules();
  const { createReliableChannel } = await import("../src/index.js");
  const loader = await import("../src/segmentation-loader.js");
  expect(loader.loadedSegmentation()).toBeUndefined();
  return { createReliableChannel, loader };
}

describe("segmentation loaded on demand (default status-go profile on the js-waku wire)", () => {
  it("small payloads never load it; the first segment received does, and the events that follow wait for it, each once", async () => {
    const { createReliableChannel, loader } = await fresh();
    const network = createMemoryNetwork({ seed: 31 });
    const common = { channelId: "c", clock: network.clock } as const;
    const mallory = await createReliableChannel({
      ...common,
      participantId: "m",
      transport: network.join("m"),
      random: createSeededRandom(1),
      segmentation: false,
    });
    const bob = await createReliableChannel({
      ...common,
      participantId: "b",
      transport: network.join("b"),
      random: createSeededRandom(2),
    });
    const seen = record(bob);
    await mallory.send(text("before"));
    await drive(network.clock, 2_000);
    expect(loader.loadedSegmentation()).toBeUndefined();
    // Three status-go segments (of 1 000 bytes: within the default profile's limit), then a small payload.
    const payload = big(2_500, 5);
    const split = statusGo({ segmentSize: 1_000 }).split(payload);
    expect(split.segments.every(isStatusGoSegment)).toBe(true);
    for (const segment of split.segments) await mallory.send(segment);
    await mallory.send(text("after"));
    await drive(network.clock, 5_000);
    // The load is real I/O, not virtual time: wait for the import the channel started, then go on.
    await loader.loadSegmentation();
    await drive(network.clock, 120_000, 50, () => seen.of("message-received").length >= 3);
    expect(loader.loadedSegmentation()).toBeDefined();
    const received = seen.of("message-received").map((e) => hex(e.payload));
    expect(received.sort()).toEqual([hex(text("before")), hex(text("after")), hex(payload)].sort());
    expect(received.length).toBe(3);
    expect(hex(seen.of("message-received")[0]?.payload ?? new Uint8Array())).toBe(hex(text("before")));
    expect(seen.of("message-dropped")).toEqual([]);
    await Promise.all([mallory.stop(), bob.stop()]);
  });

  it("a send made while the code loads waits behind the one that loads it: the wire order is the send order", async () => {
    const { createReliableChannel, loader } = await fresh();
    const network = createMemoryNetwork({ seed: 32 });
    const common = { channelId: "c", clock: network.clock } as const;
    const alice = await createReliableChannel({
      ...common,
      participantId: "a",
      transport: network.join("a"),
      random: createSeededRandom(1),
    });
    const raw = await createReliableChannel({
      ...common,
      participantId: "r",
      transport: network.join("r"),
      random: createSeededRandom(2),
      segmentation: false,
    });
    const seen = record(raw);
    const payload = big(250_000, 9);
    const sends = [alice.send(payload), alice.send(text("small"))];
    expect(loader.loadedSegmentation()).toBeUndefined();
    const [bigId, smallId] = await Promise.all(sends);
    await drive(network.clock, 10_000);
    // Segment 0 went first, then the small payload (as when the code is there from the start), then the rest.
    const wire = seen.of("message-received").map((e) => (isStatusGoSegment(e.payload) ? "segment" : "small"));
    expect(wire).toEqual(["segment", "small", "segment", "segment"]);
    expect(bigId).toHaveLength(64);
    expect(smallId).not.toBe(bigId);
    await Promise.all([alice.stop(), raw.stop()]);
  });

  it("on the nim-sds wire the code is loaded by start() (LIP-243 wraps every payload)", async () => {
    const { createReliableChannel, loader } = await fresh();
    const network = createMemoryNetwork({ seed: 33 });
    const channel = await createReliableChannel({
      channelId: "c",
      participantId: "a",
      transport: network.join("a"),
      clock: network.clock,
      wireProfile: "nim-sds",
    });
    expect(loader.loadedSegmentation()).toBeDefined();
    await channel.stop();
  });
});
