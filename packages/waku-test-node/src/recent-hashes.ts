/** How many recent message hashes the node remembers for deduplication. @default 10_000 (hashes) */
export const DEFAULT_RECENT_HASHES = 10_000;

/** A bounded set of recently seen hashes: the oldest is forgotten first (like gossipsub's seen cache). */
export interface RecentHashes {
  has(hashHex: string): boolean;
  add(hashHex: string): void;
}

/** Creates a bounded recent-hash set of at most `capacity` entries. */
export function createRecentHashes(capacity = DEFAULT_RECENT_HASHES): RecentHashes {
  const hashes = new Set<string>();
  return {
    has: (hashHex) => hashes.has(hashHex),
    add(hashHex) {
      hashes.add(hashHex);
      if (hashes.size <= capacity) return;
      const oldest = hashes.values().next();
      if (oldest.done !== true) hashes.delete(oldest.value);
    },
  };
}
