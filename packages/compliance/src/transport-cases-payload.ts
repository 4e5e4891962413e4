import { PayloadTooLargeError, TransportError } from "@reliable-channel/interfaces";
import { expect, it } from "vitest";
import type { TransportSuiteContext } from "./transport-context.js";

/** Payload size: the largest accepted payload arrives intact; one byte more is a permanent error. */
export function definePayloadTests(context: TransportSuiteContext): void {
  it("delivers a payload of exactly maxPayloadBytes intact", async (ctx) => {
    const f = await context.setup(2);
    const limit = f.at(0).maxPayloadBytes;
    if (limit === undefined) ctx.skip();
    await f.publish(0, "at-limit", limit);
    await f.expectReceived(1, ["at-limit"]);
    const got = f.inbox(1).received.find((r) => r.label === "at-limit");
    expect(got?.bytes.length).toBe(limit);
  });

  it("rejects maxPayloadBytes + 1 with a permanent PayloadTooLargeError, and keeps working", async (ctx) => {
    const f = await context.setup(2);
    const limit = f.at(0).maxPayloadBytes;
    if (limit === undefined) ctx.skip();
    const rejection = f.publish(0, "over-limit", (limit ?? 0) + 1);
    await expect(rejection).rejects.toBeInstanceOf(PayloadTooLargeError);
    const error: unknown = await rejection.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).permanent).toBe(true);
    await f.publish(0, "after-over-limit");
    await f.expectReceived(1, ["after-over-limit"]);
    await f.harness.settle();
    expect(f.inbox(1).labels()).not.toContain("over-limit");
  });
}
