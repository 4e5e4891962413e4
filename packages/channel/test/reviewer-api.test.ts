import { createReliableChannel, type ReliableChannelInit } from "@reliable-channel/channel";
import {
  InvalidArgumentError,
  type MessageReceivedEvent,
  NotStartedError,
  PayloadTooLargeError,
} from "@reliable-channel/interfaces";
import { memoryStorage } from "@reliable-channel/storage-memory";
import { createSeededRandom } from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import {
  drive,
  expectFullDelivery,
  flaky,
  HOUR,
  MINUTE,
  network,
  of,
  open,
  type Peer,
  peer,
  receivedTexts,
  SECOND,
  say,
  stopAll,
  text,
  untext,
} from "./helpers/reviewer-harness.js";

// Reviewer scenarios (public API only): bad input and its typed errors, the documented event order,
// lifecycle, ephemerals, segmentation, the roster, the restart after a failed commit, clock skew at a join.

describe("bad input through the public API", () => {
  it("send / sendEphemeral reject with the documented typed errors", async () => {
    const net = network(7_300_081, { maxPayloadBytes: 2_000 });
    const channel = await open(net, "bad", { segmentation: false });
    await expect(channel.send(new Uint8Array(0))).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(channel.send("hello" as unknown as Uint8Array)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(channel.send(new Uint8Array(5_000))).rejects.toBeInstanceOf(PayloadTooLargeError);
    await expect(channel.sendEphemeral(new Uint8Array(0))).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(channel.sendEphemeral(new Uint8Array(5_000))).rejects.toBeInstanceOf(PayloadTooLargeError);
    await expect(channel.send(null as unknown as Uint8Array)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(channel.outboxSize).toBe(0);
    await channel.stop();
    await expect(channel.send(text("late"))).rejects.toBeInstanceOf(NotStartedError);
    await expect(channel.sendEphemeral(text("late"))).rejects.toBeInstanceOf(NotStartedError);
    const idle = await open(net, "idle", { autoStart: false });
    await expect(idle.send(text("early"))).rejects.toBeInstanceOf(NotStartedError);
  });

  it("createReliableChannel rejects bad ids and out-of-range options with InvalidArgumentError", async () => {
    const net = network(7_300_082);
    const transport = net.join("t");
    const base = { channelId: "c", participantId: "p", transport, clock: net.clock };
    const bad: Partial<ReliableChannelInit>[] = [
      { channelId: "" },
      { participantId: "" },
      { retryBaseDelayMs: -1 },
      { retryJitter: 1.5 },
      { retryBackoffFactor: 0.5 },
      { maxSendAttempts: 0 },
      { syncIntervalMs: Number.NaN },
      { history: { last: -3 } },
      { members: [""] },
      { transport: {} as unknown as ReliableChannelInit["transport"] },
      // These were accepted before (and a "no" started the channel); the README promises
      // InvalidArgumentError for every bad option at creation.
      { autoStart: "no" as unknown as boolean },
      { segmentation: "yes" as unknown as false },
      { segmentation: 5 as unknown as false },
      { segmentation: { reassemblyTimeoutMs: -1 } },
      { segmentation: { maxPartialMessages: 0 } },
      { segmentation: { maxPartialBytesPerSender: Number.NaN } },
      { segmentation: { profile: "x" } as unknown as false },
      { sds: "x" } as unknown as Partial<ReliableChannelInit>,
    ];
    for (const override of bad) {
      await expect(
        createReliableChannel({ ...base, ...override } as ReliableChannelInit),
        JSON.stringify(override),
      ).rejects.toBeInstanceOf(InvalidArgumentError);
    }
  });
});

describe("the documented event order (seed 7_300_091)", () => {
  it("sending before send resolves, then sent, then acknowledged; missing → retrieved → message-received", async () => {
    const seed = 7_300_091;
    const net = network(seed);
    const peers = [await peer(net, "eve"), await peer(net, "fay")];
    const [eve, fay] = peers as [Peer, Peer];
    await drive(net.clock, 3 * SECOND);
    // Start-up: sync-status came first, caught-up before the first synced.
    for (const p of peers) {
      expect(p.events[0]?.type, `seed ${seed} ${p.id}`).toBe("sync-status");
      const caught = p.events.findIndex((e) => e.type === "caught-up");
      const synced = p.events.findIndex(
        (e) => e.type === "sync-status" && (e.detail as { status: string }).status === "synced",
      );
      expect(caught, `seed ${seed}`).toBeGreaterThanOrEqual(0);
      expect(synced, `seed ${seed}`).toBeGreaterThan(caught);
    }
    let sendingBeforeResolve = false;
    const id = await eve.channel.send(text("eve:a0")).then((messageId) => {
      sendingBeforeResolve = of(eve, "sending").some((e) => e.messageId === messageId);
      return messageId;
    });
    eve.sent.push(id);
    expect(sendingBeforeResolve, `seed ${seed}: sending fires before send resolves when online`).toBe(true);
    await drive(net.clock, 10 * SECOND);
    const mine = eve.events
      .filter((e) => (e.detail as { messageId?: string }).messageId === id)
      .map((e) => e.type)
      .filter((t) => t !== "possibly-acknowledged");
    expect(mine.slice(0, 3), `seed ${seed}`).toEqual(["sending", "sent", "acknowledged"]);
    // fay misses a1 (offline), then a2 names it: missing, then retrieved, then a1 and a2 delivered in order.
    net.setOffline("fay", true);
    await say(eve, "a1");
    await drive(net.clock, 2 * SECOND);
    net.setOffline("fay", false);
    // Before fay's catch-up could bring a1, a2 arrives live... or the catch-up brings both; either way the
    // dependency comes first.
    await say(eve, "a2");
    await drive(net.clock, 30 * SECOND);
    expect(receivedTexts(fay), `seed ${seed}`).toEqual(["eve:a0", "eve:a1", "eve:a2"]);
    const missing = fay.events.findIndex((e) => e.type === "missing");
    if (missing >= 0) {
      const retrieved = fay.events.findIndex((e) => e.type === "retrieved");
      const delivered = fay.events.findIndex(
        (e) =>
          e.type === "message-received" && untext((e.detail as { payload: Uint8Array }).payload) === "eve:a1",
      );
      expect(retrieved, `seed ${seed}`).toBeGreaterThan(missing);
      expect(delivered, `seed ${seed}`).toBeGreaterThan(retrieved);
    }
    expectFullDelivery(seed, peers, new Map());
    await stopAll(peers);
  });

  it("stop()/start() are idempotent, and a restart repeats no event (seed 7_300_092)", async () => {
    const seed = 7_300_092;
    const net = network(seed);
    const storage = memoryStorage();
    const peers = [await peer(net, "gus", { storage }), await peer(net, "hal")];
    const [gus, hal] = peers as [Peer, Peer];
    await Promise.all([gus.channel.start(), gus.channel.start()]);
    for (let i = 0; i < 5; i += 1) await say(hal, `b${i}`);
    await say(gus, "c0");
    await drive(net.clock, 20 * SECOND);
    await Promise.all([gus.channel.stop(), gus.channel.stop()]);
    expect(gus.channel.state).toBe("stopped");
    await expect(gus.channel.send(text("gus:x"))).rejects.toBeInstanceOf(NotStartedError);
    const before = gus.events.length;
    await gus.channel.start();
    await gus.channel.start();
    expect(gus.channel.state).toBe("started");
    await drive(net.clock, 2 * MINUTE);
    const again = gus.events
      .slice(before)
      .filter((e) => ["message-received", "acknowledged", "sent"].includes(e.type));
    expect(again, `seed ${seed}`).toEqual([]);
    await say(hal, "b5");
    await say(gus, "c1");
    await drive(net.clock, 20 * SECOND);
    expectFullDelivery(seed, peers, new Map());
    await stopAll(peers);
  });
});

describe("more of the public API (seed 7_300_141)", () => {
  it("identical payloads get distinct ids and are both delivered; ephemerals; once() with a signal", async () => {
    const seed = 7_300_141;
    const net = network(seed);
    const peers = [await peer(net, "m1"), await peer(net, "m2")];
    const [m1, m2] = peers as [Peer, Peer];
    const a = await m1.channel.send(text("m1:s0"));
    const b = await m1.channel.send(text("m1:s0"));
    m1.sent.push(a, b);
    expect(a, `seed ${seed}`).not.toBe(b);
    await drive(net.clock, 10 * SECOND);
    expect(
      of(m2, "message-received").map((e) => e.messageId),
      `seed ${seed}`,
    ).toEqual([a, b]);
    const ephemeralId = await m1.channel.sendEphemeral(text("m1:typing"));
    await drive(net.clock, 2 * SECOND);
    expect(of(m2, "ephemeral-received").map((e) => [e.messageId, e.senderId, untext(e.payload)])).toEqual([
      [ephemeralId, "m1", "m1:typing"],
    ]);
    expect(of(m1, "ephemeral-received"), "never our own ephemerals").toEqual([]);
    expect(receivedTexts(m2), "an ephemeral is not a message").toEqual(["m1:s0", "m1:s0"]);
    net.setOffline("m1", true);
    await expect(m1.channel.sendEphemeral(text("m1:offline"))).rejects.toThrow();
    net.setOffline("m1", false);
    const controller = new AbortController();
    const pending = m2.channel.once("message-received", { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toBeDefined();
    const next = m2.channel.once("message-received");
    await say(m1, "s1");
    await drive(net.clock, 5 * SECOND);
    expect(untext((await next).payload)).toBe("m1:s1");
    const unsubscribe = m2.channel.on("message-received", () => {
      throw new Error("unsubscribed listener called");
    });
    unsubscribe();
    await say(m1, "s2");
    await drive(net.clock, 5 * SECOND);
    expectFullDelivery(seed, peers, new Map());
    await stopAll(peers);
  });
});

describe("segmented payloads through an offline spell and loss (seed 7_300_191)", () => {
  it("a 350 KB payload reaches a reader that was offline, once, byte for byte", async () => {
    const seed = 7_300_191;
    const net = network(seed, { retentionMs: 24 * HOUR, loss: 0.2 });
    const peers = [await peer(net, "big"), await peer(net, "away")];
    const [big, away] = peers as [Peer, Peer];
    await drive(net.clock, 3 * SECOND);
    net.setOffline("away", true);
    const random = createSeededRandom(seed);
    const payload = new Uint8Array(350_000);
    for (let i = 0; i < payload.length; i += 1) payload[i] = random.int(256);
    const id = await big.channel.send(payload);
    await big.channel.send(text("big:t1"));
    await drive(net.clock, 5 * MINUTE, 1_000);
    net.setOffline("away", false);
    await drive(net.clock, 5 * MINUTE, 250);
    const got = of(away, "message-received");
    expect(got.length, `seed ${seed}`).toBe(2);
    expect(got[0]?.messageId, `seed ${seed}`).toBe(id);
    expect(Buffer.from(got[0]?.payload ?? []).equals(Buffer.from(payload)), `seed ${seed}`).toBe(true);
    expect(untext(got[1]?.payload ?? new Uint8Array()), `seed ${seed}`).toBe("big:t1");
    const full = of(big, "acknowledged").filter(
      (e) => e.messageId === id && e.segment?.done === e.segment?.total,
    );
    expect(full.length, `seed ${seed}: acknowledged in full once`).toBe(1);
    expect(of(big, "send-failed"), `seed ${seed}`).toEqual([]);
    await stopAll(peers);
  });
});

describe("a roster with a member away for an hour (seed 7_300_201)", () => {
  it("delivered-to-all once per message after the member is back; the watermark only moves forward", async () => {
    const seed = 7_300_201;
    const net = network(seed, { retentionMs: 24 * HOUR, loss: 0.1 });
    const members = ["ra", "rb", "rc"];
    const peers: Peer[] = [];
    for (const id of members) peers.push(await peer(net, id, { members }));
    const [ra, , rc] = peers as [Peer, Peer, Peer];
    await drive(net.clock, 3 * SECOND);
    net.setOffline("rc", true);
    for (let i = 0; i < 10; i += 1) {
      await say(ra, `d${i}`);
      await drive(net.clock, 6 * MINUTE, 1_000);
    }
    expect(of(ra, "delivered-to-all"), `seed ${seed}: rc has none of them`).toEqual([]);
    net.setOffline("rc", false);
    await drive(net.clock, 5 * MINUTE, 250);
    expect(receivedTexts(rc).length, `seed ${seed}`).toBe(10);
    const toAll = of(ra, "delivered-to-all").map((e) => e.messageId);
    expect(new Set(toAll).size, `seed ${seed}`).toBe(toAll.length);
    expect(new Set(toAll), `seed ${seed}`).toEqual(new Set(ra.sent));
    const marks = of(ra, "stability-watermark").map((e) => e.stable);
    expect(marks, `seed ${seed}`).toEqual([...marks].sort((x, y) => x - y));
    expect(ra.channel.stabilityWatermark?.messageId, `seed ${seed}`).toBe(ra.sent.at(-1));
    await stopAll(peers);
  });
});

describe("the restart after a failed commit, seen from the app (seed 7_300_211)", () => {
  it("error event; while it restarts, state is stopped and send rejects with NotStartedError; start() waits for it", async () => {
    const seed = 7_300_211;
    const net = network(seed);
    let failing = false;
    const peers = [
      await peer(net, "ok"),
      await peer(net, "fx", { storage: flaky(memoryStorage(), () => failing) }),
    ];
    const [ok, fx] = peers as [Peer, Peer];
    await drive(net.clock, 3 * SECOND);
    failing = true;
    await say(ok, "i0"); // fx's delivery commit fails
    await drive(net.clock, 200, 10);
    failing = false;
    expect(
      of(fx, "error").map((e) => e.operation),
      `seed ${seed}`,
    ).toEqual(["storage commit"]);
    expect(fx.channel.state, `seed ${seed}`).toBe("stopped");
    await expect(fx.channel.send(text("fx:j0"))).rejects.toBeInstanceOf(NotStartedError);
    const restarted = fx.channel.start();
    await drive(net.clock, 2 * SECOND);
    await restarted;
    expect(fx.channel.state, `seed ${seed}`).toBe("started");
    await say(fx, "j1");
    await drive(net.clock, MINUTE);
    expect(receivedTexts(fx), `seed ${seed}: i0 is received again after the restart`).toEqual(["ok:i0"]);
    expectFullDelivery(seed, peers, new Map());
    await stopAll(peers);
  });
});

// KNOWN DEFECT, not fixed here (a design decision for the lead): the join point is the newcomer's own clock
// at its first start, and a live message is judged against it by its Lamport timestamp, which is its
// sender's clock. When the newcomer's clock runs ahead of the sender's by d (or the sender's runs behind),
// every message sent in the first d after the join is taken for history from before the join: never
// delivered and never reported — lost silently, against promise 1 (and 5: "its first live message is
// delivered as soon as ..."). Seen: 2 s ahead loses the first message (sent 0.5 s after the join); 20 s
// ahead loses all six sent in the first 18.5 s. A sender 5 s behind loses its messages of the first 5 s
// the same way. Possible fixes: a join point lowered by a skew margin (then a few seconds from before the
// join are delivered), or a join point taken from the Lamport clock the newcomer first hears. Either breaks
// "nothing from before a join" for participants whose clocks agree, and no single margin passes these three
// seeds (q0, sent 10 s before the join, must stay out under a 20 s skew). The README states the limit and its
// workaround, which the test after these checks.
/**
 * k1 (its clock `senderSkewMs` off) says q0; 10 s later the newcomer nk joins (its clock `newcomerSkewMs`
 * off; with `marginMs`, asking for history since its clock less that margin); then k1 and k2 say q1..q6, 3 s
 * apart. Returns what nk received, after two more minutes.
 */
async function skewedJoin(
  seed: number,
  newcomerSkewMs: number,
  senderSkewMs: number,
  marginMs?: number,
): Promise<MessageReceivedEvent[]> {
  const net = network(seed, { retentionMs: 24 * HOUR });
  const skewed = (offset: number) => ({
    now: () => net.clock.now() + offset,
    setTimeout: net.clock.setTimeout.bind(net.clock),
  });
  const old = [await peer(net, "k1", { clock: skewed(senderSkewMs) }), await peer(net, "k2")];
  const [k1, k2] = old as [Peer, Peer];
  await say(k1, "q0");
  await drive(net.clock, 10 * SECOND);
  const clock = skewed(newcomerSkewMs);
  const history = marginMs === undefined ? {} : { history: { since: clock.now() - marginMs } };
  const nk = await peer(net, "nk", { clock, ...history });
  await drive(net.clock, 500);
  for (let i = 1; i <= 6; i += 1) {
    await say(i % 2 === 0 ? k2 : k1, `q${i}`);
    await drive(net.clock, 3 * SECOND);
  }
  await drive(net.clock, 2 * MINUTE);
  expect(of(nk, "irretrievable"), `seed ${seed}`).toEqual([]);
  await stopAll([...old, nk]);
  return of(nk, "message-received");
}

const SENT_AFTER_JOIN = ["k1:q1", "k2:q2", "k1:q3", "k2:q4", "k1:q5", "k2:q6"];
const texts = (events: readonly MessageReceivedEvent[]) => events.map((e) => untext(e.payload));

describe("clock skew at a newcomer's join (seeds 7_300_221..223)", () => {
  for (const [seed, newcomerSkewMs, senderSkewMs] of [
    [7_300_221, 2_000, 0],
    [7_300_222, 20_000, 0],
    [7_300_223, 0, -5_000],
  ] as const) {
    it.fails(`seed ${seed}: newcomer's clock ${newcomerSkewMs} ms off, a sender's ${senderSkewMs} ms: what is sent after the join reaches it`, async () => {
      const received = await skewedJoin(seed, newcomerSkewMs, senderSkewMs);
      expect(texts(received), `seed ${seed}`).toEqual(SENT_AFTER_JOIN);
    });
  }
});

describe("clock skew at a newcomer's join: the README's workaround (seeds 7_300_224..226)", () => {
  for (const [seed, newcomerSkewMs, senderSkewMs] of [
    [7_300_224, 2_000, 0],
    [7_300_225, 20_000, 0],
    [7_300_226, 0, -5_000],
  ] as const) {
    it(`seed ${seed}: with history since its clock less a skew margin, everything sent after the join reaches the newcomer`, async () => {
      const received = await skewedJoin(seed, newcomerSkewMs, senderSkewMs, MINUTE);
      // q0, from before the join, arrives as history (it is inside the margin); the rest live, in order.
      expect(texts(received), `seed ${seed}`).toEqual(["k1:q0", ...SENT_AFTER_JOIN]);
      expect(received[0]?.history, `seed ${seed}`).toBe(true);
    });
  }
});
