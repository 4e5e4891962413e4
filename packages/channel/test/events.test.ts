import {
  type Encryption,
  InvalidArgumentError,
  PayloadTooLargeError,
  PermanentTransportError,
  type Transport,
} from "@reliable-channel/interfaces";
import { compactBloom } from "@reliable-channel/sds";
import { createMemoryNetwork } from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { createReliableChannel } from "../src/index.js";
import { drive } from "./helpers/drive.js";
import { aesGcmEncryption, noEncryption } from "./helpers/encryption.js";
import { createGroup, text, untext } from "./helpers/group.js";

describe("events", () => {
  it("sending and sent repeat per attempt; sent carries the retrieval hint", async () => {
    const { network, members } = await createGroup({
      seed: 11,
      size: 2,
      channel: { retryBaseDelayMs: 1_000 },
    });
    const [alice] = members;
    if (alice === undefined) throw new Error("group");
    network.setOffline("p1", true);
    const id = await alice.channel.send(text("a"));
    await drive(network.clock, 4_000);
    expect(alice.recorder.of("sending").map((e) => e.attempt)).toEqual([1, 2, 3]);
    const sent = alice.recorder.of("sent");
    expect(sent.map((e) => [e.messageId, e.attempt])).toEqual([
      [id, 1],
      [id, 2],
      [id, 3],
    ]);
    expect(sent.every((e) => e.retrievalHint?.length === 32)).toBe(true);
    await Promise.all(members.map((m) => m.channel.stop()));
  });

  it("possibly-acknowledged reports bloom hits before (or without) an acknowledgement", async () => {
    const { network, members } = await createGroup({
      seed: 12,
      size: 2,
      // Nothing but the newest entry named, so that the first message is only ever possibly acknowledged.
      channel: {
        sds: { causalHistorySize: 1, recentlyLoggedHistorySize: 0, syncRecentlyLoggedHistorySize: 0 },
      },
    });
    const [alice] = members;
    if (alice === undefined) throw new Error("group");
    const first = await alice.channel.send(text("one"));
    const second = await alice.channel.send(text("two"));
    await drive(network.clock, 5_000);
    const hits = alice.recorder.of("possibly-acknowledged");
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]).toEqual({ messageId: first, count: 1 });
    expect(alice.recorder.of("acknowledged").map((e) => e.messageId)).toContain(second);
    // Possibly acknowledged: the next re-publish waits 4 × longer (≥ 16 s instead of 4–6 s).
    await drive(network.clock, 10_000);
    expect(alice.recorder.of("sending").filter((e) => e.messageId === first)).toHaveLength(1);
    await drive(network.clock, 20_000);
    expect(alice.recorder.of("sending").filter((e) => e.messageId === first).length).toBeGreaterThan(1);
    await Promise.all(members.map((m) => m.channel.stop()));
  });

  it("send-failed fires once at once on a permanent error, and after the last attempt on transient ones", async () => {
    const { network, members } = await createGroup({
      seed: 13,
      size: 2,
      channel: { maxSendAttempts: 3, retryBaseDelayMs: 1_000, retryMaxDelayMs: 2_000 },
    });
    const [alice] = members;
    if (alice === undefined) throw new Error("group");
    network.failNextPublish("p0", "permanent");
    const doomed = await alice.channel.send(text("x"));
    await drive(network.clock, 1_000);
    const [permanent] = alice.recorder.of("send-failed");
    expect(permanent).toMatchObject({ messageId: doomed, reason: "permanent-error", attempts: 1 });
    expect(permanent?.error).toBeInstanceOf(PermanentTransportError);

    // Transient failures while the transport says it is online count toward the app's limit.
    network.failNextPublish("p0", "transient", 5);
    const retried = await alice.channel.send(text("y"));
    await drive(network.clock, 30_000);
    const failed = alice.recorder.of("send-failed");
    expect(failed).toHaveLength(2);
    expect(failed[1]).toMatchObject({ messageId: retried, reason: "retries-exhausted", attempts: 3 });
    expect(alice.recorder.of("sending").filter((e) => e.messageId === retried)).toHaveLength(3);
    expect(alice.channel.outboxSize).toBe(0);
    await Promise.all(members.map((m) => m.channel.stop()));
  });

  it("a payload that fits but whose envelope exceeds the transport limit is refused by send, nothing stored", async () => {
    // Compact filters, so that a sync (filter + history) fits the 3 000-byte limit and acknowledgements flow.
    const { network, members } = await createGroup({
      seed: 14,
      size: 2,
      network: { maxPayloadBytes: 3_000 },
      channel: { sds: { bloom: compactBloom() } },
    });
    const [alice, bob] = members;
    if (alice === undefined || bob === undefined) throw new Error("group");
    const error = await alice.channel.send(new Uint8Array(2_990).fill(1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error).toMatchObject({ limit: 3_000 });
    expect((error as PayloadTooLargeError).size).toBeGreaterThan(3_000);
    expect(alice.channel.outboxSize).toBe(0);
    expect(alice.recorder.of("sending")).toEqual([]);
    // Nothing of the refused message leaks into the channel: the next one is delivered without any gap.
    const id = await alice.channel.send(text("fits"));
    await drive(network.clock, 10_000);
    expect(bob.recorder.of("message-received").map((e) => e.messageId)).toEqual([id]);
    expect(bob.recorder.of("missing")).toEqual([]);
    expect(alice.recorder.of("acknowledged").map((e) => e.messageId)).toContain(id);
    expect(alice.recorder.of("send-failed")).toEqual([]);
    await Promise.all(members.map((m) => m.channel.stop()));
  });

  it("syncs leave out a filter the transport cannot carry: acknowledgements still flow", async () => {
    // 2 000 bytes: far below the 18.7 KB waku-compat filter (the default) that every sync would carry.
    const { network, members } = await createGroup({
      seed: 18,
      size: 2,
      network: { maxPayloadBytes: 2_000 },
    });
    const [alice, bob] = members;
    if (alice === undefined || bob === undefined) throw new Error("group");
    const id = await alice.channel.send(text("hello"));
    await drive(network.clock, 10_000);
    expect(bob.recorder.of("message-received").map((e) => e.messageId)).toEqual([id]);
    expect(alice.recorder.of("acknowledged")).toMatchObject([{ messageId: id, by: "p1" }]);
    await Promise.all(members.map((m) => m.channel.stop()));
  });

  it("a transport without a finite limit puts none on the envelope", async () => {
    const network = createMemoryNetwork({ seed: 19 });
    const inner = network.join("p0");
    const unlimited: Transport = {
      start: () => inner.start(),
      stop: () => inner.stop(),
      publish: (bytes, options) => inner.publish(bytes, options),
      subscribe: (listener) => inner.subscribe(listener),
      maxPayloadBytes: Number.POSITIVE_INFINITY,
    };
    const channel = await createReliableChannel({
      channelId: "c",
      participantId: "p0",
      transport: unlimited,
      clock: network.clock,
    });
    expect(await channel.send(new Uint8Array(100_000).fill(1))).toMatch(/^[0-9a-f]{64}$/);
    await channel.stop();
  });

  it("counts the encryption's declared overhead against the transport limit", async () => {
    const encryption = await aesGcmEncryption(new Uint8Array(32).fill(3));
    const { members } = await createGroup({
      seed: 16,
      size: 1,
      network: { maxPayloadBytes: 1_000 },
      encryption,
    });
    const [alice] = members;
    if (alice === undefined) throw new Error("group");
    // Find the largest payload whose plaintext envelope fits 1 000 bytes: its ciphertext (28 more) does not.
    const sizes = Array.from({ length: 60 }, (_, i) => 990 - i);
    let refused = 0;
    for (const size of sizes) {
      const outcome = await alice.channel.send(new Uint8Array(size).fill(2)).catch((e: unknown) => e);
      if (outcome instanceof PayloadTooLargeError) {
        expect(outcome.limit).toBe(1_000 - 28);
        refused++;
        continue;
      }
      expect(typeof outcome).toBe("string");
      break;
    }
    expect(refused).toBeGreaterThan(0);
    expect(alice.recorder.of("send-failed")).toEqual([]);
    await alice.channel.stop();
  });

  it("measures an undeclared encryption overhead: send refuses what would not fit, and nothing stalls (seed 17)", async () => {
    // Synchronous (so that virtual time alone paces the test): 28 bytes in front, like an AEAD's IV and tag.
    const encryption: Encryption = {
      encrypt: (plain) => {
        const out = new Uint8Array(plain.length + 28);
        out.set(
          plain.map((byte) => byte ^ 0x5a),
          28,
        );
        return out;
      },
      decrypt: (cipher) => cipher.subarray(28).map((byte) => byte ^ 0x5a),
    };
    const { network, members } = await createGroup({
      seed: 17,
      size: 2,
      network: { maxPayloadBytes: 1_000 },
      encryption,
    });
    const [alice, bob] = members;
    if (alice === undefined || bob === undefined) throw new Error("group");
    let refused = 0;
    for (let size = 990; size > 900; size--) {
      const outcome = await alice.channel.send(new Uint8Array(size).fill(2)).catch((e: unknown) => e);
      if (!(outcome instanceof PayloadTooLargeError)) break;
      expect(outcome.limit).toBe(1_000 - 28);
      refused++;
    }
    expect(refused).toBeGreaterThan(0);
    // Before, the largest envelope that fitted in plaintext was accepted, refused by the transport once
    // encrypted (send-failed), and named by the next message: the peer waited minutes for it.
    const next = await alice.channel.send(text("next"));
    await drive(network.clock, 3_000);
    expect(bob.recorder.of("message-received").map((e) => e.messageId)).toContain(next);
    expect(alice.recorder.of("send-failed")).toEqual([]);
    expect(bob.recorder.of("missing")).toEqual([]);
    await Promise.all(members.map((m) => m.channel.stop()));
  });

  it("rejects an encryption whose overheadBytes is not a non-negative integer", async () => {
    const network = createMemoryNetwork({ seed: 17 });
    for (const [i, overheadBytes] of [-1, 1.5, Number.NaN].entries()) {
      await expect(
        createReliableChannel({
          channelId: "c",
          participantId: `p${i}`,
          transport: network.join(`p${i}`),
          clock: network.clock,
          encryption: { ...noEncryption, overheadBytes },
          autoStart: false,
        }),
      ).rejects.toBeInstanceOf(InvalidArgumentError);
    }
  });

  it("ephemeral-received carries the payload and sender; nothing is retried or acknowledged", async () => {
    const { network, members } = await createGroup({ seed: 15, size: 2 });
    const [alice, bob] = members;
    if (alice === undefined || bob === undefined) throw new Error("group");
    const id = await alice.channel.sendEphemeral(text("typing"));
    await drive(network.clock, 5_000);
    const got = bob.recorder.of("ephemeral-received");
    expect(got.map((e) => [e.messageId, e.senderId, untext(e.payload)])).toEqual([[id, "p0", "typing"]]);
    expect(bob.recorder.of("message-received")).toEqual([]);
    expect(alice.recorder.of("ephemeral-received")).toEqual([]);
    expect(alice.recorder.of("sending")).toEqual([]);
    await Promise.all(members.map((m) => m.channel.stop()));
  });

  it("missing, retrieved and sync-status follow a gap that the store fills, then delivery in causal order", async () => {
    const { network, members } = await createGroup({ seed: 16, size: 3 });
    const [alice, bob] = members;
    if (alice === undefined || bob === undefined) throw new Error("group");
    // A partition (not offline: no reconnect, so no catch-up) makes bob miss the first message.
    network.partition(["p0"], ["p1"]);
    const first = await alice.channel.send(text("first"));
    await drive(network.clock, 3_000);
    network.heal();
    const second = await alice.channel.send(text("second"));
    await drive(network.clock, 5_000);
    const [missing] = bob.recorder.of("missing");
    expect(missing?.missing.map((e) => [e.messageId, e.senderId, e.retrievalHint?.length])).toEqual([
      [first, "p0", 32],
    ]);
    expect(bob.recorder.of("retrieved").map((e) => e.messageId)).toEqual([first]);
    expect(bob.recorder.of("message-received").map((e) => untext(e.payload))).toEqual(["first", "second"]);
    const statuses = bob.recorder.of("sync-status");
    expect(statuses.find((s) => s.status === "syncing")).toMatchObject({ received: 0, missing: 1, lost: 0 });
    expect(statuses.at(-1)).toMatchObject({ status: "synced", missing: 0, lost: 0 });
    expect(bob.channel.syncStatus).toMatchObject({ status: "synced", received: 2, missing: 0, lost: 0 });
    expect(second).not.toBe(first);
    await Promise.all(members.map((m) => m.channel.stop()));
  });

  it("irretrievable fires when the store no longer has a missing message; its dependents are released", async () => {
    const { network, members } = await createGroup({
      seed: 17,
      size: 3,
      network: { retentionMs: 2_000 },
      channel: { retrievalBaseDelayMs: 500, maxRetrievalAttempts: 3 },
    });
    const [alice, bob] = members;
    if (alice === undefined || bob === undefined) throw new Error("group");
    network.setOffline("p1", true);
    const first = await alice.channel.send(text("first"));
    await drive(network.clock, 10_000);
    network.setOffline("p1", false);
    const second = await alice.channel.send(text("second"));
    await drive(network.clock, 20_000);
    const irretrievable = bob.recorder.of("irretrievable");
    expect(irretrievable).toEqual([{ messageIds: [first], reason: "not-in-store", released: [second] }]);
    expect(bob.recorder.of("message-received").map((e) => e.messageId)).toEqual([second]);
    const order = bob.recorder.events
      .map((e) => e.type)
      .filter((t) => t === "message-received" || t === "irretrievable");
    expect(order).toEqual(["message-received", "irretrievable"]);
    expect(bob.channel.syncStatus).toMatchObject({ status: "synced", missing: 0, lost: 1 });
    await Promise.all(members.map((m) => m.channel.stop()));
    expect(network.clock.pending()).toBe(0);
  });

  it("a dependency missing for longer than missingTimeoutMs is given up as timeout, even with no store", async () => {
    const { network, members } = await createGroup({
      seed: 18,
      size: 3,
      network: { retentionMs: 1 },
      channel: { missingTimeoutMs: 20_000, maxRetrievalAttempts: 100 },
    });
    const [alice, bob] = members;
    if (alice === undefined || bob === undefined) throw new Error("group");
    network.setOffline("p1", true);
    const first = await alice.channel.send(text("first"));
    await drive(network.clock, 5_000);
    network.setOffline("p1", false);
    await alice.channel.send(text("second"));
    await drive(network.clock, 30_000);
    const [event] = bob.recorder.of("irretrievable");
    expect(event).toMatchObject({ messageIds: [first], reason: "timeout" });
    await Promise.all(members.map((m) => m.channel.stop()));
  });
});
