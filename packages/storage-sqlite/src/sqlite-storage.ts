import { resolve } from "node:path";
import {
  type ChannelId,
  type ChannelStorage,
  InvalidArgumentError,
  type OpenOptions,
  type Storage,
  StorageClosedError,
  StorageLockedError,
} from "@reliable-channel/interfaces";
import { openChannelDatabase } from "./open-database.js";
import { SqliteChannelStorage } from "./sqlite-channel-storage.js";

/**
 * Default of {@link SqliteStorageInit.journalSizeLimitBytes}: after a checkpoint the WAL file is truncated to
 * at most this size.
 * @default 4_194_304 (bytes, 4 MiB)
 */
export const DEFAULT_JOURNAL_SIZE_LIMIT_BYTES = 4 * 1024 * 1024;

/** Options of {@link sqliteStorage}. */
export interface SqliteStorageInit {
  /**
   * The directory that holds the databases, one file per channel (`<sha256(channel id)>.sqlite` plus its WAL
   * while open). Created if missing. Relative paths resolve against the working directory at creation.
   */
  readonly path: string;
  /**
   * After a checkpoint, the WAL file is truncated to at most this many bytes.
   * @default {@link DEFAULT_JOURNAL_SIZE_LIMIT_BYTES} (bytes)
   */
  readonly journalSizeLimitBytes?: number;
}

/**
 * Durable {@link Storage} for Node on the built-in `node:sqlite` (no native build): one database per channel,
 * WAL with `synchronous=FULL`, each commit one transaction that is on disk before it resolves, a schema
 * version with migrations, counters in their own row (kept with `max()`, so they never go backwards), and an
 * exclusive lock per channel that SQLite holds on the file — a second process gets `StorageLockedError`, and
 * the lock of a killed process vanishes with it.
 *
 * Calls are synchronous underneath (each commit blocks the event loop for about one fsync).
 *
 * @example
 * ```ts
 * const storage = sqliteStorage({ path: "./data/channels" });
 * const channel = await storage.open("my-channel");
 * await channel.commit([{ type: "counters", counters: { sequence: 1n } }]);
 * await storage.close();
 * ```
 */
export function sqliteStorage(init: SqliteStorageInit): Storage {
  if (typeof init?.path !== "string" || init.path.length === 0) {
    throw new InvalidArgumentError("sqliteStorage needs a directory path");
  }
  const journalSizeLimitBytes = init.journalSizeLimitBytes ?? DEFAULT_JOURNAL_SIZE_LIMIT_BYTES;
  if (!Number.isSafeInteger(journalSizeLimitBytes) || journalSizeLimitBytes < 0) {
    throw new InvalidArgumentError("journalSizeLimitBytes must be an integer ≥ 0");
  }
  return new SqliteStorage(resolve(init.path), journalSizeLimitBytes);
}

class SqliteStorage implements Storage {
  readonly #directory: string;
  readonly #journalSizeLimitBytes: number;
  readonly #handles = new Map<ChannelId, SqliteChannelStorage>();
  #closed = false;

  constructor(directory: string, journalSizeLimitBytes: number) {
    this.#directory = directory;
    this.#journalSizeLimitBytes = journalSizeLimitBytes;
  }

  async open(channelId: ChannelId, options: OpenOptions = {}): Promise<ChannelStorage> {
    options.signal?.throwIfAborted();
    if (this.#closed) throw new StorageClosedError();
    if (typeof channelId !== "string") throw new InvalidArgumentError("the channel id must be a string");
    if (this.#handles.has(channelId)) {
      throw new StorageLockedError(`channel ${JSON.stringify(channelId)} is already open in this storage`);
    }
    const db = openChannelDatabase({
      directory: this.#directory,
      channelId,
      journalSizeLimitBytes: this.#journalSizeLimitBytes,
    });
    const handle = new SqliteChannelStorage(channelId, db, () => this.#handles.delete(channelId));
    this.#handles.set(channelId, handle);
    return handle;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#handles.values()].map((handle) => handle.close()));
  }
}
