import {
  type ChannelId,
  type ChannelStorage,
  InvalidArgumentError,
  type OpenOptions,
  type Storage,
  StorageClosedError,
} from "@reliable-channel/interfaces";
import { validateChannelId } from "@reliable-channel/storage-memory/helpers";
import { toStorageError } from "./idb-errors.js";
import { IndexedDbChannelStorage } from "./indexeddb-channel-storage.js";
import { lockChannel } from "./locks.js";
import { openDatabase } from "./open-database.js";
import { prepareChannel } from "./prepare-channel.js";

/** Options of {@link indexedDbStorage}. */
export interface IndexedDbStorageInit {
  /** The IndexedDB database name; one database holds every channel of this storage. */
  readonly name: string;
  /**
   * The IndexedDB factory.
   * @default globalThis.indexedDB
   */
  readonly indexedDB?: IDBFactory;
  /**
   * The Web Locks manager that keeps a channel exclusive across tabs and workers; `null` turns cross-tab
   * locking off (the channel is then exclusive within this JavaScript realm only).
   * @default globalThis.navigator.locks, when present
   */
  readonly locks?: LockManager | null;
}

/**
 * Durable {@link Storage} for browsers on IndexedDB. One database holds all channels; each
 * commit is one read-write transaction with `durability: "strict"`; loads read one consistent snapshot; the
 * schema is versioned with migrations; every record carries a checksum and each channel a manifest (row count,
 * checksum digest, counters), so a malformed, changed, lost or stale record is reported with
 * `StorageCorruptionError` instead of loaded. A channel
 * is exclusive per realm and, through Web Locks, across the origin's tabs and workers — a second open gets
 * `StorageLockedError`, and a closed or crashed tab's lock is released by the browser.
 *
 * @example
 * ```ts
 * const storage = indexedDbStorage({ name: "my-app-channels" });
 * const channel = await storage.open("my-channel");
 * await channel.commit([{ type: "counters", counters: { sequence: 1n } }]);
 * ```
 */
export function indexedDbStorage(init: IndexedDbStorageInit): Storage {
  if (typeof init?.name !== "string" || init.name.length === 0) {
    throw new InvalidArgumentError("indexedDbStorage needs a database name");
  }
  const factory = init.indexedDB ?? globalThis.indexedDB;
  if (factory === undefined) throw new InvalidArgumentError("no IndexedDB here: pass the `indexedDB` option");
  const locks = init.locks === null ? undefined : (init.locks ?? globalThis.navigator?.locks);
  return new IndexedDbStorage(init.name, factory, locks);
}

class IndexedDbStorage implements Storage {
  readonly #name: string;
  readonly #factory: IDBFactory;
  readonly #locks: LockManager | undefined;
  readonly #handles = new Set<IndexedDbChannelStorage>();
  #db: Promise<IDBDatabase> | undefined;
  #closed = false;

  constructor(name: string, factory: IDBFactory, locks: LockManager | undefined) {
    this.#name = name;
    this.#factory = factory;
    this.#locks = locks;
  }

  async open(channelId: ChannelId, options: OpenOptions = {}): Promise<ChannelStorage> {
    options.signal?.throwIfAborted();
    this.#assertOpen();
    validateChannelId(channelId);
    const release = await lockChannel(this.#factory, this.#locks, this.#name, channelId);
    try {
      const db = await this.#connection();
      this.#assertOpen();
      await prepareChannel(db, channelId).catch((error: unknown) => {
        throw toStorageError(error, `cannot open channel ${JSON.stringify(channelId)}`);
      });
      const handle: IndexedDbChannelStorage = new IndexedDbChannelStorage(channelId, db, () => {
        this.#handles.delete(handle);
        release();
      });
      this.#handles.add(handle);
      return handle;
    } catch (error) {
      release();
      throw error;
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#handles].map((handle) => handle.close()));
    const db = this.#db;
    this.#db = undefined;
    if (db !== undefined) (await db.catch(() => undefined))?.close();
  }

  /** The shared connection, opened on first use; a failed open is retried by the next `open`. */
  #connection(): Promise<IDBDatabase> {
    if (this.#db === undefined) {
      const opening = openDatabase(this.#factory, this.#name, () => void this.close());
      this.#db = opening;
      opening.catch(() => {
        if (this.#db === opening) this.#db = undefined;
      });
    }
    return this.#db;
  }

  #assertOpen(): void {
    if (this.#closed) throw new StorageClosedError();
  }
}
