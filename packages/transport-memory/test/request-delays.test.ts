import { NotStartedError } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import { createMemoryNetwork } from "../src/index.js";
import { utf8 } from "./helpers.js";

const setup = async () => {
  const network = createMemoryNetwork({ seed: 41, publishDelayMs: 100, retrieveDelayMs: 30, latency: 10 });
  const a = network.join("a");
  await a.start();
  return { network, a };
};

describe("publish and retrieval that take virtual time", () => {
  it("stores and sends a publish only after publishDelayMs, from a snapshot of the bytes", async () => {
    const { network, a } = await setup();
    const bytes = utf8("slow");
    const published = a.publish(bytes);
    bytes.fill(0);
    await network.clock.advanceAsync(99);
    expect(network.store.size).toBe(0);
    await network.clock.advanceAsync(1);
    const { retrievalHint } = await published;
    expect(network.store.get(retrievalHint ?? new Uint8Array())?.bytes).toEqual(utf8("slow"));
  });

  it("rejects a publish aborted while under way with the signal's reason, and publishes nothing", async () => {
    const { network, a } = await setup();
    const controller = new AbortController();
    const published = a.publish(utf8("aborted"), { signal: controller.signal });
    await network.clock.advanceAsync(50);
    controller.abort(new Error("timed out"));
    await expect(published).rejects.toThrow("timed out");
    expect(network.clock.pending()).toBe(0);
    await network.settle();
    expect(network.store.size).toBe(0);
  });

  it("rejects publishes under way with NotStartedError when the transport stops, leaving no timer", async () => {
    const { network, a } = await setup();
    const published = [a.publish(utf8("1")), a.publish(utf8("2"))];
    await a.stop();
    for (const p of published) await expect(p).rejects.toBeInstanceOf(NotStartedError);
    expect(network.clock.pending()).toBe(0);
    expect(network.store.size).toBe(0);
  });

  it("answers a retrieval after retrieveDelayMs, and can abort it", async () => {
    const { network, a } = await setup();
    const publishing = a.publish(utf8("kept"));
    await network.settle();
    const { retrievalHint } = await publishing;
    const hints = retrievalHint ? [retrievalHint] : [];
    const controller = new AbortController();
    const aborted = a.retrieve(hints, { signal: controller.signal });
    controller.abort(new Error("enough"));
    await expect(aborted).rejects.toThrow("enough");
    const retrieving = a.retrieve(hints);
    await network.clock.advanceAsync(30);
    expect((await retrieving).map((p) => p.bytes)).toEqual([utf8("kept")]);
  });
});
