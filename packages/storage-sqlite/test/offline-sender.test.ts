import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createReliableChannel, type ReliableChannel } from "@reliable-channel/channel";
import type { MessageReceivedEvent } from "@reliable-channel/interfaces";
import {
  createMemoryNetwork,
  createSeededRandom,
  type VirtualClock,
} from "@reliable-channel/transport-memory";
import { afterEach, beforeEach, expect, it } from "vitest";
import { sqliteStorage } from "../src/index.js";

const SEED = 11;
const HOUR = 3_600_000;

/** Advances virtual time in steps, turning the event loop between them so commits and events catch up. */
async function drive(clock: VirtualClock, ms: number, stepMs = 500): Promise<void> {
  const end = clock.now() + ms;
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  await turn();
  while (clock.now() < end) {
    clock.advance(Math.min(stepMs, end - clock.now()));
    await turn();
    await turn();
  }
}

let directory = "";
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "storage-sqlite-offline-"));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

it(`replays the whole outbox, in order and once, of a sender offline and shut down for hours (seed ${SEED})`, async () => {
  const network = createMemoryNetwork({ seed: SEED, retentionMs: 24 * HOUR });
  const open = (id: "A" | "B", storage = {}) =>
    createReliableChannel({
      channelId: "offline",
      participantId: id,
      transport: network.transport(id) ?? network.join(id),
      clock: network.clock,
      random: createSeededRandom(SEED + id.charCodeAt(0)),
      ...storage,
    });
  const b = await open("B");
  const received: MessageReceivedEvent[] = [];
  b.on("message-received", (event) => received.push(event));
  let a: ReliableChannel = await open("A", { storage: sqliteStorage({ path: directory }) });

  network.setOffline("A", true);
  const ids: string[] = [];
  for (let i = 0; i < 12; i++) ids.push(await a.send(new TextEncoder().encode(`offline #${i}`)));
  await drive(network.clock, 60_000); // retries fail while offline
  await a.stop(); // shut down with the whole outbox unacknowledged
  network.clock.advance(6 * HOUR);

  network.setOffline("A", false);
  a = await open("A", { storage: sqliteStorage({ path: directory }) });
  await drive(network.clock, 5 * 60_000);

  expect(received.map((event) => event.messageId)).toStrictEqual(ids);
  const lamports = received.map((event) => event.lamportTimestamp);
  expect(lamports).toStrictEqual([...lamports].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
  expect(a.outboxSize).toBe(0);
  await a.stop();
  await b.stop();
});
