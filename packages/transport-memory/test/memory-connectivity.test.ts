import { describe, expect, it } from "vitest";
import { createMemoryNetwork, type MemoryTransport } from "../src/index.js";

/** Joins `a` (not started) and records every value its connectivity listener hears. */
const watched = (seed: number) => {
  const network = createMemoryNetwork({ seed });
  const a = network.join("a");
  const heard: boolean[] = [];
  const unsubscribe = a.connectivity.onChange((online) => heard.push(online));
  return { network, a, heard, unsubscribe };
};

describe("a memory transport's connectivity", () => {
  it("is online only while started, telling listeners of each change once, synchronously", async () => {
    const { a, heard } = watched(51);
    expect(a.connectivity.online).toBe(false);
    const starting = a.start();
    expect(heard).toEqual([true]); // inside start(), before it resolves
    await starting;
    await a.start();
    expect(a.connectivity.online).toBe(true);
    await a.stop();
    await a.stop();
    expect(a.connectivity.online).toBe(false);
    expect(heard).toEqual([true, false]);
  });

  it("goes offline and back with network.setOffline, and hears nothing for a repeated value", async () => {
    const { network, a, heard } = watched(52);
    await a.start();
    network.setOffline("a", true);
    expect(a.connectivity.online).toBe(false);
    network.setOffline("a", true);
    network.setOffline("a", false);
    network.setOffline("a", false);
    expect(a.connectivity.online).toBe(true);
    expect(heard).toEqual([true, false, true]);
  });

  it("stays offline when started while its peer is offline, and changes nothing while stopped", async () => {
    const { network, a, heard } = watched(53);
    network.setOffline("a", true);
    await a.start();
    expect(a.connectivity.online).toBe(false);
    network.setOffline("a", false);
    expect(heard).toEqual([true]);
    await a.stop();
    network.setOffline("a", true);
    network.setOffline("a", false);
    expect(heard).toEqual([true, false]);
  });

  it("stays online in a partition: the store is still reachable", async () => {
    const { network, a, heard } = watched(54);
    network.join("b");
    await a.start();
    network.partition(["a"], ["b"]);
    expect(a.connectivity.online).toBe(true);
    const { retrievalHint } = await a.publish(new Uint8Array([1]));
    expect(await a.retrieve(retrievalHint ? [retrievalHint] : [])).toHaveLength(1);
    expect(heard).toEqual([true]);
  });

  it("calls no listener after it unsubscribed, and the others still", async () => {
    const { a, heard, unsubscribe } = watched(55);
    const other: boolean[] = [];
    a.connectivity.onChange((online) => other.push(online));
    await a.start();
    unsubscribe();
    unsubscribe();
    await a.stop();
    expect(heard).toEqual([true]);
    expect(other).toEqual([true, false]);
  });

  it("tells each listener alternating values when a listener changes connectivity itself", async () => {
    const { a, heard } = watched(56);
    const stopper = (transport: MemoryTransport) => (online: boolean) => {
      if (online) void transport.stop();
    };
    a.connectivity.onChange(stopper(a));
    const late: boolean[] = [];
    a.connectivity.onChange((online) => late.push(online));
    await a.start();
    // The first listener heard "true" before the second one stopped the transport; the third never did.
    expect(heard).toEqual([true, false]);
    expect(late).toEqual([]);
    expect(a.connectivity.online).toBe(false);
  });

  it("keeps telling the other listeners when one throws (the error is re-thrown in a microtask)", async () => {
    const { network, a, heard } = watched(57);
    const thrown: unknown[] = [];
    const onUncaught = (error: unknown): void => {
      thrown.push(error);
    };
    process.on("uncaughtException", onUncaught);
    try {
      a.connectivity.onChange(() => {
        throw new Error("listener failed");
      });
      const after: boolean[] = [];
      a.connectivity.onChange((online) => after.push(online));
      await a.start();
      await network.settle();
      expect(heard).toEqual([true]);
      expect(after).toEqual([true]);
    } finally {
      process.off("uncaughtException", onUncaught);
    }
    expect(thrown).toHaveLength(1);
  });
});
