import type { MessageId, Storage, Transport } from "@reliable-channel/interfaces";
import { decodeSdsMessage } from "@reliable-channel/sds";
import { sdsRepair } from "@reliable-channel/sds-repair";
import { memoryStorage } from "@reliable-channel/storage-memory";
import {
  createMemoryNetwork,
  createSeededRandom,
  type MemoryNetwork,
  type MemoryNetworkInit,
  type MemoryTransport,
} from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { createReliableChannel, type ReliableChannelInit } from "../src/index.js";
import { drive } from "./helpers/drive.js";
import type { Member } from "./helpers/group.js";
import { text, untext } from "./helpers/group.js";
import { record } from "./helpers/recorder.js";

// Scenario tests at the level of sessions: a reader back after everyone left, a sender offline for half an
// hour, a reader offline for half an hour, the replay after a reconnect, newcomers. Memory network, virtual
// time, default channel options unless a test says otherwise.

const MINUTE = 60_000;

type MemberOptions = Partial<Omit<ReliableChannelInit, "participantId" | "transport" | "clock">>;

function network(seed: number, init: Omit<MemoryNetworkInit, "seed"> = {}): MemoryNetwork {
  return createMemoryNetwork({ seed, latency: { minMs: 20, maxMs: 60 }, ...init });
}

async function join(net: MemoryNetwork, id: string, options: MemberOptions = {}): Promise<Member> {
  const channel = await createReliableChannel({
    channelId: "room",
    participantId: id,
    transport: net.transport(id) ?? net.join(id),
    clock: net.clock,
    random: createSeededRandom(net.seed * 100 + id.charCodeAt(0)),
    ...options,
  });
  return { id, channel, recorder: record(channel) };
}

/** The base port of `full` alone (no optional capability), bound to it. */
function basePort(full: MemoryTransport): Transport {
  return {
    start: () => full.start(),
    stop: () => full.stop(),
    publish: full.publish.bind(full),
    subscribe: full.subscribe.bind(full),
    maxPayloadBytes: full.maxPayloadBytes,
  };
}

const received = (member: Member): string[] =>
  member.recorder.of("message-received").map((event) => untext(event.payload));

async function sendAll(member: Member, payloads: readonly string[]): Promise<MessageId[]> {
  const ids: MessageId[] = [];
  for (const payload of payloads) ids.push(await member.channel.send(text(payload)));
  return ids;
}

/** Each sent message's endings at its sender: exactly one of `acknowledged` / `send-failed`. */
function endings(member: Member, ids: readonly MessageId[]): Map<MessageId, string[]> {
  const out = new Map<MessageId, string[]>(ids.map((id) => [id, []]));
  for (const { type, detail } of member.recorder.events) {
    if (type !== "acknowledged" && type !== "send-failed") continue;
    out.get((detail as { messageId: MessageId }).messageId)?.push(type);
  }
  return out;
}

describe("a reader that comes back after the senders left (seed 41)", () => {
  it("catches up from the store on reconnect: all 5 messages within one catch-up, never synced before it", async () => {
    const net = network(41, { retentionMs: 60 * MINUTE });
    const alice = await join(net, "alice");
    const reader = await join(net, "reader");
    await drive(net.clock, 5_000);
    net.setOffline("reader", true);
    const payloads = ["m0", "m1", "m2", "m3", "m4"];
    await sendAll(alice, payloads);
    await drive(net.clock, 10_000);
    await alice.channel.stop(); // every sender has left
    await drive(net.clock, 2 * MINUTE);
    expect(reader.channel.syncStatus.status).toBe("offline");
    const before = reader.recorder.events.length;
    net.setOffline("reader", false);
    await drive(net.clock, 1_000);
    expect(received(reader)).toEqual(payloads);
    const after = reader.recorder.events.slice(before);
    const caughtUp = after.findIndex((e) => e.type === "caught-up");
    expect(after[caughtUp]?.detail).toMatchObject({ found: expect.any(Number) });
    expect((after[caughtUp]?.detail as { found: number } | undefined)?.found).toBeGreaterThanOrEqual(5);
    const statuses = after.filter((e) => e.type === "sync-status").map((e) => e.detail);
    expect(statuses[0]).toMatchObject({ status: "catching-up" });
    const syncedAt = after.findIndex(
      (e) => e.type === "sync-status" && (e.detail as { status: string }).status === "synced",
    );
    expect(syncedAt).toBeGreaterThan(caughtUp);
    expect(reader.channel.syncStatus).toMatchObject({ status: "synced", missing: 0, lost: 0 });
    expect(reader.channel.syncStatus.completeUpTo).toBeGreaterThanOrEqual(net.clock.now() - 1_000);
    await reader.channel.stop();
  });

  it("after a stop and a restart from the same storage, 30 min later: the same (the cursor is durable)", async () => {
    const net = network(42, { retentionMs: 60 * MINUTE });
    const storage: Storage = memoryStorage();
    const alice = await join(net, "alice");
    let reader = await join(net, "reader", { storage });
    await drive(net.clock, 5_000);
    await reader.channel.stop();
    const payloads = ["a", "b", "c", "d", "e"];
    await sendAll(alice, payloads);
    await drive(net.clock, 10_000);
    await alice.channel.stop();
    await drive(net.clock, 30 * MINUTE);
    reader = await join(net, "reader", { storage });
    await drive(net.clock, 1_000);
    expect(received(reader)).toEqual(payloads);
    expect(reader.recorder.of("irretrievable")).toEqual([]);
    expect(reader.channel.syncStatus.status).toBe("synced");
    await reader.channel.stop();
  });
});

