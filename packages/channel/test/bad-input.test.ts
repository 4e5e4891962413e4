import { InvalidArgumentError, NotStartedError, PayloadTooLargeError } from "@reliable-channel/interfaces";
import { createMemoryNetwork, createSeededRandom } from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { createReliableChannel } from "../src/index.js";
import { drive } from "./helpers/drive.js";
import { aesGcmEncryption } from "./helpers/encryption.js";
import { createGroup, text, untext } from "./helpers/group.js";
import { record } from "./helpers/recorder.js";

describe("bad input", () => {
  it("rejects an empty payload or a non-Uint8Array with InvalidArgumentError", async () => {
    const { members } = await createGroup({ seed: 21, size: 1 });
    const channel = members[0]?.channel;
    if (channel === undefined) throw new Error("group");
    await expect(channel.send(new Uint8Array())).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(channel.sendEphemeral(new Uint8Array())).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(channel.send("text" as unknown as Uint8Array)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(channel.outboxSize).toBe(0);
    await channel.stop();
  });

  it("rejects a payload above maxPayloadBytes (or the transport's limit) with PayloadTooLargeError", async () => {
    const { members } = await createGroup({ seed: 22, size: 1, channel: { maxPayloadBytes: 10 } });
    const channel = members[0]?.channel;
    if (channel === undefined) throw new Error("group");
    const error = await channel.send(new Uint8Array(11)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error).toMatchObject({ size: 11, limit: 10 });
    await expect(channel.sendEphemeral(new Uint8Array(11))).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(await channel.send(new Uint8Array(10).fill(1))).toMatch(/^[0-9a-f]{64}$/);
    await channel.stop();

    const limited = await createGroup({ seed: 23, size: 1, network: { maxPayloadBytes: 100 } });
    const small = limited.members[0]?.channel;
    await expect(small?.send(new Uint8Array(101))).rejects.toBeInstanceOf(PayloadTooLargeError);
    await small?.stop();
  });

  it("rejects send before start and after stop with NotStartedError", async () => {
    const network = createMemoryNetwork({ seed: 24 });
    const channel = await createReliableChannel({
      channelId: "c",
      participantId: "a",
      transport: network.join("a"),
      clock: network.clock,
      autoStart: false,
    });
    expect(channel.state).toBe("idle");
    await expect(channel.send(text("x"))).rejects.toBeInstanceOf(NotStartedError);
    await expect(channel.sendEphemeral(text("x"))).rejects.toBeInstanceOf(NotStartedError);
    await channel.start();
    await channel.stop();
    expect(channel.state).toBe("stopped");
    const error = await channel.send(text("x")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotStartedError);
    expect((error as Error).message).toBe("channel is stopped");
  });

  it("rejects bad ids and out-of-range options with InvalidArgumentError", async () => {
    const network = createMemoryNetwork({ seed: 25 });
    const transport = network.join("a");
    const base = { channelId: "c", participantId: "a", transport, clock: network.clock, autoStart: false };
    await expect(createReliableChannel({ ...base, participantId: "" })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    // Half of a surrogate pair: UTF-8 on the wire and SQLite would carry U+FFFD, another id.
    for (const id of ["a\uD800", "\uDC00b"]) {
      await expect(createReliableChannel({ ...base, participantId: id })).rejects.toBeInstanceOf(
        InvalidArgumentError,
      );
      await expect(createReliableChannel({ ...base, channelId: id })).rejects.toBeInstanceOf(
        InvalidArgumentError,
      );
    }
    // A well-formed pair (an emoji) is fine.
    await (await createReliableChannel({ ...base, participantId: "a\u{1F600}" })).stop();
    for (const bad of [
      { maxSendAttempts: 0 },
      { retryBaseDelayMs: -1 },
      { retryJitter: 1 },
      { retryBackoffFactor: 0.5 },
      { syncIntervalMs: Number.NaN },
      { maxPayloadBytes: 0 },
      { maxRetrievalAttempts: 2.5 },
      { handledIdsLimit: 10.5 },
      { maxPayloadBytes: 1_000.1 },
      { retryBaseDelayMs: 10_000, retryMaxDelayMs: 1_000 },
      { retrievalMaxDelayMs: 1_000 }, // below the default base delay (2 s)
      { channelId: "c".repeat(200_000) },
      { participantId: "p".repeat(1_025) },
      { encryption: { encrypt: 1 } },
      { encryption: "aes" },
      { transport: { publish: () => {} } },
      { storage: { open: "file" } },
      { clock: { now: () => 0 } },
      { random: 0.5 },
      { logger: { debug: () => {} } },
    ]) {
      await expect(
        createReliableChannel({ ...base, ...(bad as object) }),
        JSON.stringify(bad).slice(0, 80),
      ).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    // Whole and infinite counts, long delays and ids up to the limit are fine.
    const fine = await createReliableChannel({
      ...base,
      channelId: "c".repeat(1_024),
      maxSendAttempts: Number.POSITIVE_INFINITY,
      maxRetrievalAttempts: 3,
      missingTimeoutMs: 30 * 24 * 3_600_000,
      retryBaseDelayMs: 1_000,
      retryMaxDelayMs: 1_000,
    });
    expect(fine.state).toBe("idle");
  });

  it("drops garbage bytes with a reason, ignores other channels' messages on the topic quietly, and keeps working", async () => {
    const { network, members } = await createGroup({ seed: 26, size: 2 });
    const [alice, bob] = members;
    if (alice === undefined || bob === undefined) throw new Error("group");
    const intruder = network.join("intruder");
    await intruder.start();
    await intruder.publish(new Uint8Array([0xff, 0xff, 0xff, 0x01, 0x02]));
    const stranger = await createReliableChannel({
      channelId: "another-channel",
      participantId: "s",
      transport: network.join("s"),
      clock: network.clock,
      random: createSeededRandom(5),
    });
    await stranger.send(text("not for you"));
    await drive(network.clock, 2_000);
    const reasons = bob.recorder.of("message-dropped").map((e) => e.reason);
    // The garbage is dropped with a reason; the stranger's messages (sent, and reached bob) say nothing.
    expect(reasons).toEqual(["invalid"]);
    expect([...network.store.entries()].some((e) => e.publisher === "s")).toBe(true);
    expect(bob.recorder.of("message-received")).toEqual([]);
    await alice.channel.send(text("still fine"));
    await drive(network.clock, 2_000);
    expect(bob.recorder.of("message-received").map((e) => untext(e.payload))).toEqual(["still fine"]);
    await Promise.all([...members.map((m) => m.channel.stop()), stranger.stop(), intruder.stop()]);
  });

  it("drops what cannot be decrypted (wrong key, plaintext) with reason decrypt-failed, never throwing", async () => {
    const key = new Uint8Array(32).fill(7);
    const { network, members } = await createGroup({
      seed: 27,
      size: 2,
      encryption: await aesGcmEncryption(key),
    });
    const [alice, bob] = members;
    if (alice === undefined || bob === undefined) throw new Error("group");
    const eve = await createReliableChannel({
      channelId: "test-channel",
      participantId: "eve",
      transport: network.join("eve"),
      clock: network.clock,
      encryption: await aesGcmEncryption(new Uint8Array(32).fill(9)),
    });
    const eveEvents = record(eve);
    await eve.send(text("wrong key"));
    const intruder = network.join("intruder");
    await intruder.start();
    await intruder.publish(new Uint8Array([1, 2, 3]));
    await alice.channel.send(text("secret"));
    await drive(network.clock, 3_000);
    const dropped = bob.recorder.of("message-dropped");
    expect(dropped.length).toBeGreaterThanOrEqual(2);
    expect(new Set(dropped.map((e) => e.reason))).toEqual(new Set(["decrypt-failed"]));
    expect(bob.recorder.of("message-received").map((e) => untext(e.payload))).toEqual(["secret"]);
    expect(eveEvents.of("message-received")).toEqual([]);
    expect(eveEvents.of("message-dropped").length).toBeGreaterThan(0);
    await Promise.all([...members.map((m) => m.channel.stop()), eve.stop(), intruder.stop()]);
  });
});
