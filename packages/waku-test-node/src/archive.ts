import { toHex } from "@reliable-channel/hash";
import { wakuMessageHash } from "./message-hash.js";
import type { WakuMessage } from "./waku-message.js";

/** One message kept by the archive. */
export interface ArchivedMessage {
  /** The 32-byte Waku message hash. */
  readonly hash: Uint8Array;
  /** `hash` as 64 lowercase hex characters. */
  readonly hashHex: string;
  readonly pubsubTopic: string;
  readonly message: WakuMessage;
  /** The ordering key (ns): the message's timestamp, or the time it was archived when it has none. */
  readonly timestamp: bigint;
}

/** What `insert` did. */
export interface ArchiveInsertResult {
  readonly outcome: "stored" | "duplicate";
  readonly entry: ArchivedMessage;
}

/**
 * The node's message archive, ordered by (timestamp, hash) as nwaku's is. It outlives a node: pass it
 * to `startWakuTestNode({ archive })` to restart with the same history.
 */
export interface WakuArchive {
  /** The number of archived messages. */
  readonly size: number;
  /** Archives `message` unless a message with the same hash is already there. */
  insert(
    pubsubTopic: string,
    message: WakuMessage,
    options: { readonly receivedAtNs: bigint },
  ): ArchiveInsertResult;
  /** The archived message with this hash (bytes or hex), if any. */
  get(hash: Uint8Array | string): ArchivedMessage | undefined;
  /** Whether a message with this hash (bytes or hex) is archived. */
  has(hash: Uint8Array | string): boolean;
  /** Every archived message, oldest first. */
  entries(): readonly ArchivedMessage[];
  /** Removes messages whose timestamp is before `timestampNs`; returns how many were removed. */
  deleteOlderThan(timestampNs: bigint): number;
  /** Removes everything. */
  clear(): void;
}

/** Archive order: by timestamp, then by hash (hex), as nwaku orders store results. */
export function compareArchived(a: ArchivedMessage, b: ArchivedMessage): number {
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp ? -1 : 1;
  if (a.hashHex === b.hashHex) return 0;
  return a.hashHex < b.hashHex ? -1 : 1;
}

/** The index at which `entry` goes to keep `sorted` ordered (binary search). */
function insertionIndex(sorted: readonly ArchivedMessage[], entry: ArchivedMessage): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const probe = sorted[middle];
    if (probe !== undefined && compareArchived(probe, entry) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

class MemoryArchive implements WakuArchive {
  readonly #sorted: ArchivedMessage[] = [];
  readonly #byHash = new Map<string, ArchivedMessage>();

  get size(): number {
    return this.#sorted.length;
  }

  insert(
    pubsubTopic: string,
    message: WakuMessage,
    options: { readonly receivedAtNs: bigint },
  ): ArchiveInsertResult {
    const hash = wakuMessageHash(pubsubTopic, message);
    const hashHex = toHex(hash);
    const existing = this.#byHash.get(hashHex);
    if (existing !== undefined) return { outcome: "duplicate", entry: existing };
    const timestamp =
      message.timestamp !== undefined && message.timestamp > 0n ? message.timestamp : options.receivedAtNs;
    const entry: ArchivedMessage = { hash, hashHex, pubsubTopic, message, timestamp };
    this.#sorted.splice(insertionIndex(this.#sorted, entry), 0, entry);
    this.#byHash.set(hashHex, entry);
    return { outcome: "stored", entry };
  }

  get(hash: Uint8Array | string): ArchivedMessage | undefined {
    return this.#byHash.get(typeof hash === "string" ? hash.toLowerCase() : toHex(hash));
  }

  has(hash: Uint8Array | string): boolean {
    return this.get(hash) !== undefined;
  }

  entries(): readonly ArchivedMessage[] {
    return [...this.#sorted];
  }

  deleteOlderThan(timestampNs: bigint): number {
    let count = 0;
    while (count < this.#sorted.length && (this.#sorted[count]?.timestamp ?? timestampNs) < timestampNs)
      count++;
    for (const removed of this.#sorted.splice(0, count)) this.#byHash.delete(removed.hashHex);
    return count;
  }

  clear(): void {
    this.#sorted.length = 0;
    this.#byHash.clear();
  }
}

/** Creates an empty in-memory archive. */
export function createWakuArchive(): WakuArchive {
  return new MemoryArchive();
}
