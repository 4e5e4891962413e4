import type { MessageId } from "@reliable-channel/interfaces";
import { DueQueue } from "./due-queue.js";

/**
 * The incoming repair-request buffer: messages we may rebroadcast, each due at its `T_resp`. Bounded by
 * `capacity` (the response scheduled longest ago is evicted). Internal.
 */
export class ResponseBuffer {
  readonly #capacity: number;
  readonly #order = new Set<MessageId>();
  readonly #queue = new DueQueue();

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** Number of scheduled responses. */
  get size(): number {
    return this.#order.size;
  }

  /** Whether a response for `messageId` is scheduled. */
  has(messageId: MessageId): boolean {
    return this.#order.has(messageId);
  }

  /** Schedules a response at `at` unless one is already scheduled; returns whether it was added. */
  add(messageId: MessageId, at: number): boolean {
    if (this.#order.has(messageId) || this.#capacity < 1) return false;
    if (this.#order.size >= this.#capacity) {
      const oldest = this.#order.values().next();
      if (oldest.done !== true) this.remove(oldest.value);
    }
    this.#order.add(messageId);
    this.#queue.set(messageId, at);
    return true;
  }

  /** Cancels the response for `messageId`; returns whether one was scheduled. */
  remove(messageId: MessageId): boolean {
    this.#queue.delete(messageId);
    return this.#order.delete(messageId);
  }

  /** The earliest `T_resp`, if any. */
  nextDueAt(): number | undefined {
    return this.#queue.peekAt();
  }

  /** Removes and returns every response due at `now`, earliest first. */
  takeDue(now: number): MessageId[] {
    const due: MessageId[] = [];
    for (let id = this.#queue.popDue(now); id !== undefined; id = this.#queue.popDue(now)) {
      this.#order.delete(id);
      due.push(id);
    }
    return due;
  }
}
