import { PayloadTooLargeError } from "@reliable-channel/interfaces";
import { keccak256, lip243, statusGo } from "@reliable-channel/segmentation";
import { memoryStorage } from "@reliable-channel/storage-memory";
import { createMemoryNetwork, createSeededRandom } from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { createReliableChannel } from "../src/index.js";
import { drive } from "./helpers/drive.js";
import { createGroup } from "./helpers/group.js";
import { record } from "./helpers/recorder.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const big = (size: number, seed = 1) => Uint8Array.from({ length: size }, (_, i) => (i * 131 + seed) % 251);

describe("segmentation in the channel", () => {
  it("a payload over the segment size reaches everyone once, as one message, with progress on the sender's events", async () => {
    const { network, members } = await createGroup({ seed: 1, size: 3 });
    const [alice, bob, carol] = members;
    if (alice === undefined || bob === undefined || carol === undefined) throw new Error("group");
    const payload = big(1_000_000);
    const id = await alice.channel.send(payload);
    expect(id).toBe(hex(keccak256(payload)));
    await drive(network.clock, 30_000, 50, () => alice.recorder.of("acknowledged").length >= 11);
    for (const reader of [bob, carol]) {
      const received = reader.recorder.of("message-received");
      expect(received).toHaveLength(1);
      expect(received[0]?.messageId).toBe(id);
      expect(received[0]?.senderId).toBe("p0");
      expect(received[0]?.payload).toEqual(payload);
      expect(received[0]?.segments).toMatchObject({ data: 10, rebuilt: 0 });
    }
    // 10 data segments of 100 000 bytes + ⌊10 / 8⌋ = 1 parity segment, each its own SDS message.
    const sent = alice.recorder.of("sent");
    expect(new Set(sent.map((e) => e.segment?.messageId)).size).toBe(11);
    expect(sent.every((e) => e.messageId === id && e.segment?.total === 11 && e.segment.data === 10)).toBe(
      true,
    );
    expect(sent.map((e) => e.segment?.done).slice(0, 11)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const acknowledged = alice.recorder.of("acknowledged");
    expect(acknowledged).toHaveLength(11);
    expect(Math.max(...acknowledged.map((e) => e.segment?.done ?? 0))).toBe(11);
    await Promise.all(members.map((m) => m.channel.stop()));
  });

  it("payloads that fit travel unwrapped (status-go profile): a channel without segmentation reads them", async () => {
    const network = createMemoryNetwork({ seed: 2 });
    const common = { channelId: "c", clock: network.clock } as const;
    const alice = await createReliableChannel({
      ...common,
      participantId: "a",
      transport: network.join("a"),
      random: createSeededRandom(1),
    });
    const plain = await createReliableChannel({
      ...common,
      participantId: "b",
      transport: network.join("b"),
      random: createSeededRandom(2),
      segmentation: false,
    });
    const seen = record(plain);
    const id = await alice.send(new TextEncoder().encode("hello"));
    await drive(network.clock, 5_000);
    expect(
      seen.of("message-received").map((e) => [e.messageId, new TextDecoder().decode(e.payload)]),
    ).toEqual([[id, "hello"]]);
    await Promise.all([alice.stop(), plain.stop()]);
  });

  it("the profile rule: on the nim-sds wire every payload is wrapped as LIP-243, and reassembled", async () => {
    const network = createMemoryNetwork({ seed: 6 });
    const common = { channelId: "c", clock: network.clock, wireProfile: "nim-sds" } as const;
    const alice = await createReliableChannel({
      ...common,
      participantId: "a",
      transport: network.join("a"),
      random: createSeededRandom(1),
    });
    const bob = await createReliableChannel({
      ...common,
      participantId: "b",
      transport: network.join("b"),
      random: createSeededRandom(2),
    });
    const raw = await createReliableChannel({
      ...common,
      participantId: "r",
      transport: network.join("r"),
      random: createSeededRandom(3),
      segmentation: false,
    });
    const [seenByBob, seenRaw] = [record(bob), record(raw)];
    const hello = new TextEncoder().encode("hello");
    const id = await alice.send(hello);
    await drive(network.clock, 5_000);
    expect(id).toBe(hex(keccak256(hello)));
    expect(seenByBob.of("message-received").map((e) => [e.messageId, e.payload])).toEqual([[id, hello]]);
    const wire = seenRaw.of("message-received").map((e) => lip243().decode(e.payload));
    expect(wire.map((s) => [s?.dataCount, s?.isParity, s?.payload])).toEqual([[1, false, hello]]);
    await Promise.all([alice.stop(), bob.stop(), raw.stop()]);
  });

  it("LIP-243 with parity: lost segments are made up by parity or repair, the message arrives once", async () => {
    const { network, members } = await createGroup({
      seed: 3,
      size: 2,
      network: { loss: 0.2 },
      channel: { segmentation: { profile: lip243({ parityRate: 0.25 }) } },
    });
    const [alice, bob] = members;
    if (alice === undefined || bob === undefined) throw new Error("group");
    const payload = big(600_000, 3);
    const id = await alice.channel.send(payload);
    await drive(network.clock, 120_000, 100, () => bob.recorder.of("message-received").length > 0);
    await drive(network.clock, 20_000);
    expect(bob.recorder.of("message-received").map((e) => e.messageId)).toEqual([id]);
    expect(bob.recorder.of("message-received")[0]?.payload).toEqual(payload);
    expect(bob.recorder.of("message-dropped")).toEqual([]);
    await Promise.all(members.map((m) => m.channel.stop()));
  });

  it("the segments' progress survives the sender's restart: later acknowledgements still name the logical message", async () => {
    const network = createMemoryNetwork({ seed: 7 });
    const common = { channelId: "c", clock: network.clock, sds: { joinFrontier: false } } as const;
    const storage = memoryStorage();
    const alice = await createReliableChannel({
      ...common,
      participantId: "a",
      transport: network.join("a"),
      random: createSeededRandom(1),
      storage,
    });
    const bob = await createReliableChannel({
      ...common,
      participantId: "b",
      transport: network.join("b"),
      random: createSeededRandom(2),
    });
    const [sent, seen] = [record(alice), record(bob)];
    network.setOffline("b", true);
    const payload = big(250_000, 7);
    const id = await alice.send(payload);
    await drive(network.clock, 2_000);
    await alice.stop();
    await alice.start();
    network.setOffline("b", false);
    await drive(network.clock, 120_000, 100, () => sent.of("acknowledged").length >= 3);
    expect(seen.of("message-received").map((e) => e.messageId)).toEqual([id]);
    const acknowledged = sent.of("acknowledged");
    expect(acknowledged.map((e) => [e.messageId, e.segment?.total])).toEqual([
      [id, 3],
      [id, 3],
      [id, 3],
    ]);
    expect(acknowledged.map((e) => e.segment?.index).sort()).toEqual([0, 1, 2]);
    await Promise.all([alice.stop(), bob.stop()]);
  });

  it("sendEphemeral never segments: an oversized ephemeral payload is refused", async () => {
    const { members } = await createGroup({ seed: 4, size: 1 });
    const [alice] = members;
    if (alice === undefined) throw new Error("group");
    await expect(alice.channel.sendEphemeral(big(200_000))).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(alice.recorder.of("sending")).toEqual([]);
    await alice.channel.stop();
  });

  it("a payload needing more than 256 segments is refused before anything is stored", async () => {
    const { members } = await createGroup({
      seed: 5,
      size: 1,
      channel: { segmentation: { profile: statusGo({ segmentSize: 1_000 }) } },
    });
    const [alice] = members;
    if (alice === undefined) throw new Error("group");
    await expect(alice.channel.send(big(300_000))).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(alice.channel.outboxSize).toBe(0);
    await alice.channel.stop();
  });
});
