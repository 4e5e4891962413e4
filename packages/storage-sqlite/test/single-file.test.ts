import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  InvalidArgumentError,
  StorageCorruptionError,
  StorageLockedError,
} from "@reliable-channel/interfaces";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sqliteStorage } from "../src/index.js";

describe("sqliteStorage({ file }): one database file for one channel", () => {
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

  it("refuses another channel in the same file: locked while the owner is open, reported after", async () => {
    const file = join(dir, "alice.sqlite");
    const storage = sqliteStorage({ file });
    const owner = await storage.open("room");
    await expect(storage.open("other-room")).rejects.toBeInstanceOf(StorageLockedError);
    await owner.close();
    await expect(sqliteStorage({ file }).open("other-room")).rejects.toBeInstanceOf(StorageCorruptionError);
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
