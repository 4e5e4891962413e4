import { describe, expect, it } from "vitest";
import type { DemoEvent } from "../src/metrics/demo-event.js";
import { allPassed, checkGuarantees, type GuaranteeId } from "../src/metrics/guarantees.js";
import { createMetricsRecorder } from "../src/metrics/recorder.js";
import { syntheticRun } from "./synthetic-run.js";

function check(events: readonly DemoEvent[], dependencies = syntheticRun().dependencies) {
  const recorder = createMetricsRecorder({ participants: syntheticRun().participants });
  for (const event of events) recorder.record(event);
  return checkGuarantees(recorder.trace(), dependencies);
}

function failed(events: readonly DemoEvent[]): GuaranteeId[] {
  return check(events)
    .filter((result) => !result.passed)
    .map((result) => result.id);
}

const base = syntheticRun().events;

describe("checkGuarantees", () => {
  it("passes a correct run", () => {
    const results = check(base);
    expect(results.map((result) => result.id)).toEqual([
      "all-delivered",
      "exactly-once",
      "causal-order",
      "all-acknowledged",
    ]);
    expect(allPassed(results)).toBe(true);
  });

  it("catches a participant that never delivered a message", () => {
    const events = base.filter(
      (e) => !(e.kind === "delivered" && e.participant === "c" && e.messageId === "m2"),
    );
    const [delivered] = check(events);
    expect(failed(events)).toEqual(["all-delivered"]);
    expect(delivered?.violations).toEqual(["c is missing 1 message(s), e.g. m2 from b"]);
  });

  it("catches a delivery of a message nobody sent", () => {
    const events = [
      ...base,
      { kind: "delivered", at: 99, participant: "a", messageId: "ghost", sender: "x" } as const,
    ];
    expect(failed(events)).toEqual(["all-delivered"]);
  });

  it("catches a message delivered twice, and an own message delivered", () => {
    const twice = [
      ...base,
      { kind: "delivered", at: 99, participant: "c", messageId: "m1", sender: "a" } as const,
    ];
    expect(failed(twice)).toEqual(["exactly-once"]);
    const own = [
      ...base,
      { kind: "delivered", at: 99, participant: "a", messageId: "m1", sender: "a" } as const,
    ];
    expect(check(own)[1]?.violations).toEqual(["a delivered its own message m1"]);
  });

  it("catches a message delivered before its dependency", () => {
    const swapped = base.map((e): DemoEvent => {
      if (e.kind === "delivered" && e.participant === "c") {
        return { ...e, messageId: e.messageId === "m1" ? "m2" : "m1", sender: e.sender === "a" ? "b" : "a" };
      }
      return e;
    });
    const results = check(swapped);
    expect(failed(swapped)).toEqual(["causal-order"]);
    expect(results[2]?.violations).toEqual(["c delivered m2 before its dependency m1"]);
    const released = [
      ...swapped,
      { kind: "irretrievable", at: 1, participant: "c", messageId: "m1" } as const,
    ];
    expect(failed(released)).toEqual([]);
  });

  it("catches a dependent released without its dependency, unless the dependency was declared irretrievable", () => {
    const withoutM1 = base.filter(
      (e) => !(e.kind === "delivered" && e.participant === "c" && e.messageId === "m1"),
    );
    expect(failed(withoutM1)).toEqual(["all-delivered", "causal-order"]);
    const declared = [
      ...withoutM1,
      { kind: "irretrievable", at: 65, participant: "c", messageId: "m1" } as const,
    ];
    expect(failed(declared)).toEqual(["all-delivered"]);
    expect(check(declared)[0]?.violations[0]).toContain("(declared irretrievable)");
  });

  it("catches an unacknowledged message and says when its send failed", () => {
    const events = base.filter((e) => !(e.kind === "acknowledged" && e.messageId === "m2"));
    expect(failed(events)).toEqual(["all-acknowledged"]);
    const withFailure = [
      ...events,
      { kind: "send-failed", at: 95, participant: "b", messageId: "m2" } as const,
    ];
    expect(check(withFailure)[3]?.violations).toEqual(["b never saw m2 acknowledged (send failed)"]);
  });

  it("counts every violation but shows at most five", () => {
    const events: DemoEvent[] = [...base];
    for (let i = 0; i < 8; i++)
      events.push({ kind: "sent", at: 100, participant: "a", messageId: `extra${i}` });
    const acked = check(events)[3];
    expect(acked?.violationCount).toBe(8);
    expect(acked?.violations).toHaveLength(5);
  });
});
