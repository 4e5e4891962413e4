import type { Clock, Transport } from "@reliable-channel/interfaces";
import type { CoreReceiveResult } from "./core-port.js";
import { ASSUMED_STORE_RETENTION_MS } from "./defaults.js";

/**
 * How far before the earliest of the dependencies it looks for a gap scan reaches back (ms), within the
 * store's retention: a dependency is named by messages sent soon after it, as a rule.
 */
export const GAP_SCAN_LOOKBACK_MS = 3_600_000;

/** Feeds one stored payload through the normal receive path. */
export type ReceiveStored = (bytes: Uint8Array, hint: Uint8Array) => Promise<CoreReceiveResult | undefined>;

/** What a {@link GapScan} uses. */
export interface GapScanComponents {
  readonly transport: Pick<Transport, "queryRange" | "retention">;
  readonly clock: Clock;
  /** Aborts when the session stops: a scan under way rejects. */
  readonly signal: AbortSignal;
}

/** Options of a {@link GapScan}. */
export interface GapScanInit {
  /** Margin (ms) a scan reaches past now, for clock skew. */
  readonly catchUpMarginMs: number;
}

/**
 * The store's last chance for dependencies known without a retrieval hint, which a lookup by hash cannot
 * find: one time-range query of the channel's topic, from {@link GAP_SCAN_LOOKBACK_MS} before the earliest
 * of them went missing (never before what the store still keeps) to now, every payload fed through the
 * normal receive path. Only for transports with `queryRange`.
 */
export class GapScan {
  readonly #ctx: GapScanComponents;
  readonly #init: GapScanInit;
  readonly #receive: ReceiveStored;

  constructor(components: GapScanComponents, init: GapScanInit, receive: ReceiveStored) {
    this.#ctx = components;
    this.#init = init;
    this.#receive = receive;
  }

  /** Whether the transport can scan its store by time. */
  get enabled(): boolean {
    return this.#ctx.transport.queryRange !== undefined;
  }

  /**
   * Scans the store for what went missing from `since` on; resolves when every page was received, rejects
   * when the store could not be read (or the session stopped).
   */
  async scan(since: number): Promise<void> {
    const ctx = this.#ctx;
    const queryRange = ctx.transport.queryRange;
    if (queryRange === undefined) return;
    const now = ctx.clock.now();
    const retention = ctx.transport.retention ?? ASSUMED_STORE_RETENTION_MS;
    const from = Math.max(since - GAP_SCAN_LOOKBACK_MS, now - retention);
    const range = { from, to: now + this.#init.catchUpMarginMs };
    for await (const page of queryRange.call(ctx.transport, range, { signal: ctx.signal })) {
      for (const payload of page) {
        ctx.signal.throwIfAborted();
        await this.#receive(payload.bytes, payload.retrievalHint);
      }
    }
    ctx.signal.throwIfAborted();
  }
}
