import { describe, expect, it } from "vitest";
import { drive } from "./helpers/drive.js";
import { createGroup, text, untext } from "./helpers/group.js";

describe("createReliableChannel", () => {
  it("delivers a message to every other participant once and reports it acknowledged", async () => {
    const { network, members } = await createGroup({ seed: 1, size: 3 });
    const [alice, bob, carol] = members;
    if (alice === undefined || bob === undefined || carol === undefined) throw new Error("group");
    const id = await alice.channel.send(text("hello"));
    await drive(network.clock, 10_000);
    for (const member of [bob, carol]) {
      const received = member.recorder.of("message-received");
      expect(received.map((m) => [m.messageId, m.senderId, untext(m.payload)])).toEqual([
        [id, "p0", "hello"],
      ]);
      expect(typeof received[0]?.lamportTimestamp).toBe("bigint");
    }
    expect(alice.recorder.of("message-received")).toEqual([]);
    expect(alice.recorder.of("sending")[0]).toEqual({ messageId: id, attempt: 1 });
    expect(alice.recorder.of("sent")[0]?.retrievalHint).toHaveLength(32);
    const acks = alice.recorder.of("acknowledged");
    expect(acks).toHaveLength(1);
    expect(acks[0]?.messageId).toBe(id);
    expect(["p1", "p2"]).toContain(acks[0]?.by);
    expect(alice.channel.outboxSize).toBe(0);
    await Promise.all(members.map((m) => m.channel.stop()));
    expect(network.clock.pending()).toBe(0);
  });
});
