import "fake-indexeddb/auto";
import { StorageCorruptionError, type StorageOp } from "@reliable-channel/interfaces";
import { memoryStorage } from "@reliable-channel/storage-memory";
import { IDBFactory } from "fake-indexeddb";
import { type IDBPDatabase, wrap } from "idb";
import { describe, expect, it } from "vitest";
import { indexedDbStorage, SCHEMA_VERSION } from "../src/index.js";

const id = (n: number) => n.toString(16).padStart(64, "0");
const bytes = (n: number, length: number) => Uint8Array.from({ length }, (_, i) => (n * 31 + i * 7) & 0xff);
const outbox = (n: number, attempts = 0): StorageOp => ({
  type: "outbox-put",
  entry: {
    messageId: id(n),
    sequence: BigInt(n),
    lamportTimestamp: BigInt(100 + n),
    bytes: bytes(n, 64),
    state: attempts === 0 ? "pending" : "sent",
    attempts,
    nextAttemptAt: 1_000 + n,
    createdAt: 500 + n,
  },
});

const HISTORY: StorageOp[][] = [
  [outbox(1), outbox(2), outbox(3), { type: "counters", counters: { sequence: 3n, lamportTimestamp: 103n } }],
  [outbox(2, 1), { type: "handled-add", messageId: id(1) }, { type: "handled-add", messageId: id(9) }],
  [
    {
      type: "log-put",
      entry: { messageId: id(9), lamportTimestamp: 90n, senderId: "bob", bytes: bytes(9, 40) },
    },
    { type: "incoming-put", entry: { messageId: id(10), bytes: bytes(10, 30), receivedAt: 7 } },
    { type: "meta-put", key: "bloom", value: bytes(5, 128) },
  ],
  [outbox(3, 1), { type: "outbox-delete", messageId: id(1) }],
];

async function committed(ops: readonly StorageOp[][]) {
  const channel = await memoryStorage().open("c");
  for (const commit of ops) await channel.commit(commit);
  return channel.load();
}

/** A database holding HISTORY for channel "c", and a raw connection to damage it with. */
async function stored(): Promise<{ factory: IDBFactory; raw: () => Promise<IDBPDatabase> }> {
  const factory = new IDBFactory();
  const storage = indexedDbStorage({ name: "db", indexedDB: factory, locks: null });
  const channel = await storage.open("c");
  for (const commit of HISTORY) await channel.commit(commit);
  await storage.close();
  return { factory, raw: async () => (await wrap(factory.open("db"))) as IDBPDatabase };
}

async function loadAgain(factory: IDBFactory, channelId = "c") {
  const storage = indexedDbStorage({ name: "db", indexedDB: factory, locks: null });
  try {
    return await (await storage.open(channelId)).load();
  } finally {
    await storage.close();
  }
}

type Damage = (db: IDBPDatabase) => Promise<unknown>;
const DAMAGES: Readonly<Record<string, Damage>> = {
  "an outbox record's bytes changed": async (db) => {
    const record = await db.get("outbox", ["c", id(2)]);
    return db.put("outbox", { ...record, bytes: bytes(99, 64) });
  },
  "an outbox record deleted": (db) => db.delete("outbox", ["c", id(3)]),
  "a handled record deleted": async (db) => db.delete("handled", (await db.getAllKeys("handled"))[0] ?? 0),
  "two outbox records' bytes swapped": async (db) => {
    const [a, b] = [await db.get("outbox", ["c", id(2)]), await db.get("outbox", ["c", id(3)])];
    await db.put("outbox", { ...a, bytes: b.bytes });
    return db.put("outbox", { ...b, bytes: a.bytes });
  },
  "a record's checksum removed": async (db) => {
    const { checksum: _checksum, ...record } = await db.get("meta", ["c", "bloom"]);
    return db.put("meta", record);
  },
  "the manifest deleted": (db) => db.delete("manifest", "c"),
  "the counters lowered in the manifest": async (db) => {
    const manifest = await db.get("manifest", "c");
    return db.put("manifest", { ...manifest, sequence: 1n });
  },
  "a deleted record brought back": async (db) => {
    const record = await db.get("outbox", ["c", id(2)]);
    return db.put("outbox", { ...record, messageId: id(1), sequence: 1n });
  },
};

