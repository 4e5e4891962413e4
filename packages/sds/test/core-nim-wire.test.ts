import { InvalidArgumentError } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import { setBit } from "../src/bloom-bits.js";
import { bloomPositions, createSdsCore, type SdsCoreInit } from "../src/index.js";
import {
  decodeNimSdsMessage,
  encodeNimBloom,
  encodeNimSdsMessage,
  farmBaseHashes,
  nimSdsWire,
} from "../src/nim-sds.js";
import { fromHex, hex, nimVectors } from "./support/nim-vectors.js";
import { nonce, str, text } from "./support/peers.js";

/** 2026-12-02T12:00:00.500Z. */
const NOW = 1_796_212_800_500;
const SECONDS = BigInt(Math.floor(NOW / 1000));

const nimPeer = (participantId: string, extra: Partial<SdsCoreInit> = {}) =>
  createSdsCore({ channelId: "test-channel", participantId, wire: nimSdsWire, joinedAt: 0, ...extra });

describe("the SDS core on the nim-sds wire", () => {
  it("sends nim-sds bytes with Lamport time in seconds (max(now, clock) + 1), and a peer delivers them", () => {
    const alice = nimPeer("alice");
    const bob = nimPeer("bob");
    const first = alice.send(text("hello"), { now: NOW, nonce: nonce(1) });
    expect(first.message.lamportTimestamp).toBe(SECONDS + 1n);
    const second = alice.send(text("again"), { now: NOW, nonce: nonce(2) });
    expect(second.message.lamportTimestamp).toBe(SECONDS + 2n);
    expect(decodeNimSdsMessage(first.bytes)).toEqual(first.message);
    expect(hex(first.bytes.subarray(0, 2))).toBe("0a40"); // field 1 first: a 64-character id
    for (const m of [first, second]) {
      expect(bob.receive(m.bytes, { now: NOW }).delivered.map((d) => str(d.content))).toEqual([
        str(m.message.content ?? new Uint8Array(0)),
      ]);
    }
    expect(bob.lamportTimestamp).toBe(SECONDS + 2n);
  });

  it("takes the caller's message id, as nim-sds does, and refuses one it already knows", () => {
    const alice = nimPeer("alice");
    const sent = alice.send(text("hello world"), { now: NOW, nonce: nonce(1), messageId: "msg-0001" });
    expect(sent.message.messageId).toBe("msg-0001");
    expect(() => alice.send(text("x"), { now: NOW, nonce: nonce(2), messageId: "msg-0001" })).toThrow(
      InvalidArgumentError,
    );
    expect(() => alice.send(text("x"), { now: NOW, nonce: nonce(2), messageId: "" })).toThrow(
      InvalidArgumentError,
    );
  });

  it("delivers nim-sds's own bytes (the vectors), and names them in its next message", () => {
    const v = nimVectors.messages.find((m) => m.name === "content-basic");
    const bob = nimPeer("bob");
    const got = bob.receive(fromHex(v?.encodedHex ?? ""), { now: NOW });
    expect(got.outcome).toBe("delivered");
    expect(str(got.delivered[0]?.content ?? new Uint8Array(0))).toBe("hello world");
    const reply = bob.send(text("hi alice"), { now: NOW, nonce: nonce(1) });
    expect(reply.message.causalHistory.map((e) => e.messageId)).toContain("msg-0001");
  });

  it("has no ephemeral messages; a sync goes out as an empty-content message and is read as a sync", () => {
    const alice = nimPeer("alice");
    const bob = nimPeer("bob");
    expect(() => alice.ephemeral(text("typing"), { nonce: nonce(1) })).toThrow(InvalidArgumentError);
    alice.send(text("hello"), { now: NOW, nonce: nonce(1) });
    const sync = alice.sync({ now: NOW });
    const decoded = decodeNimSdsMessage(sync.bytes);
    expect(decoded.content).toEqual(new Uint8Array(0));
    expect(decoded.bloomFilter?.length).toBe(18_768); // nim-sds's default filter, wrapped with its parameters
    expect(bob.receive(sync.bytes, { now: NOW }).outcome).toBe("sync");
  });

  it("holds a message more than the clock drift ahead (in seconds) and refuses one in milliseconds", () => {
    const bob = nimPeer("bob");
    const at = (lamport: bigint, id: string) =>
      encodeNimSdsMessage({
        senderId: "carol",
        messageId: id,
        channelId: "test-channel",
        lamportTimestamp: lamport,
        causalHistory: [],
        repairRequest: [],
        content: text(id),
      });
    expect(bob.receive(at(SECONDS + 120n, "ahead"), { now: NOW }).outcome).toBe("buffered");
    expect(bob.sweep({ now: NOW + 60_000 }).delivered.map((d) => d.messageId)).toEqual(["ahead"]);
    expect(bob.receive(at(BigInt(NOW), "milliseconds"), { now: NOW })).toMatchObject({
      outcome: "invalid",
      reason: "timestamp too far in the future",
    });
  });

  it("reads a received filter with the parameters it carries (a nim-sds filter that rolled to 12 000 ids)", () => {
    const alice = nimPeer("alice");
    const sent = alice.send(text("hello"), { now: NOW, nonce: nonce(1) });
    const rolled = { capacity: 12_000, errorRateMillionths: 1_000, hashes: 10, bits: 180_000 };
    const filter = new Uint8Array(8 * (1 + Math.floor(rolled.bits / 64)));
    for (const p of bloomPositions(rolled, sent.message.messageId, farmBaseHashes)) setBit(filter, p);
    const fromNim = (sender: string) =>
      encodeNimSdsMessage({
        senderId: sender,
        messageId: `from-${sender}`,
        channelId: "test-channel",
        lamportTimestamp: SECONDS + 5n,
        causalHistory: [],
        bloomFilter: encodeNimBloom(filter, rolled),
        repairRequest: [],
        content: text("hi"),
      });
    const first = alice.receive(fromNim("nim-1"), { now: NOW });
    expect(first.possiblyAcknowledged).toEqual([{ messageId: sent.message.messageId, count: 1 }]);
    const second = alice.receive(fromNim("nim-2"), { now: NOW });
    expect(second.acknowledged).toEqual([sent.message.messageId]);
  });

  it("ignores a filter whose parameters do not hold together, and still delivers the message", () => {
    const alice = nimPeer("alice");
    alice.send(text("hello"), { now: NOW, nonce: nonce(1) });
    const bytes = encodeNimSdsMessage({
      senderId: "nim-1",
      messageId: "m",
      channelId: "test-channel",
      lamportTimestamp: SECONDS,
      causalHistory: [],
      bloomFilter: encodeNimBloom(new Uint8Array(8), {
        capacity: 1,
        errorRateMillionths: 1,
        hashes: 3,
        bits: 10_000,
      }),
      repairRequest: [],
      content: text("hi"),
    });
    expect(alice.receive(bytes, { now: NOW })).toMatchObject({
      outcome: "delivered",
      possiblyAcknowledged: [],
    });
  });

  it("restores its filter only into a core of the same hash", () => {
    const alice = nimPeer("alice");
    alice.send(text("hello"), { now: NOW, nonce: nonce(1) });
    const saved = alice.exportState();
    expect(saved.bloomProfile).toEqual({ name: "nim-sds", bits: 150_000, hash: "farmhash64" });
    const again = nimPeer("alice", { restore: saved });
    expect(hex(again.sync({ now: NOW }).message.bloomFilter ?? new Uint8Array(0))).toBe(
      hex(alice.sync({ now: NOW }).message.bloomFilter ?? new Uint8Array(0)),
    );
  });

  it("takes a sync that a nim-sds peer names (it logs every message, an empty one too) as seen", () => {
    const alice = nimPeer("alice");
    const bob = nimPeer("bob");
    const carol = nimPeer("carol");
    const sync = bob.sync({ now: NOW });
    const namingIt = encodeNimSdsMessage({
      senderId: "nim-1",
      messageId: "names-the-sync",
      channelId: "test-channel",
      lamportTimestamp: SECONDS + 5n,
      causalHistory: [{ messageId: sync.message.messageId, senderId: "bob" }],
      repairRequest: [],
      content: text("after your sync"),
    });
    // Bob's own sync, and one alice received: satisfied at once.
    expect(bob.receive(namingIt, { now: NOW }).outcome).toBe("delivered");
    alice.receive(sync.bytes, { now: NOW });
    expect(alice.receive(namingIt, { now: NOW }).outcome).toBe("delivered");
    // Carol has not seen it: she waits, and its arrival releases the message.
    expect(carol.receive(namingIt, { now: NOW }).outcome).toBe("buffered");
    const arrived = carol.receive(sync.bytes, { now: NOW });
    expect(arrived.outcome).toBe("sync");
    expect(arrived.delivered.map((d) => d.messageId)).toEqual(["names-the-sync"]);
  });

  it("still delivers a content message whose id a hostile sync reused", () => {
    const alice = nimPeer("alice");
    const content = (id: string, history: string[]) =>
      encodeNimSdsMessage({
        senderId: "nim-1",
        messageId: id,
        channelId: "test-channel",
        lamportTimestamp: SECONDS + 5n,
        causalHistory: history.map((messageId) => ({ messageId })),
        repairRequest: [],
        content: text(id),
      });
    const forged = encodeNimSdsMessage({
      senderId: "mallory",
      messageId: "real",
      channelId: "test-channel",
      lamportTimestamp: SECONDS + 5n,
      causalHistory: [],
      repairRequest: [],
      content: new Uint8Array(0),
    });
    expect(alice.receive(content("after", ["real"]), { now: NOW }).outcome).toBe("buffered");
    expect(alice.receive(forged, { now: NOW }).delivered.map((d) => d.messageId)).toEqual(["after"]);
    expect(alice.receive(content("real", []), { now: NOW }).outcome).toBe("delivered");
  });
});
