import type { Cancel, Clock } from "@reliable-channel/interfaces";

/** Something the schedule can hold: it marks items it cancelled or handed out. */
export interface Schedulable {
  /** Set once the item was handed to `onDue` or cancelled. */
  done: boolean;
}

interface Slot<T> {
  readonly items: T[];
  live: number;
  cancel: Cancel;
}

const noop: Cancel = () => undefined;

/**
 * Deliveries grouped by due time, one clock timer per distinct due millisecond, so that a burst of publishes
 * costs a handful of timers instead of one per delivery (internal). Items due at the same millisecond are
 * handed out in the order they were added.
 */
export class DeliverySchedule<T extends Schedulable> {
  readonly #clock: Clock;
  readonly #onDue: (item: T) => void;
  readonly #slots = new Map<number, Slot<T>>();

  constructor(clock: Clock, onDue: (item: T) => void) {
    this.#clock = clock;
    this.#onDue = onDue;
  }

  /** Whether any item is still waiting. */
  get busy(): boolean {
    return this.#slots.size > 0;
  }

  /** Hands `item` to `onDue` after `delayMs` (ms, rounded to a whole millisecond). */
  add(item: T, delayMs: number): void {
    const delay = Math.round(delayMs);
    const at = this.#clock.now() + delay;
    let slot = this.#slots.get(at);
    if (slot === undefined) {
      const created: Slot<T> = { items: [], live: 0, cancel: noop };
      created.cancel = this.#clock.setTimeout(() => this.#fire(at, created), delay);
      this.#slots.set(at, created);
      slot = created;
    }
    slot.items.push(item);
    slot.live++;
  }

  /** Cancels every pending item that matches `predicate` and returns them; drops timers left with none. */
  cancelWhere(predicate: (item: T) => boolean): T[] {
    const cancelled: T[] = [];
    for (const [at, slot] of this.#slots) {
      for (const item of slot.items) {
        if (item.done || !predicate(item)) continue;
        item.done = true;
        slot.live--;
        cancelled.push(item);
      }
      if (slot.live === 0) {
        slot.cancel();
        this.#slots.delete(at);
      }
    }
    return cancelled;
  }

  #fire(at: number, slot: Slot<T>): void {
    this.#slots.delete(at);
    for (const item of slot.items) {
      if (item.done) continue;
      item.done = true;
      this.#onDue(item);
    }
  }
}
