import type { MessageId, OutboxEntry, OutboxState } from "@reliable-channel/interfaces";

/**
 * The in-memory mirror of the durable outbox: messages accepted by `send` that are neither acknowledged nor
 * given up, by id, replayed in `sequence` order. Every change returns the new entry so that the caller
 * commits exactly what it holds.
 */
export class Outbox {
  readonly #entries = new Map<MessageId, OutboxEntry>();

  /** Loads entries restored from storage (acknowledged and failed ones are skipped). */
  restore(entries: readonly OutboxEntry[]): void {
    for (const entry of entries) {
      if (entry.state !== "acknowledged" && entry.state !== "failed")
        this.#entries.set(entry.messageId, entry);
    }
  }

  /** Adds a freshly sent message in state `pending`. */
  add(entry: Omit<OutboxEntry, "state" | "attempts" | "lastHint">): OutboxEntry {
    const added: OutboxEntry = { ...entry, state: "pending", attempts: 0 };
    this.#entries.set(entry.messageId, added);
    return added;
  }

  /** The entry of `messageId`, or undefined once it is acknowledged or given up. */
  get(messageId: MessageId): OutboxEntry | undefined {
    return this.#entries.get(messageId);
  }

  /** Updates an entry; returns the new entry, or undefined when the message is no longer in the outbox. */
  update(messageId: MessageId, change: Partial<Omit<OutboxEntry, "messageId">>): OutboxEntry | undefined {
    const entry = this.#entries.get(messageId);
    if (entry === undefined) return undefined;
    const updated: OutboxEntry = { ...entry, ...change };
    this.#entries.set(messageId, updated);
    return updated;
  }

  /** Moves an entry to `state` (see {@link Outbox.update}). */
  setState(messageId: MessageId, state: OutboxState): OutboxEntry | undefined {
    return this.update(messageId, { state });
  }

  /** Removes an entry (acknowledged or given up); returns whether it was there. */
  remove(messageId: MessageId): boolean {
    return this.#entries.delete(messageId);
  }

  /** Every entry, in no particular order. */
  values(): IterableIterator<OutboxEntry> {
    return this.#entries.values();
  }

  /** Every entry, in `sequence` order. */
  entries(): readonly OutboxEntry[] {
    return [...this.#entries.values()].sort((a, b) => (a.sequence < b.sequence ? -1 : 1));
  }

  /** The number of messages in the outbox. */
  get size(): number {
    return this.#entries.size;
  }
}
