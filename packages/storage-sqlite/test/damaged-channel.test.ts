import { mkdtemp, rm, truncate } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createReliableChannel } from "@reliable-channel/channel";
import { StorageCorruptionError } from "@reliable-channel/interfaces";
import { createMemoryNetwork, createSeededRandom } from "@reliable-channel/transport-memory";
import { afterEach, beforeEach, expect, it } from "vitest";
import { channelFile } from "../src/channel-file.js";
import { sqliteStorage } from "../src/index.js";

const SEED = 16;

let directory = "";
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "storage-sqlite-damaged-channel-"));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

it("a channel whose database was truncated to 0 bytes fails to start with StorageCorruptionError, not as a new channel with its resolved sends gone", async () => {
  const network = createMemoryNetwork({ seed: SEED });
  const open = () =>
    createReliableChannel({
      channelId: "damaged",
      participantId: "A",
      transport: network.transport("A") ?? network.join("A"),
      clock: network.clock,
      random: createSeededRandom(SEED),
      storage: sqliteStorage({ path: directory }),
    });
  const a = await open();
  network.setOffline("A", true);
  for (let i = 0; i < 5; i++) await a.send(new TextEncoder().encode(`resolved #${i}`));
  expect(a.outboxSize).toBe(5);
  await a.stop();

  await truncate(channelFile(directory, "damaged"), 0);
  await expect(open()).rejects.toBeInstanceOf(StorageCorruptionError);
});
