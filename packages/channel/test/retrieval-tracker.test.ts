import { describe, expect, it } from "vitest";
import { RetrievalTracker } from "../src/retrieval-tracker.js";

const policy = {
  backoff: { baseDelayMs: 1_000, maxDelayMs: 4_000, factor: 2, jitter: 0 },
  maxAttempts: 3,
  missingTimeoutMs: 60_000,
};
const fixed = { next: () => 0.5 };
const hinted = (id: string) => ({ messageId: id, retrievalHint: new Uint8Array([1, id.length]) });

describe("RetrievalTracker", () => {
  it("queries a hinted entry at once, then with backoff, then gives it up as not-in-store", () => {
    const tracker = new RetrievalTracker(policy, fixed);
    tracker.add([hinted("a")], 0);
    expect(tracker.due(0).map((e) => e.messageId)).toEqual(["a"]);
    tracker.queried(["a"], 0);
    expect(tracker.due(999)).toEqual([]);
    expect(tracker.nextWakeAt()).toBe(1_000);
    tracker.queried(["a"], 1_000);
    expect(tracker.nextWakeAt()).toBe(3_000);
    tracker.queried(["a"], 3_000);
    expect(tracker.due(100_000)).toEqual([]);
    expect(tracker.takeExpired(6_999)).toEqual({ notInStore: [], timeout: [] });
    expect(tracker.takeExpired(7_000)).toEqual({ notInStore: ["a"], timeout: [] });
    expect(tracker.size).toBe(0);
  });

  it("never queries an entry without a hint and expires it after the timeout", () => {
    const tracker = new RetrievalTracker(policy, fixed);
    tracker.add([{ messageId: "b" }], 10);
    expect(tracker.due(10)).toEqual([]);
    expect(tracker.nextWakeAt()).toBe(60_010);
    expect(tracker.takeExpired(60_009).timeout).toEqual([]);
    expect(tracker.takeExpired(60_010).timeout).toEqual(["b"]);
  });

  it("forgets resolved ids and ids the core no longer misses", () => {
    const tracker = new RetrievalTracker(policy, fixed);
    tracker.add([hinted("a"), hinted("b"), hinted("c")], 0);
    tracker.resolve(["a"]);
    tracker.retain(new Set(["b"]));
    expect(tracker.has("a")).toBe(false);
    expect(tracker.has("b")).toBe(true);
    expect(tracker.has("c")).toBe(false);
  });

  it("keeps the first time an id went missing when it is added again", () => {
    const tracker = new RetrievalTracker(policy, fixed);
    tracker.add([{ messageId: "x" }], 0);
    tracker.add([{ messageId: "x" }], 50_000);
    expect(tracker.takeExpired(60_000).timeout).toEqual(["x"]);
  });
});

describe("RetrievalTracker without giving up on the store", () => {
  it("keeps an exhausted entry until the timeout and does not wake before it", () => {
    const tracker = new RetrievalTracker(policy, fixed, { giveUpWhenNotInStore: false });
    tracker.add([hinted("a")], 0);
    for (const at of [0, 1_000, 3_000]) tracker.queried(["a"], at);
    expect(tracker.takeExpired(10_000)).toEqual({ notInStore: [], timeout: [] });
    expect(tracker.nextWakeAt()).toBe(60_000);
    expect(tracker.takeExpired(60_000).timeout).toEqual(["a"]);
  });
});

