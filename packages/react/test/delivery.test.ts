import { createReliableChannel, type ReliableChannel } from "@reliable-channel/channel";
import type { DeliveryState, MessageId, ReliableChannelEvents } from "@reliable-channel/interfaces";
import { act, render } from "@testing-library/react";
import { createElement, memo, type ReactNode } from "react";
import { afterEach, describe, expect, it } from "vitest";
import {
  type ChannelView,
  type SentDelivery,
  useReliableChannel,
  useSentMessage,
  useSentMessages,
  type WatchedChannel,
  watchChannel,
} from "../src/index.js";
import { advance, bytes, network } from "./fixtures.js";
import { Recorder, renders } from "./probe.js";

type Listener = (detail: never) => void;

/** A channel whose events the test fires by hand; `send` resolves with the ids given to it, in order. */
function fakeChannel(ids: MessageId[]) {
  const listeners = new Map<string, Set<Listener>>();
  const channel: WatchedChannel = {
    syncStatus: { status: "synced", received: 0, missing: 0, lost: 0 },
    send: async () => ids.shift() ?? "none",
    on(type, listener) {
      const set = listeners.get(type) ?? new Set<Listener>();
      listeners.set(type, set);
      set.add(listener as Listener);
      return () => set.delete(listener as Listener);
    },
  };
  const fire = <K extends keyof ReliableChannelEvents>(type: K, detail: ReliableChannelEvents[K]) => {
    for (const listener of listeners.get(type) ?? [])
      (listener as (d: ReliableChannelEvents[K]) => void)(detail);
  };
  return { channel, fire, listening: () => [...listeners.values()].reduce((n, set) => n + set.size, 0) };
}

const state = (id: MessageId, known: string[], possibly: string[] = [], done = false): DeliveryState => ({
  messageId: id,
  epoch: 1,
  deliveredToAll: done,
  members: ["bob", "carol"].map((participantId) => ({
    participantId,
    state: known.includes(participantId)
      ? "known"
      : possibly.includes(participantId)
        ? "possibly"
        : "unknown",
  })),
});

describe("who has each sent message", () => {
  it("the view follows delivery-state and delivered-to-all, and changes only when something changed", async () => {
    const { channel, fire, listening } = fakeChannel(["m1", "m2"]);
    const view = watchChannel(channel);
    let notified = 0;
    view.subscribe(() => {
      notified += 1;
    });
    fire("delivery-state", state("m1", [], ["carol"])); // before `send` resolved: kept for it
    await view.send(bytes("one"));
    await view.send(bytes("two"));
    expect(view.sent[0]?.delivery).toEqual({
      epoch: 1,
      members: ["bob", "carol"],
      knownBy: [],
      possiblyBy: ["carol"],
      deliveredToAll: false,
    } satisfies SentDelivery);
    expect(view.sent[1]?.delivery).toBeUndefined(); // nothing said about it (a channel without a roster)
    notified = 0;
    const second = view.sent[1];
    fire("delivery-state", state("m1", ["bob"], ["carol"]));
    expect(notified).toBe(1);
    expect(view.sent[0]?.delivery?.knownBy).toEqual(["bob"]);
    expect(view.sent[1]).toBe(second); // the other message's object is unchanged
    fire("delivery-state", state("m1", ["bob"], ["carol"])); // the same again: no change, no notification
    expect(notified).toBe(1);
    fire("delivered-to-all", { messageId: "m1", members: ["bob", "carol"], epoch: 1 });
    expect(notified).toBe(2);
    expect(view.sent[0]?.delivery).toMatchObject({
      knownBy: ["bob", "carol"],
      deliveredToAll: true,
      possiblyBy: [],
    });
    fire("delivery-state", state("m1", ["bob"])); // late news never takes it back
    expect(view.sent[0]?.delivery?.deliveredToAll).toBe(true);
    expect(notified).toBe(2);
    view.close();
    expect(listening()).toBe(0);
  });

  describe("on a memory network with a roster", () => {
    let stop: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const s of stop) await s();
      stop = [];
    });

    it("useSentMessage shows who has it, re-rendering once per change of that message only", async () => {
      const net = network(11);
      const ids = ["alice", "bob", "carol"];
      const open = (participantId: string): Promise<ReliableChannel> =>
        createReliableChannel({
          channelId: "room",
          participantId,
          transport: net.transport(participantId) ?? net.join(participantId),
          clock: net.clock,
          autoStart: false,
          members: ids,
        });
      for (const id of ["bob", "carol"]) {
        const channel = await open(id);
        await channel.start();
        stop.push(() => channel.stop());
      }
      const views = new Recorder<ChannelView>();
      const shown = new Map<MessageId, string[]>();
      let send: ((payload: Uint8Array) => Promise<MessageId>) | undefined;
      let sentIds: readonly MessageId[] = [];
      // biome-ignore lint/correctness/noComponentHookFactories: a component per test, recording its renders
      function SeenBy({ view, id }: { readonly view: ChannelView; readonly id: MessageId }): ReactNode {
        const message = useSentMessage(view, id);
        const delivery = message?.delivery;
        const line = `${message?.state}: seen by ${delivery?.knownBy.join(" and ") || "nobody"}${delivery?.deliveredToAll ? " (all)" : ""}`;
        shown.set(id, [...(shown.get(id) ?? []), line]);
        return null;
      }
      // biome-ignore lint/correctness/noComponentHookFactories: a component per test, recording its renders
      const MemoSeenBy = memo(SeenBy); // the parent re-renders on every list change; memo keeps that out
      // biome-ignore lint/correctness/noComponentHookFactories: a component per test, recording its renders
      function Page(): ReactNode {
        const { view } = useReliableChannel(() => open("alice"), []);
        const sent = useSentMessages(view);
        send = sent.send;
        sentIds = sent.messages.map((m) => m.messageId);
        if (view === undefined) return null;
        views.push(view);
        return sent.messages.map((m) =>
          createElement(MemoSeenBy, { key: m.messageId, view, id: m.messageId }),
        );
      }
      const page = render(createElement(Page));
      stop.push(async () => page.unmount());
      await renders(views.until((v) => v.length > 0));
      await advance(net, 3_000);
      net.setOffline("carol", true);
      const first = await act(() => send?.(bytes("hello")));
      await advance(net, 6_000); // bob has it and says so in his next sync
      expect(shown.get(first ?? "")?.at(-1)).toBe("acknowledged: seen by bob");
      const rendersOfFirst = shown.get(first ?? "")?.length ?? 0;
      const second = await act(() => send?.(bytes("again")));
      await advance(net, 6_000);
      expect(sentIds).toEqual([first, second]);
      // The second message's changes did not re-render the first one's component.
      expect(shown.get(first ?? "")?.length).toBe(rendersOfFirst);

      net.setOffline("carol", false);
      await advance(net, 30_000); // carol catches up; her syncs name both
      expect(shown.get(first ?? "")?.at(-1)).toBe("acknowledged: seen by bob and carol (all)");
      expect(shown.get(second ?? "")?.at(-1)).toBe("acknowledged: seen by bob and carol (all)");
      // Every render showed something new (React may render twice per commit only in StrictMode; not here).
      for (const lines of shown.values()) {
        expect(lines.filter((line, i) => line === lines[i - 1])).toEqual([]);
      }
    });
  });
});
