import {
  type MessageId,
  NotStartedError,
  type OutboxEntry,
  type ParticipantId,
  type SdsMessage,
  type SendFailureReason,
  TransportError,
} from "@reliable-channel/interfaces";
import { BoundedIds } from "./bounded-ids.js";
import type { CommitQueue } from "./commit-queue.js";
import type { ChannelCore } from "./core-port.js";
import { randomBytes } from "./crypto-random.js";
import type { Emit } from "./emit.js";
import type { EnvelopePublisher } from "./envelope-publisher.js";
import { Outbox } from "./outbox.js";
import { nextRetry, type RetryPolicy } from "./retry-policy.js";
import type { TimedPartComponents } from "./timed-part.js";
import { validatePayload } from "./validate-payload.js";

const NONCE_BYTES = 16;
/** Given-up ids remembered so that a late acknowledgement is told apart (per session). */
const FAILED_IDS_KEPT = 10_000;
const timerName = (id: MessageId): string => `send:${id}`;

/** What a {@link Sender} uses. */
export interface SenderComponents extends TimedPartComponents {
  readonly core: Pick<ChannelCore, "send" | "recordRetrievalHint">;
  readonly publisher: EnvelopePublisher;
  readonly queue: Pick<CommitQueue, "enqueue">;
  /** Emits at once (`sending`, `sent`). */
  readonly emit: Emit;
  /** Emits once everything enqueued so far is committed (the events that end a message's story). */
  readonly emitAfterCommit: Emit;
  /** Whether the transport can publish now. */
  readonly online: () => boolean;
  /** Hears of every message built by {@link Sender.send}. */
  readonly onBuilt?: (message: SdsMessage) => void;
}

/** Options of a {@link Sender} (resolved by the channel). */
export interface SenderInit {
  readonly retry: RetryPolicy;
  /** Largest payload `send` accepts (bytes); none when undefined. */
  readonly maxPayloadBytes: number | undefined;
}

/**
 * The sending side of a session: accepts payloads into the durable outbox, publishes them, re-publishes
 * unacknowledged ones with backoff and jitter. While the transport is offline nothing is attempted (and
 * nothing counts toward a limit); when it comes back, every unacknowledged message is re-published at once,
 * one after the other in send order. A message ends once: `acknowledged`, or `send-failed` on a permanent
 * transport error or an app's limit (`maxSendAttempts`, `maxMessageAgeMs`; none by default).
 *
 * First publishes go out in send order: a message is not published before every earlier one of ours was
 * accepted by the transport at least once. So every message of ours that another message of ours names is
 * already in the store; a newcomer relies on it to tell history from before its join from a live gap.
 */
export class Sender {
  readonly #ctx: SenderComponents;
  readonly #init: SenderInit;
  readonly #outbox = new Outbox();
  readonly #failed = new BoundedIds(FAILED_IDS_KEPT);
  /** Ids with a publish under way (never two at once for one message). */
  readonly #inFlight = new Set<MessageId>();
  /** Ids accepted by `send` whose outbox entry is not durable yet: never published before it is. */
  readonly #uncommitted = new Set<MessageId>();
  /** Bumped by every replay, so that an older replay still under way stops. */
  #replays = 0;
  /** The ids published (by anyone) since the running replay started: it does not publish them again. */
  #publishedDuringReplay: Set<MessageId> | undefined;

  constructor(components: SenderComponents, init: SenderInit) {
    this.#ctx = components;
    this.#init = init;
  }

  /** Loads the outbox restored from storage; {@link Sender.replay} publishes it. */
  restore(entries: readonly OutboxEntry[]): void {
    this.#outbox.restore(entries);
  }

  /** The ids in the outbox now, in send order: what a {@link Sender.replay} started later covers. */
  unacknowledged(): MessageId[] {
    return this.#outbox.entries().map((entry) => entry.messageId);
  }

