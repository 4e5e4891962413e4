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

/** A fresh temporary directory; `corrupt` rewrites rows through a second connection. */
export async function sqliteHarness(): Promise<StorageHarness & { readonly directory: string }> {
  const directory = await mkdtemp(join(tmpdir(), "storage-sqlite-test-"));
  return {
    directory,
    open: async () => sqliteStorage({ path: directory }),
    async corrupt(channelId, target) {
      const db = new DatabaseSync(channelFile(directory, channelId));
      try {
        db.exec(DAMAGE[target]);
      } finally {
        db.close();
      }
    },
    async dispose() {
      await rm(directory, { recursive: true, force: true });
    },
  };
}
