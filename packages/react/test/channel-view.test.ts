import { createMemoryVolume, memoryStorage } from "@reliable-channel/storage-memory";
import { describe, expect, it } from "vitest";
import { watchChannel } from "../src/index.js";
import { bytes, channelOf, network, text } from "./fixtures.js";

describe("watchChannel", () => {
  it("is one view per channel; `initial` counts on the first call only", async () => {
    const net = network(3);
    const alice = await channelOf(net, "alice");
    const view = watchChannel(alice, { initial: [] });
    expect(watchChannel(alice)).toBe(view);
    expect(view.conversation).toEqual([]);
  });

  it("tracks missing messages until they are retrieved from the store", async () => {
    const net = network(5);
    const bob = await channelOf(net, "bob");
    const alice = await channelOf(net, "alice");
    const view = watchChannel(alice);
    const missingSeen: string[][] = [];
    view.subscribe(() => {
      if (view.sync.missing.length > 0) missingSeen.push([...view.sync.missing]);
    });
    await Promise.all([bob.start(), alice.start()]);
    await net.clock.advanceAsync(2_000);
    net.partition(["alice"], ["bob"]); // alice misses these two; the store keeps them
    const lost = [await bob.send(bytes("one")), await bob.send(bytes("two"))];
    await net.clock.advanceAsync(100);
    net.heal();
    await bob.send(bytes("three")); // names "two": alice finds it missing and fetches it by its hint
    await net.clock.advanceAsync(10_000);
    expect(missingSeen.flat()).toContain(lost[1]);
    expect(view.sync.retrieved).toEqual(expect.arrayContaining([lost[1]]));
    expect(view.sync.missing).toEqual([]);
    expect(view.sync.lost).toEqual([]);
    expect(view.received.map((m) => text(m.payload))).toEqual(["one", "two", "three"]);
    await alice.stop();
    await bob.stop();
  });

  it("resumes a kept conversation: the restarted channel's replay updates a message sent before", async () => {
    const net = network(3);
    const volume = createMemoryVolume();
    const bob = await channelOf(net, "bob");
    await bob.start();
    const first = await channelOf(net, "alice", memoryStorage({ volume }));
    const before = watchChannel(first);
    await first.start();
    await net.clock.advanceAsync(2_000);
    net.setOffline("alice", true); // the message is accepted, never published
    await before.send(bytes("kept"));
    await bob.send(bytes("while you were away"));
    await net.clock.advanceAsync(100);
    expect(before.sent.map((m) => m.state)).toEqual(["sending"]);
    const kept = before.conversation;
    await first.stop(); // a page reload: the page's conversation was kept by the app

    net.setOffline("alice", false);
    const second = await channelOf(net, "alice", memoryStorage({ volume }));
    const after = watchChannel(second, { initial: kept });
    await second.start(); // the outbox is replayed and the store caught up
    await net.clock.advanceAsync(10_000);
    expect(after.sent).toHaveLength(1);
    expect(after.sent[0]).toMatchObject({ state: "acknowledged", acknowledgedBy: "bob" });
    expect(
      after.conversation.map((e) => (e.own ? `me: ${text(e.message.payload)}` : e.message.senderId)),
    ).toEqual(["me: kept", "bob"]);
    expect(after.received.map((m) => text(m.payload))).toEqual(["while you were away"]);
    await second.stop();
    await bob.stop();
  });
});