  /**
   * Re-publishes `ids` (those still unacknowledged) now, one after the other in send order (on start and on
   * every reconnect): a fresh chance, and receivers see the original order. Resolves when done, or when
   * the transport went offline or a newer replay started.
   */
  async replay(ids: readonly MessageId[]): Promise<void> {
    const ctx = this.#ctx;
    const replay = ++this.#replays;
    const published = new Set<MessageId>();
    this.#publishedDuringReplay = published;
    for (const id of ids) ctx.timers.cancel(timerName(id));
    try {
      for (const id of ids) {
        if (replay !== this.#replays || ctx.signal.aborted || !this.#ctx.online()) return;
        // Its first publish (set off by the one before it) already went out during this replay.
        if (!published.has(id)) await this.#attempt(id);
      }
    } finally {
      if (this.#publishedDuringReplay === published) this.#publishedDuringReplay = undefined;
    }
  }

  /**
   * Validates `payload`, adds it to the outbox, resolves with its id once the outbox entry is durable. The
   * first publish starts right after that commit, so its `sending` event fires before the promise resolves.
   */
  async send(payload: Uint8Array): Promise<MessageId> {
    validatePayload(payload, this.#init.maxPayloadBytes);
    const ctx = this.#ctx;
    const now = ctx.clock.now();
    // The envelope must fit the transport too: a message refused here was never logged, numbered or stored.
    const maxBytes = ctx.publisher.envelopeLimit();
    const nonce = randomBytes(ctx.random, NONCE_BYTES);
    const built = ctx.core.send(payload, maxBytes === undefined ? { now, nonce } : { now, nonce, maxBytes });
    const { messageId, lamportTimestamp } = built.message;
    this.#ctx.onBuilt?.(built.message);
    this.#outbox.add({
      messageId,
      sequence: built.sequence,
      lamportTimestamp: lamportTimestamp ?? 0n,
      bytes: built.bytes,
      nextAttemptAt: now,
      createdAt: now,
    });
    // The core's changes (outbox row, log row, delivered id, counters) are in the open batch already: a
    // restart needs nothing more, so the send's commit stays small.
    this.#uncommitted.add(messageId);
    try {
      await ctx.queue.enqueue([]);
    } finally {
      this.#uncommitted.delete(messageId);
    }
    // The first publish starts now, without a timer hop (unless an earlier message's first publish is still
    // under way): `sending` (attempt 1) fires before `send` resolves.
    if (!ctx.signal.aborted) this.#publishNextUnpublished();
    return messageId;
  }

  /**
   * Our messages acknowledged by `by` (when known): out of the outbox, `acknowledged` once; a message given
   * up earlier gets `acknowledged-after-failure` instead.
   */
  acknowledged(ids: readonly MessageId[], by: ParticipantId | undefined): void {
    const ctx = this.#ctx;
    for (const messageId of ids) {
      const detail = by === undefined ? { messageId } : { messageId, by };
      if (this.#failed.delete(messageId)) {
        ctx.emitAfterCommit("acknowledged-after-failure", detail);
        continue;
      }
      ctx.timers.cancel(timerName(messageId));
      const entry = this.#outbox.get(messageId);
      if (entry !== undefined) {
        this.#outbox.remove(messageId);
        void ctx.queue.enqueue([{ type: "outbox-delete", messageId }], { snapshot: true }).catch(noop);
        if (entry.state === "pending") this.#publishNextUnpublished();
      }
      ctx.emitAfterCommit("acknowledged", detail);
    }
  }

  /**
   * Our messages every member of the roster has (`delivered-to-all`). One still in the outbox (its
   * acknowledgement never came: say the SDS core's outgoing set dropped it at its cap) is done: out of the
   * outbox, `acknowledged` once, as any other participant's copy of it acknowledges it.
   */
  deliveredToAll(ids: readonly MessageId[]): void {
    const pending = ids.filter((id) => this.#outbox.get(id) !== undefined);
    if (pending.length > 0) this.acknowledged(pending, undefined);
  }

  /** Bloom filter hits on our messages: the next re-publish is pushed further out. */
  possiblyAcknowledged(hits: readonly { readonly messageId: MessageId; readonly count: number }[]): void {
    const ctx = this.#ctx;
    for (const { messageId, count } of hits) {
      const entry = this.#outbox.get(messageId);
      if (entry === undefined) continue;
      if (entry.state !== "possibly-acknowledged") {
        const decision = nextRetry(
          this.#init.retry,
          { attempts: entry.attempts, possiblyAcknowledged: true, now: ctx.clock.now() },
          ctx.random,
        );
        const at = decision.action === "retry" ? decision.at : entry.nextAttemptAt;
        this.#commit(this.#outbox.update(messageId, { state: "possibly-acknowledged", nextAttemptAt: at }));
        if (entry.attempts > 0) this.#schedule(messageId, at);
      }
      ctx.emitAfterCommit("possibly-acknowledged", { messageId, count });
    }
  }

  /** The number of messages still in the outbox. */
  get pending(): number {
    return this.#outbox.size;
  }

  /**
   * Whether a message of ours was never accepted by the transport yet: a sync built now could name it
   * before it can be found in the store, so syncs wait.
   */
  get hasUnpublished(): boolean {
    return this.#firstUnpublished() !== undefined;
  }

  #firstUnpublished(): OutboxEntry | undefined {
    let first: OutboxEntry | undefined;
    for (const entry of this.#outbox.values()) {
      if (entry.state === "pending" && (first === undefined || entry.sequence < first.sequence))
        first = entry;
    }
    return first;
  }

  /** The earliest never-published message goes out now, unless its publish is under way. */
  #publishNextUnpublished(): void {
    const next = this.#firstUnpublished();
    if (next !== undefined && !this.#inFlight.has(next.messageId)) void this.#attempt(next.messageId);
  }

  #schedule(messageId: MessageId, at: number): void {
    this.#ctx.timers.scheduleAt(timerName(messageId), at, () => void this.#attempt(messageId, true));
  }

