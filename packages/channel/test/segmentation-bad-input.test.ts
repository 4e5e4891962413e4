import type { Storage } from "@reliable-channel/interfaces";
import { lip243, type Segment, type SegmentationProfile } from "@reliable-channel/segmentation";
import { memoryStorage } from "@reliable-channel/storage-memory";
import {
  createMemoryNetwork,
  createSeededRandom,
  type MemoryNetwork,
} from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { createReliableChannel, type ReliableChannel } from "../src/index.js";
import { drive } from "./helpers/drive.js";
import { type Recorder, record } from "./helpers/recorder.js";

/** LIP-243 segments of 64 × 3 bytes: small payloads make many segments. */
const profile: SegmentationProfile = lip243({ segmentSizeBytes: 320, parityRate: 0.5 });
const payload = (seed: number, size = 1_000) =>
  Uint8Array.from({ length: size }, (_, i) => (i * 131 + seed) % 251);
const segmentsOf = (bytes: Uint8Array): Segment[] =>
  profile.split(bytes).segments.map((s) => {
    const segment = profile.decode(s);
    if (segment === undefined) throw new Error("not a segment");
    return segment;
  });

interface Setup {
  readonly network: MemoryNetwork;
  /** Sends raw SDS payloads (no segmentation of its own): a forger. */
  readonly mallory: ReliableChannel;
  readonly bob: ReliableChannel;
  readonly seen: Recorder;
}

async function setup(seed: number, bobStorage: Storage = memoryStorage()): Promise<Setup> {
  const network = createMemoryNetwork({ seed });
  const common = { channelId: "c", clock: network.clock } as const;
  const mallory = await createReliableChannel({
    ...common,
    participantId: "mallory",
    transport: network.join("mallory"),
    random: createSeededRandom(seed),
    segmentation: false,
  });
  const bob = await createReliableChannel({
    ...common,
    participantId: "bob",
    transport: network.join("bob"),
    random: createSeededRandom(seed + 1),
    storage: bobStorage,
    segmentation: { profile, reassemblyTimeoutMs: 60_000, maxPartialMessagesPerSender: 2 },
  });
  return { network, mallory, bob, seen: record(bob) };
}

const sendAll = async (channel: ReliableChannel, segments: readonly Segment[]) => {
  for (const s of segments) await channel.send(profile.encode(s));
};

describe("bad segments in the channel: dropped with a reason, nothing half-assembled reaches the app", () => {
  it("counts that disagree with the siblings', an index out of range, more than 256 segments", async () => {
    const { network, mallory, bob, seen } = await setup(11);
    const [first, second, third] = segmentsOf(payload(1));
    if (first === undefined || second === undefined || third === undefined) throw new Error("segments");
    await sendAll(mallory, [
      first,
      { ...second, dataCount: 9 },
      { ...third, index: 40 },
      { ...third, dataCount: 300 },
    ]);
    await drive(network.clock, 5_000);
    expect(seen.of("message-received")).toEqual([]);
    const drops = seen.of("message-dropped");
    expect(drops.map((d) => [d.reason, d.senderId, d.detail.split(":")[0]])).toEqual([
      ["invalid-segment", "mallory", "count-mismatch"],
      ["invalid-segment", "mallory", "index-out-of-range"],
      ["invalid-segment", "mallory", "too-many-segments"],
    ]);
    await Promise.all([mallory.stop(), bob.stop()]);
  });

  it("a reassembled payload whose hash does not match is dropped whole", async () => {
    const { network, mallory, bob, seen } = await setup(12);
    const segments = segmentsOf(payload(2));
    const tampered = segments.map((s, i) =>
      i === 2 ? { ...s, payload: s.payload.map((b) => b ^ 0xff) } : s,
    );
    await sendAll(mallory, tampered);
    await drive(network.clock, 5_000);
    expect(seen.of("message-received")).toEqual([]);
    expect(seen.of("message-dropped").map((d) => [d.reason, d.detail.split(":")[0]])).toEqual([
      ["invalid-segment", "hash-mismatch"],
    ]);
    await Promise.all([mallory.stop(), bob.stop()]);
  });

  it("a sender flooding partial messages: its oldest are dropped beyond the limit; a partial one times out", async () => {
    const { network, mallory, bob, seen } = await setup(13);
    for (let m = 0; m < 4; m++) {
      const [first] = segmentsOf(payload(10 + m));
      if (first === undefined) throw new Error("segments");
      await sendAll(mallory, [first]);
    }
    await drive(network.clock, 5_000);
    expect(seen.of("message-dropped").map((d) => d.reason)).toEqual([
      "reassembly-capacity",
      "reassembly-capacity",
    ]);
    await drive(network.clock, 60_000, 1_000);
    expect(seen.of("message-dropped").map((d) => d.reason)).toEqual([
      "reassembly-capacity",
      "reassembly-capacity",
      "reassembly-timeout",
      "reassembly-timeout",
    ]);
    expect(seen.of("message-received")).toEqual([]);
    await Promise.all([mallory.stop(), bob.stop()]);
  });

  it("partial messages of many senders: beyond the limit in all, the oldest is dropped", async () => {
    const network = createMemoryNetwork({ seed: 15 });
    const common = { channelId: "c", clock: network.clock, sds: { joinFrontier: false } } as const;
    const forgers = await Promise.all(
      ["m1", "m2"].map((participantId, i) =>
        createReliableChannel({
          ...common,
          participantId,
          transport: network.join(participantId),
          random: createSeededRandom(30 + i),
          segmentation: false,
        }),
      ),
    );
    const bob = await createReliableChannel({
      ...common,
      participantId: "bob",
      transport: network.join("bob"),
      random: createSeededRandom(40),
      segmentation: { profile, maxPartialMessages: 3 },
    });
    const seen = record(bob);
    for (const [f, forger] of forgers.entries()) {
      for (let m = 0; m < 2; m++) {
        const [first] = segmentsOf(payload(20 + 2 * f + m));
        if (first === undefined) throw new Error("segments");
        await sendAll(forger, [first]);
        await drive(network.clock, 1_000);
      }
    }
    await drive(network.clock, 3_000);
    expect(seen.of("message-dropped").map((d) => [d.reason, d.senderId])).toEqual([
      ["reassembly-capacity", "m1"],
    ]);
    await Promise.all([...forgers, bob].map((c) => c.stop()));
  });

  it("a partial message survives the receiver's restart and completes after it", async () => {
    const storage = memoryStorage();
    const { network, mallory, bob, seen } = await setup(14, storage);
    const message = payload(3);
    const segments = segmentsOf(message);
    await sendAll(mallory, segments.slice(0, 2));
    await drive(network.clock, 3_000);
    await bob.stop();
    await bob.start();
    await sendAll(mallory, segments.slice(4));
    await drive(network.clock, 5_000);
    const received = seen.of("message-received");
    expect(received.map((e) => e.payload)).toEqual([message]);
    expect(seen.of("message-dropped")).toEqual([]);
    await Promise.all([mallory.stop(), bob.stop()]);
  });
});
