import { createMinHeap } from "@reliable-channel/sds/internals";

/** One in-flight delivery of the simulated network. */
export interface Delivery {
  readonly at: number;
  readonly to: number;
  readonly bytes: Uint8Array;
  readonly order: number;
}

/** Earliest first, ties in send order. */
function compareDeliveries(a: Delivery, b: Delivery): number {
  return a.at !== b.at ? a.at - b.at : a.order - b.order;
}

/**
 * The simulated network's in-flight deliveries, earliest first (ties in send order), on the core's
 * binary min-heap. Time is virtual: the simulation pops deliveries, it never waits.
 */
export class DeliveryQueue {
  readonly #heap = createMinHeap(compareDeliveries);
  #order = 0;

  /** Number of deliveries in flight. */
  get size(): number {
    return this.#heap.size;
  }

  /** Enqueues `bytes` for participant `to` at time `at`. */
  push(at: number, to: number, bytes: Uint8Array): void {
    this.#heap.push({ at, to, bytes, order: this.#order++ });
  }

  /** The time of the earliest delivery, if any. */
  peekAt(): number | undefined {
    return this.#heap.peek()?.at;
  }

  /** Removes and returns the earliest delivery. */
  pop(): Delivery | undefined {
    return this.#heap.pop();
  }
}
