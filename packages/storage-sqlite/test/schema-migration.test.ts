import { copyFileSync, existsSync, mkdtempSync, rmSync, truncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { StorageCorruptionError, type StorageOp } from "@reliable-channel/interfaces";
import { memoryStorage } from "@reliable-channel/storage-memory";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { channelFile } from "../src/channel-file.js";
import { SCHEMA_VERSION, sqliteStorage } from "../src/index.js";
import { channelHistory } from "./corruption/channel-history.js";

/** A database written by schema 1 (the release before checksums) from `channelHistory()`. */
const SCHEMA_1_FILE = new URL("./fixtures/schema-1-channel.sqlite", import.meta.url);
const CHANNEL = "matrix-room";

let directory = "";
let file = "";
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "storage-sqlite-migration-"));
  file = channelFile(directory, CHANNEL);
  copyFileSync(SCHEMA_1_FILE, file);
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

async function reference(commits: readonly StorageOp[][]) {
  const channel = await memoryStorage().open(CHANNEL);
  for (const ops of commits) await channel.commit(ops);
  return channel.load();
}

const version = () => {
  const db = new DatabaseSync(file);
  try {
    return db.prepare("PRAGMA user_version").get()?.user_version;
  } finally {
    db.close();
  }
};

describe("a schema-1 database (written before checksums)", () => {
  it("opens: migrated once, checksummed, marked, and it loads exactly what was committed", async () => {
    expect(version()).toBe(1);
    const storage = sqliteStorage({ path: directory });
    const channel = await storage.open(CHANNEL);
    expect(await channel.load()).toStrictEqual(await reference(channelHistory()));
    const more: StorageOp[] = [
      { type: "outbox-delete", messageId: "3".padStart(64, "0") },
      { type: "meta-put", key: "after-migration", value: new Uint8Array([1, 2, 3]) },
    ];
    await channel.commit(more);
    await storage.close();
    expect(version()).toBe(SCHEMA_VERSION);
    expect(existsSync(`${file}-marker`)).toBe(true);

    const restarted = sqliteStorage({ path: directory });
    const state = await (await restarted.open(CHANNEL)).load();
    expect(state).toStrictEqual(await reference([...channelHistory(), more]));
    await restarted.close();
  });

  it("once migrated, a truncated file is reported instead of opening as a new channel", async () => {
    const storage = sqliteStorage({ path: directory });
    await (await storage.open(CHANNEL)).close();
    truncateSync(file, 0);
    await expect(storage.open(CHANNEL)).rejects.toBeInstanceOf(StorageCorruptionError);
  });

  it("a damaged schema-1 row fails the migration with StorageCorruptionError and leaves the file as it was", async () => {
    const db = new DatabaseSync(file);
    db.exec("UPDATE outbox SET state = 'lost' WHERE sequence = (SELECT max(sequence) FROM outbox)");
    db.close();
    await expect(sqliteStorage({ path: directory }).open(CHANNEL)).rejects.toBeInstanceOf(
      StorageCorruptionError,
    );
    expect(version()).toBe(1);
    expect(existsSync(`${file}-marker`)).toBe(false);
  });
});
