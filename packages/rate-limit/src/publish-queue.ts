import type { PublishKind, PublishResult } from "@reliable-channel/interfaces";

/** The kinds that wait in the queue, highest priority first (ephemerals are never queued). */
export const QUEUED_KINDS = ["content", "retry", "repair", "sync"] as const;

/** A kind that waits in the queue. */
export type QueuedKind = (typeof QUEUED_KINDS)[number];

/** One caller waiting for a queued publish. */
export interface Waiter {
  readonly resolve: (result: PublishResult) => void;
  readonly reject: (error: unknown) => void;
  readonly signal: AbortSignal | undefined;
}

/** A publish waiting for a slot; coalesced publishes share one entry (and its outcome). */
export interface QueuedPublish {
  readonly kind: QueuedKind;
  bytes: Uint8Array;
  readonly waiters: Waiter[];
  /** How many times the network refused it for rate reasons so far. */
  rejections: number;
}

/** Whether `kind` waits in the queue (everything but ephemerals). */
export function isQueuedKind(kind: PublishKind): kind is QueuedKind {
  return kind !== "ephemeral";
}

/**
 * The waiting publishes, by priority: content in arrival order (the channel sends it in send order), then
 * retries, repair responses and syncs last. Coalescing, while publishes wait: a sync replaces the sync
 * already waiting (the newer one carries the newer history; both callers get its outcome); a retry or
 * repair response of bytes already waiting joins that entry.
 */
export class PublishQueue {
  readonly #lanes: Readonly<Record<QueuedKind, QueuedPublish[]>> = {
    content: [],
    retry: [],
    repair: [],
    sync: [],
  };

  /** Adds a publish; returns its entry (an existing one when it was coalesced). */
  add(kind: QueuedKind, bytes: Uint8Array, waiter: Waiter): QueuedPublish {
    const lane = this.#lanes[kind];
    const same =
      kind === "sync" ? lane[0] : kind === "content" ? undefined : lane.find((e) => equal(e.bytes, bytes));
    if (same !== undefined) {
      if (kind === "sync") same.bytes = bytes;
      same.waiters.push(waiter);
      return same;
    }
    const entry: QueuedPublish = { kind, bytes, waiters: [waiter], rejections: 0 };
    lane.push(entry);
    return entry;
  }

  /** Takes the highest-priority entry. */
  shift(): QueuedPublish | undefined {
    for (const kind of QUEUED_KINDS) {
      const entry = this.#lanes[kind].shift();
      if (entry !== undefined) return entry;
    }
    return undefined;
  }

  /** Puts `entry` back at the front of its lane (it goes out first once a slot opens). */
  unshift(entry: QueuedPublish): void {
    this.#lanes[entry.kind].unshift(entry);
  }

  /** Removes `waiter` from its entry, and the entry once nobody waits for it; whether it was found. */
  removeWaiter(waiter: Waiter): boolean {
    for (const lane of Object.values(this.#lanes)) {
      for (const [index, entry] of lane.entries()) {
        const at = entry.waiters.indexOf(waiter);
        if (at < 0) continue;
        entry.waiters.splice(at, 1);
        if (entry.waiters.length === 0) lane.splice(index, 1);
        return true;
      }
    }
    return false;
  }

  /** Empties the queue; returns what it held. */
  clear(): QueuedPublish[] {
    const all = QUEUED_KINDS.flatMap((kind) => this.#lanes[kind]);
    for (const lane of Object.values(this.#lanes)) lane.length = 0;
    return all;
  }

  /** The number of waiting entries (coalesced publishes count once). */
  get size(): number {
    let size = 0;
    for (const lane of Object.values(this.#lanes)) size += lane.length;
    return size;
  }
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
