// An independent reviewer's checks of the storage port contract (interfaces' `Storage` TSDoc and the
// READMEs of storage-sqlite and storage-memory), through the packages' public entries only. The contract
// cases run on both adapters; the SQLite-only ones (files, markers, options) follow.
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createSeededRandom,
  InvalidArgumentError,
  type OutboxEntry,
  type Storage,
  StorageClosedError,
  StorageCorruptionError,
  StorageLockedError,
  type StorageOp,
} from "@reliable-channel/interfaces";
import { createMemoryVolume, memoryStorage } from "@reliable-channel/storage-memory";
import { sqliteStorage } from "@reliable-channel/storage-sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const outbox = (n: number, extra: Partial<OutboxEntry> = {}): OutboxEntry => ({
  messageId: `m${n}`,
  sequence: BigInt(n),
  lamportTimestamp: BigInt(1_000 + n),
  bytes: new Uint8Array([n & 0xff, 1, 2]),
  state: "pending",
  attempts: 0,
  nextAttemptAt: 0,
  createdAt: n,
  ...extra,
});

interface Adapter {
  readonly name: string;
  /** A storage over the same durable place each call (a "restart" when the previous one is closed). */
  storage(): Storage;
}

let dir = "";
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "reviewer-storage-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function adapters(): Adapter[] {
  const volume = createMemoryVolume();
  return [
    { name: "memory", storage: () => memoryStorage({ volume }) },
    { name: "sqlite", storage: () => sqliteStorage({ path: dir }) },
  ];
}

