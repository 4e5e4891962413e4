import { createReliableChannel, type ReliableChannel } from "@reliable-channel/channel";
import type { Encryption } from "@reliable-channel/interfaces";
import { createMemoryNetwork } from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { aesGcmEncryption, keyFromPassword } from "../src/index.js";

const text = (value: string) => new TextEncoder().encode(value);
const untext = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("a channel with aesGcmEncryption over the memory network", () => {
  it("participants with the password read each other; the wire holds no plaintext; a wrong password drops", async () => {
    const network = createMemoryNetwork({ seed: 20 });
    const clock = network.clock;
    const sealed = async (password: string): Promise<Encryption> =>
      aesGcmEncryption({
        key: await keyFromPassword(password, { salt: "room", iterations: 1_000 }),
        additionalData: "room",
      });
    const join = async (id: string, password: string): Promise<ReliableChannel> =>
      createReliableChannel({
        channelId: "room",
        participantId: id,
        transport: network.join(id),
        encryption: await sealed(password),
        clock,
      });
    const alice = await join("alice", "correct horse");
    const bob = await join("bob", "correct horse");
    const eve = await join("eve", "wrong guess");
    const bobGot: string[] = [];
    const eveGot: string[] = [];
    const eveDropped: string[] = [];
    bob.on("message-received", ({ payload }) => bobGot.push(untext(payload)));
    eve.on("message-received", ({ payload }) => eveGot.push(untext(payload)));
    eve.on("message-dropped", ({ reason }) => eveDropped.push(reason));
    const acknowledged = alice.once("acknowledged");

    let acked = false;
    void acknowledged.then(() => {
      acked = true;
    });
    await alice.send(text("meet at noon"));
    await bob.send(text("see you there"));
    // Virtual time for the network, real time for WebCrypto: move the clock until both sides are done
    // (bounded in virtual time).
    const until = clock.now() + 60_000;
    while (!(acked && bobGot.length > 0 && eveDropped.length >= 2) && clock.now() < until)
      await clock.advanceAsync(100);

    expect(bobGot).toEqual(["meet at noon"]);
    expect((await acknowledged).by).toBe("bob");
    expect(eveGot).toEqual([]);
    expect(eveDropped.length).toBeGreaterThan(0);
    expect(new Set(eveDropped)).toEqual(new Set(["decrypt-failed"]));
    const wire = [...network.store.entries()];
    expect(wire.length).toBeGreaterThan(0);
    for (const { bytes } of wire) {
      expect(Buffer.from(bytes).includes(Buffer.from("noon"))).toBe(false);
      expect(Buffer.from(bytes).includes(Buffer.from("alice"))).toBe(false);
    }
    await Promise.all([alice.stop(), bob.stop(), eve.stop()]);
  });
});
