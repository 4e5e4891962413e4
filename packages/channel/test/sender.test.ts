import { PermanentTransportError, silentLogger, TransportError } from "@reliable-channel/interfaces";
import { createSdsCore } from "@reliable-channel/sds";
import { createSeededRandom, createVirtualClock } from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import type { RetryPolicy } from "../src/retry-policy.js";
import { Sender } from "../src/sender.js";
import { TimerSet } from "../src/timer-set.js";
import { drive, turn } from "./helpers/drive.js";
import { text } from "./helpers/group.js";
import { eventLog, type Published, recordingPublisher, recordingQueue } from "./helpers/parts.js";

const START = 1_000_000;
/** No jitter: every delay is exact (1 s, 2 s, then capped at 4 s). */
const RETRY: RetryPolicy = {
  backoff: { baseDelayMs: 1_000, maxDelayMs: 4_000, factor: 2, jitter: 0 },
  maxAttempts: Number.POSITIVE_INFINITY,
  maxAgeMs: Number.POSITIVE_INFINITY,
  possiblyAcknowledgedBackoff: 3,
};

/** A sender on a virtual clock with a recording publisher and queue and an SDS core of its own. */
function scene(
  options: {
    retry?: Partial<RetryPolicy>;
    fail?: (p: Published) => Error | undefined;
    /** Whether the transport is online (shared with the caller). */
    state?: { online: boolean };
  } = {},
) {
  const clock = createVirtualClock({ startAt: START });
  const log = eventLog(clock);
  const queue = recordingQueue();
  const publisher = recordingPublisher(clock, options.fail === undefined ? {} : { fail: options.fail });
  const state = options.state ?? { online: true };
  const sender = new Sender(
    {
      core: createSdsCore({ channelId: "c", participantId: "alice" }),
      publisher,
      queue,
      timers: new TimerSet(clock),
      clock,
      random: createSeededRandom(11),
      logger: silentLogger,
      signal: new AbortController().signal,
      emit: log.emit,
      emitAfterCommit: log.emitAfterCommit,
      online: () => state.online,
    },
    { retry: { ...RETRY, ...options.retry }, maxPayloadBytes: 1_000 },
  );
  return { clock, log, queue, publisher, sender, state };
}