for (const name of ["memory", "sqlite"] as const) {
  describe(`reviewer: storage contract (${name})`, () => {
    let adapter: Adapter;
    beforeEach(() => {
      const found = adapters().find((a) => a.name === name);
      if (found === undefined) throw new Error(name);
      adapter = found;
    });

    it("keeps ids, keys and sender ids exactly (NUL, astral, long), or refuses them; never changes them", async () => {
      const ids = ["a\u0000b", "emoji-😀", "x".repeat(10_000), "tab\tnew\nline", "\uD800lone", "lone\uDC00"];
      const storage = adapter.storage();
      const channel = await storage.open("strings");
      const stored: string[] = [];
      for (const id of ids) {
        const ops: StorageOp[] = [
          { type: "handled-add", messageId: id },
          { type: "meta-put", key: `k/${id}`, value: new Uint8Array([1]) },
          { type: "log-put", entry: { messageId: id, lamportTimestamp: 1n, senderId: id } },
        ];
        try {
          await channel.commit(ops);
          stored.push(id);
        } catch (error) {
          expect(error, JSON.stringify(id)).toBeInstanceOf(InvalidArgumentError);
        }
      }
      await storage.close();
      const reopened = await adapter.storage().open("strings");
      const state = await reopened.load();
      expect(state.handled).toEqual(stored);
      expect(Object.keys(state.meta).sort()).toEqual(stored.map((id) => `k/${id}`).sort());
      expect(state.log.map((e) => [e.messageId, e.senderId]).sort()).toEqual(
        stored.map((id) => [id, id]).sort(),
      );
      await reopened.close();
    });

    it("a channel id with a lone surrogate is refused at open, or reopens as the same channel", async () => {
      for (const channelId of ["room\uD800", "\uDFFFroom"]) {
        const storage = adapter.storage();
        let channel: Awaited<ReturnType<Storage["open"]>>;
        try {
          channel = await storage.open(channelId);
        } catch (error) {
          expect(error, JSON.stringify(channelId)).toBeInstanceOf(InvalidArgumentError);
          await storage.close();
          continue;
        }
        await channel.commit([{ type: "handled-add", messageId: "x" }]);
        await storage.close();
        const again = adapter.storage();
        expect((await (await again.open(channelId)).load()).handled).toEqual(["x"]);
        await again.close();
      }
    });

    it("tells an empty byte array from an absent one, after a restart too", async () => {
      const storage = adapter.storage();
      const channel = await storage.open("empty-bytes");
      const empty = new Uint8Array(0);
      await channel.commit([
        { type: "outbox-put", entry: outbox(1, { bytes: empty, lastHint: empty }) },
        { type: "outbox-put", entry: outbox(2) },
        {
          type: "log-put",
          entry: { messageId: "l1", lamportTimestamp: 1n, senderId: "", retrievalHint: empty, bytes: empty },
        },
        { type: "log-put", entry: { messageId: "l2", lamportTimestamp: 2n, senderId: "s" } },
        {
          type: "incoming-put",
          entry: { messageId: "i1", bytes: empty, retrievalHint: empty, receivedAt: 0 },
        },
        { type: "meta-put", key: "blank", value: empty },
      ]);
      await storage.close();
      const state = await (await adapter.storage().open("empty-bytes")).load();
      const [o1, o2] = state.outbox;
      expect(o1?.bytes).toEqual(new Uint8Array(0));
      expect(o1?.lastHint).toEqual(new Uint8Array(0));
      expect(o2?.lastHint).toBeUndefined();
      const [l1, l2] = state.log;
      expect([l1?.retrievalHint, l1?.bytes, l1?.senderId]).toEqual([
        new Uint8Array(0),
        new Uint8Array(0),
        "",
      ]);
      expect([l2?.retrievalHint, l2?.bytes]).toEqual([undefined, undefined]);
      expect(state.incoming[0]?.retrievalHint).toEqual(new Uint8Array(0));
      expect(state.meta.blank).toEqual(new Uint8Array(0));
    });

    it("refuses more malformed ops with InvalidArgumentError, whole commit unapplied, and keeps working", async () => {
      const storage = adapter.storage();
      const channel = await storage.open("bad-ops");
      await channel.commit([{ type: "handled-add", messageId: "kept" }]);
      const bad: Record<string, unknown> = {
        "negative attempts": { type: "outbox-put", entry: outbox(3, { attempts: -1 }) },
        "infinite createdAt": {
          type: "outbox-put",
          entry: outbox(3, { createdAt: Number.POSITIVE_INFINITY }),
        },
        "an ArrayBuffer hint": { type: "outbox-put", entry: { ...outbox(3), lastHint: new ArrayBuffer(2) } },
        "a number[] retrieval hint": {
          type: "log-put",
          entry: { messageId: "l", lamportTimestamp: 1n, senderId: "s", retrievalHint: [1] },
        },
        "a numeric sender": { type: "log-put", entry: { messageId: "l", lamportTimestamp: 1n, senderId: 7 } },
        "null counters": { type: "counters", counters: null },
        "a string meta value": { type: "meta-put", key: "k", value: "bytes" },
        "a numeric message id": { type: "handled-delete", messageId: 5 },
        "a missing id": { type: "outbox-delete" },
        "a null op": null,
        "-Infinity receivedAt": {
          type: "incoming-put",
          entry: { messageId: "i", bytes: new Uint8Array(1), receivedAt: Number.NEGATIVE_INFINITY },
        },
      };
      for (const [label, op] of Object.entries(bad)) {
        const ops = [
          ...Array.from(
            { length: 500 },
            (_, i): StorageOp => ({ type: "handled-add", messageId: `before-${i}` }),
          ),
          { type: "counters", counters: { sequence: 99n } },
          op,
        ] as StorageOp[];
        await expect(channel.commit(ops), label).rejects.toBeInstanceOf(InvalidArgumentError);
      }
      await expect(channel.commit(null as unknown as StorageOp[])).rejects.toBeInstanceOf(
        InvalidArgumentError,
      );
      await channel.commit([{ type: "handled-add", messageId: "after" }]);
      const state = await channel.load();
      expect(state.handled).toEqual(["kept", "after"]);
      expect(state.counters.sequence).toBe(0n);
      await storage.close();
    });

    it("seed 8_100_301: 60 commits issued at once apply in call order; counters end at their maximum", async () => {
      const random = createSeededRandom(8_100_301);
      const storage = adapter.storage();
      const channel = await storage.open("burst");
      const sequences = Array.from({ length: 60 }, () => BigInt(random.int(1_000)));
      const ids = sequences.map((_, i) => `h${random.int(20)}-${i % 7}`);
      await Promise.all(
        ids.map((id, i) =>
          channel.commit([
            { type: "handled-delete", messageId: id },
            { type: "handled-add", messageId: id },
            { type: "counters", counters: { sequence: sequences[i] ?? 0n } },
          ]),
        ),
      );
      await storage.close();
      const state = await (await adapter.storage().open("burst")).load();
      // Each commit moves its id to the end: the order is that of each id's last commit.
      const expected = [...new Set([...ids].reverse())].reverse();
      expect(state.handled, "seed 8_100_301").toEqual(expected);
      const highest = [...sequences].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).at(-1);
      expect(state.counters.sequence).toBe(highest);
    });

    it("closing the storage with commits in flight: what resolved is there after a restart, what rejected is not", async () => {
      const storage = adapter.storage();
      const channel = await storage.open("closing");
      const settled = Array.from({ length: 20 }, (_, i) =>
        channel.commit([{ type: "handled-add", messageId: `c${i}` }]).then(
          () => ({ id: `c${i}`, ok: true }),
          (error: unknown) => {
            expect(error).toBeInstanceOf(StorageClosedError);
            return { id: `c${i}`, ok: false };
          },
        ),
      );
      const closed = storage.close();
      const outcomes = await Promise.all(settled);
      await closed;
      await expect(channel.commit([{ type: "handled-add", messageId: "late" }])).rejects.toBeInstanceOf(
        StorageClosedError,
      );
      const state = await (await adapter.storage().open("closing")).load();
      expect(state.handled).toEqual(outcomes.filter((o) => o.ok).map((o) => o.id));
    });

    it("a closed handle frees its channel for the same storage; storage.close() is idempotent", async () => {
      const storage = adapter.storage();
      const first = await storage.open("reopen");
      await first.commit([{ type: "meta-put", key: "round", value: new Uint8Array([1]) }]);
      await expect(storage.open("reopen")).rejects.toBeInstanceOf(StorageLockedError);
      await first.close();
      await first.close();
      const second = await storage.open("reopen");
      expect((await second.load()).meta.round).toEqual(new Uint8Array([1]));
      await storage.close();
      await storage.close();
      await expect(storage.open("reopen")).rejects.toBeInstanceOf(StorageClosedError);
      await expect(second.load()).rejects.toBeInstanceOf(StorageClosedError);
    });

    it("load hands out copies: changing what it returned changes neither the store nor the next load", async () => {
      const storage = adapter.storage();
      const channel = await storage.open("copies");
      await channel.commit([
        { type: "outbox-put", entry: outbox(1) },
        { type: "handled-add", messageId: "a" },
        { type: "meta-put", key: "k", value: new Uint8Array([5]) },
      ]);
      const first = await channel.load();
      (first.outbox as OutboxEntry[]).pop();
      (first.handled as string[]).push("forged");
      (first.meta as Record<string, Uint8Array>).forged = new Uint8Array([1]);
      first.meta.k?.fill(0);
      const second = await channel.load();
      expect(second.outbox).toHaveLength(1);
      expect(second.handled).toEqual(["a"]);
      expect(second.meta).toEqual({ k: new Uint8Array([5]) });
      await storage.close();
    });
  });
}

