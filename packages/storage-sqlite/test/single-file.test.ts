import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidArgumentError, StorageLockedError } from "@reliable-channel/interfaces";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sqliteStorage } from "../src/index.js";

describe("sqliteStorage({ file }): one database file for the app's channel", () => {
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "storage-sqlite-file-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("creates exactly that file (and its directory), and a restart finds what was committed", async () => {
    const file = join(dir, "data", "alice.sqlite");
    const storage = sqliteStorage({ file });
    const channel = await storage.open("room");
    await channel.commit([{ type: "counters", counters: { sequence: 7n } }]);
    await storage.close();
    expect(statSync(file).isFile()).toBe(true);

    const restarted = await sqliteStorage({ file }).open("room");
    expect((await restarted.load()).counters.sequence).toBe(7n);
    await restarted.close();
  });

  it("another channel id in the same storage gets a sibling file; the owner keeps the file across restarts", async () => {
    const file = join(dir, "alice.sqlite");
    const storage = sqliteStorage({ file });
    const owner = await storage.open("room");
    const other = await storage.open("room/reassembly");
    await owner.commit([{ type: "counters", counters: { sequence: 1n } }]);
    await other.commit([{ type: "counters", counters: { sequence: 2n } }]);
    await storage.close();
    const siblings = readdirSync(dir).filter((name) => /^alice\.[0-9a-f]{16}\.sqlite$/.test(name));
    expect(siblings).toHaveLength(1);

    // Reopened the other way round: each id finds its own file again.
    const restarted = sqliteStorage({ file });
    const otherAgain = await restarted.open("room/reassembly");
    const ownerAgain = await restarted.open("room");
    expect((await ownerAgain.load()).counters.sequence).toBe(1n);
    expect((await otherAgain.load()).counters.sequence).toBe(2n);
    await expect(restarted.open("room")).rejects.toBeInstanceOf(StorageLockedError);
    await restarted.close();
  });

  it("a path that reads like a file is refused, so it never silently becomes a directory", () => {
    const path = join(dir, "alice.sqlite");
    expect(() => sqliteStorage({ path })).toThrow(InvalidArgumentError);
    expect(existsSync(path)).toBe(false);
  });

  it("needs exactly one of file and path", () => {
    expect(() => sqliteStorage({})).toThrow(InvalidArgumentError);
    expect(() => sqliteStorage({ file: join(dir, "a.sqlite"), path: dir })).toThrow(InvalidArgumentError);
  });
});
