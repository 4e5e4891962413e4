import { describe, expect, it } from "vitest";
import { deliveryViolations, unacknowledged } from "./helpers/check.js";
import { runScenario, type ScenarioInit } from "./helpers/scenario.js";

/** The scenario: 10 participants, 200 messages, 30 % loss, duplication, reordering, a partition
 * that heals, and one participant offline for a minute and a half (well within the store's retention). */
const WITHIN_RETENTION: Omit<ScenarioInit, "seed"> = {
  participants: 10,
  messages: 200,
  sendWindowMs: 200_000,
  loss: 0.3,
  duplication: 0.1,
  reorder: 0.2,
  partition: { fromMs: 30_000, toMs: 70_000 },
  offline: { member: 9, fromMs: 40_000, toMs: 130_000 },
  retentionMs: 3_600_000,
  settleMs: 900_000,
  repair: true,
};

/** The same run, but the store keeps messages 60 s and the participant is offline for 120 s (no repair). */
const BEYOND_RETENTION: Omit<ScenarioInit, "seed"> = {
  ...WITHIN_RETENTION,
  offline: { member: 9, fromMs: 40_000, toMs: 160_000 },
  retentionMs: 60_000,
  repair: false,
};

describe("simulation: 10 participants × 200 messages under loss, duplication, reordering, partition, offline", () => {
  for (const seed of [1, 2, 3]) {
    it(`within retention: all delivered exactly once in causal order, all acknowledged (seed ${seed})`, async () => {
      const run = await runScenario({ seed, ...WITHIN_RETENTION });
      const why = `seed ${seed}`;
      expect(run.sentBy.size, why).toBe(200);
      expect(deliveryViolations(run), why).toEqual([]);
      expect(unacknowledged(run), why).toEqual([]);
      expect(
        run.members.flatMap((m) => m.recorder.of("irretrievable")),
        why,
      ).toEqual([]);
      expect(
        run.members.flatMap((m) => m.recorder.of("send-failed")),
        why,
      ).toEqual([]);
      expect(run.pendingAfterStop, why).toBe(0);
    }, 60_000);
  }

  for (const seed of [1, 2]) {
    it(`offline past retention: irretrievable is reported, nothing else lost, no hang (seed ${seed})`, async () => {
      const run = await runScenario({ seed, ...BEYOND_RETENTION });
      const why = `seed ${seed}`;
      const offline = run.members[9];
      const backAt = 160_000;
      // The returning participant may never hear of messages sent while it was away; everything else holds.
      const excused = (memberId: string, id: string) =>
        memberId === "p9" && (run.sentAt.get(id) ?? 0) < backAt;
      expect(deliveryViolations(run, excused), why).toEqual([]);
      const lost = offline?.recorder.of("irretrievable") ?? [];
      expect(lost.length, why).toBeGreaterThan(0);
      expect(new Set(lost.map((event) => event.reason)), why).toEqual(new Set(["not-in-store"]));
      for (const member of run.members.slice(0, 9))
        expect(member.recorder.of("irretrievable"), why).toEqual([]);
      expect(unacknowledged(run), why).toEqual([]);
      expect(
        run.members.map((m) => m.channel.syncStatus.missing),
        why,
      ).toEqual(Array(10).fill(0));
      expect(offline?.channel.syncStatus.lost, why).toBe(lost.reduce((n, e) => n + e.messageIds.length, 0));
      expect(run.pendingAfterStop, why).toBe(0);
    }, 60_000);
  }
});
