import { createMemoryNetwork, type MemoryNetwork } from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { EphemeralDroppedError, memoryUsageStore, rateLimited, type UsageStore } from "../src/index.js";
import { type Published, perEpoch, recording, text, turn } from "./helpers.js";

const EPOCH_MS = 1_000;
const QUOTA = 10;

function setup(
  network: MemoryNetwork,
  log: Published[],
  store: UsageStore = memoryUsageStore(),
  id = "alice",
) {
  const inner = recording(network.join(id), () => network.clock.now(), log);
  return rateLimited(inner, { messagesPerEpoch: QUOTA, epochMs: EPOCH_MS }, { clock: network.clock, store });
}

/** Runs the virtual clock (and the promises it releases) until `done` holds. */
async function until(network: MemoryNetwork, done: () => boolean, maxMs = 600_000): Promise<void> {
  const end = network.clock.now() + maxMs;
  await turn();
  while (!done() && network.clock.now() < end) {
    network.clock.advance(50);
    await turn();
    await turn();
  }
}

describe("rateLimited", () => {
  it("a burst of 10× the quota: never more than the quota per epoch, every publish resolves, in order", async () => {
    const network = createMemoryNetwork({ seed: 1 });
    const log: Published[] = [];
    const limited = setup(network, log);
    await limited.start();
    let resolved = 0;
    const all = Array.from({ length: 10 * QUOTA }, (_, i) =>
      limited.publish(text(`m${i}`)).then(() => resolved++),
    );
    await until(network, () => resolved === all.length);
    await Promise.all(all);
    expect(log.map((p) => p.text)).toEqual(Array.from({ length: 10 * QUOTA }, (_, i) => `m${i}`));
    const counts = [...perEpoch(log, EPOCH_MS).values()];
    expect(Math.max(...counts)).toBe(QUOTA);
    expect(counts).toHaveLength(10);
    await limited.stop();
  });

  it("lets content out first, then retries, repair responses and syncs; syncs and repeated bytes coalesce", async () => {
    const network = createMemoryNetwork({ seed: 2 });
    const log: Published[] = [];
    const limited = setup(network, log);
    await limited.start();
    const first = Array.from({ length: QUOTA }, (_, i) => limited.publish(text(`c${i}`)));
    await Promise.all(first);
    const waiting = [
      limited.publish(text("sync-1"), { kind: "sync" }),
      limited.publish(text("repair-1"), { kind: "repair" }),
      limited.publish(text("retry-1"), { kind: "retry" }),
      limited.publish(text("content-late"), { kind: "content" }),
      limited.publish(text("sync-2"), { kind: "sync" }),
      limited.publish(text("repair-1"), { kind: "repair" }),
    ];
    expect(limited.usage().queued).toBe(4);
    await until(network, () => limited.usage().queued === 0);
    const results = await Promise.all(waiting);
    expect(log.slice(QUOTA).map((p) => p.text)).toEqual(["content-late", "retry-1", "repair-1", "sync-2"]);
    expect(log.slice(QUOTA).map((p) => p.kind)).toEqual(["content", "retry", "repair", "sync"]);
    // Coalesced callers share the outcome of the publish that went out.
    expect(results[0]).toEqual(results[4]);
    expect(results[1]).toEqual(results[5]);
    await limited.stop();
  });

  it("says when publishes start waiting (queue length, next slot) and when the queue drained", async () => {
    const network = createMemoryNetwork({ seed: 3 });
    const limited = setup(network, []);
    await limited.start();
    const events: string[] = [];
    limited.on("queue-waiting", ({ queued, nextSlotAt }) => events.push(`waiting ${queued} ${nextSlotAt}`));
    limited.on("queue-drained", ({ waitedMs }) => events.push(`drained ${waitedMs}`));
    const start = network.clock.now();
    const epochEnd = Math.floor(start / EPOCH_MS) * EPOCH_MS + EPOCH_MS;
    const all = Array.from({ length: QUOTA + 3 }, (_, i) => limited.publish(text(`m${i}`)));
    // `queue-drained` fires on the timer turn after the queue emptied, if it stayed empty.
    await until(network, () => events.some((event) => event.startsWith("drained")));
    await Promise.all(all);
    expect(events[0]).toBe(`waiting 3 ${epochEnd}`);
    expect(events).toHaveLength(2);
    expect(events[1]).toMatch(/^drained \d+$/);
    const waited = Number(events[1]?.split(" ")[1]);
    expect(waited).toBeGreaterThanOrEqual(epochEnd - start);
    await limited.stop();
  });

  it("drops ephemerals once usage reaches the threshold (approached) or publishes wait (reached), never before", async () => {
    const network = createMemoryNetwork({ seed: 4 });
    const log: Published[] = [];
    const limited = setup(network, log);
    await limited.start();
    // Align to the start of an epoch, so the whole test runs inside one.
    network.clock.advance(EPOCH_MS - (network.clock.now() % EPOCH_MS));
    const drops: string[] = [];
    limited.on("ephemeral-dropped", ({ reason, used }) => drops.push(`${reason} at ${used}`));
    for (let i = 0; i < 9; i++) await limited.publish(text(`e${i}`), { kind: "ephemeral" });
    expect(drops).toEqual([]);
    const dropped = limited.publish(text("e9"), { kind: "ephemeral" });
    await expect(dropped).rejects.toBeInstanceOf(EphemeralDroppedError);
    await expect(dropped).rejects.toMatchObject({ reason: "approached" });
    // The last slot still serves content; then content waits, and an ephemeral meets a full quota.
    await limited.publish(text("c0"));
    const queued = limited.publish(text("c1"));
    await expect(limited.publish(text("e10"), { kind: "ephemeral" })).rejects.toMatchObject({
      reason: "reached",
    });
    expect(drops).toEqual(["approached at 9", "reached at 10"]);
    await until(network, () => limited.usage().queued === 0);
    await queued;
    expect(log.filter((p) => p.kind === "ephemeral")).toHaveLength(9);
    await limited.stop();
  });

  it("a restart mid-epoch does not burst: the epoch's usage comes back from the store", async () => {
    const network = createMemoryNetwork({ seed: 5 });
    const log: Published[] = [];
    const store = memoryUsageStore();
    network.clock.advance(EPOCH_MS - (network.clock.now() % EPOCH_MS));
    const before = setup(network, log, store);
    await before.start();
    await Promise.all(Array.from({ length: 6 }, (_, i) => before.publish(text(`a${i}`))));
    await before.stop();
    network.clock.advance(EPOCH_MS / 2);
    const after = setup(network, log, store, "alice-restarted");
    await after.start();
    expect(after.usage().used).toBe(6);
    const burst = Array.from({ length: 10 }, (_, i) => after.publish(text(`b${i}`)));
    await turn();
    expect(log).toHaveLength(QUOTA);
    await until(network, () => after.usage().queued === 0);
    await Promise.all(burst);
    expect(Math.max(...perEpoch(log, EPOCH_MS).values())).toBe(QUOTA);
    await after.stop();
  });

  it("an aborted waiting publish leaves the queue and rejects with the signal's reason", async () => {
    const network = createMemoryNetwork({ seed: 6 });
    const log: Published[] = [];
    const limited = setup(network, log);
    await limited.start();
    await Promise.all(Array.from({ length: QUOTA }, (_, i) => limited.publish(text(`c${i}`))));
    const controller = new AbortController();
    const aborted = limited.publish(text("gone"), { signal: controller.signal });
    const kept = limited.publish(text("kept"));
    controller.abort(new Error("not needed any more"));
    await expect(aborted).rejects.toThrow("not needed any more");
    expect(limited.usage().queued).toBe(1);
    await until(network, () => limited.usage().queued === 0);
    await kept;
    expect(log.map((p) => p.text)).not.toContain("gone");
    await limited.stop();
  });

  it("stop() rejects what waits with NotStartedError; publishing before start() rejects too", async () => {
    const network = createMemoryNetwork({ seed: 7 });
    const limited = setup(network, []);
    await expect(limited.publish(text("early"))).rejects.toMatchObject({ name: "NotStartedError" });
    await limited.start();
    await Promise.all(Array.from({ length: QUOTA }, (_, i) => limited.publish(text(`c${i}`))));
    const waiting = limited.publish(text("late"));
    await limited.stop();
    await expect(waiting).rejects.toMatchObject({ name: "NotStartedError" });
    expect(network.clock.pending()).toBe(0);
  });
});
