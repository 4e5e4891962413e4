import { toHex } from "@reliable-channel/hash";
import { NotStartedError, TransientTransportError } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import { createMemoryNetwork } from "../src/index.js";

const bytes = (value: number): Uint8Array => new Uint8Array([value]);

async function setup(storeLookupWindowMs: number) {
  const network = createMemoryNetwork({ seed: 7, storeLookupWindowMs, retrieveDelayMs: 5 });
  const alice = network.join("alice");
  await alice.start();
  const hints: Uint8Array[] = [];
  for (const value of [1, 2, 3]) {
    const { retrievalHint } = await alice.publish(bytes(value));
    if (retrievalHint !== undefined) hints.push(retrievalHint);
  }
  return { network, alice, hints };
}

const shown = (found: readonly { retrievalHint: Uint8Array; bytes: Uint8Array }[] | undefined) =>
  found?.map((payload) => `${toHex(payload.retrievalHint).slice(0, 6)}=${payload.bytes.join()}`);

describe("memory transport: lookups shared within storeLookupWindowMs", () => {
  it("lookups made on one transport within the window share one store request; each gets what it asked for", async () => {
    const { network, alice, hints } = await setup(20);
    const [h1, h2, h3] = hints;
    if (h1 === undefined || h2 === undefined || h3 === undefined) throw new Error("hints");
    const before = network.stats().storeRequests;
    const lookups = [
      alice.retrieve([h1]),
      alice.retrieve([h1, h2]),
      alice.retrieve([h3, new Uint8Array(32)]),
    ];
    await network.clock.advanceAsync(10);
    const late = alice.retrieve([h2]);
    await network.clock.runUntilIdleAsync();
    const [first, second, third] = await Promise.all(lookups);
    expect(shown(first)).toEqual(shown([{ retrievalHint: h1, bytes: bytes(1) }]));
    expect(shown(second)).toEqual(
      shown([
        { retrievalHint: h1, bytes: bytes(1) },
        { retrievalHint: h2, bytes: bytes(2) },
      ]),
    );
    expect(shown(third)).toEqual(shown([{ retrievalHint: h3, bytes: bytes(3) }]));
    expect(shown(await late)).toEqual(shown([{ retrievalHint: h2, bytes: bytes(2) }]));
    expect(network.stats().storeRequests - before).toBe(1);
    expect(first?.[0]?.bytes).not.toBe(second?.[0]?.bytes);
  });

  it("window 0: every lookup is its own store request", async () => {
    const { network, alice, hints } = await setup(0);
    const before = network.stats().storeRequests;
    const lookups = hints.map((hint) => alice.retrieve([hint]));
    await network.clock.runUntilIdleAsync();
    expect((await Promise.all(lookups)).map((found) => found.length)).toEqual([1, 1, 1]);
    expect(network.stats().storeRequests - before).toBe(3);
  });

  it("an aborted lookup rejects alone; a stop or an unreachable store rejects the whole batch", async () => {
    const { network, alice, hints } = await setup(20);
    const [h1, h2] = hints;
    if (h1 === undefined || h2 === undefined) throw new Error("hints");
    const abort = new AbortController();
    const aborted = alice.retrieve([h1], { signal: abort.signal });
    const kept = alice.retrieve([h2]);
    abort.abort(new Error("gave up"));
    await expect(aborted).rejects.toThrow("gave up");
    await network.clock.runUntilIdleAsync();
    expect((await kept).length).toBe(1);

    network.setOffline("alice", true);
    const offline = [alice.retrieve([h1]), alice.retrieve([h2])].map((p) => p.catch((e: unknown) => e));
    await network.clock.runUntilIdleAsync();
    for (const error of await Promise.all(offline)) expect(error).toBeInstanceOf(TransientTransportError);
    network.setOffline("alice", false);

    const stopped = [alice.retrieve([h1]), alice.retrieve([h2])].map((p) => p.catch((e: unknown) => e));
    await alice.stop();
    for (const error of await Promise.all(stopped)) expect(error).toBeInstanceOf(NotStartedError);
    expect(network.clock.pending()).toBe(0);
  });
});
