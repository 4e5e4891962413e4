import type { MessageId } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import { drive } from "./helpers/drive.js";
import { createGroup, type Member, text } from "./helpers/group.js";

// Who has it: five members on the memory network (virtual time), one roster. `delivered-to-all` waits for
// every current member, follows removals and additions, and fires once per message.

const IDS = ["p0", "p1", "p2", "p3", "p4"];
const SEED = 2201;

const deliveredToAll = (member: Member): MessageId[] =>
  member.recorder.of("delivered-to-all").map((event) => event.messageId);

async function sendAll(member: Member, count: number, label: string): Promise<MessageId[]> {
  const ids: MessageId[] = [];
  for (let i = 0; i < count; i += 1) ids.push(await member.channel.send(text(`${label} ${i}`)));
  return ids;
}

describe("delivered-to-all", () => {
  it("waits for a member that is offline, and fires once it is back", async () => {
    const { network, members } = await createGroup({ seed: SEED, size: 5, channel: { members: IDS } });
    const [alice, , , , away] = members as [Member, Member, Member, Member, Member];
    network.setOffline(away.id, true);
    const ids = await sendAll(alice, 3, "hello");
    await drive(network.clock, 60_000, 100);
    expect(alice.recorder.of("acknowledged").map((e) => e.messageId)).toEqual(expect.arrayContaining(ids));
    expect(deliveredToAll(alice)).toEqual([]);
    const state = alice.channel.deliveryState(ids[0] ?? "");
    expect(state?.deliveredToAll).toBe(false);
    expect(state?.members.map((m) => [m.participantId, m.state])).toEqual([
      ["p1", "known"],
      ["p2", "known"],
      ["p3", "known"],
      ["p4", "unknown"],
    ]);
    expect(alice.channel.stabilityWatermark).toBeUndefined();

    network.setOffline(away.id, false);
    await drive(network.clock, 120_000, 100, () => deliveredToAll(alice).length === ids.length);
    expect(deliveredToAll(alice)).toEqual(ids);
    expect(alice.channel.stabilityWatermark?.messageId).toBe(ids[2]);
    expect(alice.channel.stabilityWatermark?.stable).toBe(3);
    // Below the watermark the state is no longer kept.
    expect(alice.channel.deliveryState(ids[0] ?? "")).toBeUndefined();
    const event = alice.recorder.of("delivered-to-all")[0];
    expect(event?.members).toEqual(["p1", "p2", "p3", "p4"]);
    await drive(network.clock, 60_000, 100);
    expect(deliveredToAll(alice)).toEqual(ids);
    for (const member of members) await member.channel.stop();
  });
});
