import {
  InvalidArgumentError,
  PermanentTransportError,
  TransientTransportError,
} from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import { createMemoryNetwork, createVirtualClock, DEFAULT_LATENCY, retrievalHintOf } from "../src/index.js";
import { joinAll, peer, textsOf, utf8 } from "./helpers.js";

describe("createMemoryNetwork", () => {
  it("delivers each publish to every started peer after a latency within the configured range", async () => {
    const network = createMemoryNetwork({ seed: 1 });
    const start = network.clock.now();
    const { peers, arrivals } = await joinAll(network, ["a", "b", "c"]);
    await peer(peers, "a").publish(utf8("hello"));
    expect(arrivals).toEqual([]);
    await network.settle();
    expect(arrivals.map((x) => x.to).sort()).toEqual(["a", "b", "c"]);
    for (const { at } of arrivals) {
      expect(at - start).toBeGreaterThanOrEqual(DEFAULT_LATENCY.minMs);
      expect(at - start).toBeLessThanOrEqual(DEFAULT_LATENCY.maxMs);
    }
  });

  it("echoes own messages by default, and not for a peer that joined with echo: false", async () => {
    const network = createMemoryNetwork({ seed: 2 });
    const arrivals: string[] = [];
    const loud = network.join("loud");
    const quiet = network.join("quiet", { echo: false });
    loud.subscribe(() => arrivals.push("loud"));
    quiet.subscribe(() => arrivals.push("quiet"));
    await Promise.all([loud.start(), quiet.start()]);
    await loud.publish(utf8("x"));
    await quiet.publish(utf8("y"));
    await network.settle();
    expect(arrivals.sort()).toEqual(["loud", "loud", "quiet"]);
  });

  it("loses about `loss` of the deliveries, and counts them", async () => {
    const network = createMemoryNetwork({ seed: 3, loss: 0.3, echo: false });
    const { peers, arrivals } = await joinAll(network, ["a", "b"]);
    for (let i = 0; i < 2_000; i++) await peer(peers, "a").publish(utf8(`m${i}`));
    await network.settle();
    expect(arrivals.length).toBeGreaterThan(1_300);
    expect(arrivals.length).toBeLessThan(1_500);
    expect(network.stats().dropped.loss).toBe(2_000 - arrivals.length);
    expect(network.store.size).toBe(2_000);
  });

  it("duplicates about `duplication` of the deliveries", async () => {
    const network = createMemoryNetwork({ seed: 4, duplication: 0.5, echo: false });
    const { peers, arrivals } = await joinAll(network, ["a", "b"]);
    for (let i = 0; i < 400; i++) await peer(peers, "a").publish(utf8(`m${i}`));
    await network.settle();
    const extra = arrivals.length - 400;
    expect(extra).toBe(network.stats().duplicated);
    expect(extra).toBeGreaterThan(150);
    expect(extra).toBeLessThan(250);
    expect(new Set(textsOf(arrivals, "b")).size).toBe(400);
  });

  it("keeps publish order with a fixed latency, and breaks it with reordering", async () => {
    const ordered = createMemoryNetwork({ seed: 5, latency: 20, echo: false });
    const a = await joinAll(ordered, ["a", "b"]);
    const shuffled = createMemoryNetwork({ seed: 5, latency: 20, reorder: 0.3, echo: false });
    const b = await joinAll(shuffled, ["a", "b"]);
    const sent = Array.from({ length: 50 }, (_, i) => `m${i}`);
    for (const text of sent) {
      await peer(a.peers, "a").publish(utf8(text));
      await peer(b.peers, "a").publish(utf8(text));
      ordered.clock.advance(1);
      shuffled.clock.advance(1);
    }
    await ordered.settle();
    await shuffled.settle();
    expect(textsOf(a.arrivals, "b")).toEqual(sent);
    expect(textsOf(b.arrivals, "b")).not.toEqual(sent);
    expect(textsOf(b.arrivals, "b").sort()).toEqual([...sent].sort());
  });

  it("draws latency from a custom distribution", async () => {
    const network = createMemoryNetwork({
      seed: 6,
      latency: (random) => 100 + 10 * random.next(),
      echo: false,
    });
    const { peers, arrivals } = await joinAll(network, ["a", "b"]);
    const start = network.clock.now();
    await peer(peers, "a").publish(utf8("x"));
    await network.settle();
    expect(arrivals[0]?.at).toBeGreaterThanOrEqual(start + 100);
    expect(arrivals[0]?.at).toBeLessThan(start + 110);
  });

  it("cuts links between partitioned groups both ways until heal()", async () => {
    const network = createMemoryNetwork({ seed: 7, echo: false });
    const { peers, arrivals } = await joinAll(network, ["a", "b", "c", "d"]);
    network.partition(["a", "b"], ["c", "d"]);
    await peer(peers, "a").publish(utf8("from-a"));
    await peer(peers, "c").publish(utf8("from-c"));
    await network.settle();
    expect(arrivals.map((x) => `${x.text}>${x.to}`).sort()).toEqual(["from-a>b", "from-c>d"]);
    expect(network.stats().dropped.partition).toBe(4);
    network.heal();
    await peer(peers, "a").publish(utf8("healed"));
    await network.settle();
    expect(textsOf(arrivals, "c")).toEqual(["healed"]);
    expect(textsOf(arrivals, "d")).toEqual(["from-c", "healed"]);
    expect(() => network.partition(["a"], ["a", "b"])).toThrow(InvalidArgumentError);
  });

  it("an offline peer misses what is published meanwhile and catches up from the store", async () => {
    const network = createMemoryNetwork({ seed: 8, echo: false });
    const { peers, arrivals } = await joinAll(network, ["a", "b"]);
    network.setOffline("b", true);
    expect(network.isOffline("b")).toBe(true);
    const { retrievalHint } = await peer(peers, "a").publish(utf8("missed"));
    await expect(peer(peers, "b").publish(utf8("x"))).rejects.toBeInstanceOf(TransientTransportError);
    await expect(peer(peers, "b").retrieve([])).rejects.toBeInstanceOf(TransientTransportError);
    await network.settle();
    network.setOffline("b", false);
    await network.settle();
    expect(textsOf(arrivals, "b")).toEqual([]);
    const found = await peer(peers, "b").retrieve(retrievalHint ? [retrievalHint] : []);
    expect(found.map((p) => new TextDecoder().decode(p.bytes))).toEqual(["missed"]);
    await peer(peers, "a").publish(utf8("after"));
    await network.settle();
    expect(textsOf(arrivals, "b")).toEqual(["after"]);
  });

  it("drops deliveries in flight to a peer that goes offline", async () => {
    const network = createMemoryNetwork({ seed: 9, echo: false });
    const { peers, arrivals } = await joinAll(network, ["a", "b"]);
    await peer(peers, "a").publish(utf8("in-flight"));
    network.setOffline("b", true);
    network.setOffline("b", false);
    await network.settle();
    expect(arrivals).toEqual([]);
    expect(network.stats().dropped.offline).toBe(1);
  });

  it("fails the next publishes as injected, transient or permanent, without publishing them", async () => {
    const network = createMemoryNetwork({ seed: 10, echo: false });
    const { peers, arrivals } = await joinAll(network, ["a", "b"]);
    const failures: boolean[] = [];
    network.events.on("publish-failed", (e) => failures.push(e.permanent));
    network.failNextPublish("a", "transient", 2);
    network.failNextPublish("a", "permanent");
    const a = peer(peers, "a");
    await expect(a.publish(utf8("1"))).rejects.toBeInstanceOf(TransientTransportError);
    await expect(a.publish(utf8("2"))).rejects.toBeInstanceOf(TransientTransportError);
    await expect(a.publish(utf8("3"))).rejects.toBeInstanceOf(PermanentTransportError);
    await a.publish(utf8("4"));
    await network.settle();
    expect(textsOf(arrivals, "b")).toEqual(["4"]);
    expect(network.store.size).toBe(1);
    expect(failures).toEqual([false, false, true]);
    expect(network.stats().publishFailed).toBe(3);
  });

  it("fails the next retrievals as injected", async () => {
    const network = createMemoryNetwork({ seed: 11 });
    const { peers } = await joinAll(network, ["a"]);
    network.failNextRetrieve("a", "permanent");
    network.failNextRetrieve("a", "transient");
    await expect(peer(peers, "a").retrieve([])).rejects.toBeInstanceOf(PermanentTransportError);
    await expect(peer(peers, "a").retrieve([])).rejects.toBeInstanceOf(TransientTransportError);
    await expect(peer(peers, "a").retrieve([])).resolves.toEqual([]);
  });

  it("leaves no timer behind once every peer stopped, and delivers nothing after", async () => {
    const network = createMemoryNetwork({ seed: 12, duplication: 0.5 });
    const { peers, arrivals } = await joinAll(network, ["a", "b", "c"]);
    for (let i = 0; i < 20; i++) await peer(peers, "a").publish(utf8(`m${i}`));
    expect(network.clock.pending()).toBeGreaterThan(0);
    await Promise.all(Object.values(peers).map((t) => t.stop()));
    expect(network.clock.pending()).toBe(0);
    await network.settle();
    expect(arrivals).toEqual([]);
  });

  it("gives each listener its own copy of the bytes", async () => {
    const network = createMemoryNetwork({ seed: 13 });
    const a = network.join("a");
    const seen: string[] = [];
    a.subscribe((bytes) => bytes.fill(0));
    a.subscribe((bytes) => seen.push(new TextDecoder().decode(bytes)));
    await a.start();
    const { retrievalHint } = await a.publish(utf8("intact"));
    await network.settle();
    expect(seen).toEqual(["intact"]);
    expect(network.store.get(retrievalHint ?? new Uint8Array())?.bytes).toEqual(utf8("intact"));
  });

  it("returns sha256 of the published bytes as the retrieval hint, also in the incoming meta", async () => {
    const network = createMemoryNetwork({ seed: 14 });
    const a = network.join("a");
    const hints: (Uint8Array | undefined)[] = [];
    a.subscribe((_, meta) => hints.push(meta.retrievalHint));
    await a.start();
    const { retrievalHint } = await a.publish(utf8("hash me"));
    await network.settle();
    expect(retrievalHint).toEqual(retrievalHintOf(utf8("hash me")));
    expect(retrievalHint).toHaveLength(32);
    expect(hints).toEqual([retrievalHint]);
  });

  it("rejects bad options and unknown or duplicate peers with InvalidArgumentError", () => {
    expect(() => createMemoryNetwork({ seed: 1, loss: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => createMemoryNetwork({ seed: 1, duplication: Number.NaN })).toThrow(InvalidArgumentError);
    expect(() => createMemoryNetwork({ seed: 1, latency: { minMs: 5, maxMs: 1 } })).toThrow(
      InvalidArgumentError,
    );
    expect(() => createMemoryNetwork({ seed: 1, retentionMs: -1 })).toThrow(InvalidArgumentError);
    expect(() => createMemoryNetwork({ seed: 0.5 })).toThrow(InvalidArgumentError);
    const network = createMemoryNetwork({ seed: 1 });
    network.join("a");
    expect(() => network.join("a")).toThrow(InvalidArgumentError);
    expect(() => network.setOffline("nobody", true)).toThrow(InvalidArgumentError);
    expect(() => network.setReorder(-0.1)).toThrow(InvalidArgumentError);
    expect(() => network.failNextPublish("a", "transient", -1)).toThrow(InvalidArgumentError);
    expect(network.peers).toEqual(["a"]);
  });

  it("shares one injected clock, so several networks and the app's timers advance together", async () => {
    const clock = createVirtualClock({ startAt: 0 });
    const network = createMemoryNetwork({ seed: 15, clock, latency: 30 });
    const { peers, arrivals } = await joinAll(network, ["a"]);
    await peer(peers, "a").publish(utf8("x"));
    clock.advance(29);
    expect(arrivals).toEqual([]);
    clock.advance(1);
    expect(arrivals).toEqual([{ at: 30, to: "a", text: "x" }]);
  });

  it("settle() stops once nothing is under way, leaving a periodic timer of the code under test alone", async () => {
    const network = createMemoryNetwork({ seed: 16, latency: 20, publishDelayMs: 5, echo: false });
    const { peers, arrivals } = await joinAll(network, ["a", "b"]);
    let ticks = 0;
    const tick = (): void => {
      ticks++;
      network.clock.setTimeout(tick, 7);
    };
    network.clock.setTimeout(tick, 7);
    const publishing = peer(peers, "a").publish(utf8("x"));
    await network.settle();
    await publishing;
    expect(textsOf(arrivals, "b")).toEqual(["x"]);
    expect(ticks).toBe(3);
    expect(network.clock.pending()).toBe(1);
  });
});
