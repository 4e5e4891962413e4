import type { MessageId, Transport, TransportListener } from "@reliable-channel/interfaces";
import { sdsRepair } from "@reliable-channel/sds-repair";
import {
  createMemoryNetwork,
  createSeededRandom,
  type MemoryNetwork,
} from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { createReliableChannel, type ReliableChannel, type ReliableChannelInit } from "../src/index.js";
import { drive } from "./helpers/drive.js";
import { text, untext } from "./helpers/group.js";
import { record } from "./helpers/recorder.js";

// `irretrievable` means lost: a dependency is not given up while the store or SDS-Repair can still bring
// it, even long after `missingTimeoutMs` (issue 15, findings 3 and 5).

const MINUTE = 60_000;

/** What reaches bob live: everything (but the next `drop` payloads) or nothing. */
interface Gate {
  readonly live: "all" | "none";
  drop: number;
}

/** Bob's transport: the memory transport behind a gate, with some of its capabilities. */
function gated(
  inner: Transport,
  gate: Gate,
  has: { retrieve: boolean; queryRange: boolean; retention?: number },
): { transport: Transport; hand: (bytes: Uint8Array, hint: Uint8Array) => void } {
  let listener: TransportListener = () => {};
  const pass: TransportListener = (bytes, meta) => {
    if (gate.live === "none") return;
    if (gate.drop > 0) {
      gate.drop -= 1;
      return;
    }
    listener(bytes, meta);
  };
  const transport: Transport = {
    start: () => inner.start(),
    stop: () => inner.stop(),
    publish: (bytes, options) => inner.publish(bytes, options),
    subscribe: (next) => {
      listener = next;
      return inner.subscribe(pass);
    },
    ...(inner.maxPayloadBytes === undefined ? {} : { maxPayloadBytes: inner.maxPayloadBytes }),
    ...(has.retrieve && inner.retrieve !== undefined ? { retrieve: inner.retrieve.bind(inner) } : {}),
    ...(has.queryRange && inner.queryRange !== undefined ? { queryRange: inner.queryRange.bind(inner) } : {}),
    ...(inner.connectivity === undefined ? {} : { connectivity: inner.connectivity }),
    ...(has.retention === undefined ? {} : { retention: has.retention }),
  };
  return { transport, hand: (bytes, hint) => listener(bytes.slice(), { retrievalHint: hint }) };
}

function channelOn(
  net: MemoryNetwork,
  id: string,
  transport: Transport,
  extra: Partial<ReliableChannelInit> = {},
) {
  return createReliableChannel({
    channelId: "room",
    participantId: id,
    transport,
    clock: net.clock,
    random: createSeededRandom(net.seed * 10 + id.length),
    ...extra,
  });
}

/** The hint and stored bytes of each of `sender`'s published messages, by id. */
function published(net: MemoryNetwork, sender: ReliableChannel) {
  const hints = new Map<MessageId, Uint8Array>();
  sender.on("sent", ({ messageId, retrievalHint }) => {
    if (retrievalHint !== undefined) hints.set(messageId, retrievalHint);
  });
  return (id: MessageId) => {
    const hint = hints.get(id);
    const stored = hint === undefined ? undefined : net.store.get(hint);
    if (hint === undefined || stored === undefined) throw new Error(`${id} is not in the store`);
    return { hint, bytes: stored.bytes };
  };
}

/**
 * An hour after everyone joined, alice sends `c` and then `b` while offline: `b` names `c` without a retrieval hint (`c` was not published
 * yet). Back online, both go out in order. Bob gets only `b`, handed over: he misses `c` and knows no hint.
 */
async function offlineSender(
  seed: number,
  bobHas: { retrieve: boolean; queryRange: boolean; retention?: number },
) {
  const net = createMemoryNetwork({ seed, latency: { minMs: 10, maxMs: 20 }, retentionMs: 60 * MINUTE });
  const alice = await channelOn(net, "alice", net.join("alice"));
  const carol = await channelOn(net, "carol", net.join("carol"));
  const gate: Gate = { live: "none", drop: 0 };
  const bobSide = gated(net.join("bob"), gate, bobHas);
  const bob = await channelOn(net, "bob", bobSide.transport);
  const bobEvents = record(bob);
  const stored = published(net, alice);
  // Bob joined longer ago than the store keeps: a catch-up of his join window cannot settle a gap.
  await drive(net.clock, 61 * MINUTE, 10_000);
  net.setOffline("alice", true);
  const c = await alice.send(text("c"));
  const b = await alice.send(text("b"));
  await drive(net.clock, 2_000);
  net.setOffline("alice", false);
  await drive(net.clock, 10_000); // replayed in order; carol acknowledges both
  const sentB = stored(b);
  bobSide.hand(sentB.bytes, sentB.hint);
  await drive(net.clock, 1_000);
  return { net, alice, bob, carol, bobEvents, c, b, stored, hand: bobSide.hand };
}

