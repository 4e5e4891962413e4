import { decodeSdsMessage } from "@reliable-channel/sds";
import { describe, expect, it } from "vitest";
import { drive } from "./helpers/drive.js";
import { aesGcmEncryption, noEncryption } from "./helpers/encryption.js";
import { createGroup, text, untext } from "./helpers/group.js";

describe("encryption", () => {
  it("AES-GCM: the whole encoded SDS message is encrypted on the wire and delivered in clear", async () => {
    const encryption = await aesGcmEncryption(new Uint8Array(32).fill(3));
    const { network, members } = await createGroup({ seed: 51, size: 3, encryption, network: { loss: 0.2 } });
    const [alice, bob, carol] = members;
    if (alice === undefined || bob === undefined || carol === undefined) throw new Error("group");
    await alice.channel.send(text("secret one"));
    await bob.channel.send(text("secret two"));
    await drive(network.clock, 30_000);
    expect(
      carol.recorder
        .of("message-received")
        .map((e) => untext(e.payload))
        .sort(),
    ).toEqual(["secret one", "secret two"]);
    expect(alice.recorder.of("acknowledged")).toHaveLength(1);
    const wire = [...network.store.entries()];
    expect(wire.length).toBeGreaterThan(0);
    for (const stored of wire) {
      expect(() => decodeSdsMessage(stored.bytes)).toThrow();
      expect(Buffer.from(stored.bytes).includes(Buffer.from("secret"))).toBe(false);
      expect(Buffer.from(stored.bytes).includes(Buffer.from("test-channel"))).toBe(false);
    }
    await Promise.all(members.map((m) => m.channel.stop()));
  });

  it("no-op encryption behaves as no encryption: plain SDS messages on the wire", async () => {
    const { network, members } = await createGroup({ seed: 52, size: 2, encryption: noEncryption });
    const [alice, bob] = members;
    if (alice === undefined || bob === undefined) throw new Error("group");
    const id = await alice.channel.send(text("plain"));
    await drive(network.clock, 5_000);
    expect(bob.recorder.of("message-received").map((e) => e.messageId)).toEqual([id]);
    const decoded = [...network.store.entries()].map((stored) => decodeSdsMessage(stored.bytes));
    expect(decoded.some((message) => message.messageId === id)).toBe(true);
    await Promise.all(members.map((m) => m.channel.stop()));
  });
});
