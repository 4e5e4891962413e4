import { writeFile } from "node:fs/promises";
import { DatabaseSync } from "node:sqlite";
import {
  InvalidArgumentError,
  StorageCorruptionError,
  StorageError,
  StorageLockedError,
} from "@reliable-channel/interfaces";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { channelFile } from "../src/channel-file.js";
import { SCHEMA_VERSION, sqliteStorage } from "../src/index.js";
import { sqliteHarness } from "./harness.js";

type Harness = Awaited<ReturnType<typeof sqliteHarness>>;
let harness: Harness;
beforeEach(async () => {
  harness = await sqliteHarness();
});
afterEach(async () => {
  await harness.dispose?.();
});

/** Runs `sql` on the channel's file through a connection of its own (no handle may be open). */
function onFile<T>(channelId: string, use: (db: DatabaseSync) => T): T {
  const db = new DatabaseSync(channelFile(harness.directory, channelId));
  try {
    return use(db);
  } finally {
    db.close();
  }
}

const outboxPut = (n: number) =>
  ({
    type: "outbox-put",
    entry: {
      messageId: `m${n}`,
      sequence: BigInt(n),
      lamportTimestamp: BigInt(n),
      bytes: new Uint8Array([n]),
      state: "pending",
      attempts: 0,
      nextAttemptAt: 0,
      createdAt: 0,
    },
  }) as const;

describe("sqliteStorage", () => {
  it("writes one WAL database per channel, stamped with the schema version and its channel id", async () => {
    const storage = sqliteStorage({ path: harness.directory });
    await (await storage.open("c")).close();
    const row = onFile("c", (db) => ({
      mode: db.prepare("PRAGMA journal_mode").get()?.journal_mode,
      version: db.prepare("PRAGMA user_version").get()?.user_version,
      owner: db.prepare("SELECT channel_id FROM channel").get()?.channel_id,
    }));
    expect(row).toStrictEqual({ mode: "wal", version: SCHEMA_VERSION, owner: "c" });
  });

  it("holds the file's lock while open: even a plain reader is turned away", async () => {
    const channel = await sqliteStorage({ path: harness.directory }).open("held");
    expect(() => onFile("held", (db) => db.prepare("SELECT * FROM outbox").all())).toThrow(/locked/);
    await channel.close();
    expect(onFile("held", (db) => db.prepare("SELECT * FROM outbox").all())).toStrictEqual([]);
  });

  it("rolls back a commit that SQLite fails half-way through", async () => {
    const storage = sqliteStorage({ path: harness.directory });
    const channel = await storage.open("rollback");
    await channel.commit([outboxPut(1)]);
    await channel.close();
    onFile("rollback", (db) =>
      db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON log WHEN NEW.message_id = 'boom'
               BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END`),
    );
    const reopened = await storage.open("rollback");
    const ops = [
      outboxPut(2),
      { type: "counters", counters: { sequence: 2n } },
      { type: "log-put", entry: { messageId: "boom", lamportTimestamp: 1n, senderId: "p" } },
    ] as const;
    const failure = await reopened.commit(ops).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StorageError);
    expect(String((failure as StorageError).cause)).toMatch(/refused by test trigger/);
    const state = await reopened.load();
    expect(state.outbox.map((entry) => entry.messageId)).toStrictEqual(["m1"]);
    expect(state.counters.sequence).toBe(0n);
  });

  it("refuses a database written by a newer schema version, without touching it", async () => {
    const storage = sqliteStorage({ path: harness.directory });
    await (await storage.open("future")).close();
    onFile("future", (db) =>
      db.exec(
        `PRAGMA user_version = ${SCHEMA_VERSION + 1}; UPDATE channel SET schema_version = ${SCHEMA_VERSION + 1}`,
      ),
    );
    const failure = await storage.open("future").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StorageError);
    expect(failure).not.toBeInstanceOf(StorageCorruptionError);
    expect(onFile("future", (db) => db.prepare("PRAGMA user_version").get()?.user_version)).toBe(
      SCHEMA_VERSION + 1,
    );
  });

  it("tells a damaged version in the header from a newer file: the channel row disagrees", async () => {
    const storage = sqliteStorage({ path: harness.directory });
    await (await storage.open("flipped")).close();
    onFile("flipped", (db) => db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`));
    await expect(storage.open("flipped")).rejects.toBeInstanceOf(StorageCorruptionError);
  });

  it("reports a file that is not a database as corruption", async () => {
    await writeFile(channelFile(harness.directory, "garbage"), "this is not an SQLite database".repeat(200));
    await expect(sqliteStorage({ path: harness.directory }).open("garbage")).rejects.toBeInstanceOf(
      StorageCorruptionError,
    );
  });

  it("reports a file that holds another channel as corruption", async () => {
    const storage = sqliteStorage({ path: harness.directory });
    await (await storage.open("mine")).close();
    onFile("mine", (db) => db.exec("UPDATE channel SET channel_id = 'theirs'"));
    await expect(storage.open("mine")).rejects.toBeInstanceOf(StorageCorruptionError);
  });

  it("frees the channel for another storage in the same process once closed", async () => {
    const first = sqliteStorage({ path: harness.directory });
    const second = sqliteStorage({ path: harness.directory });
    const channel = await first.open("handover");
    await expect(second.open("handover")).rejects.toBeInstanceOf(StorageLockedError);
    await channel.close();
    await expect(second.open("handover")).resolves.toBeDefined();
    await second.close();
  });

  it("rejects bad options with InvalidArgumentError", () => {
    expect(() => sqliteStorage({ path: "" })).toThrow(InvalidArgumentError);
    expect(() => sqliteStorage({ path: harness.directory, journalSizeLimitBytes: -1 })).toThrow(
      InvalidArgumentError,
    );
  });
});
