import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { ChannelId } from "@reliable-channel/interfaces";

/** The channel a database file holds, or undefined when the file does not exist or holds none yet. */
function ownerOf(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const db = new DatabaseSync(file, { timeout: 0 });
  try {
    const table = db
      .prepare("SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'channel'")
      .get();
    if (table === undefined) return undefined;
    const owner = db.prepare("SELECT channel_id FROM channel WHERE id = 1").get()?.channel_id;
    return typeof owner === "string" ? owner : undefined;
  } finally {
    db.close();
  }
}

/**
 * The files of `sqliteStorage({ file })`: the channel that first opens the storage owns `file` (its id is
 * stored inside, so this holds across restarts); any other channel id opened in the same storage — the
 * channel keeps its segment reassembly under a second id, for one — gets a sibling file beside it,
 * `<name>.<first 16 hex of sha256(id)><ext>` (e.g. `alice.3fa2c1d0e9b8a7f6.sqlite`).
 *
 * @throws StorageLockedError-able SQLite errors when another process holds `file` while its owner is read
 */
export function singleFileLocator(file: string): (channelId: ChannelId) => string {
  let owner: string | undefined;
  const extension = extname(file);
  const stem = join(dirname(file), basename(file, extension));
  return (channelId) => {
    owner ??= ownerOf(file) ?? channelId;
    if (owner === channelId) return file;
    const digest = createHash("sha256").update(channelId, "utf8").digest("hex").slice(0, 16);
    return `${stem}.${digest}${extension}`;
  };
}
