import type { HistoryEntry, MessageId, ParticipantId, SdsMessage } from "@reliable-channel/interfaces";
import { InvalidArgumentError } from "@reliable-channel/interfaces";
import type { SdsExtension } from "@reliable-channel/sds";
import { isInResponseGroup, requestOffsetMs, responseGroupCount, responseOffsetMs } from "./formulas.js";
import { MessageCache } from "./message-cache.js";
import {
  type ResolvedRepairOptions,
  resolveRepairOptions,
  type SdsRepairComponents,
  type SdsRepairInit,
} from "./options.js";
import { RequestBuffer } from "./request-buffer.js";
import { RequestLimits } from "./request-limits.js";
import { ResponseBudget } from "./response-budget.js";
import { ResponseBuffer } from "./response-buffer.js";
import { type RepairStats, zeroStats } from "./stats.js";

/**
 * The SDS-R plug-in: an {@link SdsExtension} for `createSdsCore({ extensions: [repair] })` plus what the
 * facade that owns the timers needs. Everything is synchronous and driven by the `now` passed in.
 */
export interface SdsRepair extends SdsExtension {
  /** The participant the plug-in acts for (request and response times and groups derive from it). */
  readonly participantId: ParticipantId;
  /**
   * Encoded original messages to rebroadcast now (responses whose `T_resp` has come), byte for byte as first
   * received. Each is returned once; publish each as is.
   */
  due(now: number): readonly Uint8Array[];
  /** When the next request or response falls due (ms), or `undefined` when nothing is pending. */
  nextDueAt(): number | undefined;
  /**
   * Whether repair requests are due at `now`: the facade should send a sync message now (even when a sync
   * would otherwise be suppressed) so that they go out.
   */
  hasDueRequests(now: number): boolean;
  /**
   * Sets the (roughly) expected participant count; response groups are `max(1, floor(n / 128))`.
   * @throws InvalidArgumentError when `n` is not a non-negative integer
   */
  setParticipantCount(n: number): void;
  /**
   * Whether a repair of `messageId` may still come: it is missing and requests for it are still to be made,
   * or the answers to the last request may still arrive (within `tMaxMs` of it). A facade should not give
   * such a message up.
   */
  isRepairing(messageId: MessageId, now: number): boolean;
  /**
   * Messages every member of the channel has (a channel with a roster says so at `delivered-to-all`):
   * nobody will ask for them, so they leave the cache of originals kept for answers.
   */
  forget(messageIds: readonly MessageId[]): void;
  /** Counters since creation (requests, responses, suppressions), for tests, benchmarks and metrics. */
  stats(): RepairStats;
}

/**
 * Creates an SDS-Repair plug-in for the participant its runner names: what {@link sdsRepair} returns, and
 * what the channel's `repair` option takes. The channel calls it once, with its own participant id.
 */
export type SdsRepairFactory = (components: SdsRepairComponents) => SdsRepair;

/**
 * The SDS-Repair (SDS-R) plug-in for a reliable channel: the options now, the participant id from the
 * channel, which creates the plug-in when it is created.
 *
 * @example
 * ```ts
 * const channel = await createReliableChannel({
 *   channelId: "room",
 *   participantId: "alice",
 *   transport,
 *   repair: sdsRepair({ tMinMs: 30_000, tMaxMs: 120_000 }),
 * });
 * ```
 * @throws InvalidArgumentError on an invalid option (see {@link SdsRepairInit}), at once
 */
export function sdsRepair(init?: SdsRepairInit): SdsRepairFactory;
/**
 * With a `participantId`: the plug-in itself, created for that participant (as {@link createSdsRepair}
 * does), to give to `createSdsCore` as an extension, or to a channel of that same participant.
 *
 * @example
 * ```ts
 * const repair = sdsRepair({ participantId: "alice" });
 * const core = createSdsCore({ channelId: "room", participantId: "alice", extensions: [repair] });
 * ```
 * @throws InvalidArgumentError on an invalid option or an empty `participantId`
 */
