import { describe, expect, it } from "vitest";
import { createMemoryNetwork, retrievalHintOf } from "../src/index.js";
import { joinAll, peer, utf8 } from "./helpers.js";

const HOUR = 3_600_000;

describe("the memory network's store", () => {
  it("keeps every publish for retentionMs of virtual time, then forgets it", async () => {
    const network = createMemoryNetwork({ seed: 21, retentionMs: HOUR });
    const { peers } = await joinAll(network, ["a", "b"]);
    const { retrievalHint } = await peer(peers, "a").publish(utf8("old"));
    const hint = retrievalHint ?? new Uint8Array();
    network.clock.advance(HOUR / 2);
    await peer(peers, "a").publish(utf8("newer"));
    network.clock.advance(HOUR / 2 - 1);
    expect(await peer(peers, "b").retrieve([hint])).toHaveLength(1);
    expect(network.store.size).toBe(2);
    network.clock.advance(1);
    expect(await peer(peers, "b").retrieve([hint])).toEqual([]);
    expect(network.store.has(hint)).toBe(false);
    expect([...network.store.entries()].map((m) => new TextDecoder().decode(m.bytes))).toEqual(["newer"]);
  });

  it("an offline peer back within retention catches up; one back after it finds nothing", async () => {
    const network = createMemoryNetwork({ seed: 22, retentionMs: HOUR, echo: false });
    const { peers } = await joinAll(network, ["a", "b", "c"]);
    network.setOffline("b", true);
    network.setOffline("c", true);
    const { retrievalHint } = await peer(peers, "a").publish(utf8("while away"));
    const hints = retrievalHint ? [retrievalHint] : [];
    network.clock.advance(HOUR - 1);
    network.setOffline("b", false);
    expect(await peer(peers, "b").retrieve(hints)).toHaveLength(1);
    network.clock.advance(1);
    network.setOffline("c", false);
    expect(await peer(peers, "c").retrieve(hints)).toEqual([]);
  });

  it("records publisher and time, refreshes both on an identical republish, and dedupes lookups", async () => {
    const network = createMemoryNetwork({ seed: 23, retentionMs: HOUR });
    const { peers } = await joinAll(network, ["a", "b"]);
    const start = network.clock.now();
    await peer(peers, "a").publish(utf8("same"));
    network.clock.advance(HOUR - 10);
    await peer(peers, "b").publish(utf8("same"));
    network.clock.advance(20);
    const hint = retrievalHintOf(utf8("same"));
    expect(network.store.get(hint)).toMatchObject({ publisher: "b", storedAt: start + HOUR - 10 });
    expect(network.store.size).toBe(1);
    expect(await peer(peers, "a").retrieve([hint, hint])).toHaveLength(1);
  });

  it("ignores hints of the wrong length", async () => {
    const network = createMemoryNetwork({ seed: 24 });
    const { peers } = await joinAll(network, ["a"]);
    await peer(peers, "a").publish(utf8("x"));
    expect(await peer(peers, "a").retrieve([new Uint8Array(3), new Uint8Array(0)])).toEqual([]);
  });

  it("answers a time-range query with what it keeps in the range, both ends inclusive, oldest first", async () => {
    const network = createMemoryNetwork({ seed: 25, retentionMs: HOUR });
    const { peers } = await joinAll(network, ["a"]);
    const start = network.clock.now();
    for (const text of ["0", "1", "2"]) {
      if (text !== "0") network.clock.advance(HOUR / 2);
      await peer(peers, "a").publish(utf8(text));
    }
    const texts = (from: number, to: number): string[] =>
      network.store.storedIn({ from, to }).map((m) => new TextDecoder().decode(m.bytes));
    // "0" expired at start + HOUR; "1" is stored at start + HOUR / 2, "2" at start + HOUR.
    expect(texts(start, start + HOUR)).toEqual(["1", "2"]);
    expect(texts(start + HOUR / 2, start + HOUR / 2)).toEqual(["1"]);
    expect(texts(start + HOUR / 2 + 1, start + HOUR - 1)).toEqual([]);
  });
});
