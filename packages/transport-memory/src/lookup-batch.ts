import { toHex } from "@reliable-channel/hash";
import type { RetrievedPayload } from "@reliable-channel/interfaces";

interface Waiter {
  readonly hints: readonly Uint8Array[];
  readonly resolve: (found: RetrievedPayload[]) => void;
  readonly reject: (error: unknown) => void;
}

/** Makes one store request for `hints` (the union of a batch's lookups), resolving with what it found. */
export type BatchRequest = (hints: readonly Uint8Array[]) => Promise<RetrievedPayload[]>;

/**
 * The lookups one memory transport collects for a window before one store request answers them all (the
 * channels of a peer sharing one transport share their lookups, as they share a Waku node's). Internal.
 */
export class LookupBatch {
  readonly #request: BatchRequest;
  /** Waiters of the batch collecting lookups now, if one is open. */
  #open: Waiter[] | undefined;

  constructor(request: BatchRequest) {
    this.#request = request;
  }

  /**
   * Adds a lookup to the open batch, or opens one that `window` (resolving when it closes, rejecting when
   * the transport stops) closes; rejects with the signal's reason when `signal` aborts first.
   */
  lookup(
    hints: readonly Uint8Array[],
    window: () => Promise<void>,
    signal: AbortSignal | undefined,
  ): Promise<RetrievedPayload[]> {
    return new Promise((resolve, reject) => {
      signal?.throwIfAborted();
      const onAbort = (): void => reject(signal?.reason);
      signal?.addEventListener("abort", onAbort, { once: true });
      const waiter: Waiter = {
        hints,
        resolve: (found) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(found);
        },
        reject: (error) => {
          signal?.removeEventListener("abort", onAbort);
          reject(error);
        },
      };
      if (this.#open !== undefined) {
        this.#open.push(waiter);
        return;
      }
      const waiters = [waiter];
      this.#open = waiters;
      void this.#run(waiters, window);
    });
  }

  async #run(waiters: Waiter[], window: () => Promise<void>): Promise<void> {
    try {
      await window();
      if (this.#open === waiters) this.#open = undefined;
      const union = new Map<string, Uint8Array>();
      for (const { hints } of waiters) for (const hint of hints) union.set(toHex(hint), hint);
      const found = await this.#request([...union.values()]);
      const byHint = new Map(found.map((payload) => [toHex(payload.retrievalHint), payload]));
      for (const waiter of waiters) waiter.resolve(pick(byHint, waiter.hints));
    } catch (error) {
      if (this.#open === waiters) this.#open = undefined;
      for (const waiter of waiters) waiter.reject(error);
    }
  }
}

/** What one lookup gets: its hints that were found, each its own copy. */
function pick(
  byHint: ReadonlyMap<string, RetrievedPayload>,
  hints: readonly Uint8Array[],
): RetrievedPayload[] {
  const seen = new Set<string>();
  const mine: RetrievedPayload[] = [];
  for (const hint of hints) {
    const key = toHex(hint);
    const payload = byHint.get(key);
    if (payload === undefined || seen.has(key)) continue;
    seen.add(key);
    mine.push({ retrievalHint: payload.retrievalHint.slice(), bytes: payload.bytes.slice() });
  }
  return mine;
}
