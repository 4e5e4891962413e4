import type { MessageId } from "@reliable-channel/interfaces";

/**
 * A set of message ids in insertion order, bounded: beyond `limit` the oldest are forgotten (and returned,
 * so that the caller deletes them from storage too). Used for the delivered ids, the durable log window, and
 * the ids given up in a session (send failures, irretrievable messages).
 */
export class BoundedIds {
  readonly #limit: number;
  readonly #ids = new Set<MessageId>();

  constructor(limit: number, restored: readonly MessageId[] = []) {
    this.#limit = limit;
    for (const id of restored) this.#ids.add(id);
  }

  /** Whether `id` is in the set. */
  has(id: MessageId): boolean {
    return this.#ids.has(id);
  }

  /** Adds `id`; returns the ids forgotten to stay within the limit (oldest first). */
  add(id: MessageId): readonly MessageId[] {
    this.#ids.add(id);
    const evicted: MessageId[] = [];
    for (const oldest of this.#ids) {
      if (this.#ids.size <= this.#limit) break;
      this.#ids.delete(oldest);
      evicted.push(oldest);
    }
    return evicted;
  }

  /** Removes `id`; returns whether it was there. */
  delete(id: MessageId): boolean {
    return this.#ids.delete(id);
  }

  /** The number of ids held. */
  get size(): number {
    return this.#ids.size;
  }
}