describe("reviewer: sqliteStorage specifics", () => {
  it("refuses bad options with InvalidArgumentError", () => {
    expect(() => sqliteStorage({})).toThrow(InvalidArgumentError);
    expect(() => sqliteStorage({ file: join(dir, "a.sqlite"), path: dir })).toThrow(InvalidArgumentError);
    expect(() => sqliteStorage({ path: join(dir, "data.db") })).toThrow(InvalidArgumentError);
    expect(() => sqliteStorage({ path: join(dir, "DATA.SQLITE3") })).toThrow(InvalidArgumentError);
    expect(() => sqliteStorage({ path: dir, journalSizeLimitBytes: -1 })).toThrow(InvalidArgumentError);
    expect(() => sqliteStorage({ path: dir, journalSizeLimitBytes: 1.5 })).toThrow(InvalidArgumentError);
  });

  it("a database copied over another channel's file is StorageCorruptionError; the original still loads", async () => {
    const storage = sqliteStorage({ path: dir });
    const alice = await storage.open("alice");
    await alice.commit([{ type: "handled-add", messageId: "from-alice" }]);
    const bob = await storage.open("bob");
    await bob.commit([{ type: "handled-add", messageId: "from-bob" }]);
    await storage.close();
    const files = readdirSync(dir).filter((f) => f.endsWith(".sqlite"));
    expect(files).toHaveLength(2);
    // Which file is whose: open alice alone and see which one is locked... simpler: swap both ways.
    const [first, second] = files.map((f) => join(dir, f));
    if (first === undefined || second === undefined) throw new Error("setup");
    copyFileSync(first, join(dir, "spare"));
    copyFileSync(second, first);
    const after = sqliteStorage({ path: dir });
    const results = await Promise.allSettled([after.open("alice"), after.open("bob")]);
    const opened = await Promise.allSettled(
      results.map(async (r) =>
        r.status === "fulfilled" ? (await r.value.load()).handled : Promise.reject(r.reason),
      ),
    );
    // One channel now has the other's file: refused. The other is intact.
    const refused = opened.filter((r) => r.status === "rejected");
    expect(refused).toHaveLength(1);
    expect(refused[0]?.status === "rejected" && refused[0].reason).toBeInstanceOf(StorageCorruptionError);
    const loaded = opened.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    expect([["from-alice"], ["from-bob"]]).toContainEqual(loaded[0]);
    await after.close();
  });

  it("a deleted database with its marker left is StorageCorruptionError; deleting both starts over", async () => {
    const storage = sqliteStorage({ path: dir });
    const channel = await storage.open("gone");
    await channel.commit([{ type: "counters", counters: { sequence: 5n } }]);
    await storage.close();
    const database = readdirSync(dir).find((f) => f.endsWith(".sqlite"));
    if (database === undefined) throw new Error("no database file");
    const path = join(dir, database);
    expect(existsSync(`${path}-marker`)).toBe(true);
    unlinkSync(path);
    await expect(
      sqliteStorage({ path: dir })
        .open("gone")
        .then((c) => c.load()),
    ).rejects.toBeInstanceOf(StorageCorruptionError);
    for (const f of readdirSync(dir)) rmSync(join(dir, f));
    const fresh = sqliteStorage({ path: dir });
    expect((await (await fresh.open("gone")).load()).counters.sequence).toBe(0n);
    await fresh.close();
  });

  it("seed 8_100_302: twenty restarts, each committing and checking everything before it", async () => {
    const random = createSeededRandom(8_100_302);
    const expected: string[] = [];
    let sequence = 0n;
    for (let life = 0; life < 20; life++) {
      const storage = sqliteStorage({ path: dir });
      const channel = await storage.open("lives");
      const state = await channel.load();
      expect(state.handled, `seed 8_100_302 life ${life}`).toEqual(expected);
      expect(state.counters.sequence).toBe(sequence);
      const ops: StorageOp[] = [];
      for (let i = 0; i < 1 + random.int(5); i++) {
        const id = `l${life}-${i}`;
        ops.push({ type: "handled-add", messageId: id });
        expected.push(id);
      }
      if (expected.length > 8 && random.next() < 0.5) {
        const gone = expected.splice(random.int(expected.length), 1)[0] ?? "";
        ops.push({ type: "handled-delete", messageId: gone });
      }
      sequence += BigInt(random.int(3));
      ops.push({ type: "counters", counters: { sequence } });
      await channel.commit(ops);
      await storage.close();
    }
  });
});
