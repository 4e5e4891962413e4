import { InvalidArgumentError } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import { createMetricsRecorder } from "../src/metrics/recorder.js";
import { syntheticRun } from "./synthetic-run.js";

describe("createMetricsRecorder", () => {
  it("counts delivered-to-all per sender once per message, only with a roster", () => {
    const run = syntheticRun();
    const withRoster = createMetricsRecorder({ participants: run.participants, roster: true });
    const without = createMetricsRecorder({ participants: run.participants });
    for (const recorder of [withRoster, without]) {
      for (const event of run.events) recorder.record(event);
      for (const at of [100, 110])
        recorder.record({ kind: "delivered-to-all", at, participant: "a", messageId: "m1" });
    }
    expect(withRoster.snapshot().participants.map((row) => row.deliveredToAll)).toEqual([1, 0, 0]);
    expect(withRoster.snapshot().total.deliveredToAll).toBe(1);
    expect(without.snapshot().total.deliveredToAll).toBeUndefined();
  });

  it("counts per participant and in total, with latencies from send to delivery", () => {
    const run = syntheticRun();
    const recorder = createMetricsRecorder({ participants: run.participants });
    for (const event of run.events) recorder.record(event);
    const metrics = recorder.snapshot();
    const [a, b, c] = metrics.participants;
    expect(a).toMatchObject({
      participant: "a",
      sent: 1,
      expected: 1,
      delivered: 1,
      duplicates: 1,
      acknowledged: 1,
    });
    expect(a?.latencyP50).toBe(5);
    expect(b).toMatchObject({ sent: 1, delivered: 1, latencyP50: 10, latencyP95: 10 });
    expect(c).toMatchObject({ sent: 0, expected: 2, delivered: 2, retrieved: 1, repaired: 1 });
    expect(c?.latencyP50).toBe(50);
    expect(c?.latencyP95).toBe(60);
    expect(metrics.total).toMatchObject({
      participant: "total",
      sent: 2,
      expected: 4,
      delivered: 4,
      duplicates: 1,
      retrieved: 1,
      repaired: 1,
      acknowledged: 2,
      latencyP50: 10,
      latencyP95: 60,
    });
    expect(metrics.deliveryTimes).toEqual([10, 25, 60, 70]);
    expect(metrics.acknowledgementTimes).toEqual([80, 90]);
    expect(metrics.faults).toEqual([{ at: 15, participant: "c", label: "c offline" }]);
    expect(metrics.lastEventAt).toBe(90);
    expect([recorder.sentCount, recorder.deliveredCount, recorder.acknowledgedCount]).toEqual([2, 4, 2]);
  });

  it("keeps repeated deliveries in the trace but counts each message once", () => {
    const recorder = createMetricsRecorder({ participants: ["a", "b"] });
    recorder.record({ kind: "sent", at: 0, participant: "a", messageId: "m1" });
    recorder.record({ kind: "delivered", at: 1, participant: "b", messageId: "m1", sender: "a" });
    recorder.record({ kind: "delivered", at: 2, participant: "b", messageId: "m1", sender: "a" });
    recorder.record({ kind: "acknowledged", at: 3, participant: "a", messageId: "m1" });
    recorder.record({ kind: "acknowledged", at: 4, participant: "a", messageId: "m1" });
    expect(recorder.snapshot().total).toMatchObject({ delivered: 1, acknowledged: 1 });
    expect(recorder.trace().deliveries.get("b")).toEqual(["m1", "m1"]);
  });

  it("notifies listeners on every event until removed", () => {
    const recorder = createMetricsRecorder({ participants: ["a"] });
    let calls = 0;
    const off = recorder.onChange(() => {
      calls += 1;
    });
    recorder.record({ kind: "sent", at: 0, participant: "a", messageId: "m1" });
    off();
    recorder.record({ kind: "sent", at: 0, participant: "a", messageId: "m2" });
    expect(calls).toBe(1);
  });

  it("rejects events of unknown participants", () => {
    const recorder = createMetricsRecorder({ participants: ["a"] });
    expect(() => recorder.record({ kind: "duplicate", at: 0, participant: "zed" })).toThrow(
      InvalidArgumentError,
    );
  });
});
