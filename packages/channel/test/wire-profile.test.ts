import { InvalidArgumentError } from "@reliable-channel/interfaces";
import { decodeSdsMessage, type WireProfileName } from "@reliable-channel/sds";
import { decodeNimSdsMessage } from "@reliable-channel/sds/nim-sds";
import {
  createMemoryNetwork,
  createSeededRandom,
  type MemoryNetwork,
} from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { createReliableChannel } from "../src/index.js";
import { drive } from "./helpers/drive.js";
import { createGroup, text, untext } from "./helpers/group.js";
import { record } from "./helpers/recorder.js";

const MINUTE = 60_000;

async function join(net: MemoryNetwork, id: string, extra: { history?: { last: number } } = {}) {
  const channel = await createReliableChannel({
    channelId: "room",
    participantId: id,
    transport: net.transport(id) ?? net.join(id),
    clock: net.clock,
    random: createSeededRandom(net.seed * 100 + id.charCodeAt(0)),
    wireProfile: "nim-sds",
    ...extra,
  });
  return { id, channel, recorder: record(channel) };
}

describe("the wireProfile option", () => {
  it("nim-sds: three participants on a lossy network deliver everything, and every stored payload is nim-sds bytes with Lamport time in seconds (seed 11)", async () => {
    const { network, members } = await createGroup({
      seed: 11,
      size: 3,
      network: { loss: 0.2 },
      channel: { wireProfile: "nim-sds" },
    });
    for (let round = 0; round < 5; round++)
      for (const m of members) await m.channel.send(text(`${m.id}-${round}`));
    await drive(network.clock, 5 * MINUTE, 200);
    for (const m of members) {
      const got = m.recorder.of("message-received").map((e) => untext(e.payload));
      expect(got.sort(), m.id).toEqual(
        members
          .filter((o) => o !== m)
          .flatMap((o) => [0, 1, 2, 3, 4].map((r) => `${o.id}-${r}`))
          .sort(),
      );
    }
    const stored = [...network.store.entries()];
    expect(stored.length).toBeGreaterThan(15);
    const nowSeconds = BigInt(Math.floor(network.clock.now() / 1000));
    for (const { bytes } of stored) {
      const message = decodeNimSdsMessage(bytes);
      expect(message.lamportTimestamp ?? 0n).toBeLessThanOrEqual(nowSeconds + 1_000n);
      expect(() => decodeSdsMessage(bytes)).toThrow();
    }
    await Promise.all(members.map((m) => m.channel.stop()));
  });

  it("nim-sds: a newcomer asking for the last 2 messages gets exactly those as history, then live (seconds on the wire, ms in the catch-up; syncs, empty content on this wire, are not counted)", async () => {
    const net = createMemoryNetwork({ seed: 12 });
    const alice = await join(net, "alice");
    for (let i = 0; i < 6; i++) {
      await alice.channel.send(text(`old${i}`));
      await drive(net.clock, 2_000);
    }
    await drive(net.clock, 5 * MINUTE, 1_000);
    const newcomer = await join(net, "newcomer", { history: { last: 2 } });
    await drive(net.clock, 2_000);
    await alice.channel.send(text("live"));
    await drive(net.clock, 5_000);
    const got = newcomer.recorder.of("message-received").map((e) => [untext(e.payload), e.history]);
    expect(got).toEqual([
      ["old4", true],
      ["old5", true],
      ["live", undefined],
    ]);
    expect(newcomer.recorder.of("irretrievable")).toEqual([]);
    await Promise.all([alice.channel.stop(), newcomer.channel.stop()]);
  });

  it("js-waku is the default", async () => {
    const { network, members } = await createGroup({ seed: 13, size: 2 });
    await members[0]?.channel.send(text("hello"));
    await drive(network.clock, 5_000);
    const stored = [...network.store.entries()];
    expect(stored.length).toBeGreaterThan(0);
    for (const { bytes } of stored) expect(() => decodeSdsMessage(bytes)).not.toThrow();
    await Promise.all(members.map((m) => m.channel.stop()));
  });

  it("refuses an unknown wire profile", async () => {
    const net = createMemoryNetwork({ seed: 14 });
    await expect(
      createReliableChannel({
        channelId: "room",
        participantId: "alice",
        transport: net.join("alice"),
        clock: net.clock,
        wireProfile: "nim" as WireProfileName,
      }),
    ).rejects.toThrow(InvalidArgumentError);
  });
});
