import type { ReliableChannel } from "@reliable-channel/channel";
import { act, render } from "@testing-library/react";
import { createElement, type ReactNode } from "react";
import { afterEach, describe, expect, it } from "vitest";
import {
  type ChannelView,
  type SentMessages,
  type SyncView,
  useConversation,
  useReceivedMessages,
  useReliableChannel,
  useSentMessages,
  useSyncStatus,
} from "../src/index.js";
import { advance, bytes, channelOf, network, text } from "./fixtures.js";
import { Recorder, renders } from "./probe.js";

/** Alice's page: one component per hook, each counting its renders. */
function alicePage(make: () => Promise<ReliableChannel>) {
  const count = { received: 0, sent: 0, status: 0, conversation: 0 };
  const views = new Recorder<ChannelView>();
  let received: readonly string[] = [];
  let conversation: readonly string[] = [];
  let sent: SentMessages | undefined;
  let status: SyncView | undefined;
  // biome-ignore lint/correctness/noComponentHookFactories: a component per test, recording its own renders
  function Received({ view }: { readonly view: ChannelView | undefined }) {
    count.received += 1;
    received = useReceivedMessages(view).map((m) => `${m.senderId}: ${text(m.payload)}`);
    return null;
  }
  // biome-ignore lint/correctness/noComponentHookFactories: a component per test, recording its own renders
  function Sent({ view }: { readonly view: ChannelView | undefined }) {
    count.sent += 1;
    sent = useSentMessages(view);
    return null;
  }
  // biome-ignore lint/correctness/noComponentHookFactories: a component per test, recording its own renders
  function Status({ view }: { readonly view: ChannelView | undefined }) {
    count.status += 1;
    status = useSyncStatus(view);
    return null;
  }
  // biome-ignore lint/correctness/noComponentHookFactories: a component per test, recording its own renders
  function Conversation({ view }: { readonly view: ChannelView | undefined }) {
    count.conversation += 1;
    conversation = useConversation(view).map((e) => (e.own ? "me" : e.message.senderId));
    return null;
  }
  // biome-ignore lint/correctness/noComponentHookFactories: a component per test, recording its own renders
  function Page(): ReactNode {
    const { view } = useReliableChannel(make, []);
    if (view !== undefined) views.push(view);
    return [Received, Sent, Status, Conversation].map((part) =>
      createElement(part, { key: part.name, view }),
    );
  }
  return {
    Page,
    count,
    views,
    received: () => received,
    conversation: () => conversation,
    sent: () => sent?.messages ?? [],
    send: (value: string) => act(() => sent?.send(bytes(value))),
    status: () => status,
  };
}

describe("the view hooks on a memory network", () => {
  let stop: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const s of stop) await s();
    stop = [];
  });

  async function room() {
    const net = network(7);
    const bob = await channelOf(net, "bob");
    await bob.start();
    stop.push(() => bob.stop());
    const page = alicePage(() => channelOf(net, "alice"));
    const view = render(createElement(page.Page));
    stop.push(async () => view.unmount());
    await renders(page.views.until((v) => v.length > 0));
    await advance(net, 5_000); // catch-up done, first syncs exchanged
    return { net, bob, page };
  }

  it("lists received messages in order, re-rendering only the parts that changed", async () => {
    const { net, bob, page } = await room();
    expect(page.status()?.status.status).toBe("synced");
    const before = { ...page.count };
    const syncChanges = new Recorder<SyncView>();
    const view = page.views.last;
    view?.subscribe(() => {
      if (view.sync !== syncChanges.last) syncChanges.push(view.sync);
    });
    await act(async () => {
      for (let i = 1; i <= 5; i += 1) await bob.send(bytes(`hello ${i}`));
    });
    await advance(net, 500);
    expect(page.received()).toEqual([1, 2, 3, 4, 5].map((i) => `bob: hello ${i}`));
    expect(page.conversation()).toEqual(["bob", "bob", "bob", "bob", "bob"]);
    // Each part renders at most once per change it shows; the others not at all.
    expect(page.count.received - before.received).toBeGreaterThan(0);
    expect(page.count.received - before.received).toBeLessThanOrEqual(5);
    expect(page.count.sent).toBe(before.sent);
    expect(page.count.status - before.status).toBeLessThanOrEqual(syncChanges.values.length);
  });

  it("follows each sent message: sending, sent, acknowledged by whom; failed", async () => {
    const { net, bob, page } = await room();
    const states = new Recorder<string>();
    page.views.last?.subscribe(() => states.push(page.views.last?.sent.map((m) => m.state).join() ?? ""));
    await page.send("first");
    expect(page.sent().map((m) => [text(m.payload), m.state])).toEqual([["first", "sent"]]);
    const bobGot = bob.once("message-received");
    await advance(net, 200);
    expect(text((await bobGot).payload)).toBe("first");
    await advance(net, 5_000); // bob's sync names alice's message
    expect(page.sent()[0]).toMatchObject({ state: "acknowledged", acknowledgedBy: "bob", attempts: 1 });
    expect(page.conversation()).toEqual(["me"]);

    net.failNextPublish("alice", "permanent");
    await page.send("doomed");
    await advance(net, 100);
    expect(page.sent()[1]).toMatchObject({ state: "failed", failure: "permanent-error" });
    expect(page.sent()[0]?.state).toBe("acknowledged");
  });

  it("shows sync status: offline, then catching up and synced again", async () => {
    const { net, page } = await room();
    const seen = new Recorder<string>();
    page.views.last?.subscribe(() => seen.push(page.views.last?.sync.status.status ?? ""));
    await act(async () => net.setOffline("alice", true));
    expect(page.status()?.status.status).toBe("offline");
    await act(async () => net.setOffline("alice", false));
    await advance(net, 5_000);
    expect(page.status()?.status.status).toBe("synced");
    expect(seen.values).toContain("catching-up");
  });
});