describe("Sender", () => {
  it("re-publishes with backoff, gives up with send-failed after maxSendAttempts, and deletes the outbox row", async () => {
    const { clock, log, queue, publisher, sender } = scene({ retry: { maxAttempts: 3 } });
    const id = await sender.send(text("hello"));
    await drive(clock, 20_000);
    // Attempt 1 at once, 2 after 1 s, 3 after 2 s more; then one more (capped) backoff for an acknowledgement.
    expect(publisher.published.map((p) => [p.kind, p.at - START])).toEqual([
      ["content", 0],
      ["retry", 1_000],
      ["retry", 3_000],
    ]);
    expect(log.of("sending")).toEqual([
      { messageId: id, attempt: 1 },
      { messageId: id, attempt: 2 },
      { messageId: id, attempt: 3 },
    ]);
    expect(log.events.filter((e) => e.type === "send-failed").map((e) => [e.detail, e.at - START])).toEqual([
      [{ messageId: id, reason: "retries-exhausted", attempts: 3 }, 7_000],
    ]);
    expect(queue.ops).toContainEqual({ type: "outbox-delete", messageId: id });
    expect(sender.pending).toBe(0);
    // An acknowledgement after the give-up is told apart, and ends nothing a second time.
    sender.acknowledged([id], "bob");
    expect(log.of("acknowledged-after-failure")).toEqual([{ messageId: id, by: "bob" }]);
    expect(log.of("acknowledged")).toEqual([]);
  });

  it("an acknowledgement ends the message: outbox row deleted, `acknowledged` once, no more re-publishes", async () => {
    const { clock, log, queue, publisher, sender } = scene();
    const id = await sender.send(text("hello"));
    await turn();
    expect(publisher.published).toHaveLength(1);
    expect(queue.ops).toContainEqual(expect.objectContaining({ type: "outbox-put" }));
    sender.acknowledged([id], "bob");
    sender.acknowledged([id], "carol");
    await drive(clock, 60_000);
    expect(publisher.published).toHaveLength(1);
    expect(queue.ops.filter((op) => op.type === "outbox-delete")).toEqual([
      { type: "outbox-delete", messageId: id },
    ]);
    expect(log.of("acknowledged")[0]).toEqual({ messageId: id, by: "bob" });
    expect(sender.pending).toBe(0);
  });

  it("a permanent transport error fails the message at once; a transient one is retried", async () => {
    const errors = [new PermanentTransportError("refused"), new TransportError("busy")];
    const { clock, log, publisher, sender } = scene({ fail: () => errors.shift() });
    const refused = await sender.send(text("refused"));
    await turn();
    expect(log.of("send-failed")).toEqual([
      expect.objectContaining({ messageId: refused, reason: "permanent-error", attempts: 1 }),
    ]);
    const retried = await sender.send(text("retried"));
    // The transient failure is retried after the first backoff (1 s); the next would be 2 s later.
    await drive(clock, 2_000);
    expect(publisher.published.slice(1).map((p) => [p.kind, p.at - START])).toEqual([
      ["content", 0],
      ["retry", 1_000],
    ]);
    expect(log.of("sent")).toEqual([expect.objectContaining({ messageId: retried, attempt: 2 })]);
    expect(log.of("send-failed")).toHaveLength(1);
  });

  it("attempts nothing while offline, and replays the outbox in send order when asked", async () => {
    const { clock, log, publisher, sender, state } = scene();
    state.online = false;
    const first = await sender.send(text("first"));
    const second = await sender.send(text("second"));
    await drive(clock, 30_000);
    expect(publisher.published).toEqual([]);
    expect(sender.unacknowledged()).toEqual([first, second]);
    state.online = true;
    await sender.replay(sender.unacknowledged());
    expect(log.of("sending").slice(0, 2)).toEqual([
      { messageId: first, attempt: 1 },
      { messageId: second, attempt: 1 },
    ]);
    expect(publisher.published.slice(0, 2).map((p) => p.kind)).toEqual(["content", "content"]);
    expect(sender.hasUnpublished).toBe(false);
    // The second's first publish went out during the replay (after the first's): not again as attempt 2.
    expect(log.of("sending")).toHaveLength(2);
  });

  it("a replay stops when the transport goes offline mid-way; the next replay takes up the rest, in order", async () => {
    const state = { online: false };
    let goOfflineAfter = 1; // the transport drops right after the replay's first publish succeeds
    const { clock, log, publisher, sender } = scene({
      state,
      fail: () => {
        goOfflineAfter -= 1;
        if (goOfflineAfter === 0) state.online = false;
        return undefined;
      },
    });
    const ids = [await sender.send(text("a")), await sender.send(text("b")), await sender.send(text("c"))];
    await drive(clock, 10_000);
    expect(publisher.published).toEqual([]);
    state.online = true;
    await sender.replay(sender.unacknowledged());
    expect(log.of("sending")).toEqual([{ messageId: ids[0], attempt: 1 }]);
    await drive(clock, 10_000); // offline: no timer publishes anything
    expect(publisher.published).toHaveLength(1);
    state.online = true;
    await sender.replay(sender.unacknowledged());
    await turn();
    // The replay re-publishes what is unacknowledged in send order: `a` again, then the first of `b` and `c`.
    expect(log.of("sending").slice(0, 4)).toEqual([
      { messageId: ids[0], attempt: 1 },
      { messageId: ids[0], attempt: 2 },
      { messageId: ids[1], attempt: 1 },
      { messageId: ids[2], attempt: 1 },
    ]);
    expect(publisher.published.slice(0, 4).map((p) => p.kind)).toEqual([
      "content",
      "retry",
      "content",
      "content",
    ]);
  });

  it("a publish that failed because the transport went offline does not count as an attempt", async () => {
    const state = { online: true };
    let drops = 1;
    const { log, sender } = scene({
      state,
      // The first publish fails as the transport goes offline.
      fail: () => {
        if (drops === 0) return undefined;
        drops -= 1;
        state.online = false;
        return new TransportError("went offline");
      },
    });
    const id = await sender.send(text("hello"));
    await turn();
    expect(state.online).toBe(false);
    state.online = true;
    await sender.replay(sender.unacknowledged());
    expect(log.of("sending")).toEqual([
      { messageId: id, attempt: 1 },
      { messageId: id, attempt: 1 },
    ]);
    expect(log.of("sent")).toEqual([expect.objectContaining({ messageId: id, attempt: 1 })]);
  });
});
