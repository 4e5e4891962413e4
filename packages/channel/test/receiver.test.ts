import { type Encryption, SignatureError, silentLogger } from "@reliable-channel/interfaces";
import { createSdsCore } from "@reliable-channel/sds";
import { createSeededRandom, createVirtualClock } from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import type { CoreReceiveResult } from "../src/core-port.js";
import { Receiver, type ReceiverSink } from "../src/receiver.js";
import { text, untext } from "./helpers/group.js";
import { eventLog, recordingQueue } from "./helpers/parts.js";

const START = 1_000_000;
const random = createSeededRandom(23);

/** Alice's core builds the messages Bob's receiver gets. */
function aliceMessages(channelId = "c") {
  const alice = createSdsCore({ channelId, participantId: "alice" });
  return (payload: string, now = START) => alice.send(text(payload), { now, nonce: random.bytes(16) });
}

/** Bob's receiver with a recording sink, queue and event log; `encryption` optional. */
function scene(encryption?: Encryption) {
  const clock = createVirtualClock({ startAt: START });
  const log = eventLog(clock);
  const queue = recordingQueue();
  const calls: string[] = [];
  const results: CoreReceiveResult[] = [];
  const sink: ReceiverSink = {
    processed: () => calls.push("processed"),
    delivering: (delivered) => calls.push(`delivering ${delivered.map((m) => untext(m.content)).join(",")}`),
    received: (result) => {
      results.push(result);
      calls.push(`received ${result.outcome}`);
    },
    delivered: (delivered) => calls.push(`delivered ${delivered.map((m) => untext(m.content)).join(",")}`),
  };
  const receiver = new Receiver({
    participantId: "bob",
    // A founding member: it waits for every dependency (no join point cuts history off).
    core: createSdsCore({ channelId: "c", participantId: "bob", joinedAt: 0, joinFrontier: false }),
    encryption,
    queue,
    clock,
    logger: silentLogger,
    signal: new AbortController().signal,
    emit: log.emit,
    emitAfterCommit: log.emitAfterCommit,
    sink,
  });
  const received = () => log.of("message-received").map((e) => untext(e.payload));
  return { log, queue, calls, results, receiver, received };
}

/** Ciphertext = a tag byte + the plaintext; tag 1 fails to decrypt, tag 2 fails authentication. */
const tagged: Encryption = {
  encrypt: (plain) => Uint8Array.of(0, ...plain),
  decrypt: (cipher) => {
    if (cipher[0] === 1) throw new Error("garbled");
    if (cipher[0] === 2) throw new SignatureError("bad-signature");
    return cipher.subarray(1);
  },
};

describe("Receiver", () => {
  it("reports decrypt and signature failures as message-dropped; the core never sees those bytes", async () => {
    const { log, calls, receiver, received } = scene(tagged);
    const send = aliceMessages();
    const one = send("one");
    receiver.listener(Uint8Array.of(1, ...one.bytes), {});
    receiver.listener(Uint8Array.of(2, ...one.bytes), {});
    await receiver.receiveRetrieved(Uint8Array.of(0, ...one.bytes), Uint8Array.of(9));
    expect(log.of("message-dropped")).toEqual([
      expect.objectContaining({ reason: "decrypt-failed", detail: "garbled" }),
      expect.objectContaining({ reason: "unauthenticated" }),
    ]);
    expect(received()).toEqual(["one"]);
    expect(calls.filter((call) => call === "processed")).toHaveLength(1);
  });

  it("drops undecodable bytes as invalid and ignores another channel's messages without an event", () => {
    const { log, calls, receiver } = scene();
    receiver.listener(Uint8Array.of(1, 2, 3), {});
    receiver.listener(aliceMessages("another-room")("elsewhere").bytes, {});
    expect(log.events.map((e) => [e.type, (e.detail as { reason?: string }).reason])).toEqual([
      ["message-dropped", "invalid"],
    ]);
    expect(calls).toEqual([]);
  });

  it("drops a duplicate: the message is delivered once", async () => {
    const { receiver, received } = scene();
    const one = aliceMessages()("one");
    receiver.listener(one.bytes, {});
    const again = await receiver.receiveRetrieved(one.bytes, Uint8Array.of(7));
    expect(again?.outcome).toBe("duplicate");
    expect(received()).toEqual(["one"]);
  });

  it("keeps arrival order when decryption finishes out of order", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slowFirst: Encryption = {
      encrypt: (plain) => plain,
      decrypt: async (cipher) => {
        if (cipher[0] === 1) await gate;
        return cipher.subarray(1);
      },
    };
    const { receiver, received } = scene(slowFirst);
    const send = aliceMessages();
    // Independent messages of two senders: either order could be delivered.
    const one = send("one");
    const other = aliceMessages()("other");
    receiver.listener(Uint8Array.of(1, ...one.bytes), {});
    const second = receiver.receiveRetrieved(Uint8Array.of(0, ...other.bytes), Uint8Array.of(5));
    release();
    await second;
    expect(received()).toEqual(["one", "other"]);
  });

  it("tells its sink what a receive found in order, and of deliveries once they are committed", () => {
    const { calls, queue, results, receiver, received } = scene();
    const send = aliceMessages();
    const one = send("one");
    const two = send("two");
    receiver.listener(two.bytes, {});
    expect(calls).toEqual(["processed", "received buffered"]);
    expect(results[0]?.missing.map((entry) => entry.messageId)).toEqual([one.message.messageId]);
    receiver.listener(one.bytes, {});
    expect(calls.slice(2)).toEqual(["processed", "delivering one,two", "received delivered"]);
    expect(received()).toEqual(["one", "two"]);
    queue.commit();
    expect(calls.slice(5)).toEqual(["delivered one,two"]);
  });
});
