import { expect, it } from "vitest";
import { RELIABLE_CHANNEL_EVENT_NAMES } from "../src/index.js";

it("names each channel event once, and cannot be changed", () => {
  expect(new Set(RELIABLE_CHANNEL_EVENT_NAMES).size).toBe(RELIABLE_CHANNEL_EVENT_NAMES.length);
  expect(RELIABLE_CHANNEL_EVENT_NAMES).toContain("message-received");
  expect(RELIABLE_CHANNEL_EVENT_NAMES).toContain("delivered-to-all");
  expect(RELIABLE_CHANNEL_EVENT_NAMES).toContain("delivery-state");
  expect(RELIABLE_CHANNEL_EVENT_NAMES).toHaveLength(19);
  expect(Object.isFrozen(RELIABLE_CHANNEL_EVENT_NAMES)).toBe(true);
});