describe("a dependency known without a retrieval hint (seed 151)", () => {
  it("is looked for by a scan of the store before the time limit gives it up", async () => {
    const run = await offlineSender(151, { retrieve: true, queryRange: true });
    const { net, bobEvents, c, b } = run;
    const missing = bobEvents.of("missing").flatMap((e) => e.missing);
    expect(missing.map((entry) => [entry.messageId, entry.retrievalHint])).toEqual([[c, undefined]]);
    await drive(net.clock, 6 * MINUTE, 1_000);
    expect(bobEvents.of("irretrievable")).toEqual([]);
    expect(bobEvents.of("message-received").map((e) => [e.messageId, untext(e.payload)])).toEqual([
      [c, "c"],
      [b, "b"],
    ]);
    expect(run.bob.syncStatus).toMatchObject({ missing: 0, lost: 0 });
    await Promise.all([run.alice.stop(), run.carol.stop(), run.bob.stop()]);
  });

  it("is found by a scan of the store after the retrieval backoff, long before the time limit", async () => {
    const run = await offlineSender(156, { retrieve: true, queryRange: true });
    const { net, bobEvents, c, b } = run;
    // The first scan is due after the backoff's base delay (2 s); 30 s is a tenth of the 5 min limit.
    await drive(net.clock, 30_000, 500);
    expect(bobEvents.of("message-received").map((e) => e.messageId)).toEqual([c, b]);
    expect(bobEvents.of("irretrievable")).toEqual([]);
    expect(run.bob.syncStatus).toMatchObject({ missing: 0, lost: 0 });
    await Promise.all([run.alice.stop(), run.carol.stop(), run.bob.stop()]);
  });

  it("without a store scan, waits for a hint while the store keeps what it names; a late hint brings it", async () => {
    const run = await offlineSender(152, { retrieve: true, queryRange: false, retention: 30 * MINUTE });
    const { net, bobEvents, c, b } = run;
    await drive(net.clock, 10 * MINUTE, 5_000); // twice the time limit
    expect(bobEvents.of("irretrievable")).toEqual([]);
    expect(bobEvents.of("message-received")).toEqual([]);
    // A message naming c with its hint turns up: c is fetched by hash and delivered.
    const later = await run.alice.send(text("later"));
    await drive(net.clock, 100, 10);
    const sentLater = run.stored(later);
    run.hand(sentLater.bytes, sentLater.hint);
    await drive(net.clock, 10_000, 500);
    expect(bobEvents.of("irretrievable")).toEqual([]);
    expect(bobEvents.of("message-received").map((e) => e.messageId)).toEqual([c, b, later]);
    await Promise.all([run.alice.stop(), run.carol.stop(), run.bob.stop()]);
  });

  it("without a store scan and without a hint, is given up once the store's retention has passed", async () => {
    const run = await offlineSender(153, { retrieve: true, queryRange: false, retention: 30 * MINUTE });
    const { net, bobEvents, c, b } = run;
    await drive(net.clock, 25 * MINUTE, 10_000);
    expect(bobEvents.of("irretrievable")).toEqual([]);
    await drive(net.clock, 10 * MINUTE, 10_000);
    expect(bobEvents.of("irretrievable")).toEqual([{ messageIds: [c], reason: "timeout", released: [b] }]);
    expect(bobEvents.of("message-received").map((e) => e.messageId)).toEqual([b]);
    await Promise.all([run.alice.stop(), run.carol.stop(), run.bob.stop()]);
  });

  it("without any store, is given up at the time limit", async () => {
    const run = await offlineSender(154, { retrieve: false, queryRange: false });
    const { net, bobEvents, c, b } = run;
    await drive(net.clock, 6 * MINUTE, 5_000);
    expect(bobEvents.of("irretrievable")).toEqual([{ messageIds: [c], reason: "timeout", released: [b] }]);
    await Promise.all([run.alice.stop(), run.carol.stop(), run.bob.stop()]);
  });
});

describe("a dependency SDS-Repair is still asking for (seed 155)", () => {
  it("is not given up at the time limit; the repair brings it", async () => {
    const net = createMemoryNetwork({ seed: 155, latency: { minMs: 10, maxMs: 20 } });
    // The first repair request goes out 50–120 s after the gap is seen, past the 40 s time limit.
    const options = () => ({
      repair: sdsRepair({ tMinMs: 50_000, tMaxMs: 120_000 }),
      missingTimeoutMs: 40_000,
    });
    const alice = await channelOn(net, "alice", net.join("alice"), options());
    const carol = await channelOn(net, "carol", net.join("carol"), options());
    // Alice's first message is lost on its way to bob: it is the first payload he would receive.
    const gate: Gate = { live: "all", drop: 1 };
    // No store at bob's: only live traffic (and repairs) can bring a message.
    const bobSide = gated(net.join("bob"), gate, { retrieve: false, queryRange: false });
    const bob = await channelOn(net, "bob", bobSide.transport, options());
    const bobEvents = record(bob);
    const c = await alice.send(text("c"));
    const b = await alice.send(text("b"));
    await drive(net.clock, 8 * MINUTE, 1_000);
    expect(bobEvents.of("missing").flatMap((e) => e.missing.map((m) => m.messageId))).toEqual([c]);
    expect(bobEvents.of("irretrievable")).toEqual([]);
    expect(bobEvents.of("message-received").map((e) => untext(e.payload))).toEqual(["c", "b"]);
    expect(b).not.toBe(c);
    await Promise.all([alice.stop(), carol.stop(), bob.stop()]);
  });
});