describe("indexedDbStorage integrity", () => {
  it("round-trips a history exactly (the reference for the damages below)", async () => {
    const { factory } = await stored();
    expect(await loadAgain(factory)).toStrictEqual(await committed(HISTORY));
  });

  for (const [name, damage] of Object.entries(DAMAGES)) {
    it(`reports damage, never loads it: ${name}`, async () => {
      const { factory, raw } = await stored();
      const db = await raw();
      await damage(db);
      db.close();
      await expect(loadAgain(factory)).rejects.toBeInstanceOf(StorageCorruptionError);
    });
  }

  it("a channel's record moved into another channel is reported in both", async () => {
    const { factory, raw } = await stored();
    const db = await raw();
    const record = await db.get("outbox", ["c", id(2)]);
    await db.delete("outbox", ["c", id(2)]);
    await db.put("outbox", { ...record, channelId: "d" });
    db.close();
    await expect(loadAgain(factory)).rejects.toBeInstanceOf(StorageCorruptionError);
    await expect(loadAgain(factory, "d")).rejects.toBeInstanceOf(StorageCorruptionError);
  });
});

describe("a schema-1 database (written before checksums)", () => {
  /** Writes HISTORY's end state the way schema 1 stored it: no checksums, counters in their own store. */
  async function schema1(factory: IDBFactory): Promise<void> {
    const request = factory.open("db", 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      for (const name of ["outbox", "log", "incoming"]) {
        db.createObjectStore(name, { keyPath: ["channelId", "messageId"] }).createIndex(
          "byChannel",
          "channelId",
        );
      }
      const handled = db.createObjectStore("handled", { autoIncrement: true });
      handled.createIndex("byChannel", "channelId");
      handled.createIndex("byId", ["channelId", "messageId"], { unique: true });
      db.createObjectStore("counters", { keyPath: "channelId" });
      db.createObjectStore("meta", { keyPath: ["channelId", "key"] }).createIndex("byChannel", "channelId");
    };
    const db = (await wrap(request)) as IDBPDatabase;
    const state = await committed(HISTORY);
    const strip = <T extends object>(entry: T) =>
      Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined));
    for (const entry of state.outbox) await db.put("outbox", { ...strip(entry), channelId: "c" });
    for (const entry of state.log) await db.put("log", { ...strip(entry), channelId: "c" });
    for (const entry of state.incoming) await db.put("incoming", { ...strip(entry), channelId: "c" });
    for (const messageId of state.handled) await db.add("handled", { channelId: "c", messageId });
    for (const [key, value] of Object.entries(state.meta))
      await db.put("meta", { channelId: "c", key, value });
    await db.put("counters", { channelId: "c", ...state.counters });
    await db.put("counters", { channelId: "only-counters", lamportTimestamp: 4n, sequence: 2n });
    db.close();
  }

  it("opens: each channel is checksummed once when first opened, and loads exactly what was committed", async () => {
    const factory = new IDBFactory();
    await schema1(factory);
    const expected = await committed(HISTORY);
    expect(await loadAgain(factory)).toStrictEqual(expected);
    expect(await loadAgain(factory)).toStrictEqual(expected);
    expect((await loadAgain(factory, "only-counters")).counters).toStrictEqual({
      lamportTimestamp: 4n,
      sequence: 2n,
    });
    const db = (await wrap(factory.open("db"))) as IDBPDatabase;
    expect(db.version).toBe(SCHEMA_VERSION);
    expect(await db.count("counters")).toBe(0);
    expect((await db.get("manifest", "c")).rows).toBe(
      expected.outbox.length + 1 + 1 + expected.handled.length + 1,
    );
    db.close();
  });
});