export function sdsRepair(init: SdsRepairInit & SdsRepairComponents): SdsRepair;
export function sdsRepair(
  init: SdsRepairInit & Partial<SdsRepairComponents> = {},
): SdsRepairFactory | SdsRepair {
  const { participantId, ...rest } = init;
  if (participantId !== undefined) return createSdsRepair({ ...rest, participantId });
  const options = resolveRepairOptions(rest);
  return (components) => new Repair(components, options);
}

/**
 * Creates the SDS-Repair (SDS-R) plug-in for `participantId` directly, to drive it without a channel (give
 * it to `createSdsCore` as an extension and run its timers yourself).
 *
 * @example
 * ```ts
 * const repair = createSdsRepair({ participantId: "alice", tMinMs: 1_000, tMaxMs: 5_000 });
 * const core = createSdsCore({ channelId: "room", participantId: "alice", extensions: [repair] });
 * ```
 * @throws InvalidArgumentError when `participantId` is empty or an option is invalid (see {@link SdsRepairInit})
 */
export function createSdsRepair(init: SdsRepairComponents & SdsRepairInit): SdsRepair {
  const { participantId, ...options } = init;
  return new Repair({ participantId }, resolveRepairOptions(options));
}

class Repair implements SdsRepair {
  readonly #options: ResolvedRepairOptions;
  readonly #requests: RequestBuffer;
  readonly #responses: ResponseBuffer;
  readonly #cache: MessageCache;
  readonly #budget: ResponseBudget;
  readonly #limits: RequestLimits;
  /** The sender of the message being received: the core names what it made missing right after. */
  #namer: ParticipantId = "";
  readonly #stats: RepairStats = zeroStats();
  readonly #participantId: ParticipantId;
  #groups: number;

  get participantId(): ParticipantId {
    return this.#participantId;
  }

