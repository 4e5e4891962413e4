import { peerIdFromString } from "@libp2p/peer-id";
import { describe, expect, it } from "vitest";
import { createFilterSubscriptions } from "../src/filter-subscriptions.js";
import { MAX_CRITERIA_PER_PEER } from "../src/index.js";

const alice = peerIdFromString("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");
const bob = peerIdFromString("12D3KooWGC6TvWhfapngX6wvJHMYvKpDMXPb3ZnCZ6dMoaMtimQ5");
const TOPIC = "/waku/2/rs/1/0";

describe("createFilterSubscriptions", () => {
  it("finds subscribers per (pubsub topic, content topic)", () => {
    const subscriptions = createFilterSubscriptions();
    subscriptions.subscribe(alice, TOPIC, ["/a/1/x/proto", "/a/1/y/proto"]);
    subscriptions.subscribe(bob, TOPIC, ["/a/1/y/proto"]);
    expect(subscriptions.subscribers(TOPIC, "/a/1/x/proto").map(String)).toEqual([alice.toString()]);
    expect(subscriptions.subscribers(TOPIC, "/a/1/y/proto")).toHaveLength(2);
    expect(subscriptions.subscribers("/waku/2/rs/1/1", "/a/1/y/proto")).toEqual([]);
  });

  it("drops a peer when its last criterion goes, and reports unknown removals", () => {
    const subscriptions = createFilterSubscriptions();
    subscriptions.subscribe(alice, TOPIC, ["/a/1/x/proto"]);
    expect(subscriptions.unsubscribe(alice, TOPIC, ["/a/1/other/proto"])).toBe(false);
    expect(subscriptions.unsubscribe(alice, TOPIC, ["/a/1/x/proto"])).toBe(true);
    expect(subscriptions.has(alice)).toBe(false);
    expect(subscriptions.size).toBe(0);
    expect(subscriptions.unsubscribeAll(alice)).toBe(false);
  });

  it("refuses criteria past the per-peer limit and keeps the previous ones intact", () => {
    const subscriptions = createFilterSubscriptions();
    const topics = Array.from({ length: MAX_CRITERIA_PER_PEER }, (_, i) => `/a/1/t${i}/proto`);
    expect(subscriptions.subscribe(alice, TOPIC, topics)).toBe(true);
    expect(subscriptions.subscribe(alice, TOPIC, ["/a/1/one-more/proto"])).toBe(false);
    expect(subscriptions.subscribers(TOPIC, "/a/1/one-more/proto")).toEqual([]);
    expect(subscriptions.subscribers(TOPIC, "/a/1/t0/proto")).toHaveLength(1);
  });
});
