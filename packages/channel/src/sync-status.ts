import type { SyncStatusEvent } from "@reliable-channel/interfaces";
import type { Emit } from "./session-context.js";

/**
 * The `sync-status` view: counts delivered messages and emits when the status or the missing / lost counts
 * change (a delivery alone updates `received` without an event).
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

  /** The status for these counts, with the messages delivered so far. */
  compute(missing: number, lost: number): SyncStatusEvent {
    return { status: missing > 0 ? "syncing" : "synced", received: this.#received, missing, lost };
  }

  /** Emits `status` when its status, missing or lost count differs from the last one (always the first). */
  publish(status: SyncStatusEvent): void {
    const last = this.#last;
    this.#last = status;
    const same =
      last !== undefined &&
      last.status === status.status &&
      last.missing === status.missing &&
      last.lost === status.lost;
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
