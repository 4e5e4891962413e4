import { storageComplianceSuite } from "@reliable-channel/compliance";
import { InvalidArgumentError, StorageLockedError } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import { createMemoryVolume, type MemoryVolume, memoryStorage } from "../src/index.js";

storageComplianceSuite("memory", () => {
  const volume = createMemoryVolume();
  return { open: async () => memoryStorage({ volume }) };
});

describe("memoryStorage", () => {
  it("keeps state on its volume only: a fresh storage starts empty", async () => {
    const first = memoryStorage();
    const channel = await first.open("c");
    await channel.commit([{ type: "counters", counters: { sequence: 4n } }]);
    await first.close();
    const second = await memoryStorage().open("c");
    expect((await second.load()).counters.sequence).toBe(0n);
  });

  it("lists the channels with state on a volume", async () => {
    const volume = createMemoryVolume();
    const storage = memoryStorage({ volume });
    await storage.open("x");
    await storage.open("y");
    expect(volume.channelIds()).toStrictEqual(["x", "y"]);
  });

  it("locks channels per volume, not per process", async () => {
    await memoryStorage().open("same");
    await expect(memoryStorage().open("same")).resolves.toBeDefined();
    const volume = createMemoryVolume();
    await memoryStorage({ volume }).open("same");
    await expect(memoryStorage({ volume }).open("same")).rejects.toBeInstanceOf(StorageLockedError);
  });

  it("rejects a volume it did not make", () => {
    const fake: MemoryVolume = { channelIds: () => [] };
    expect(() => memoryStorage({ volume: fake })).toThrow(InvalidArgumentError);
  });
});
