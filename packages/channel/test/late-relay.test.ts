import { bloomPositions, compactBloom, setBit } from "@reliable-channel/sds";
import { describe, expect, it } from "vitest";
import type { CoreDelivered } from "../src/core-port.js";
import { LateRelay } from "../src/late-relay.js";

const bloom = compactBloom();
const message = (id: string, lamport: number, senderId = "s"): CoreDelivered => ({
  messageId: id,
  senderId,
  lamportTimestamp: BigInt(lamport),
  content: new Uint8Array([1]),
  bytes: new TextEncoder().encode(id),
});
const relay = () => new LateRelay({ window: 3, bloom, watchMs: 10_000, resendGapMs: 1_000, maxWatched: 2 });
const filterWith = (...ids: string[]) => {
  const bits = new Uint8Array(bloom.byteLength);
  for (const id of ids) for (const p of bloomPositions(bloom, id)) setBit(bits, p);
  return bits;
};

describe("LateRelay", () => {
  it("rebroadcasts only messages older than the window's lowest timestamp", () => {
    const late = relay();
    expect(late.delivered([message("a", 10), message("b", 20), message("c", 30)], 0)).toEqual([]);
    expect(late.delivered([message("d", 40)], 0)).toEqual([]);
    const out = late.delivered([message("old", 5), message("e", 50)], 0);
    expect(out.map((bytes) => new TextDecoder().decode(bytes))).toEqual(["old"]);
  });

  it("rebroadcasts a late message again while a participant's filter lacks it, then forgets it", () => {
    const late = relay();
    late.own(100n);
    late.own(101n);
    late.own(102n);
    expect(late.delivered([message("x", 1, "sender")], 0)).toHaveLength(1);
    expect(late.observe("p", filterWith(), 500, 3)).toEqual([]);
    expect(late.observe("p", filterWith(), 1_000, 3)).toHaveLength(1);
    expect(late.observe("p", filterWith(), 1_500, 3)).toEqual([]);
    expect(late.observe("p", filterWith("x"), 2_000, 3)).toEqual([]);
    expect(late.observe("q", filterWith(), 5_000, 3)).toEqual([]);
  });

  it("stops watching after watchMs and keeps at most maxWatched messages", () => {
    const late = relay();
    for (const t of [100n, 101n, 102n]) late.own(t);
    late.delivered([message("x", 1), message("y", 2), message("z", 3)], 0);
    expect(late.observe("p", filterWith(), 2_000, 10)).toHaveLength(2);
    expect(late.observe("p", filterWith(), 20_000, 10)).toEqual([]);
  });
});