  constructor(components: SdsRepairComponents, options: ResolvedRepairOptions) {
    if (typeof components.participantId !== "string" || components.participantId.length === 0)
      throw new InvalidArgumentError("sdsRepair: participantId must be a non-empty string");
    this.#options = options;
    this.#participantId = components.participantId;
    this.#groups = responseGroupCount(
      this.#options.participantCount,
      this.#options.participantsPerResponseGroup,
    );
    const { tMinMs, tMaxMs } = this.#options;
    this.#limits = new RequestLimits({
      perNamer: this.#options.maxRequestsPerNamer,
      perWindow: this.#options.maxRequestsPerWindow,
      windowMs: this.#options.responseBudgetWindowMs,
    });
    this.#requests = new RequestBuffer({
      backoff: this.#options.backoff,
      maxBackoffMultiplier: this.#options.maxBackoffMultiplier,
      maxRounds: this.#options.maxRequestRounds,
      capacity: this.#options.maxPendingRequests,
      responseWindowMs: tMaxMs,
      offsetOf: (messageId) => requestOffsetMs(this.#participantId, messageId, { tMinMs, tMaxMs }),
      onRemoved: (messageId) => this.#limits.release(messageId),
    });
    this.#responses = new ResponseBuffer(this.#options.maxPendingResponses);
    this.#budget = new ResponseBudget({
      windowMs: this.#options.responseBudgetWindowMs,
      perRequester: this.#options.maxResponsesPerRequester,
      total: this.#options.maxResponsesPerWindow,
    });
    this.#cache = new MessageCache({
      maxEntries: this.#options.cacheSize,
      maxBytes: this.#options.cacheMaxBytes,
      ttlMs: this.#options.cacheTtlMs,
    });
  }

  outgoingRepairRequests(ctx: { now: number; maxEntries: number }): readonly HistoryEntry[] {
    const max = Math.min(
      ctx.maxEntries,
      this.#options.maxRequestsPerMessage,
      this.#limits.available(ctx.now),
    );
    if (max <= 0) return [];
    const entries = this.#requests.takeDue(ctx.now, max);
    this.#limits.spend(entries.length, ctx.now);
    this.#stats.requestsSent += entries.length;
    return entries;
  }

  onIncoming(message: SdsMessage, ctx: { now: number; bytes: Uint8Array; duplicate: boolean }): void {
    this.#namer = message.senderId;
    // Only a content message is the message itself: a sync reusing a content message's id proves nothing.
    if (message.content !== undefined && message.content.length > 0) this.#seen(message.messageId, ctx.now);
    // A repeat carries the repair requests of its first sending, long answered: only fresh copies count.
    if (ctx.duplicate || message.senderId === this.#participantId) return;
    for (const entry of message.repairRequest) this.#onRequest(entry, message.senderId, ctx.now);
  }

  onMissing(entries: readonly HistoryEntry[], ctx: { now: number }): void {
    for (const entry of entries) {
      if (this.#cache.get(entry.messageId, ctx.now) !== undefined) continue;
      if (!this.#requests.has(entry.messageId) && !this.#limits.charge(entry.messageId, this.#namer)) {
        this.#stats.requestsCapped += 1;
        continue;
      }
      this.#requests.add(entry, ctx.now);
    }
  }

  onLogged(message: SdsMessage, ctx: { now: number; bytes: Uint8Array; own: boolean }): void {
    const id = message.messageId;
    this.#requests.remove(id);
    if (ctx.own || isInResponseGroup(this.#participantId, message.senderId, id, this.#groups)) {
      // A message that just reached us is circulating: requests in the quiet window predate it.
      this.#cache.put(id, message.senderId, ctx.bytes, ctx.now, ctx.own ? undefined : ctx.now);
    }
  }

  onResolved(ids: readonly MessageId[]): void {
    for (const id of ids) this.#requests.remove(id);
  }

  due(now: number): readonly Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const id of this.#responses.takeDue(now)) {
      const cached = this.#cache.get(id, now);
      if (cached === undefined) continue;
      cached.lastSeenAt = now;
      out.push(cached.bytes);
    }
    this.#stats.responsesSent += out.length;
    return out;
  }

  nextDueAt(): number | undefined {
    const due = this.#requests.nextDueAt();
    // Due requests over the window's budget wait for the next window.
    const a = due !== undefined && this.#limits.available(due) === 0 ? this.#limits.windowEnd(due) : due;
    const b = this.#responses.nextDueAt();
    if (a === undefined) return b;
    return b === undefined ? a : Math.min(a, b);
  }

  hasDueRequests(now: number): boolean {
    return this.#requests.hasDue(now) && this.#limits.available(now) > 0;
  }

  isRepairing(messageId: MessageId, now: number): boolean {
    return this.#requests.isRequesting(messageId, now);
  }

  setParticipantCount(n: number): void {
    this.#groups = responseGroupCount(n, this.#options.participantsPerResponseGroup);
  }

  forget(messageIds: readonly MessageId[]): void {
    for (const id of messageIds) this.#cache.delete(id);
  }

  stats(): RepairStats {
    return { ...this.#stats };
  }

  /**
   * The message itself was seen (first copy, repeat or echo): no need to request or answer it any more, and
   * requests that arrive within the quiet window were sent before their author could see this copy.
   */
  #seen(id: MessageId, now: number): void {
    if (this.#requests.remove(id)) this.#stats.requestsSatisfied += 1;
    if (this.#responses.remove(id)) this.#stats.responsesCancelled += 1;
    const cached = this.#cache.get(id, now);
    if (cached !== undefined) cached.lastSeenAt = now;
  }

  #onRequest(entry: HistoryEntry, requester: ParticipantId, now: number): void {
    this.#stats.requestsReceived += 1;
    if (this.#requests.defer(entry.messageId, now)) this.#stats.requestsSuppressed += 1;
    const cached = this.#cache.get(entry.messageId, now);
    if (cached === undefined) return;
    if (cached.lastSeenAt !== undefined && now - cached.lastSeenAt < this.#options.responseQuietMs) return;
    // The cached message names its true sender; the request's sender_id is only a hint.
    const sender = cached.senderId;
    if (!isInResponseGroup(this.#participantId, sender, entry.messageId, this.#groups)) return;
    if (this.#responses.has(entry.messageId)) return;
    if (!this.#budget.take(requester, now)) {
      this.#stats.responsesRefused += 1;
      return;
    }
    const offset = responseOffsetMs(this.#participantId, sender, entry.messageId, this.#options.tMaxMs);
    if (this.#responses.add(entry.messageId, now + offset)) this.#stats.responsesScheduled += 1;
  }
}
