// An independent reviewer's checks of the memory storage's own promises (its README), through the public
// entry only. The port contract cases shared with SQLite are in storage-sqlite's reviewer-storage.test.ts.
import {
  InvalidArgumentError,
  StorageClosedError,
  StorageLockedError,
  type StorageOp,
} from "@reliable-channel/interfaces";
import {
  compareMessageIds,
  createMemoryVolume,
  type MemoryVolume,
  memoryStorage,
  validateChannelId,
  validateStorageOps,
} from "@reliable-channel/storage-memory";
import { describe, expect, it } from "vitest";

describe("reviewer: memory storage", () => {
  it("a volume outlives its storages, lists what has state, and locks a channel across every storage on it", async () => {
    const volume = createMemoryVolume();
    const first = memoryStorage({ volume });
    const second = memoryStorage({ volume });
    const held = await first.open("room");
    await held.commit([{ type: "handled-add", messageId: "a" }]);
    expect(volume.channelIds()).toContain("room");
    await expect(second.open("room")).rejects.toBeInstanceOf(StorageLockedError);
    await first.close();
    await expect(held.load()).rejects.toBeInstanceOf(StorageClosedError);
    const reopened = await second.open("room");
    expect((await reopened.load()).handled).toEqual(["a"]);
    // Another volume is another disk.
    const elsewhere = await memoryStorage({ volume: createMemoryVolume() }).open("room");
    expect((await elsewhere.load()).handled).toEqual([]);
  });

  it("a storage without a volume is private: nothing reaches a second one", async () => {
    const alone = memoryStorage();
    await (await alone.open("room")).commit([{ type: "handled-add", messageId: "a" }]);
    expect((await (await memoryStorage().open("room")).load()).handled).toEqual([]);
  });

  it("refuses a volume it did not make with InvalidArgumentError", async () => {
    const forged = { channelIds: () => [] } as MemoryVolume;
    await expect(async () => (await memoryStorage({ volume: forged })).open("x")).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
  });

  it("applies commits synchronously in call order, even when issued without awaiting", async () => {
    const channel = await memoryStorage().open("order");
    const commits = ["a", "b", "c"].map((id) => channel.commit([{ type: "handled-add", messageId: id }]));
    const loaded = channel.load();
    await Promise.all(commits);
    expect((await loaded).handled).toEqual(["a", "b", "c"]);
  });

  it("validateStorageOps names the first bad op and refuses lone surrogates; validateChannelId too", () => {
    const ops: StorageOp[] = [
      { type: "handled-add", messageId: "fine" },
      { type: "handled-add", messageId: "bad\uD83D" },
    ];
    expect(() => validateStorageOps(ops)).toThrow(/#1/);
    expect(() => validateStorageOps([{ type: "meta-put", key: "\uDE00", value: new Uint8Array() }])).toThrow(
      InvalidArgumentError,
    );
    expect(() => validateStorageOps([{ type: "handled-add", messageId: "pair-😀" }])).not.toThrow();
    expect(() => validateChannelId("room\uDBFF")).toThrow(InvalidArgumentError);
    expect(() => validateChannelId(7)).toThrow(InvalidArgumentError);
    expect(() => validateChannelId("room-😀")).not.toThrow();
  });

  it("compareMessageIds orders by UTF-8 bytes, not by UTF-16 code units", () => {
    // U+FF61 is one UTF-16 unit above the surrogates; U+1F600 is a surrogate pair (below it in UTF-16,
    // above it in UTF-8).
    const ids = ["😀", "\uFF61", "a"];
    expect([...ids].sort(compareMessageIds)).toEqual(["a", "\uFF61", "😀"]);
    expect([...ids].sort()).toEqual(["a", "😀", "\uFF61"]);
  });
});
