import type { HistoryEntry, MessageId } from "@reliable-channel/interfaces";

/**
 * Received content messages we have not acknowledged yet: no message we sent has named them in its causal
 * history or carried a bloom filter since they arrived. The bloom filter rides on a content message only
 * while this set is not empty once the message's own causal history is taken out (see
 * {@link BloomProfile.attach}): a filter that acknowledges nothing new is 18.7 KB of noise in waku-compat.
 *
 * A duplicate of a message we already have is added again: its sender (or a repairer) re-sent it, so our
 * acknowledgement may not have reached it. Bounded: beyond `capacity` ids only "the filter is due" is kept.
 */
export interface PendingAcks {
  /** A content message from another participant arrived (first copy or duplicate). */
  add(id: MessageId): void;
  /**
   * Takes out the ids `history` names (a message being built acknowledges them by name) and tells whether
   * some received id would still be acknowledged only by the filter.
   */
  filterDue(history: readonly HistoryEntry[]): boolean;
  /** A message carrying the filter was built: everything received so far is acknowledged. */
  clear(): void;
  /** Ids waiting (for tests and diagnostics); `capacity + 1` once the set overflowed. */
  readonly size: number;
}

/**
 * Creates a {@link PendingAcks} set of at most `capacity` ids. `unknown: true` starts it overflowed, so the
 * first message carries the filter: a core restored from saved state does not know what its previous run
 * acknowledged.
 */
export function createPendingAcks(capacity: number, unknown = false): PendingAcks {
  const ids = new Set<MessageId>();
  let overflowed = unknown;
  return {
    add(id) {
      if (overflowed) return;
      if (ids.size >= capacity && !ids.has(id)) {
        overflowed = true;
        ids.clear();
        return;
      }
      ids.add(id);
    },
    filterDue(history) {
      if (overflowed) return true;
      for (const entry of history) ids.delete(entry.messageId);
      return ids.size > 0;
    },
    clear() {
      ids.clear();
      overflowed = false;
    },
    get size() {
      return overflowed ? capacity + 1 : ids.size;
    },
  };
}
