import { silentLogger } from "@reliable-channel/interfaces";
import { createSdsCore } from "@reliable-channel/sds";
import { createSeededRandom, createVirtualClock } from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { SyncScheduler, type SyncSchedulerComponents } from "../src/sync-scheduler.js";
import { TimerSet } from "../src/timer-set.js";
import { drive } from "./helpers/drive.js";
import { recordingPublisher } from "./helpers/parts.js";

const START = 1_000_000;
const MIN = 100;
const INTERVAL = 10_000;
const SEED = 41;

/** Alice's sync scheduler over her own core, publishing into a recorder. */
function scene(
  overrides: Partial<Pick<SyncSchedulerComponents, "repair" | "mayName" | "everyoneNames">> = {},
) {
  const clock = createVirtualClock({ startAt: START });
  const publisher = recordingPublisher(clock);
  const sync = new SyncScheduler(
    {
      core: createSdsCore({ channelId: "c", participantId: "alice" }),
      publisher,
      repair: undefined,
      timers: new TimerSet(clock),
      clock,
      random: createSeededRandom(SEED),
      logger: silentLogger,
      signal: new AbortController().signal,
      mayName: () => true,
      ...overrides,
    },
    { syncIntervalMs: INTERVAL, syncMinDelayMs: MIN },
  );
  /** Times (ms since START) of the publishes of `kind`. */
  const times = (kind: "sync" | "repair" = "sync") =>
    publisher.published.filter((p) => p.kind === kind).map((p) => p.at - START);
  return { clock, sync, times };
}

describe(`SyncScheduler (seed ${SEED})`, () => {
  it("syncs soon after start, then every syncIntervalMs × [0.5, 1.5]", async () => {
    const { clock, sync, times } = scene();
    sync.start();
    await drive(clock, 100_000, 50);
    const at = times();
    expect(at[0]).toBeGreaterThanOrEqual(MIN);
    expect(at[0]).toBeLessThanOrEqual(2 * MIN);
    const gaps = at.slice(1).map((t, i) => t - (at[i] ?? 0));
    expect(gaps.length).toBeGreaterThanOrEqual(100_000 / (1.5 * INTERVAL) - 1);
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(0.5 * INTERVAL);
      expect(gap).toBeLessThanOrEqual(1.5 * INTERVAL + 50);
    }
  });

  it("syncs soon after the first of a burst of deliveries, then at most once per syncMinDelayMs", async () => {
    const { clock, sync, times } = scene();
    sync.start();
    await drive(clock, 1_000);
    const before = times().length;
    const t = clock.now() - START;
    // Ten deliveries 50 ms apart: longer than syncMinDelayMs, so a timer re-armed by each would wait them out.
    for (let i = 0; i < 10; i += 1) {
      sync.delivered([{ messageId: `m${i}`, senderId: "bob" }]);
      await drive(clock, 50, 10);
    }
    await drive(clock, 2 * MIN, 10);
    const soon = times().slice(before);
    expect(soon[0]).toBeGreaterThanOrEqual(t + MIN);
    expect(soon[0]).toBeLessThanOrEqual(t + 2 * MIN);
    expect(soon.length).toBeLessThan(10);
    soon.slice(1).forEach((at, i) => {
      expect(at - (soon[i] ?? 0)).toBeGreaterThanOrEqual(MIN);
    });
  });

  it("another participant's sync naming what we delivered postpones ours; the sender's own naming does not", async () => {
    const postponed = scene();
    const kept = scene();
    for (const { clock, sync } of [postponed, kept]) {
      sync.start();
      await drive(clock, 1_000);
    }
    postponed.sync.delivered([{ messageId: "m1", senderId: "bob" }]);
    postponed.sync.remoteSync("carol", [{ messageId: "m1" }]);
    kept.sync.delivered([{ messageId: "m1", senderId: "bob" }]);
    kept.sync.remoteSync("bob", [{ messageId: "m1" }]);
    for (const { clock } of [postponed, kept]) await drive(clock, 2 * MIN + 50, 10);
    expect(postponed.times()).toHaveLength(1);
    expect(kept.times()).toHaveLength(2);
  });

  it("waits while it may not name our messages, then syncs", async () => {
    const gate = { open: false };
    const { clock, sync, times } = scene({ mayName: () => gate.open });
    sync.start();
    await drive(clock, 5_000);
    expect(times()).toEqual([]);
    gate.open = true;
    await drive(clock, MIN + 50, 10);
    expect(times()).toHaveLength(1);
  });

  it("sends due repair requests in a sync and rebroadcasts due repair responses when the plug-in says", async () => {
    const response = Uint8Array.of(4, 2);
    const due = START + 3_000;
    const state = { answered: false };
    const { clock, sync, times } = scene({
      repair: {
        nextDueAt: () => (state.answered ? undefined : due),
        // Requests are due at `due` only (the sync then carries them).
        hasDueRequests: (now) => now === due,
        due: (now) => {
          if (state.answered || now < due) return [];
          state.answered = true;
          return [response];
        },
      },
    });
    sync.armRepair();
    await drive(clock, 5_000, 10);
    expect(times()).toEqual([3_000]);
    expect(times("repair")).toEqual([3_000]);
  });
});
