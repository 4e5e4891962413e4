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
import { validateChannelId } from "@reliable-channel/storage-memory/helpers";
import { channelFile } from "./channel-file.js";
import { openChannelDatabase } from "./open-database.js";
import { singleFileLocator } from "./single-file.js";
import { SqliteChannelStorage } from "./sqlite-channel-storage.js";
import { toStorageError } from "./sqlite-errors.js";

/**
 * Default of {@link SqliteStorageInit.journalSizeLimitBytes}: after a checkpoint the WAL file is truncated to
 * at most this size.
 * @default 4_194_304 (bytes, 4 MiB)
 */
export const DEFAULT_JOURNAL_SIZE_LIMIT_BYTES = 4 * 1024 * 1024;

/** Options of {@link sqliteStorage}: exactly one of `file` and `path`. */
export interface SqliteStorageInit {
  /**
   * One database file (plus its `-wal` while open) for an app with one channel: the channel that first
   * opens the storage owns the file (for good: its id is stored inside). Any other channel id opened in this
   * storage — the channel keeps segment reassembly under a second id — gets a sibling file,
   * `<name>.<16 hex of sha256(id)><ext>`. Its directory is created if missing. Relative paths resolve
   * against the working directory at creation.
   */
  readonly file?: string;
  /**
   * A directory of databases, one file per channel (`<sha256(channel id)>.sqlite` plus its WAL while open),
   * for an app with several channels. Created if missing. Relative paths resolve against the working
   * directory at creation. A path ending in `.sqlite`, `.sqlite3` or `.db` is refused: it reads like a file,
   * so pass it as `file`.
   */
  readonly path?: string;
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
 * const storage = sqliteStorage({ file: "./data/alice.sqlite" }); // or { path: "./data" }: a file per channel
 * const channel = await storage.open("my-channel");
 * await channel.commit([{ type: "counters", counters: { sequence: 1n } }]);
 * await storage.close();
 * ```
 */
export function sqliteStorage(init: SqliteStorageInit): Storage {
  const locate = locator(init);
  const journalSizeLimitBytes = init.journalSizeLimitBytes ?? DEFAULT_JOURNAL_SIZE_LIMIT_BYTES;
  if (!Number.isSafeInteger(journalSizeLimitBytes) || journalSizeLimitBytes < 0) {
    throw new InvalidArgumentError("journalSizeLimitBytes must be an integer ≥ 0");
  }
  return new SqliteStorage(locate, journalSizeLimitBytes);
}

const FILE_LIKE = /\.(sqlite3?|db)$/i;

/** Where a channel's database file is, from `file` or `path`. */
function locator(init: SqliteStorageInit | undefined): (channelId: ChannelId) => string {
  const { file, path } = init ?? {};
  const given = (value: string | undefined) => typeof value === "string" && value.length > 0;
  if (given(file) === given(path)) {
    throw new InvalidArgumentError(
      "sqliteStorage needs exactly one of `file` (one database) and `path` (a directory)",
    );
  }
  if (typeof file === "string") return singleFileLocator(resolve(file));
  const directory = resolve(path ?? "");
  if (FILE_LIKE.test(directory)) {
    throw new InvalidArgumentError(
      `sqliteStorage: path ${JSON.stringify(path)} is a directory of databases but reads like a file; pass it as \`file\``,
    );
  }
  return (channelId) => channelFile(directory, channelId);
}

class SqliteStorage implements Storage {
  readonly #locate: (channelId: ChannelId) => string;
  readonly #journalSizeLimitBytes: number;
  readonly #handles = new Map<ChannelId, SqliteChannelStorage>();
  #closed = false;

  constructor(locate: (channelId: ChannelId) => string, journalSizeLimitBytes: number) {
    this.#locate = locate;
    this.#journalSizeLimitBytes = journalSizeLimitBytes;
  }

  async open(channelId: ChannelId, options: OpenOptions = {}): Promise<ChannelStorage> {
    options.signal?.throwIfAborted();
    if (this.#closed) throw new StorageClosedError();
    validateChannelId(channelId);
    if (this.#handles.has(channelId)) {
      throw new StorageLockedError(`channel ${JSON.stringify(channelId)} is already open in this storage`);
    }
    let file: string;
    try {
      file = this.#locate(channelId);
    } catch (error) {
      throw toStorageError(error, `cannot open channel ${JSON.stringify(channelId)}`);
    }
    const db = openChannelDatabase({
      file,
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
