import { PayloadTooLargeError, TransportError } from "@reliable-channel/interfaces";
import { expect } from "vitest";
import type { TransportCase } from "./transport-context.js";

/** Payload-size cases: the largest accepted payload arrives intact; one byte more is a permanent error. */
export const payloadCases: readonly TransportCase[] = [
  {
    name: "delivers a payload of exactly maxPayloadBytes intact",
    run: async (context) => {
      const f = await context.setup(2);
      const limit = f.at(0).maxPayloadBytes;
      if (limit === undefined) context.skip();
      await f.publish(0, "at-limit", limit);
      await f.expectReceived(1, ["at-limit"]);
      const got = f.inbox(1).received.find((r) => r.label === "at-limit");
      expect(got?.bytes.length).toBe(limit);
    },
  },

  {
    name: "rejects maxPayloadBytes + 1 with a permanent PayloadTooLargeError, and keeps working",
    run: async (context) => {
      const f = await context.setup(2);
      const limit = f.at(0).maxPayloadBytes;
      if (limit === undefined) context.skip();
      const rejection = f.publish(0, "over-limit", (limit ?? 0) + 1);
      await expect(rejection).rejects.toBeInstanceOf(PayloadTooLargeError);
      const error: unknown = await rejection.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransportError);
      expect((error as TransportError).permanent).toBe(true);
      await f.publish(0, "after-over-limit");
      await f.expectReceived(1, ["after-over-limit"]);
      await f.harness.settle();
      expect(f.inbox(1).labels()).not.toContain("over-limit");
    },
  },
];
