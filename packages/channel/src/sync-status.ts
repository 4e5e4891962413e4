import type { SyncStatusEvent } from "@reliable-channel/interfaces";
import type { Emit } from "./emit.js";

/** What the status is computed from. */
export interface StatusInputs {
  readonly missing: number;
  readonly lost: number;
  /** Whether the transport is online. */
  readonly online: boolean;
  /** Whether the catch-up since the last (re)connect is still to complete. */
  readonly catchingUp: boolean;
  /** The end of the last completed catch-up (ms), if any. */
  readonly completeUpTo: number | undefined;
}

/**
 * The `sync-status` view: counts delivered messages and emits when the status, the missing / lost counts
 * or `completeUpTo` change (a delivery alone updates `received` without an event).
 */
export class SyncStatusTracker {
  readonly #emit: Emit;
  #received = 0;
  #last: SyncStatusEvent | undefined;

  constructor(emit: Emit) {
    this.#emit = emit;
  }

  /** Counts `count` messages delivered to the app. */
  delivered(count: number): void {
    this.#received += count;
  }

  /** The status for these inputs, with the messages delivered so far. */
  compute(inputs: StatusInputs): SyncStatusEvent {
    const { missing, lost, online, catchingUp, completeUpTo } = inputs;
    const status = !online ? "offline" : catchingUp ? "catching-up" : missing > 0 ? "syncing" : "synced";
    const base = { status, received: this.#received, missing, lost } as const;
    return completeUpTo === undefined ? base : { ...base, completeUpTo };
  }

  /** Emits `status` when its status, missing or lost count differs from the last one (always the first). */
  publish(status: SyncStatusEvent): void {
    const last = this.#last;
    this.#last = status;
    const same =
      last !== undefined &&
      last.status === status.status &&
      last.missing === status.missing &&
      last.lost === status.lost &&
      last.completeUpTo === status.completeUpTo;
    if (!same) this.#emit("sync-status", status);
  }

  /** The current status. */
  get current(): SyncStatusEvent {
    const last = this.#last;
    return last === undefined
      ? { status: "synced", received: this.#received, missing: 0, lost: 0 }
      : { ...last, received: this.#received };
  }
}