describe("a sender whose transport is offline for 30 min (seed 43)", () => {
  it("keeps its outbox, attempts nothing while offline, and re-publishes in send order within 1 s", async () => {
    const net = network(43);
    const alice = await join(net, "alice");
    const bob = await join(net, "bob");
    await drive(net.clock, 5_000);
    net.setOffline("alice", true);
    const payloads = ["o0", "o1", "o2", "o3", "o4"];
    const ids = await sendAll(alice, payloads);
    await drive(net.clock, 30 * MINUTE, 1_000);
    expect(alice.recorder.of("send-failed")).toEqual([]);
    expect(alice.channel.outboxSize).toBe(5);
    expect(received(bob)).toEqual([]);
    expect(alice.channel.syncStatus.status).toBe("offline");
    // Nothing was attempted while offline.
    expect(alice.recorder.of("sending")).toEqual([]);
    const wire: MessageId[] = [];
    const sendingAfter: MessageId[] = [];
    alice.channel.on("sending", ({ messageId }) => sendingAfter.push(messageId));
    net.events.on("published", ({ from, retrievalHint }) => {
      const stored = net.store.get(retrievalHint);
      const message = stored === undefined ? undefined : decodeSdsMessage(stored.bytes);
      if (from === "alice" && message?.content !== undefined) wire.push(message.messageId);
    });
    const back = net.clock.now();
    net.setOffline("alice", false);
    await drive(net.clock, 1_000, 10, () => received(bob).length === 5);
    expect(received(bob)).toEqual(payloads);
    expect(net.clock.now() - back).toBeLessThanOrEqual(1_000);
    expect(sendingAfter.slice(0, 5)).toEqual(ids);
    // On the wire too, in send order (before: 0, 1, 3, 2, 4 as backoff timers fell due).
    expect(wire.slice(0, 5)).toEqual(ids);
    await drive(net.clock, 10_000);
    expect([...endings(alice, ids).values()]).toEqual(ids.map(() => ["acknowledged"]));
    await Promise.all([alice.channel.stop(), bob.channel.stop()]);
  });

  it("an app's explicit limit still applies, counting only attempts made while online", async () => {
    const net = network(44);
    const alice = await join(net, "alice", { maxSendAttempts: 3, retryBaseDelayMs: 1_000 });
    await drive(net.clock, 5_000);
    net.setOffline("alice", true);
    const id = await alice.channel.send(text("x"));
    await drive(net.clock, 10 * MINUTE, 1_000);
    expect(alice.recorder.of("send-failed")).toEqual([]);
    net.setOffline("alice", false);
    // Nobody acknowledges (alice is alone): three attempts online, then one backoff, then the give-up.
    await drive(net.clock, 10 * MINUTE, 1_000);
    expect(alice.recorder.of("send-failed")).toEqual([
      { messageId: id, reason: "retries-exhausted", attempts: 3 },
    ]);
    expect(alice.recorder.of("sending").map((e) => e.attempt)).toEqual([1, 2, 3]);
    await alice.channel.stop();
  });

  it("maxMessageAgeMs gives up an unacknowledged message once it is older (reason max-age)", async () => {
    const net = network(45);
    const alice = await join(net, "alice", { maxMessageAgeMs: 5 * MINUTE });
    const id = await alice.channel.send(text("lonely"));
    await drive(net.clock, 10 * MINUTE, 1_000);
    expect(alice.recorder.of("send-failed")).toMatchObject([{ messageId: id, reason: "max-age" }]);
    await alice.channel.stop();
  });
});

