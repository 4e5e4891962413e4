import { describe, expect, it } from "vitest";
import { drive } from "./helpers/drive.js";
import { createGroup, text } from "./helpers/group.js";

/**
 * A channel of two: a bloom filter alone never acknowledges there (it takes two participants' filters),
 * so a reader's syncs must name what it received.
 */
describe("a channel of two", () => {
  for (const seed of [5, 6, 7]) {
    it(`acknowledges a burst of 20 to a reader with its next sync, re-publishing nothing (seed ${seed})`, async () => {
      const { network, members } = await createGroup({ seed, size: 2 });
      const [alice, bob] = members;
      if (alice === undefined || bob === undefined) throw new Error("group");
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) ids.push(await alice.channel.send(text(`m${i}`)));
      // Less than the first re-publish (5 s × [0.8, 1.2]); a reader syncs 1–2 s after it received.
      await drive(network.clock, 3_500);
      expect(bob.recorder.of("message-received")).toHaveLength(20);
      expect(new Set(alice.recorder.of("acknowledged").map((e) => e.messageId))).toEqual(new Set(ids));
      await drive(network.clock, 60_000);
      expect(alice.recorder.of("sending").filter((e) => e.attempt > 1)).toEqual([]);
      expect(alice.recorder.of("send-failed")).toEqual([]);
      await Promise.all(members.map((m) => m.channel.stop()));
    });
  }

  it("acknowledges a burst of 30 over a 2 000-byte transport, which no sync's filter fits (seed 9)", async () => {
    const { network, members } = await createGroup({ seed: 9, size: 2, network: { maxPayloadBytes: 2_000 } });
    const [alice, bob] = members;
    if (alice === undefined || bob === undefined) throw new Error("group");
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push(await alice.channel.send(text(`m${i}`)));
    await drive(network.clock, 60_000);
    expect(bob.recorder.of("message-received")).toHaveLength(30);
    expect(new Set(alice.recorder.of("acknowledged").map((e) => e.messageId))).toEqual(new Set(ids));
    expect(alice.recorder.of("send-failed")).toEqual([]);
    await Promise.all(members.map((m) => m.channel.stop()));
  });

  it("still names a longer burst in turn, one sync after another (seed 8)", async () => {
    const { network, members } = await createGroup({ seed: 8, size: 2 });
    const [alice, bob] = members;
    if (alice === undefined || bob === undefined) throw new Error("group");
    const ids: string[] = [];
    for (let i = 0; i < 80; i++) ids.push(await alice.channel.send(text(`m${i}`)));
    await drive(network.clock, 10 * 60_000);
    expect(bob.recorder.of("message-received")).toHaveLength(80);
    expect(new Set(alice.recorder.of("acknowledged").map((e) => e.messageId))).toEqual(new Set(ids));
    expect(alice.recorder.of("send-failed")).toEqual([]);
    await Promise.all(members.map((m) => m.channel.stop()));
  });
});
