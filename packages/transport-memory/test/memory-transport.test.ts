import {
  NotStartedError,
  PayloadTooLargeError,
  PermanentTransportError,
  type TransportError,
} from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import { createMemoryNetwork, createSeededRandom, exponentialLatency } from "../src/index.js";
import { joinAll, peer, textsOf, utf8 } from "./helpers.js";

describe("a memory transport", () => {
  it("does not receive after a restart what was published while it was stopped", async () => {
    const network = createMemoryNetwork({ seed: 31, echo: false });
    const { peers, arrivals } = await joinAll(network, ["a", "b"]);
    await peer(peers, "b").stop();
    await peer(peers, "a").publish(utf8("while stopped"));
    await peer(peers, "b").start();
    await peer(peers, "a").publish(utf8("after restart"));
    await network.settle();
    expect(textsOf(arrivals, "b")).toEqual(["after restart"]);
    expect(network.stats().dropped.stopped).toBe(1);
  });

  it("rejects publish and retrieve with the reason of an aborted signal, and retrieve before start", async () => {
    const network = createMemoryNetwork({ seed: 32 });
    const a = network.join("a");
    await expect(a.retrieve([])).rejects.toBeInstanceOf(NotStartedError);
    await a.start();
    const controller = new AbortController();
    controller.abort(new Error("stop it"));
    await expect(a.publish(utf8("x"), { signal: controller.signal })).rejects.toThrow("stop it");
    await expect(a.retrieve([], { signal: controller.signal })).rejects.toThrow("stop it");
    expect(network.store.size).toBe(0);
  });

  it("reports its limits, and rejects what is not bytes or too large as permanent errors", async () => {
    const network = createMemoryNetwork({ seed: 33, maxPayloadBytes: 10, retentionMs: 1_000 });
    const a = network.join("a");
    await a.start();
    expect(a.maxPayloadBytes).toBe(10);
    expect(a.retention).toBe(1_000);
    expect(a.peerId).toBe("a");
    const tooLarge = await a.publish(new Uint8Array(11)).catch((e: unknown) => e);
    expect(tooLarge).toBeInstanceOf(PayloadTooLargeError);
    expect(tooLarge).toMatchObject({ size: 11, limit: 10, permanent: true });
    const notBytes = await a.publish("text" as unknown as Uint8Array).catch((e: unknown) => e);
    expect(notBytes).toBeInstanceOf(PermanentTransportError);
    expect((notBytes as TransportError).permanent).toBe(true);
    await expect(a.publish(new Uint8Array(0))).resolves.toHaveProperty("retrievalHint");
  });

  it("keeps other listeners going when one throws (the error is re-thrown in a microtask)", async () => {
    const network = createMemoryNetwork({ seed: 34 });
    const a = network.join("a");
    const seen: string[] = [];
    const thrown: unknown[] = [];
    const onUncaught = (error: unknown): void => {
      thrown.push(error);
    };
    process.on("uncaughtException", onUncaught);
    try {
      a.subscribe(() => {
        throw new Error("listener failed");
      });
      a.subscribe((bytes) => seen.push(new TextDecoder().decode(bytes)));
      await a.start();
      await a.publish(utf8("still delivered"));
      await network.settle();
    } finally {
      process.off("uncaughtException", onUncaught);
    }
    expect(seen).toEqual(["still delivered"]);
    expect(thrown).toHaveLength(1);
  });
});

describe("exponentialLatency", () => {
  it("stays within [minMs, maxMs] with a mean near minMs + meanExtraMs", () => {
    const latency = exponentialLatency(5, 20, 200);
    const random = createSeededRandom(35);
    const samples = Array.from({ length: 5_000 }, () => latency(random));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...samples)).toBeLessThanOrEqual(200);
    const mean = samples.reduce((sum, x) => sum + x, 0) / samples.length;
    expect(mean).toBeGreaterThan(23);
    expect(mean).toBeLessThan(27);
  });
});