describe("a reader offline for 30 min (seed 46)", () => {
  it("the sender's message ends once, acknowledged after the reader returns; no send-failed", async () => {
    const net = network(46);
    const alice = await join(net, "alice");
    const bob = await join(net, "bob");
    await drive(net.clock, 5_000);
    net.setOffline("bob", true);
    const id = await alice.channel.send(text("while you were out"));
    await drive(net.clock, 30 * MINUTE, 1_000);
    expect(alice.recorder.of("send-failed")).toEqual([]);
    net.setOffline("bob", false);
    await drive(net.clock, 5 * MINUTE, 1_000);
    expect(received(bob)).toEqual(["while you were out"]);
    expect(endings(alice, [id]).get(id)).toEqual(["acknowledged"]);
    expect(alice.recorder.of("acknowledged-after-failure")).toEqual([]);
    await Promise.all([alice.channel.stop(), bob.channel.stop()]);
  });

  it("with an app limit, a late acknowledgement of a given-up message is its own event, not a second ending", async () => {
    const net = network(47);
    const alice = await join(net, "alice", { maxSendAttempts: 2, retryBaseDelayMs: 1_000 });
    const bob = await join(net, "bob");
    await drive(net.clock, 5_000);
    net.setOffline("bob", true);
    const id = await alice.channel.send(text("late"));
    await drive(net.clock, 10 * MINUTE, 1_000);
    expect(alice.recorder.of("send-failed")).toMatchObject([{ messageId: id, reason: "retries-exhausted" }]);
    net.setOffline("bob", false);
    await drive(net.clock, 2 * MINUTE, 1_000);
    expect(received(bob)).toEqual(["late"]);
    expect(endings(alice, [id]).get(id)).toEqual(["send-failed"]);
    expect(alice.recorder.of("acknowledged-after-failure")).toMatchObject([{ messageId: id, by: "bob" }]);
    await Promise.all([alice.channel.stop(), bob.channel.stop()]);
  });
});

