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

  /** Recomputes the status from the current counts; emits when it changed (always on the first call). */
  update(missing: number, lost: number): void {
    const status: SyncStatusEvent = {
      status: missing > 0 ? "syncing" : "synced",
      received: this.#received,
      missing,
      lost,
    };
    const last = this.#last;
    this.#last = status;
    if (last !== undefined && last.status === status.status && last.missing === missing && last.lost === lost)
      return;
    this.#emit("sync-status", status);
  }

  /** The current status. */
  get current(): SyncStatusEvent {
    const last = this.#last;
    return last === undefined
      ? { status: "synced", received: this.#received, missing: 0, lost: 0 }
      : { ...last, received: this.#received };
  }
}
