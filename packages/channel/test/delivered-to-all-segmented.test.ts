import type { MessageId } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import { drive } from "./helpers/drive.js";
import { createGroup, type Member, text } from "./helpers/group.js";

// A segmented message is one message to the app: with a roster, `delivered-to-all` fires once, under the id
// `send` returned, when every member has every one of its segments — never under a segment's id.

const IDS = ["p0", "p1", "p2"];
const SEED = 2231;
const big = (size: number): Uint8Array => Uint8Array.from({ length: size }, (_, i) => (i * 31 + 7) % 251);

const deliveredToAll = (member: Member): MessageId[] =>
  member.recorder.of("delivered-to-all").map((event) => event.messageId);

describe("delivered-to-all of a segmented message (seed 2231)", () => {
  it("fires once under the logical id, after the member that was away has every segment", async () => {
    const { network, members } = await createGroup({ seed: SEED, size: 3, channel: { members: IDS } });
    const [alice, bob, away] = members as [Member, Member, Member];
    network.setOffline(away.id, true);
    const payload = big(250_000); // 3 data segments of 100 KB (and parity)
    const id = await alice.channel.send(payload);
    const small = await alice.channel.send(text("after"));
    const received = () => bob.recorder.of("message-received").length === 2;
    await drive(network.clock, 60_000, 100, received);
    await drive(network.clock, 30_000, 100);
    expect(bob.recorder.of("message-received").map((e) => e.messageId)).toEqual([id, small]);
    expect(alice.recorder.of("acknowledged").map((e) => e.messageId)).toContain(id);
    expect(deliveredToAll(alice)).toEqual([]);

    network.setOffline(away.id, false);
    await drive(network.clock, 180_000, 100, () => deliveredToAll(alice).length === 2);
    await drive(network.clock, 30_000, 100);
    expect(deliveredToAll(alice)).toEqual([id, small]);
    expect(alice.recorder.of("delivered-to-all")[0]?.members).toEqual(["p1", "p2"]);
    expect(away.recorder.of("message-received").map((e) => e.messageId)).toEqual([id, small]);
    for (const member of members) await member.channel.stop();
  });

  it("without a roster, nothing of it is said; what follows it is received after it", async () => {
    const { network, members } = await createGroup({ seed: SEED + 1, size: 2 });
    const [alice, bob] = members as [Member, Member];
    const id = await alice.channel.send(big(250_000));
    const small = await alice.channel.send(text("after"));
    const second = await alice.channel.send(big(120_000));
    await drive(network.clock, 60_000, 100, () => bob.recorder.of("message-received").length === 3);
    // The segmented messages are rebuilt (and stored) before they are delivered; the small one waits its turn.
    expect(bob.recorder.of("message-received").map((e) => e.messageId)).toEqual([id, small, second]);
    expect(deliveredToAll(alice)).toEqual([]);
    for (const member of members) await member.channel.stop();
  });

  it("a reader that was offline catches up in order: what follows a segmented message comes after it", async () => {
    const { network, members } = await createGroup({ seed: SEED + 2, size: 2 });
    const [alice, bob] = members as [Member, Member];
    network.setOffline(bob.id, true);
    const first = await alice.channel.send(big(250_000));
    const small = await alice.channel.send(text("after"));
    const second = await alice.channel.send(big(120_000));
    const last = await alice.channel.send(text("last"));
    await drive(network.clock, 10_000, 100);
    network.setOffline(bob.id, false);
    await drive(network.clock, 120_000, 100, () => bob.recorder.of("message-received").length === 4);
    expect(bob.recorder.of("message-received").map((e) => e.messageId)).toEqual([first, small, second, last]);
    for (const member of members) await member.channel.stop();
  });
});
