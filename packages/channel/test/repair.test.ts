import { InvalidArgumentError } from "@reliable-channel/interfaces";
import { sdsRepair } from "@reliable-channel/sds-repair";
import { createMemoryNetwork } from "@reliable-channel/transport-memory";
import { describe, expect, it, vi } from "vitest";
import { createReliableChannel, type RepairFactory } from "../src/index.js";
import { drive } from "./helpers/drive.js";
import type { GroupInit } from "./helpers/group.js";
import { createGroup, text, untext } from "./helpers/group.js";

describe("SDS-Repair plug-in", () => {
  it.each<[string, NonNullable<GroupInit["repair"]>]>([
    ["sdsRepair()", true],
    ["sdsRepair({ tMinMs, tMaxMs })", () => sdsRepair({ tMinMs: 30_000, tMaxMs: 120_000 })],
  ])(
    "%s repairs a missing message the store no longer has: request in a sync, response rebroadcast",
    async (_, repair) => {
      const { network, members } = await createGroup({
        seed: 61,
        size: 3,
        repair,
        network: { retentionMs: 1 },
        channel: { maxRetrievalAttempts: 1 },
      });
      const [alice, bob] = members;
      if (alice === undefined || bob === undefined) throw new Error("group");
      network.setOffline("p1", true);
      const first = await alice.channel.send(text("first"));
      await drive(network.clock, 5_000);
      network.setOffline("p1", false);
      await alice.channel.send(text("second"));
      await drive(network.clock, 280_000);
      expect(bob.recorder.of("missing").flatMap((e) => e.missing.map((m) => m.messageId))).toEqual([first]);
      expect(bob.recorder.of("retrieved")).toEqual([]);
      expect(bob.recorder.of("irretrievable")).toEqual([]);
      expect(bob.recorder.of("message-received").map((e) => untext(e.payload))).toEqual(["first", "second"]);
      await Promise.all(members.map((m) => m.channel.stop()));
      expect(network.clock.pending()).toBe(0);
    },
  );

  it("creates the plug-in once, with the channel's participant id, and keeps it across restarts", async () => {
    const calls = new Map<string, unknown[][]>();
    const { members } = await createGroup({
      seed: 62,
      size: 2,
      repair: (id) => {
        const factory = vi.fn(sdsRepair());
        calls.set(id, factory.mock.calls);
        return factory;
      },
    });
    const [alice] = members;
    if (alice === undefined) throw new Error("group");
    await alice.channel.stop();
    await alice.channel.start();
    expect(Object.fromEntries(calls)).toEqual({
      p0: [[{ participantId: "p0" }]],
      p1: [[{ participantId: "p1" }]],
    });
    await Promise.all(members.map((m) => m.channel.stop()));
  });

  it("takes a plug-in created already for its participant, and refuses one created for another", async () => {
    const network = createMemoryNetwork({ seed: 63 });
    const base = { channelId: "room", participantId: "alice", transport: network.join("alice") };
    const plugin = sdsRepair({ participantId: "alice" });
    const channel = await createReliableChannel({ ...base, repair: plugin, clock: network.clock });
    expect(channel.state).toBe("started");
    await channel.stop();
    await expect(
      createReliableChannel({ ...base, repair: sdsRepair({ participantId: "bob" }), clock: network.clock }),
    ).rejects.toThrow(InvalidArgumentError);
    await expect(
      createReliableChannel({ ...base, repair: {} as unknown as RepairFactory, clock: network.clock }),
    ).rejects.toThrow(InvalidArgumentError);
  });

  it("without the plug-in the same gap ends in irretrievable", async () => {
    const { network, members } = await createGroup({
      seed: 61,
      size: 3,
      network: { retentionMs: 1 },
      channel: { maxRetrievalAttempts: 1 },
    });
    const [alice, bob] = members;
    if (alice === undefined || bob === undefined) throw new Error("group");
    network.setOffline("p1", true);
    const first = await alice.channel.send(text("first"));
    await drive(network.clock, 5_000);
    network.setOffline("p1", false);
    await alice.channel.send(text("second"));
    await drive(network.clock, 60_000);
    expect(bob.recorder.of("irretrievable").map((e) => e.messageIds)).toEqual([[first]]);
    await Promise.all(members.map((m) => m.channel.stop()));
  });
});
