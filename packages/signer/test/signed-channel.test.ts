import { createReliableChannel, type ReliableChannel } from "@reliable-channel/channel";
import type { MessageDroppedEvent, MessageReceivedEvent, Signer } from "@reliable-channel/interfaces";
import { encodeSdsMessage, jsWakuWire } from "@reliable-channel/sds";
import {
  createMemoryNetwork,
  createSeededRandom,
  type MemoryNetwork,
} from "@reliable-channel/transport-memory";
import { Message } from "@waku/sds";
import { describe, expect, it } from "vitest";
import { ed25519Signer } from "../src/index.js";

// Finding 10 of issue 16: with signers, a forged, unsigned or tampered copy of a participant's message is
// dropped; without, the channel behaves as before (a forged copy that arrives first is delivered).

const CHANNEL = "signed-room";
const key = (seed: number) => createSeededRandom(seed).bytes(32);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

interface Peer {
  readonly channel: ReliableChannel;
  readonly received: MessageReceivedEvent[];
  readonly dropped: MessageDroppedEvent[];
}

async function peer(net: MemoryNetwork, id: string, signer: Signer | undefined, seed: number): Promise<Peer> {
  const channel = await createReliableChannel({
    channelId: CHANNEL,
    participantId: signer?.participantId ?? id,
    transport: net.join(id),
    clock: net.clock,
    random: createSeededRandom(seed),
    ...(signer === undefined ? {} : { signer }),
  });
  const received: MessageReceivedEvent[] = [];
  const dropped: MessageDroppedEvent[] = [];
  channel.on("message-received", (e) => received.push(e));
  channel.on("message-dropped", (e) => dropped.push(e));
  return { channel, received, dropped };
}

async function advance(net: MemoryNetwork, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 10) {
    net.clock.advance(10);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Alice and bob (signers when `signed`), mallory a raw publisher. Alice is cut off from bob until the test
 * heals the network (her retries then bring her messages): a copy that mallory forges arrives first.
 */
async function scene(signed: boolean, seed: number) {
  const net = createMemoryNetwork({ seed, latency: { minMs: 1, maxMs: 2 } });
  const aliceSigner = ed25519Signer({ secretKey: key(seed * 10 + 1) });
  const bobSigner = ed25519Signer({ secretKey: key(seed * 10 + 2) });
  const alice = await peer(net, "alice", signed ? aliceSigner : undefined, seed * 10 + 3);
  const bob = await peer(net, "bob", signed ? bobSigner : undefined, seed * 10 + 4);
  const aliceId = signed ? aliceSigner.participantId : "alice";
  net.partition(["alice"], ["bob"]);
  const mallory = net.join("mallory");
  await mallory.start();
  const tapped: Uint8Array[] = [];
  mallory.subscribe((bytes) => tapped.push(bytes));
  return { net, alice, bob, aliceId, mallory, tapped };
}

/** Mallory's copy of alice's message `messageId`: same id and sender, her own content. */
function forgedCopy(aliceId: string, messageId: string, lamport: bigint, content: string): Uint8Array {
  return encodeSdsMessage({
    channelId: CHANNEL,
    senderId: aliceId,
    messageId,
    lamportTimestamp: lamport,
    causalHistory: [],
    repairRequest: [],
    content: new TextEncoder().encode(content),
  });
}

describe("authenticated senders (seed 1601)", () => {
  it("drops a forged copy of alice's message that reaches bob first, then delivers alice's own", async () => {
    const { net, alice, bob, aliceId, mallory } = await scene(true, 1601);
    const payload = new TextEncoder().encode("pay carol 10");
    const id = await alice.channel.send(payload);
    await mallory.publish(forgedCopy(aliceId, id, BigInt(net.clock.now()), "pay mallory 1000"));
    await advance(net, 1_000);
    net.heal();
    await advance(net, 20_000);
    expect(bob.dropped.map((e) => [e.reason, e.detail])).toContainEqual([
      "unauthenticated",
      "message not authenticated: unsigned",
    ]);
    expect(bob.received.map((e) => [e.messageId, e.senderId, decode(e.payload)])).toEqual([
      [id, aliceId, "pay carol 10"],
    ]);
    await Promise.all([alice.channel.stop(), bob.channel.stop()]);
  });

  it("drops a copy signed by another key, an unsigned message and a tampered one", async () => {
    const { net, alice, bob, aliceId, mallory, tapped } = await scene(true, 1602);
    const payload = new TextEncoder().encode("hello");
    const mal = ed25519Signer({ secretKey: key(99) });
    // Under alice's id, signed by mallory's key: the envelope of alice's message with mallory's signature.
    await alice.channel.send(payload);
    await advance(net, 50);
    const original = tapped[0];
    if (original === undefined) throw new Error("mallory overheard nothing");
    const sigStart = original.length - 67;
    const envelope = original.subarray(0, sigStart);
    const domain = new TextEncoder().encode("reliable-channel/sds-signature/v1\0");
    const resigned = new Uint8Array(original);
    resigned.set(mal.sign(new Uint8Array([...domain, ...envelope])) as Uint8Array, sigStart + 3);
    const tampered = new Uint8Array(original);
    const at = envelope.lastIndexOf("h".charCodeAt(0));
    tampered[at] = "j".charCodeAt(0);
    await mallory.publish(resigned);
    await mallory.publish(tampered);
    await mallory.publish(envelope); // unsigned
    await advance(net, 1_000);
    net.heal();
    await advance(net, 20_000);
    expect(bob.dropped.map((e) => e.detail).sort()).toEqual([
      "message not authenticated: bad-signature",
      "message not authenticated: bad-signature",
      "message not authenticated: unsigned",
    ]);
    expect(bob.received.map((e) => [e.senderId, decode(e.payload)])).toEqual([[aliceId, "hello"]]);
    // @waku/sds 0.0.8's own decoder skips the signature field: a js-waku peer reads a signed message.
    const decoded = Message.decode(original);
    expect(decoded?.senderId).toBe(aliceId);
    expect(decode(decoded?.content ?? new Uint8Array(0))).toBe("hello");
    expect(jsWakuWire.decode(original).content).toEqual(payload);
    await Promise.all([alice.channel.stop(), bob.channel.stop()]);
  });
});

describe("without a signer (seed 1603)", () => {
  it("behaves as before: the forged copy that arrives first is delivered as alice's", async () => {
    const { net, alice, bob, aliceId, mallory } = await scene(false, 1603);
    const payload = new TextEncoder().encode("pay carol 10");
    const id = await alice.channel.send(payload);
    await mallory.publish(forgedCopy(aliceId, id, BigInt(net.clock.now()), "pay mallory 1000"));
    await advance(net, 1_000);
    net.heal();
    await advance(net, 20_000);
    expect(bob.dropped).toEqual([]);
    expect(bob.received.map((e) => [e.messageId, e.senderId, decode(e.payload)])).toEqual([
      [id, "alice", "pay mallory 1000"],
    ]);
    await Promise.all([alice.channel.stop(), bob.channel.stop()]);
  });
});
