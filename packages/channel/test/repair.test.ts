import { describe, expect, it } from "vitest";
import { drive } from "./helpers/drive.js";
import { createGroup, text, untext } from "./helpers/group.js";

describe("SDS-Repair plug-in", () => {
  it("repairs a missing message the store no longer has: request in a sync, response rebroadcast", async () => {
    const { network, members } = await createGroup({
      seed: 61,
      size: 3,
      repair: true,
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
