import { describe, expect, it } from "vitest";
import { drawSchedule, SCHEDULE_BOUNDS } from "../src/schedule.js";

const SEEDS = Array.from({ length: 500 }, (_, i) => i + 1);

describe("drawSchedule", () => {
  it("is the same for the same seed", () => {
    expect(drawSchedule(42)).toEqual(drawSchedule(42));
    expect(drawSchedule(42)).not.toEqual(drawSchedule(43));
  });

  it("stays within the bounds: 3–8 founders, 20–80 messages, loss ≤ 50 %, spells well within retention", () => {
    for (const seed of SEEDS) {
      const s = drawSchedule(seed);
      const why = `seed ${seed}`;
      const founders = s.participants.filter((p) => p.joinAtMs === 0);
      expect(founders.length, why).toBeGreaterThanOrEqual(3);
      expect(founders.length, why).toBeLessThanOrEqual(8);
      expect(s.sendsAtMs.length, why).toBeGreaterThanOrEqual(20);
      expect(s.sendsAtMs.length, why).toBeLessThanOrEqual(80);
      expect(s.loss, why).toBeLessThanOrEqual(SCHEDULE_BOUNDS.maxLoss);
      for (const p of s.participants) {
        for (const spell of [...p.offline, ...p.stopped]) {
          expect(spell.toMs - spell.fromMs, why).toBeLessThanOrEqual(s.retentionMs / 3);
          expect(spell.toMs, why).toBeLessThanOrEqual(s.lastActionMs);
        }
        for (const spell of p.stopped) expect(spell.fromMs, why).toBeGreaterThan(p.joinAtMs);
        if (p.storage === "sqlite") expect(p.stopped.length, why).toBeGreaterThan(0);
      }
      for (const cut of s.partitions) {
        expect(cut.groupA.length * cut.groupB.length, why).toBeGreaterThan(0);
        expect([...cut.groupA, ...cut.groupB].sort(), why).toEqual(founders.map((p) => p.id).sort());
      }
    }
  });

  it("covers every kind of fault across seeds", () => {
    const all = SEEDS.map(drawSchedule);
    const some = (f: (s: ReturnType<typeof drawSchedule>) => boolean) => all.filter(f).length;
    expect(some((s) => s.participants.some((p) => p.offline.length > 0))).toBeGreaterThan(250);
    expect(
      some((s) => s.participants.some((p) => p.stopped.length > 0 && p.storage === "sqlite")),
    ).toBeGreaterThan(100);
    expect(
      some((s) => s.participants.some((p) => p.stopped.length > 0 && p.storage === "memory")),
    ).toBeGreaterThan(100);
    expect(some((s) => s.participants.some((p) => p.joinAtMs > 0))).toBeGreaterThan(250);
    expect(some((s) => s.partitions.length > 0)).toBeGreaterThan(250);
    expect(some((s) => s.repair)).toBeGreaterThan(200);
    expect(some((s) => !s.repair)).toBeGreaterThan(200);
    expect(some((s) => s.loss === 0)).toBeGreaterThan(50);
    expect(some((s) => s.loss >= 0.4)).toBeGreaterThan(50);
  });
});
