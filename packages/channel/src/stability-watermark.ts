import type { StabilityWatermark } from "@reliable-channel/interfaces";
import type { DeliveryTracker } from "./delivery-state.js";

/**
 * The causal-stability watermark of our own messages: the newest message of ours such that every member
 * expected to have it, and every older one of ours, is known to have it. It only moves forward; what it
 * passes is dropped from the delivery tracker (nobody can need it again: a removal cannot undo a member's
 * copy, and a newcomer is never expected to have it), which is what keeps the tracker bounded.
 *
 * A pending message dropped at the tracker's cap has no known state any more: the watermark stops below it
 * for the rest of the process (the app's remedy is to remove the member that never came back).
 */
export class StabilityWatermarkTracker {
  #current: StabilityWatermark | undefined;
  #stable = 0;
  #blocked = false;

  /** The watermark now, once any message of ours became stable. */
  get current(): StabilityWatermark | undefined {
    return this.#current;
  }

  /** Whether a pending message was dropped at the cap (the watermark does not move past it). */
  get blocked(): boolean {
    return this.#blocked;
  }

  /** Restores a stored watermark (after a restart). */
  load(current: StabilityWatermark | undefined, blocked: boolean): void {
    this.#current = current;
    this.#stable = current?.stable ?? 0;
    this.#blocked = blocked;
  }

  /** A pending message was dropped at the tracker's cap: stop. */
  block(): void {
    this.#blocked = true;
  }

  /**
   * Moves past the oldest tracked messages that are complete, forgetting them in `tracker`; returns the
   * new watermark when it moved.
   */
  advance(tracker: DeliveryTracker): StabilityWatermark | undefined {
    if (this.#blocked) return undefined;
    let moved: StabilityWatermark | undefined;
    for (let oldest = tracker.oldest(); oldest?.done === true; oldest = tracker.oldest()) {
      this.#stable += 1;
      moved = {
        messageId: oldest.messageId,
        lamportTimestamp: oldest.lamportTimestamp,
        stable: this.#stable,
      };
      tracker.forget(oldest.messageId);
    }
    if (moved !== undefined) this.#current = moved;
    return moved;
  }
}