describe("newcomers (seed 48)", () => {
  async function busyRoom(seed: number, retentionMs: number, repair = false) {
    const net = network(seed, { retentionMs });
    const plugin = () => (repair ? { repair: sdsRepair() } : {});
    const alice = await join(net, "alice", plugin());
    const bob = await join(net, "bob", plugin());
    const old: MessageId[] = [];
    for (let i = 0; i < 6; i += 1) {
      old.push(await (i % 2 === 0 ? alice : bob).channel.send(text(`old${i}`)));
      await drive(net.clock, 2_000);
    }
    return { net, alice, bob, old, plugin };
  }

  for (const [name, retentionMs, repair] of [
    ["the store no longer has the history", 10 * MINUTE, false],
    ["the store no longer has the history, SDS-R on", 10 * MINUTE, true],
    ["the store still has the history", 60 * MINUTE, false],
  ] as const) {
    it(`${name}: the first live message is delivered within a round trip, nothing from before the join`, async () => {
      const { net, alice, bob, old, plugin } = await busyRoom(48, retentionMs, repair);
      await drive(net.clock, 20 * MINUTE, 1_000);
      const newcomer = await join(net, "newcomer", plugin());
      await drive(net.clock, 2_000);
      const sentAt = net.clock.now();
      await alice.channel.send(text("live0"));
      await drive(net.clock, 2_000, 5, () => received(newcomer).length > 0);
      expect(received(newcomer)).toEqual(["live0"]);
      // latency 20–60 ms each way, store lookups instant: within one network round trip
      expect(net.clock.now() - sentAt).toBeLessThanOrEqual(150);
      await bob.channel.send(text("live1"));
      await drive(net.clock, 30_000);
      expect(received(newcomer)).toEqual(["live0", "live1"]);
      const ids = newcomer.recorder.of("message-received").map((e) => e.messageId);
      expect(ids.filter((id) => old.includes(id))).toEqual([]);
      expect(newcomer.recorder.of("irretrievable")).toEqual([]);
      expect(newcomer.channel.syncStatus).toMatchObject({ status: "synced", missing: 0, lost: 0 });
      await Promise.all([alice, bob, newcomer].map((m) => m.channel.stop()));
    });
  }

  it("asked for history since a time, it delivers that history in causal order, marked, then live", async () => {
    const { net, alice, old } = await busyRoom(49, 60 * MINUTE);
    const since = net.clock.now() - 7_000; // the last three old messages (sent 2 s apart)
    await drive(net.clock, 1_000);
    const newcomer = await join(net, "newcomer", { history: { since } });
    await drive(net.clock, 2_000);
    await alice.channel.send(text("live"));
    await drive(net.clock, 5_000);
    const got = newcomer.recorder.of("message-received");
    expect(got.map((e) => [untext(e.payload), e.history])).toEqual([
      ["old3", true],
      ["old4", true],
      ["old5", true],
      ["live", undefined],
    ]);
    expect(got.map((e) => e.messageId).slice(0, 3)).toEqual(old.slice(3));
    expect(newcomer.recorder.of("irretrievable")).toEqual([]);
    await Promise.all([alice.channel.stop(), newcomer.channel.stop()]);
  });

  it("asked for the last 2 messages, it delivers exactly those as history, then live (seed 50)", async () => {
    const { net, alice, old } = await busyRoom(50, 60 * MINUTE);
    await drive(net.clock, 5 * MINUTE, 1_000);
    const newcomer = await join(net, "newcomer", { history: { last: 2 } });
    await drive(net.clock, 2_000);
    await alice.channel.send(text("live"));
    await drive(net.clock, 5_000);
    const got = newcomer.recorder.of("message-received");
    expect(got.map((e) => [untext(e.payload), e.history])).toEqual([
      ["old4", true],
      ["old5", true],
      ["live", undefined],
    ]);
    expect(got.map((e) => e.messageId).slice(0, 2)).toEqual(old.slice(4));
    expect(newcomer.recorder.of("irretrievable")).toEqual([]);
    await Promise.all([alice.channel.stop(), newcomer.channel.stop()]);
  });

  it("rejects a history request that is neither { since } nor { last }", async () => {
    const net = network(51);
    for (const history of [{ last: -1 }, { last: 1.5 }, { since: Number.NaN }, {}, { since: 1, last: 2 }]) {
      await expect(join(net, `x${JSON.stringify(history)}`, { history } as MemberOptions)).rejects.toThrow(
        /history must be/,
      );
    }
  });

  it("over a transport with a range query but no hint lookup, the newcomer settles hint-less gaps by catch-up (seed 52)", async () => {
    const net = network(52, { retentionMs: 10 * MINUTE });
    const alice = await join(net, "alice");
    const bob = await join(net, "bob");
    for (let i = 0; i < 4; i += 1) await (i % 2 === 0 ? alice : bob).channel.send(text(`old${i}`));
    await drive(net.clock, 20 * MINUTE, 1_000);
    const full = net.join("newcomer");
    const transport: Transport = {
      ...basePort(full),
      queryRange: full.queryRange.bind(full),
      connectivity: full.connectivity,
      retention: full.retention,
    };
    const newcomer = await join(net, "newcomer", { transport } as MemberOptions);
    await drive(net.clock, 2_000);
    const sentAt = net.clock.now();
    await alice.channel.send(text("live"));
    await drive(net.clock, 2_000, 5, () => received(newcomer).length > 0);
    expect(received(newcomer)).toEqual(["live"]);
    expect(net.clock.now() - sentAt).toBeLessThanOrEqual(150);
    expect(newcomer.recorder.of("irretrievable")).toEqual([]);
    await Promise.all([alice, bob, newcomer].map((m) => m.channel.stop()));
  });
});

describe("a transport that reports neither connectivity nor has a range query (seed 53)", () => {
  it("is taken as online while started: no catch-up, no offline status, retries as before", async () => {
    const net = network(53);
    const alice = await join(net, "alice");
    const full = net.join("bob");
    const plain: Transport = { ...basePort(full), retrieve: full.retrieve.bind(full) };
    const bob = await join(net, "bob", { transport: plain } as MemberOptions);
    await drive(net.clock, 3_000);
    await alice.channel.send(text("hi"));
    await bob.channel.send(text("hello"));
    await drive(net.clock, 10_000);
    expect(received(bob)).toEqual(["hi"]);
    expect(received(alice)).toEqual(["hello"]);
    const statuses = bob.recorder.of("sync-status").map((e) => e.status);
    expect(statuses.filter((status) => status === "catching-up" || status === "offline")).toEqual([]);
    expect(bob.recorder.of("caught-up")).toEqual([]);
    expect(bob.channel.syncStatus.completeUpTo).toBeUndefined();
    await Promise.all([alice.channel.stop(), bob.channel.stop()]);
  });
});
