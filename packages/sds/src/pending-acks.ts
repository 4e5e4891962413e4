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
  /** Whether `id` waits for our acknowledgement (false once the set overflowed: not known). */
  has(id: MessageId): boolean;
  /** Whether some received id would be acknowledged only by the filter of a message naming `history`. */
  filterDue(history: readonly HistoryEntry[]): boolean;
  /**
   * A message naming `history` was built: the ids it names are acknowledged, and with `withFilter`
   * everything received so far is.
   */
  sent(history: readonly HistoryEntry[], withFilter: boolean): void;
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
    has: (id) => !overflowed && ids.has(id),
    filterDue(history) {
      if (overflowed) return true;
      if (ids.size > history.length) return true;
      const named = new Set(history.map((entry) => entry.messageId));
      for (const id of ids) if (!named.has(id)) return true;
      return false;
    },
    sent(history, withFilter) {
      if (withFilter) {
        ids.clear();
        overflowed = false;
      } else for (const entry of history) ids.delete(entry.messageId);
    },
    get size() {
      return overflowed ? capacity + 1 : ids.size;
    },
  };
}
