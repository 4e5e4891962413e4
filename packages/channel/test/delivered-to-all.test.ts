import type { MessageId } from "@reliable-channel/interfaces";
import { memoryStorage } from "@reliable-channel/storage-memory";
import {
  createMemoryNetwork,
  createSeededRandom,
  type MemoryNetwork,
} from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { createReliableChannel, type ReliableChannelInit } from "../src/index.js";
import { drive } from "./helpers/drive.js";
import { createGroup, type Member, text, untext } from "./helpers/group.js";
import { record } from "./helpers/recorder.js";
import { KeyDirectory } from "./helpers/rotating-encryption.js";

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

type MemberOptions = Partial<Omit<ReliableChannelInit, "participantId" | "transport" | "clock">>;

async function join(net: MemoryNetwork, id: string, options: MemberOptions): Promise<Member> {
  const channel = await createReliableChannel({
    channelId: "room",
    participantId: id,
    transport: net.join(id),
    clock: net.clock,
    random: createSeededRandom(net.seed * 100 + id.charCodeAt(1)),
    ...options,
  });
  return { id, channel, recorder: record(channel) };
}

const received = (member: Member): string[] =>
  member.recorder.of("message-received").map((event) => untext(event.payload));

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

  it("says each change of who has a message (`delivery-state`), matching deliveryState(id), before delivered-to-all", async () => {
    const { network, members } = await createGroup({
      seed: SEED,
      size: 3,
      channel: { members: IDS.slice(0, 3) },
    });
    const [alice, bob, carol] = members as [Member, Member, Member];
    network.setOffline(carol.id, true);
    const [id = ""] = await sendAll(alice, 1, "who");
    await drive(
      network.clock,
      60_000,
      100,
      () => alice.channel.deliveryState(id)?.members[0]?.state === "known",
    );
    const known = (state: { members: readonly { participantId: string; state: string }[] } | undefined) =>
      state?.members.filter((m) => m.state === "known").map((m) => m.participantId);
    const first = alice.recorder.of("delivery-state").filter((event) => event.messageId === id);
    expect(first.map(known)).toEqual([["p1"]]);
    expect(first[0]).toEqual(alice.channel.deliveryState(id));
    expect(bob.recorder.of("delivery-state")).toEqual([]); // bob sent nothing
    network.setOffline(carol.id, false);
    await drive(network.clock, 120_000, 100, () => deliveredToAll(alice).length === 1);
    const events = alice.recorder.of("delivery-state").filter((event) => event.messageId === id);
    expect(events.map(known)).toEqual([["p1"], ["p1", "p2"]]);
    expect(events.at(-1)?.deliveredToAll).toBe(true);
    const order = alice.recorder.events.map((event) => event.type);
    expect(order.lastIndexOf("delivery-state")).toBeLessThan(order.indexOf("delivered-to-all"));
    for (const member of members) await member.channel.stop();
  });

  it("stops counting a removed member: pending messages complete at its removal, later ones without it, and it cannot read them", async () => {
    const network = createMemoryNetwork({ seed: SEED + 1, latency: { minMs: 20, maxMs: 60 } });
    const keys = new KeyDirectory("room secret", IDS);
    const members: Member[] = [];
    for (const id of IDS)
      members.push(await join(network, id, { members: IDS, encryption: keys.encryptionFor(id) }));
    const [alice, , , , removed] = members as [Member, Member, Member, Member, Member];
    const before = await sendAll(alice, 2, "before");
    await drive(network.clock, 30_000, 100, () => deliveredToAll(alice).length === 2);
    expect(deliveredToAll(alice)).toEqual(before);

    // In flight at the removal: published under the old epoch's key while the member is away.
    network.setOffline(removed.id, true);
    const [inFlight] = await sendAll(alice, 1, "in flight");
    await drive(network.clock, 10_000, 100);
    expect(deliveredToAll(alice)).toEqual(before);
    const remaining = IDS.slice(0, 4);
    // The group layer removes p4: every remaining member applies the change (a new epoch, a new key).
    for (const member of members.slice(0, 4)) await member.channel.setMembers(remaining);
    expect(deliveredToAll(alice)).toEqual([...before, inFlight]);
    expect(alice.recorder.of("delivered-to-all")[2]?.members).toEqual(["p1", "p2", "p3"]);
    expect(alice.channel.members).toEqual(remaining);

    network.setOffline(removed.id, false);
    const after = await sendAll(alice, 3, "after");
    await drive(network.clock, 60_000, 100, () => deliveredToAll(alice).length === 6);
    expect(deliveredToAll(alice)).toEqual([...before, inFlight, ...after]);
    for (const event of alice.recorder.of("delivered-to-all").slice(3)) {
      expect(event.members).toEqual(["p1", "p2", "p3"]);
      expect(event.epoch).toBe(2);
    }
    await drive(network.clock, 60_000, 100);
    // The removed member read what was published before its removal, nothing after it.
    expect(received(removed)).toEqual(["before 0", "before 1", "in flight 0"]);
    expect(removed.recorder.of("message-dropped").some((e) => e.reason === "decrypt-failed")).toBe(true);
    for (const member of members.slice(1, 4)) expect(received(member)).toContain("after 2");
    for (const member of members) await member.channel.stop();
  });

  it("expects an added member only for messages sent after it joined", async () => {
    const network = createMemoryNetwork({ seed: SEED + 2, latency: { minMs: 20, maxMs: 60 } });
    const first = IDS.slice(0, 4);
    const members: Member[] = [];
    for (const id of first) members.push(await join(network, id, { members: first }));
    const [alice] = members as [Member];
    const [early] = await sendAll(alice, 1, "early");
    await drive(network.clock, 30_000, 100, () => deliveredToAll(alice).length === 1);
    expect(deliveredToAll(alice)).toEqual([early]);
    expect(alice.recorder.of("delivered-to-all")[0]?.members).toEqual(["p1", "p2", "p3"]);

    // p4 is added; it joins the network a while later.
    for (const member of members) await member.channel.setMembers(IDS);
    const [late] = await sendAll(alice, 1, "late");
    await drive(network.clock, 30_000, 100);
    expect(deliveredToAll(alice)).toEqual([early]);
    expect(alice.channel.deliveryState(late ?? "")?.members.map((m) => m.state)).toEqual([
      "known",
      "known",
      "known",
      "unknown",
    ]);
    const newcomer = await join(network, "p4", { members: IDS, history: { last: 10 } });
    members.push(newcomer);
    await drive(network.clock, 60_000, 100, () => deliveredToAll(alice).length === 2);
    expect(deliveredToAll(alice)).toEqual([early, late]);
    expect(alice.recorder.of("delivered-to-all")[1]?.members).toEqual(["p1", "p2", "p3", "p4"]);
    for (const member of members) await member.channel.stop();
  });

  it("takes a message out of the outbox once every member has it, when its acknowledgement never came", async () => {
    // The SDS core tracks 2 unacknowledged messages: the 4 older ones are never acknowledged by the core.
    const ids = ["p0", "p1", "p2"];
    const { network, members } = await createGroup({
      seed: SEED + 5,
      size: 3,
      channel: { members: ids, sds: { maxOutgoing: 2 } },
    });
    const [alice, , away] = members as [Member, Member, Member];
    network.setOffline(away.id, true);
    const sent = await sendAll(alice, 6, "burst");
    await drive(network.clock, 30_000, 100);
    expect(alice.channel.outboxSize).toBe(4);
    network.setOffline(away.id, false);
    await drive(network.clock, 120_000, 100, () => deliveredToAll(alice).length === 6);
    expect(deliveredToAll(alice)).toEqual(sent);
    expect(alice.channel.outboxSize).toBe(0);
    const acknowledged = alice.recorder.of("acknowledged").map((event) => event.messageId);
    expect([...acknowledged].sort()).toEqual([...sent].sort());
    for (const member of members) await member.channel.stop();
  });

  it("keeps the delivery state across a restart from storage", async () => {
    const network = createMemoryNetwork({ seed: SEED + 6, latency: { minMs: 20, maxMs: 60 } });
    const ids = ["p0", "p1", "p2"];
    const storage = memoryStorage();
    const open = async (id: string): Promise<Member> => {
      const channel = await createReliableChannel({
        channelId: "room",
        participantId: id,
        transport: network.transport(id) ?? network.join(id),
        clock: network.clock,
        random: createSeededRandom(SEED + id.charCodeAt(1)),
        members: ids,
        ...(id === "p0" ? { storage } : {}),
      });
      return { id, channel, recorder: record(channel) };
    };
    const first = await open("p0");
    const others = [await open("p1"), await open("p2")];
    network.setOffline("p2", true);
    const sent = await sendAll(first, 2, "before the restart");
    await drive(network.clock, 20_000, 100);
    expect(deliveredToAll(first)).toEqual([]);
    await first.channel.stop();
    const again = await open("p0");
    expect(again.channel.deliveryState(sent[0] ?? "")?.members.map((m) => m.state)).toEqual([
      "known",
      "unknown",
    ]);
    network.setOffline("p2", false);
    await drive(network.clock, 120_000, 100, () => deliveredToAll(again).length === 2);
    expect(deliveredToAll(again)).toEqual(sent);
    expect(again.channel.stabilityWatermark?.stable).toBe(2);
    for (const member of [again, ...others]) await member.channel.stop();
  });

  it("without a roster: no delivery state, no new events", async () => {
    const { network, members } = await createGroup({ seed: SEED + 3, size: 3 });
    const [alice] = members as [Member];
    const [id] = await sendAll(alice, 1, "plain");
    await drive(network.clock, 30_000, 100);
    expect(alice.recorder.of("acknowledged").length).toBe(1);
    expect(alice.channel.members).toBeUndefined();
    expect(alice.channel.deliveryState(id ?? "")).toBeUndefined();
    expect(alice.channel.stabilityWatermark).toBeUndefined();
    const types = new Set(members.flatMap((m) => m.recorder.events.map((e) => e.type)));
    expect(types.has("delivered-to-all") || types.has("stability-watermark")).toBe(false);
    for (const member of members) await member.channel.stop();
  });
});

describe("roster input", () => {
  it("refuses a bad roster and a bad maxPendingDeliveries", async () => {
    const network = createMemoryNetwork({ seed: SEED + 4 });
    const base = { channelId: "room", transport: network.join("p0"), clock: network.clock };
    await expect(
      createReliableChannel({ ...base, participantId: "p0", members: ["p0", ""] }),
    ).rejects.toThrow(/non-empty/);
    await expect(
      createReliableChannel({ ...base, participantId: "p0", maxPendingDeliveries: 0 }),
    ).rejects.toThrow(/maxPendingDeliveries/);
    const channel = await createReliableChannel({ ...base, participantId: "p0", autoStart: false });
    await expect(channel.setMembers("p1" as unknown as string[])).rejects.toThrow(/array/);
    await channel.setMembers(["p0", "p1", "p1"]);
    expect(channel.members).toEqual(["p0", "p1"]);
  });
});
