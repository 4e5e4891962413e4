import { toHex } from "@reliable-channel/hash";
import type { HistoryEntry, MessageId } from "@reliable-channel/interfaces";
import { backoffDelay } from "./backoff.js";
import { BoundedIds } from "./bounded-ids.js";
import type { CoreDelivered } from "./core-port.js";
import { ASSUMED_STORE_RETENTION_MS } from "./defaults.js";
import { GapScan } from "./gap-scan.js";
import type { RetrievalComponents, RetrievalInit } from "./retrieval-components.js";
import { RetrievalTracker, type TrackedInfo } from "./retrieval-tracker.js";

const TIMER = "retrieval";
const SCAN_TIMER = "gap-scan";
/** Given-up ids remembered so that a late arrival is reported as `recovered` (per session). */
const GIVEN_UP_KEPT = 10_000;
/**
 * Dependencies the SDS core shed for its caps that retrieval keeps looking for; beyond it, the one shed
 * longest ago is given up at once (`irretrievable`, reason `capacity`).
 */
export const MAX_SHED_TRACKED = 1_000;

/**
 * Fetches missing dependencies: asks `transport.retrieve` at once, then with backoff, capped in count
 * (`irretrievable`, reason `not-in-store`, without SDS-Repair) and in time (reason `timeout`); given-up
 * dependencies are marked irretrievable in the core so that their dependents are released.
 *
 * Nothing is given up while it may still arrive: not while the transport is offline, not before the
 * catch-up since the last (re)connect completed, not while its store queries are going on, not while
 * SDS-Repair is still asking for it, and — known only without a retrieval hint — not before a
 * {@link GapScan} of the store found nothing (or, without `queryRange`, not before the store's retention
 * since it went missing has passed: a hint may still turn up). A query that could not reach the store
 * does not count. A hint or the bytes of a given-up message arriving later re-open it (`recovered`).
 */
export class Retrieval {
  readonly #ctx: RetrievalComponents;
  readonly #init: RetrievalInit;
  readonly #tracker: RetrievalTracker;
  readonly #canRetrieve: boolean;
  /** Ids declared irretrievable this session (a late arrival is `recovered`). */
  readonly #givenUp = new BoundedIds(GIVEN_UP_KEPT);
  /** Given-up ids looked up once already because a hint for them turned up later. */
  readonly #lookedUp = new BoundedIds(GIVEN_UP_KEPT);
  readonly #scan: GapScan;
  /**
   * Dependencies the core shed for its caps (their dependents already released), still looked for: ids,
   * with the messages their shedding released (for the `irretrievable` event, if it comes to that).
   */
  readonly #shed = new Map<MessageId, MessageId[]>();
  /** When the last gap scan that completed started (ms). */
  #lastScanFrom = Number.NEGATIVE_INFINITY;
  /** Dependencies the gap scan under way looks for (undefined when none is). */
  #scanning: readonly MessageId[] | undefined;
  #scanFailures = 0;
  #lost = 0;