  /** `byTimer`: a re-publish due by backoff (not a first publish or a replay). */
  async #attempt(messageId: MessageId, byTimer = false): Promise<void> {
    const ctx = this.#ctx;
    const entry = this.#outbox.get(messageId);
    // Offline: no attempt and no timer; the replay on reconnect picks it up.
    if (entry === undefined || ctx.signal.aborted || !this.#ctx.online()) return;
    if (ctx.clock.now() - entry.createdAt >= this.#init.retry.maxAgeMs) {
      this.#fail(entry, "max-age", undefined);
      return;
    }
    if (entry.attempts >= this.#init.retry.maxAttempts) {
      this.#fail(entry, "retries-exhausted", undefined);
      return;
    }
    // Durable first: a message that was published but not stored would be unknown to us after a crash.
    if (this.#uncommitted.has(messageId)) return;
    // In send order: a first publish waits for the earlier messages' first publishes (see the class).
    if (entry.state === "pending" && this.#firstUnpublished()?.messageId !== messageId) return;
    if (this.#inFlight.has(messageId)) return;
    // A re-publish waits while a first publish of ours is outstanding (a backlog of our own, e.g. behind a
    // rate limit): the newer messages go first, and the acknowledgements they hold up are late, not lost.
    if (byTimer && entry.state !== "pending" && this.#firstUnpublished() !== undefined) {
      this.#schedule(messageId, ctx.clock.now() + this.#init.retry.backoff.baseDelayMs);
      return;
    }
    const attempt = entry.attempts + 1;
    this.#outbox.update(messageId, { attempts: attempt });
    this.#inFlight.add(messageId);
    ctx.emit("sending", { messageId, attempt });
    try {
      const hint = await ctx.publisher.publish(entry.bytes, attempt === 1 ? "content" : "retry");
      this.#inFlight.delete(messageId);
      if (ctx.signal.aborted) return;
      this.#published(messageId, attempt, hint);
      if (entry.state === "pending") this.#publishNextUnpublished();
    } catch (error) {
      this.#inFlight.delete(messageId);
      if (ctx.signal.aborted) return;
      this.#publishFailed(messageId, error);
    }
  }

  #published(messageId: MessageId, attempt: number, hint: Uint8Array | undefined): void {
    const ctx = this.#ctx;
    const entry = this.#outbox.get(messageId);
    this.#publishedDuringReplay?.add(messageId);
    if (hint !== undefined) {
      // Our log row carries the hint of the last publish (the core's changes hold it).
      ctx.core.recordRetrievalHint(messageId, hint);
    }
    ctx.emit(
      "sent",
      hint === undefined ? { messageId, attempt } : { messageId, attempt, retrievalHint: hint },
    );
    if (entry === undefined) return;
    const state = entry.state === "possibly-acknowledged" ? entry.state : "sent";
    this.#reschedule(entry, hint === undefined ? { state } : { state, lastHint: hint });
  }

  #publishFailed(messageId: MessageId, error: unknown): void {
    const entry = this.#outbox.get(messageId);
    if (entry === undefined) return;
    this.#ctx.logger.warn("publish failed", { messageId, attempt: entry.attempts, error: String(error) });
    // A transport not started (yet) is no verdict on the message; anything else unknown is permanent.
    const permanent = error instanceof TransportError ? error.permanent : !(error instanceof NotStartedError);
    if (permanent) this.#fail(entry, "permanent-error", error);
    // Failed because the transport went offline: the attempt does not count; the replay takes it up.
    else if (!this.#ctx.online())
      this.#commit(this.#outbox.update(messageId, { attempts: entry.attempts - 1 }));
    else this.#reschedule(entry, {});
  }

  #reschedule(entry: OutboxEntry, change: Partial<OutboxEntry>): void {
    const ctx = this.#ctx;
    const possiblyAcknowledged = (change.state ?? entry.state) === "possibly-acknowledged";
    const decision = nextRetry(
      this.#init.retry,
      { attempts: entry.attempts, possiblyAcknowledged, now: ctx.clock.now() },
      ctx.random,
    );
    // After the last attempt, wait one more backoff for an acknowledgement before giving up.
    const at =
      decision.action === "retry" ? decision.at : ctx.clock.now() + this.#init.retry.backoff.maxDelayMs;
    this.#commit(this.#outbox.update(entry.messageId, { ...change, nextAttemptAt: at }));
    this.#schedule(entry.messageId, at);
  }

  #fail(entry: OutboxEntry, reason: SendFailureReason, error: unknown): void {
    const ctx = this.#ctx;
    const { messageId, attempts } = entry;
    ctx.timers.cancel(timerName(messageId));
    this.#outbox.remove(messageId);
    this.#failed.add(messageId);
    void ctx.queue.enqueue([{ type: "outbox-delete", messageId }], { snapshot: true }).catch(noop);
    if (entry.state === "pending") this.#publishNextUnpublished();
    ctx.emitAfterCommit(
      "send-failed",
      error === undefined ? { messageId, reason, attempts } : { messageId, reason, attempts, error },
    );
  }

  #commit(entry: OutboxEntry | undefined): void {
    if (entry !== undefined) void this.#ctx.queue.enqueue([{ type: "outbox-put", entry }]).catch(noop);
  }
}

function noop(): void {}