describe("RetrievalTracker holds", () => {
  it("does not give up a hinted entry before the store answered one query for it", () => {
    const tracker = new RetrievalTracker(policy, fixed, { giveUpWhenNotInStore: false });
    tracker.add([hinted("a")], 0);
    tracker.queried(["a"], 0);
    tracker.failed(["a"], 0); // the store was not reached: it does not count
    expect(tracker.takeExpired(60_000).timeout).toEqual([]);
    expect(tracker.nextWakeAt()).toBeGreaterThan(0);
    expect(tracker.nextWakeAt()).toBeLessThan(60_000);
    tracker.queried(["a"], 61_000);
    expect(tracker.takeExpired(61_000).timeout).toEqual(["a"]);
  });

  it("keeps an entry the caller holds, wakes at the end of the hold, and asks again then", () => {
    const tracker = new RetrievalTracker(policy, fixed);
    tracker.add([{ messageId: "b" }], 0);
    const asked: [string, number, number][] = [];
    const holdTill =
      (until: number) => (entry: { messageId: string }, info: { since: number; order: number }) => {
        asked.push([entry.messageId, info.since, info.order]);
        return until;
      };
    expect(tracker.takeExpired(60_000, holdTill(90_000)).timeout).toEqual([]);
    expect(asked).toEqual([["b", 0, 1]]);
    expect(tracker.nextWakeAt()).toBe(90_000);
    expect(tracker.takeExpired(89_999, holdTill(0)).timeout).toEqual([]);
    expect(asked).toHaveLength(1); // not asked again within the hold
    expect(tracker.takeExpired(90_000, holdTill(0)).timeout).toEqual(["b"]);
  });

  it("holds until further notice without waking, until unhold; a learned hint lifts the hold", () => {
    const tracker = new RetrievalTracker(policy, fixed);
    tracker.add([{ messageId: "b" }, { messageId: "c" }], 0);
    const forever = () => Number.POSITIVE_INFINITY;
    expect(tracker.takeExpired(60_000, forever).timeout).toEqual([]);
    expect(tracker.nextWakeAt()).toBeUndefined();
    expect(tracker.learnHints([hinted("c")], 70_000)).toBe(true);
    expect(tracker.nextWakeAt()).toBe(70_000);
    expect(tracker.due(70_000).map((e) => e.messageId)).toEqual(["c"]);
    tracker.unhold();
    expect(tracker.nextWakeAt()).toBe(60_000);
    expect(tracker.takeExpired(80_000).timeout).toEqual(["b"]);
    expect(tracker.earliestSince()).toBe(0);
  });
});

describe("RetrievalTracker scanning for entries without a hint", () => {
  const scanning = { giveUpWhenNotInStore: true, scansHintless: true };

  it("makes a scan due after the base delay, then with backoff (one scan for all), at most maxAttempts times", () => {
    const tracker = new RetrievalTracker(policy, fixed, scanning);
    tracker.add([{ messageId: "b" }, hinted("a")], 10);
    expect(tracker.scanDue(10)).toEqual([]);
    expect(tracker.due(10).map((e) => e.messageId)).toEqual(["a"]);
    tracker.queried(["a"], 10);
    tracker.add([{ messageId: "c" }], 500);
    expect(tracker.nextWakeAt()).toBe(1_010);
    expect(tracker.scanDue(1_010)).toEqual(["b"]);
    expect(tracker.scanDue(1_500)).toEqual(["b", "c"]);
    tracker.scanned(["b", "c"], 1_500);
    expect(tracker.scanDue(3_499)).toEqual([]);
    // While that scan is under way nothing else falls due for a scan; the hinted entry's next query does.
    expect(tracker.nextWakeAt(true)).toBe(1_010);
    tracker.resolve(["a"]);
    expect(tracker.nextWakeAt(true)).toBe(60_010);
    expect(tracker.nextWakeAt()).toBe(3_500);
    tracker.scanned(["b", "c"], 3_500);
    tracker.scanned(["b", "c"], 7_500);
    expect(tracker.scanDue(1_000_000)).toEqual([]);
    expect(tracker.nextWakeAt()).toBe(60_010);
  });

  it("a scan that could not read the store does not count", () => {
    const tracker = new RetrievalTracker(policy, fixed, scanning);
    tracker.add([{ messageId: "b" }], 0);
    for (const at of [1_000, 3_000]) tracker.scanned(["b"], at);
    tracker.failed(["b"], 7_000);
    tracker.scanned(["b"], 9_000);
    expect(tracker.scanDue(100_000)).toEqual(["b"]);
  });

  it("a hint learned later replaces the scans with store queries by hash", () => {
    const tracker = new RetrievalTracker(policy, fixed, scanning);
    tracker.add([{ messageId: "b" }], 0);
    tracker.scanned(["b"], 1_000);
    expect(tracker.learnHints([hinted("b")], 2_000)).toBe(true);
    expect(tracker.due(2_000).map((e) => e.messageId)).toEqual(["b"]);
    expect(tracker.scanDue(100_000)).toEqual([]);
  });

  it("never scans when not so configured", () => {
    const tracker = new RetrievalTracker(policy, fixed);
    tracker.add([{ messageId: "b" }], 0);
    expect(tracker.scanDue(100_000)).toEqual([]);
    expect(tracker.nextWakeAt()).toBe(60_000);
  });
});
