import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { StorageCorruptionTarget, StorageHarness } from "@reliable-channel/compliance";
import { channelFile } from "../src/channel-file.js";
import { sqliteStorage } from "../src/index.js";

/** SQL that damages one row of each kind the way a foreign writer or a bad disk could (within STRICT types). */
const DAMAGE: Readonly<Record<StorageCorruptionTarget, string>> = {
  outbox: "UPDATE outbox SET state = 'lost' WHERE message_id = (SELECT max(message_id) FROM outbox)",
  log: "UPDATE log SET lamport = x'0102'",
  incoming: "UPDATE incoming SET message_id = ''",
  counters: "UPDATE channel SET sequence = x'00'",
  meta: "UPDATE meta SET key = ''",
};

/** SQL that deletes one row of each kind behind the adapter's back (for counters: the row that holds them). */
const LOSS: Readonly<Record<StorageCorruptionTarget, string>> = {
  outbox: "DELETE FROM outbox WHERE message_id = (SELECT max(message_id) FROM outbox)",
  log: "DELETE FROM log WHERE message_id = (SELECT max(message_id) FROM log)",
  incoming: "DELETE FROM incoming WHERE message_id = (SELECT max(message_id) FROM incoming)",
  counters: "DELETE FROM channel",
  meta: "DELETE FROM meta WHERE key = (SELECT max(key) FROM meta)",
};

/** A fresh temporary directory; `corrupt` and `lose` rewrite rows through a second connection. */
export async function sqliteHarness(): Promise<StorageHarness & { readonly directory: string }> {
  const directory = await mkdtemp(join(tmpdir(), "storage-sqlite-test-"));
  return {
    directory,
    open: async () => sqliteStorage({ path: directory }),
    async corrupt(channelId, target) {
      onFile(channelFile(directory, channelId), DAMAGE[target]);
    },
    async lose(channelId, target) {
      onFile(channelFile(directory, channelId), LOSS[target]);
    },
    async dispose() {
      await rm(directory, { recursive: true, force: true });
    },
  };
}

function onFile(file: string, sql: string): void {
  const db = new DatabaseSync(file);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}
