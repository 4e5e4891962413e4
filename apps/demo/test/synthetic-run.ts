import type { DemoEvent } from "../src/metrics/demo-event.js";

/** A small, correct synthetic run: a sends m1, b sends m2 (after delivering m1), c delivers both. */
export function syntheticRun(): {
  participants: string[];
  events: DemoEvent[];
  dependencies: Map<string, string[]>;
} {
  return {
    participants: ["a", "b", "c"],
    events: [
      { kind: "sent", at: 0, participant: "a", messageId: "m1" },
      { kind: "delivered", at: 10, participant: "b", messageId: "m1", sender: "a" },
      { kind: "fault", at: 15, participant: "c", label: "c offline" },
      { kind: "sent", at: 20, participant: "b", messageId: "m2" },
      { kind: "delivered", at: 25, participant: "a", messageId: "m2", sender: "b" },
      { kind: "duplicate", at: 26, participant: "a" },
      { kind: "retrieved", at: 60, participant: "c", messageId: "m1" },
      { kind: "delivered", at: 60, participant: "c", messageId: "m1", sender: "a" },
      { kind: "repaired", at: 70, participant: "c", messageId: "m2" },
      { kind: "delivered", at: 70, participant: "c", messageId: "m2", sender: "b" },
      { kind: "acknowledged", at: 80, participant: "a", messageId: "m1" },
      { kind: "acknowledged", at: 90, participant: "b", messageId: "m2" },
    ],
    dependencies: new Map([
      ["m1", []],
      ["m2", ["m1"]],
    ]),
  };
}
