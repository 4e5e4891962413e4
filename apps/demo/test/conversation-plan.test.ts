import { createSeededRandom } from "@reliable-channel/transport-memory";
import { describe, expect, it } from "vitest";
import { CRASHING_PARTICIPANT, planConversation } from "../src/scenario/conversation-plan.js";

const SEED = 42;

describe("planConversation", () => {
  it(`spaces the sends and places the faults in order (seed ${SEED})`, () => {
    const plan = planConversation({
      participants: 5,
      messages: 40,
      gapMs: 100,
      random: createSeededRandom(SEED),
    });
    const sends = plan.filter((step) => step.action.type === "send");
    expect(sends.map((step) => step.at)).toEqual(Array.from({ length: 40 }, (_, i) => i * 100));
    expect(plan.filter((step) => step.action.type !== "send")).toEqual([
      { at: 1000, action: { type: "crash", participant: 1 } },
      { at: 1600, action: { type: "offline", participant: 2 } },
      { at: 2000, action: { type: "restart", participant: 1 } },
      { at: 3000, action: { type: "online", participant: 2 } },
    ]);
    expect(plan.map((step) => step.at)).toEqual([...plan.map((step) => step.at)].sort((a, b) => a - b));
    expect(new Set(sends.map((step) => (step.action.type === "send" ? step.action.sender : -1))).size).toBe(
      5,
    );
  });

  it(`never lets the crashed participant send (seed ${SEED})`, () => {
    const plan = planConversation({
      participants: 2,
      messages: 200,
      gapMs: 10,
      random: createSeededRandom(SEED),
    });
    const whileDown = plan.filter((step) => step.at >= 500 && step.at < 1000 && step.action.type === "send");
    expect(whileDown.length).toBeGreaterThan(0);
    for (const step of whileDown) {
      expect(step.action.type === "send" && step.action.sender).not.toBe(CRASHING_PARTICIPANT);
    }
    expect(plan.some((step) => step.action.type === "offline")).toBe(false);
  });

  it("is reproducible from the seed", () => {
    const make = () =>
      planConversation({ participants: 9, messages: 30, gapMs: 50, random: createSeededRandom(7) });
    expect(make()).toEqual(make());
  });
});