  constructor(components: RetrievalComponents, init: RetrievalInit) {
    const ctx = components;
    this.#ctx = ctx;
    this.#init = init;
    this.#scan = new GapScan(ctx, init, (bytes, hint) => ctx.receiver.receiveRetrieved(bytes, hint));
    // With SDS-Repair, a message the store lacks may still be repaired: only the time limit gives it up.
    this.#tracker = new RetrievalTracker(init.retrieval, ctx.random, {
      giveUpWhenNotInStore: ctx.repair === undefined,
      scansHintless: this.#scan.enabled,
    });
    this.#canRetrieve = ctx.transport.retrieve !== undefined;
  }

  /** Dependencies given up since the session started. */
  get lost(): number {
    return this.#lost;
  }

  /** Newly missing dependencies: `missing` fires and the first store query goes out at once. */
  missing(entries: readonly HistoryEntry[]): void {
    const ctx = this.#ctx;
    const fresh = entries.filter((entry) => !this.#tracker.has(entry.messageId));
    if (fresh.length === 0) return;
    const tracked = this.#canRetrieve ? fresh : fresh.map(({ retrievalHint: _, ...rest }) => rest);
    this.#tracker.add(tracked, ctx.clock.now());
    ctx.emitAfterCommit("missing", { missing: fresh });
    this.#ctx.onCountsChanged();
    if (!this.#canRetrieve || fresh.some((entry) => entry.retrievalHint === undefined))
      this.#ctx.onNotFound();
    ctx.timers.scheduleNoLaterThan(TIMER, ctx.clock.now(), () => void this.#run());
  }

  /** Hints for tracked dependencies, from any message's causal history or repair request. */
  learnHints(entries: readonly HistoryEntry[]): void {
    const ctx = this.#ctx;
    if (!this.#canRetrieve) return;
    if (this.#givenUp.size > 0) this.#reopen(entries);
    if (this.#tracker.size === 0) return;
    if (this.#tracker.learnHints(entries, ctx.clock.now())) {
      ctx.timers.scheduleNoLaterThan(TIMER, ctx.clock.now(), () => void this.#run());
    }
  }

  /**
   * Dependencies the core shed on receive because a cap was hit (it already released their dependents,
   * which are among `delivered`). While something may still bring them (a store, SDS-R) they are looked
   * for like any missing dependency — one that arrives is delivered then, late — and only when that ends
   * without them is `irretrievable` (reason `capacity`) said; with nothing to look in, at once.
   */
  declaredLost(lost: readonly HistoryEntry[], delivered: readonly CoreDelivered[]): void {
    const ids = lost.map((entry) => entry.messageId).filter((id) => this.#tracker.has(id));
    if (ids.length === 0) return;
    const releasedBy = (id: MessageId): MessageId[] =>
      delivered
        .filter((message) => message.skippedDependencies?.includes(id) === true)
        .map((message) => message.messageId);
    const ctx = this.#ctx;
    if (!this.#canRetrieve && !this.#scan.enabled && ctx.repair === undefined) {
      this.#tracker.resolve(ids);
      this.#shedLost(ids.map((id) => [id, releasedBy(id)]));
      return;
    }
    for (const id of ids) this.#shed.set(id, releasedBy(id));
    const over = [...this.#shed.keys()].slice(0, Math.max(0, this.#shed.size - MAX_SHED_TRACKED));
    if (over.length > 0) {
      this.#tracker.resolve(over);
      this.#shedLost(over.map((id) => [id, this.#shed.get(id) ?? []]));
    }
    this.#ctx.onCountsChanged();
    this.#arm();
  }

  /** Shed dependencies given up: `irretrievable` (reason `capacity`) with what their shedding released. */
  #shedLost(entries: readonly (readonly [MessageId, readonly MessageId[]])[]): void {
    if (entries.length === 0) return;
    const ids = entries.map(([id]) => id);
    for (const id of ids) this.#shed.delete(id);
    this.#lost += ids.length;
    this.#remember(ids);
    const released = entries.flatMap(([, by]) => by);
    this.#ctx.emitAfterCommit("irretrievable", { messageIds: ids, reason: "capacity", released });
    this.#ctx.onCountsChanged();
  }

  /** Stops tracking ids that arrived some other way; a given-up one that arrived is `recovered`. */
  resolved(ids: readonly MessageId[]): void {
    this.#tracker.resolve(ids);
    for (const id of ids) this.#shed.delete(id);
    if (this.#givenUp.size === 0) return;
    let recovered = false;
    for (const messageId of ids) {
      if (!this.#givenUp.delete(messageId)) continue;
      this.#lost -= 1;
      recovered = true;
      this.#ctx.emitAfterCommit("recovered", { messageId });
    }
    if (recovered) this.#ctx.onCountsChanged();
  }

  /** A hint for a given-up id turned up: one store lookup, whose find is received like any other. */
  #reopen(entries: readonly HistoryEntry[]): void {
    const hints = entries.filter(
      ({ messageId, retrievalHint }) =>
        retrievalHint !== undefined && this.#givenUp.has(messageId) && !this.#lookedUp.has(messageId),
    );
    if (hints.length === 0) return;
    for (const { messageId } of hints) this.#lookedUp.add(messageId);
    void this.#lookUp(hints.map((entry) => entry.retrievalHint ?? new Uint8Array()));
  }

  async #lookUp(hints: readonly Uint8Array[]): Promise<void> {
    const ctx = this.#ctx;
    try {
      const found = (await ctx.transport.retrieve?.(hints, { signal: ctx.signal })) ?? [];
      for (const payload of found) {
        if (ctx.signal.aborted) return;
        await this.#ctx.receiver.receiveRetrieved(payload.bytes, payload.retrievalHint);
      }
    } catch (error) {
      if (!ctx.signal.aborted)
        ctx.logger.debug("lookup of a given-up message failed", { error: String(error) });
    }
  }

  /** A mark of the present, taken when a catch-up asks the store (see {@link Retrieval.fromBeforeJoin}). */
  mark(): number {
    return this.#tracker.mark();
  }

  /**
   * Dependencies missing since before `mark` was taken that a catch-up covering everything published since
   * the join did not bring: they are from before the join, so their dependents are released without an
   * `irretrievable` (nothing was lost that this participant was to receive).
   */
  fromBeforeJoin(mark: number): void {
    const ids = this.#tracker.trackedBefore(mark);
    if (ids.length === 0) return;
    this.#tracker.resolve(ids);
    for (const id of ids) this.#shed.delete(id);
    const { delivered } = this.#ctx.core.markIrretrievable(ids, { now: this.#ctx.clock.now() });
    this.#ctx.receiver.deliver(delivered);
    this.#ctx.onCountsChanged();
    this.#arm();
  }

  /** Queries what is due now (after a reconnect, or when the catch-up completed). */
  resume(): void {
    this.#ctx.timers.scheduleNoLaterThan(TIMER, this.#ctx.clock.now(), () => void this.#run());
  }

  /** Re-syncs with the core's view of what is missing (after a restore, or any delivery). */
  reconcile(): void {
    const missing = this.#ctx.core.missing();
    this.#tracker.retain(new Set([...missing.map((entry) => entry.messageId), ...this.#shed.keys()]));
    if (missing.length > 0) this.missing(missing);
  }

  async #run(): Promise<void> {
    const ctx = this.#ctx;
    // Offline: nothing is asked or given up; the reconnect resumes.
    if (ctx.signal.aborted || !this.#ctx.online()) return;
    const due = this.#tracker.due(ctx.clock.now());
    if (this.#scanning === undefined) {
      const scanDue = this.#tracker.scanDue(ctx.clock.now());
      if (scanDue.length > 0) this.#requestScan(scanDue);
    }
    if (due.length > 0) await this.#query(due);
    if (ctx.signal.aborted) return;
    if (this.#ctx.mayGiveUp()) this.#expire();
    this.#arm();
  }

  async #query(due: readonly HistoryEntry[]): Promise<void> {
    const ctx = this.#ctx;
    const byHint = new Map<string, MessageId>();
    const hints: Uint8Array[] = [];
    for (const entry of due) {
      if (entry.retrievalHint === undefined) continue;
      byHint.set(toHex(entry.retrievalHint), entry.messageId);
      hints.push(entry.retrievalHint);
    }
    const queried = [...byHint.values()];
    this.#tracker.queried(queried, ctx.clock.now());
    try {
      const found = (await ctx.transport.retrieve?.(hints, { signal: ctx.signal })) ?? [];
      if (found.length < hints.length) this.#ctx.onNotFound();
      for (const payload of found) {
        if (ctx.signal.aborted) return;
        const id = byHint.get(toHex(payload.retrievalHint));
        const result = await this.#ctx.receiver.receiveRetrieved(payload.bytes, payload.retrievalHint);
        if (id === undefined) continue;
        // The hint fetched another message (or none): it was wrong, and settles nothing about `id`.
        if (result?.message?.messageId !== id) {
          this.#tracker.wrongHint(id, payload.retrievalHint, ctx.clock.now());
          ctx.logger.debug("a retrieval hint fetched another message", { messageId: id });
          continue;
        }
        if (result.outcome === "invalid") continue;
        if (!this.#tracker.has(id) && result.outcome === "duplicate") continue;
        this.#tracker.resolve([id]);
        // From before the join: it settles what waited on it, but it was never the app's to receive.
        if (result.outcome === "pre-join") continue;
        ctx.emitAfterCommit("retrieved", { messageId: id, retrievalHint: payload.retrievalHint });
      }
    } catch (error) {
      if (ctx.signal.aborted) return;
      ctx.logger.warn("retrieval failed", { error: String(error) });
      this.#tracker.failed(queried, ctx.clock.now());
    }
    this.#ctx.onCountsChanged();
  }

  #expire(): void {
    const ctx = this.#ctx;
    const now = ctx.clock.now();
    // The core releases what time allows (far-future messages, stuck buffers); giving up a dependency is
    // decided here, not by the core's own time limit.
    const swept = ctx.core.sweep({ now, declareLost: false });
    this.#ctx.receiver.deliver(swept.delivered);
    if (swept.missing.length > 0) this.missing(swept.missing);
    // Only what is still missing can be given up: an id whose bytes arrived (buffered behind another gap)
    // is not lost, and is just no longer tracked here.
    const missing = new Set(ctx.core.missing().map((entry) => entry.messageId));
    const expired = this.#tracker.takeExpired(now, (entry, info) => this.#holdUntil(entry, info, now));
    const ended = [...expired.timeout, ...expired.notInStore];
    this.#shedLost(ended.filter((id) => this.#shed.has(id)).map((id) => [id, this.#shed.get(id) ?? []]));
    this.#giveUp(
      expired.timeout.filter((id) => missing.has(id)),
      "timeout",
    );
    this.#giveUp(
      expired.notInStore.filter((id) => missing.has(id)),
      "not-in-store",
    );
  }

  /** Until when a dependency past its time limit must not be given up (see {@link HoldUntil}). */
  #holdUntil(entry: HistoryEntry, info: TrackedInfo, now: number): number {
    const ctx = this.#ctx;
    // SDS-Repair is still asking for it, or waiting for the answers to its last request.
    if (ctx.repair?.isRepairing?.(entry.messageId, now) === true)
      return now + this.#init.retrieval.backoff.maxDelayMs;
    if (entry.retrievalHint !== undefined) return now;
    if (this.#scan.enabled) {
      // The last chance: a scan that started once its time limit had passed.
      if (this.#lastScanFrom >= info.since + this.#init.retrieval.missingTimeoutMs) return now;
      this.#requestScan([]);
      return Number.POSITIVE_INFINITY;
    }
    // No scan: a hint may still turn up while the store keeps what it names.
    if (this.#canRetrieve) return info.since + (ctx.transport.retention ?? ASSUMED_STORE_RETENTION_MS);
    return now;
  }

  /**
   * Starts a gap scan unless one is under way: `ids` are the dependencies without a hint it looks for as a
   * retrieval attempt (it also serves as the last chance of those past their time limit).
   */
  #requestScan(ids: readonly MessageId[]): void {
    if (this.#scanning !== undefined) return;
    this.#scanning = ids;
    this.#tracker.scanned(ids, this.#ctx.clock.now());
    void this.#runScan();
  }

  /** One gap scan; when it completed, what went missing before it started has had its chance. */
  async #runScan(): Promise<void> {
    const ctx = this.#ctx;
    const from = ctx.clock.now();
    let delay = 0;
    try {
      await this.#scan.scan(this.#tracker.earliestSince() ?? from);
      this.#lastScanFrom = Math.max(this.#lastScanFrom, from);
      this.#scanFailures = 0;
    } catch (error) {
      if (ctx.signal.aborted) return;
      ctx.logger.warn("gap scan failed", { error: String(error) });
      this.#tracker.failed(this.#scanning ?? [], ctx.clock.now());
      this.#scanFailures += 1;
      delay = backoffDelay(this.#init.retrieval.backoff, this.#scanFailures, ctx.random);
    } finally {
      this.#scanning = undefined;
    }
    // Completed: give up what it did not bring. Failed: ask again after a while (not while offline).
    ctx.timers.scheduleAt(SCAN_TIMER, ctx.clock.now() + delay, () => {
      this.#tracker.unhold();
      void this.#run();
    });
  }

  #giveUp(ids: readonly MessageId[], reason: "timeout" | "not-in-store"): void {
    if (ids.length === 0) return;
    const ctx = this.#ctx;
    const { delivered } = ctx.core.markIrretrievable(ids, { now: ctx.clock.now() });
    this.#ctx.receiver.deliver(delivered);
    this.#lost += ids.length;
    this.#remember(ids);
    const released = delivered.map((message) => message.messageId);
    ctx.emitAfterCommit("irretrievable", { messageIds: ids, reason, released });
    this.#ctx.onCountsChanged();
  }

  #remember(ids: readonly MessageId[]): void {
    for (const id of ids) this.#givenUp.add(id);
  }

  #arm(): void {
    const at = this.#tracker.nextWakeAt(this.#scanning !== undefined);
    if (at === undefined) this.#ctx.timers.cancel(TIMER);
    else this.#ctx.timers.scheduleAt(TIMER, at, () => void this.#run());
  }
}
