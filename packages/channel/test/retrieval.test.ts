import type { RetrievedPayload, Transport } from "@reliable-channel/interfaces";
import { silentLogger } from "@reliable-channel/interfaces";
import { createSdsCore } from "@reliable-channel/sds";
import { createSeededRandom, createVirtualClock } from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { Receiver } from "../src/receiver.js";
import { Retrieval } from "../src/retrieval.js";
import type { RetrievalPolicy } from "../src/retrieval-tracker.js";
import { TimerSet } from "../src/timer-set.js";
import { drive } from "./helpers/drive.js";
import { text, untext } from "./helpers/group.js";
import { eventLog, recordingQueue } from "./helpers/parts.js";

const START = 1_000_000;
const HINT = Uint8Array.of(1, 1, 1);
const POLICY: RetrievalPolicy = {
  backoff: { baseDelayMs: 1_000, maxDelayMs: 4_000, factor: 2, jitter: 0 },
  maxAttempts: 3,
  missingTimeoutMs: 10_000,
};

/** Alice's first message (stored under {@link HINT}) and her second, which names it with that hint. */
function twoMessages() {
  const random = createSeededRandom(31);
  const alice = createSdsCore({ channelId: "c", participantId: "alice" });
  const first = alice.send(text("one"), { now: START, nonce: random.bytes(16) });
  alice.recordRetrievalHint(first.message.messageId, HINT);
  const second = alice.send(text("two"), { now: START + 10, nonce: random.bytes(16) });
  return { first, second };
}

interface SceneInit {
  /** What the store answers to the n-th lookup (from 0). */
  readonly store: (lookup: number) => RetrievedPayload[];
  readonly isRepairing?: () => boolean;
}

/**
 * Bob's retrieval, wired as a session wires it to a receiver on his core; a store with `retrieve` only
 * (no time-range scans). Bob has received alice's second message: her first is missing.
 */
function scene(init: SceneInit) {
  const clock = createVirtualClock({ startAt: START });
  const log = eventLog(clock);
  const queue = recordingQueue();
  const timers = new TimerSet(clock);
  const signal = new AbortController().signal;
  const lookups: number[] = [];
  const transport: Pick<Transport, "retrieve" | "queryRange" | "retention"> = {
    retrieve: async () => {
      lookups.push(clock.now() - START);
      return init.store(lookups.length - 1);
    },
  };
  const state = { online: true };
  const core = createSdsCore({ channelId: "c", participantId: "bob", joinedAt: 0, joinFrontier: false });
  const common = {
    clock,
    logger: silentLogger,
    signal,
    emit: log.emit,
    emitAfterCommit: log.emitAfterCommit,
  };
  let retrieval: Retrieval | undefined;
  const receiver = new Receiver({
    ...common,
    participantId: "bob",
    core,
    encryption: undefined,
    queue,
    sink: {
      processed: () => {},
      delivering: () => {},
      received: (result) => retrieval?.missing(result.missing),
      delivered: (delivered) => retrieval?.resolved(delivered.map((m) => m.messageId)),
    },
  });
  retrieval = new Retrieval(
    {
      ...common,
      core,
      transport,
      receiver,
      repair: init.isRepairing === undefined ? undefined : { isRepairing: init.isRepairing },
      timers,
      random: createSeededRandom(32),
      onCountsChanged: () => {},
      onNotFound: () => {},
      online: () => state.online,
      mayGiveUp: () => true,
    },
    { retrieval: POLICY, catchUpMarginMs: 0 },
  );
  const { first, second } = twoMessages();
  const settle = async (ms: number) => {
    await drive(clock, ms, 100);
    queue.commit();
  };
  return { clock, log, lookups, receiver, retrieval, state, first, second, settle };
}

describe("Retrieval", () => {
  it("looks a missing dependency up by its hint at once, then with backoff, and stops once it arrived", async () => {
    const { log, lookups, receiver, first, second, settle } = scene({
      store: (n) => (n === 0 ? [] : [{ retrievalHint: HINT, bytes: first.bytes }]),
    });
    receiver.listener(second.bytes, {});
    await settle(60_000);
    expect(lookups).toEqual([0, 1_000]);
    expect(log.of("missing").map((e) => e.missing.map((m) => m.messageId))).toEqual([
      [first.message.messageId],
    ]);
    expect(log.of("retrieved")).toEqual([{ messageId: first.message.messageId, retrievalHint: HINT }]);
    expect(log.of("message-received").map((e) => untext(e.payload))).toEqual(["one", "two"]);
    expect(log.of("irretrievable")).toEqual([]);
  });

  it("gives a dependency the store lacks up after its lookups: irretrievable, its dependents released", async () => {
    const { log, lookups, receiver, retrieval, first, second, settle } = scene({ store: () => [] });
    receiver.listener(second.bytes, {});
    await settle(60_000);
    expect(lookups).toEqual([0, 1_000, 3_000]);
    expect(log.of("irretrievable")).toEqual([
      { messageIds: [first.message.messageId], reason: "not-in-store", released: [second.message.messageId] },
    ]);
    expect(log.of("message-received").map((e) => untext(e.payload))).toEqual(["two"]);
    expect(retrieval.lost).toBe(1);
  });

  it("does not give up what SDS-Repair is still asking for; the time limit ends it once repair stopped", async () => {
    const repair = { asking: true };
    const { clock, log, receiver, first, second, settle } = scene({
      store: () => [],
      isRepairing: () => repair.asking,
    });
    receiver.listener(second.bytes, {});
    await settle(60_000);
    expect(log.of("irretrievable")).toEqual([]);
    repair.asking = false;
    await settle(10_000);
    const ended = log.events.filter((e) => e.type === "irretrievable");
    expect(ended.map((e) => e.detail)).toEqual([
      { messageIds: [first.message.messageId], reason: "timeout", released: [second.message.messageId] },
    ]);
    expect(ended[0]?.at).toBeLessThanOrEqual(clock.now());
    expect(ended[0]?.at).toBeGreaterThan(START + 60_000);
  });

  it("asks nothing while offline, and asks at once when resumed", async () => {
    const { lookups, receiver, retrieval, state, first, second, settle } = scene({
      store: () => [{ retrievalHint: HINT, bytes: first.bytes }],
    });
    state.online = false;
    receiver.listener(second.bytes, {});
    await settle(30_000);
    expect(lookups).toEqual([]);
    state.online = true;
    retrieval.resume();
    await settle(1_000);
    expect(lookups).toEqual([30_000]);
    expect(retrieval.lost).toBe(0);
  });
});
