import type { StoredChannelState, Transport } from "@reliable-channel/interfaces";
import { type BackoffPolicy, backoffDelay } from "./backoff.js";
import type { CommitQueue } from "./commit-queue.js";
import type { ChannelCore, CoreReceiveResult } from "./core-port.js";
import { ASSUMED_STORE_RETENTION_MS } from "./defaults.js";
import type { Emit } from "./emit.js";
import { type HistoryStartComponents, historyStart } from "./history-start.js";
import type { HistoryRequest } from "./options.js";
import type { TimedPartComponents } from "./timed-part.js";

/** The storage `meta` key of the catch-up state. */
export const CATCH_UP_STATE_KEY = "catch-up";
const TIMER = "catch-up";

/** What the catch-up persists. */
interface CatchUpState {
  /** Everything the store held up to this time (ms) has been received. */
  readonly completeUpTo: number;
  /** Whether the catch-ups since the join have covered the store without a gap. */
  readonly coveredSinceJoin: boolean;
}

/** What a {@link CatchUp} uses. */
export interface CatchUpComponents extends HistoryStartComponents, TimedPartComponents {
  readonly core: Pick<ChannelCore, "joinedAt" | "wire" | "wantHistoryFrom">;
  readonly transport: Pick<Transport, "queryRange" | "retention">;
  readonly queue: Pick<CommitQueue, "enqueue">;
  /** Emits once everything enqueued so far is committed (`caught-up`). */
  readonly emitAfterCommit: Emit;
}

/** Options of a {@link CatchUp} (resolved by the channel), and the state it starts from. */
export interface CatchUpInit {
  readonly catchUpMarginMs: number;
  readonly history: HistoryRequest | undefined;
  /** Delays between failed catch-ups. */
  readonly backoff: BackoffPolicy;
  /** What storage loaded (the catch-up's cursor is in its `meta`). */
  readonly stored: StoredChannelState;
}

/** What a catch-up needs from the rest of the session. */
export interface CatchUpHooks {
  /** Feeds one stored payload through the normal receive path. */
  readonly receive: (bytes: Uint8Array, hint: Uint8Array) => Promise<CoreReceiveResult | undefined>;
  /** Whether the transport is online now. */
  readonly online: () => boolean;
  /** A catch-up started or completed: the status may have changed. */
  readonly onStateChanged: () => void;
  /** A mark of what is missing now, taken as a catch-up asks the store. */
  readonly missingMark: () => number;
  /**
   * A catch-up that asked for everything published until `mark` was taken completed, and the catch-ups
   * since the join left no gap while the store still held everything since the join: a dependency missing
   * since before `mark` that is still missing was not published since the join.
   */
  readonly onCoveredSinceJoin: (mark: number) => void;
}

/**
 * Catch-up from the store: on start and on every reconnect, asks the transport's store for the channel's
 * topic from the end of the last completed catch-up (less a margin for clock skew; a new participant: from
 * its join, or from the history it asked for) to now, page by page, and feeds what it finds through the
 * normal receive path. The end of each completed catch-up is persisted (`completeUpTo`). A failed
 * catch-up is tried again with backoff while online. Transports without `queryRange` have no catch-up.
 */
export class CatchUp {
  readonly #ctx: CatchUpComponents;
  readonly #init: CatchUpInit;
  readonly #hooks: CatchUpHooks;
  readonly #enabled: boolean;
  #state: CatchUpState | undefined;
  /** A catch-up since the last (re)connect has not completed yet. */
  #pending = false;
  #running = false;
  #again = false;
  #failures = 0;
  #abort: AbortController | undefined;

  constructor(components: CatchUpComponents, init: CatchUpInit, hooks: CatchUpHooks) {
    this.#ctx = components;
    this.#init = init;
    this.#hooks = hooks;
    this.#enabled = components.transport.queryRange !== undefined;
    this.#state = decodeState(init.stored.meta[CATCH_UP_STATE_KEY]);
  }

  /** Whether the catch-up since the last (re)connect is still to complete. */
  get pending(): boolean {
    return this.#pending;
  }

  /** The end (ms) of the last completed catch-up, if any. */
  get completeUpTo(): number | undefined {
    return this.#state?.completeUpTo;
  }

  /** The transport (re)connected: catch up before calling the channel synced. */
  connected(): void {
    if (!this.#enabled) return;
    this.#pending = true;
    this.#failures = 0;
    this.#hooks.onStateChanged();
    this.request();
  }

  /** The transport went offline: the catch-up under way is abandoned (the reconnect starts another). */
  disconnected(): void {
    this.#abort?.abort(new Error("transport offline"));
    this.#ctx.timers.cancel(TIMER);
  }

  /** Asks for a catch-up now (another follows the one under way). */
  request(): void {
    if (!this.#enabled || this.#ctx.signal.aborted) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    void this.#run();
  }

  /**
   * Whether the store still holds everything published since the join (less the margin): the time within
   * which a dependency it lacks can only be from before the join. Unknown retention: assumed to be
   * {@link ASSUMED_STORE_RETENTION_MS}.
   */
  storeCoversJoin(now: number): boolean {
    const joinedAt = this.#ctx.core.joinedAt;
    if (!this.#enabled || joinedAt === undefined || this.#state?.coveredSinceJoin !== true) return false;
    const retention = this.#ctx.transport.retention ?? ASSUMED_STORE_RETENTION_MS;
    const joinedAtMs = Number(joinedAt) * this.#ctx.core.wire.lamportUnitMs;
    return joinedAtMs - this.#init.catchUpMarginMs > now - retention;
  }

  async #run(): Promise<void> {
    const ctx = this.#ctx;
    this.#running = true;
    this.#again = false;
    const abort = new AbortController();
    this.#abort = abort;
    const onStop = (): void => abort.abort(ctx.signal.reason);
    ctx.signal.addEventListener("abort", onStop, { once: true });
    try {
      if (this.#hooks.online()) await this.#catchUp(abort.signal);
    } catch (error) {
      if (!abort.signal.aborted) this.#failed(error);
    } finally {
      ctx.signal.removeEventListener("abort", onStop);
      this.#running = false;
      if (this.#again && !ctx.signal.aborted && this.#hooks.online()) void this.#run();
    }
  }

  async #catchUp(signal: AbortSignal): Promise<void> {
    const ctx = this.#ctx;
    const queryRange = ctx.transport.queryRange;
    if (queryRange === undefined) return;
    const now = ctx.clock.now();
    const margin = this.#init.catchUpMarginMs;
    const { from, coveredSinceJoin } = this.#range(now);
    const range = { from, to: now + margin };
    const history = this.#init.history;
    if (this.#state === undefined && history !== undefined && "last" in history) {
      const start = await historyStart(ctx, range, history.last, signal);
      if (start !== undefined) ctx.core.wantHistoryFrom(start);
    }
    const mark = this.#hooks.missingMark();
    let found = 0;
    for await (const page of queryRange.call(ctx.transport, range, { signal })) {
      for (const payload of page) {
        signal.throwIfAborted();
        found += 1;
        await this.#hooks.receive(payload.bytes, payload.retrievalHint);
      }
    }
    signal.throwIfAborted();
    this.#state = { completeUpTo: now, coveredSinceJoin };
    this.#failures = 0;
    this.#pending = false;
    void ctx.queue
      .enqueue([{ type: "meta-put", key: CATCH_UP_STATE_KEY, value: encodeState(this.#state) }])
      .catch(() => {});
    ctx.emitAfterCommit("caught-up", { from, to: now, found });
    this.#hooks.onStateChanged();
    // (storeCoversJoin reads the `coveredSinceJoin` just stored.)
    if (this.storeCoversJoin(now)) this.#hooks.onCoveredSinceJoin(mark);
  }

  /** Where the next catch-up starts, and whether the catch-ups since the join stay without a gap. */
  #range(now: number): { from: number; coveredSinceJoin: boolean } {
    const ctx = this.#ctx;
    const margin = this.#init.catchUpMarginMs;
    const retention = ctx.transport.retention;
    const oldest = retention === undefined ? Number.NEGATIVE_INFINITY : now - retention;
    const state = this.#state;
    if (state === undefined) {
      // First catch-up of this participant: from its join, or from the history it asked for.
      const joined = ctx.core.joinedAt;
      const joinedAt = joined === undefined ? now : Number(joined) * ctx.core.wire.lamportUnitMs;
      const history = this.#init.history;
      // `last`: as far back as the store goes; the first pass finds where the last n start.
      const wanted =
        history === undefined ? joinedAt : "since" in history ? history.since : Number.NEGATIVE_INFINITY;
      const since = Math.min(joinedAt, wanted) - margin;
      return { from: Math.max(since, oldest), coveredSinceJoin: joinedAt - margin >= oldest };
    }
    const since = state.completeUpTo - margin;
    return { from: Math.max(since, oldest), coveredSinceJoin: state.coveredSinceJoin && since >= oldest };
  }

  #failed(error: unknown): void {
    const ctx = this.#ctx;
    ctx.logger.warn("catch-up failed", { error: String(error) });
    this.#failures += 1;
    if (ctx.signal.aborted || !this.#hooks.online()) return;
    const delay = backoffDelay(this.#init.backoff, this.#failures, ctx.random);
    ctx.timers.scheduleAt(TIMER, ctx.clock.now() + delay, () => this.request());
  }
}

function encodeState(state: CatchUpState): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(state));
}

/** The stored state, or undefined when absent or unreadable (then the next catch-up starts afresh). */
function decodeState(bytes: Uint8Array | undefined): CatchUpState | undefined {
  if (bytes === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof value !== "object" || value === null) return undefined;
    const { completeUpTo, coveredSinceJoin } = value as Record<string, unknown>;
    if (typeof completeUpTo !== "number" || !Number.isFinite(completeUpTo)) return undefined;
    return { completeUpTo, coveredSinceJoin: coveredSinceJoin === true };
  } catch {
    return undefined;
  }
}
