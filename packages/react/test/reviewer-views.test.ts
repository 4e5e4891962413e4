// A reviewer's tests of the view hooks (received, sent, per-member delivery, sync status, re-render counts),
// through the public API only, on the memory network's virtual clock inside React's `act`; no wall-clock
// waits, no retries. Failures name their network seed.
// biome-ignore-all lint/correctness/noComponentHookFactories: components per test, recording their own renders
import { createReliableChannel } from "@reliable-channel/channel";
import type { ReliableChannelEvents } from "@reliable-channel/interfaces";
import {
  type ChannelView,
  useConversation,
  useReceivedMessages,
  useReliableChannel,
  useSentMessage,
  useSentMessages,
  useSyncStatus,
  type WatchedChannel,
  watchChannel,
} from "@reliable-channel/react";
import type { MemoryNetwork } from "@reliable-channel/transport-memory";
import { act, render } from "@testing-library/react";
import { createElement, memo, type ReactNode, StrictMode } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { advance, bytes, page, peer, text, withSeed } from "./helpers/reviewer-react.js";

describe("reviewer: the view hooks on a memory network", () => {
  let cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanup.reverse()) await c();
    cleanup = [];
  });

  async function room(net: MemoryNetwork, members?: readonly string[]) {
    const bob = await peer(net, "bob", members);
    const carol = await peer(net, "carol", members);
    cleanup.push(
      () => bob.stop(),
      () => carol.stop(),
    );
    const p = page(net, members);
    const view = render(createElement(StrictMode, null, createElement(p.Page)));
    cleanup.push(async () => act(async () => view.unmount()));
    await advance(net, 5_000);
    expect(p.out.view).toBeDefined();
    return { bob, carol, ...p };
  }

  for (const seed of [9_100_011, 9_100_012, 9_100_013]) {
    it(`received: each once, in each sender's order, on a lossy reordering network (seed ${seed})`, () =>
      withSeed(seed, async (net) => {
        const { bob, carol, out, count } = await room(net);
        net.setReorder(0.3);
        net.setDuplication(0.2);
        net.setLoss(0.1);
        const before = { ...count };
        const expected: string[] = [];
        for (let i = 0; i < 12; i += 1) {
          const from = (seed + i * 7) % 3 === 0 ? carol : bob;
          const value = `${from.participantId}:m${i}`;
          expected.push(value);
          await act(async () => void (await from.send(bytes(value.split(":")[1] ?? ""))));
          await advance(net, 37 * ((seed + i) % 5));
        }
        net.setLoss(0);
        net.setReorder(0);
        net.setDuplication(0);
        await advance(net, 60_000);
        expect([...out.received].sort()).toEqual([...expected].sort()); // each exactly once
        for (const sender of ["bob", "carol"]) {
          const mine = (l: string) => l.startsWith(`${sender}:`);
          expect(out.received.filter(mine)).toEqual(expected.filter(mine)); // a sender's own order
        }
        expect(out.conversation).toEqual(out.received);
        // Received renders at most once per message; the sent list never (nothing of ours changed).
        // StrictMode renders each twice in development: count commits by halving.
        expect((count.received - before.received) / 2).toBeLessThanOrEqual(expected.length);
        expect(count.sent).toBe(before.sent);
        expect(count.page).toBe(before.page);
      }));
  }

  it("sent: sending, sent, acknowledged by whom; failed; the status bar does not re-render per message", () =>
    withSeed(9_100_021, async (net) => {
      const { out, count } = await room(net);
      const states: string[] = [];
      out.view?.subscribe(() => {
        const line = out.view?.sent.map((m) => m.state).join(",") ?? "";
        if (states.at(-1) !== line) states.push(line);
      });
      const syncBefore = count.sync;
      const receivedBefore = count.received;
      const id = await act(() => out.send?.(bytes("hello")) ?? Promise.reject(new Error("no send")));
      expect(out.sent.map((m) => m.messageId)).toEqual([id]);
      await advance(net, 6_000);
      expect(out.sent[0]).toMatchObject({ state: "acknowledged", attempts: 1 });
      expect(["bob", "carol"]).toContain(out.sent[0]?.acknowledgedBy);
      expect(states.at(-1)).toBe("acknowledged");
      expect(states.join(" ")).not.toMatch(/sent.*sending|acknowledged.*sent/);

      net.failNextPublish("alice", "permanent");
      await act(() => out.send?.(bytes("doomed")) ?? Promise.reject(new Error("no send")));
      await advance(net, 1_000);
      expect(out.sent.map((m) => m.state)).toEqual(["acknowledged", "failed"]);
      expect(out.sent[1]?.failure).toBe("permanent-error");
      expect(out.conversation).toEqual(["me:hello", "me:doomed"]);
      expect(count.received).toBe(receivedBefore); // nothing received: that part never re-rendered
      expect(out.sync?.status.status).toBe("synced");
      // The sync part re-renders only when the sync view changes; none of the above is a sync change.
      expect(count.sync - syncBefore).toBe(0);
    }));

  it("useSentMessage per message, delivery per member: one message's news re-renders its line only", () =>
    withSeed(9_100_022, async (net) => {
      const members = ["alice", "bob", "carol"];
      const { out } = await room(net, members);
      const lines = new Map<string, string[]>();
      const Line = memo(function Line({ view, id }: { readonly view: ChannelView; readonly id: string }) {
        const m = useSentMessage(view, id);
        const d = m?.delivery;
        const line = `${m?.state} known:${d?.knownBy.join("+") ?? "-"} all:${d?.deliveredToAll ?? "-"}`;
        lines.set(id, [...(lines.get(id) ?? []), line]);
        return null;
      });
      const view = out.view;
      if (view === undefined) throw new Error("no view");
      const send = out.send ?? (() => Promise.reject(new Error("no send")));
      net.setOffline("carol", true);
      const first = await act(() => send(bytes("one")));
      const lineView = render(createElement(Line, { view, id: first }));
      cleanup.push(async () => act(async () => lineView.unmount()));
      await advance(net, 6_000);
      expect(lines.get(first)?.at(-1)).toBe("acknowledged known:bob all:false");
      const rendersOfFirst = lines.get(first)?.length;
      await act(() => send(bytes("two")));
      await advance(net, 6_000);
      expect(lines.get(first)?.length).toBe(rendersOfFirst);
      net.setOffline("carol", false);
      await advance(net, 30_000);
      expect(lines.get(first)?.at(-1)).toBe("acknowledged known:bob+carol all:true");
      const firstLines = lines.get(first) ?? [];
      expect(firstLines.filter((l, i) => l === firstLines[i - 1])).toEqual([]); // each render showed news
      expect(out.sent.map((m) => m.delivery?.deliveredToAll)).toEqual([true, true]);
    }));

  it("sync status: offline, then catching up, then synced; unchanged status renders nothing", () =>
    withSeed(9_100_023, async (net) => {
      const { out, count } = await room(net);
      const seen: string[] = [];
      out.view?.subscribe(() => {
        const s = out.view?.sync.status.status ?? "";
        if (seen.at(-1) !== s) seen.push(s);
      });
      const quiet = count.sync;
      await advance(net, 30_000); // a quiet room: periodic syncs, no change of status
      expect(count.sync).toBe(quiet);
      await act(async () => net.setOffline("alice", true));
      expect(out.sync?.status.status).toBe("offline");
      await act(async () => net.setOffline("alice", false));
      await advance(net, 10_000);
      expect(out.sync?.status.status).toBe("synced");
      expect(seen[0]).toBe("offline");
      expect(seen.at(-1)).toBe("synced");
    }));

  it("hooks without a view return stable empty values and never re-render on their own", () =>
    withSeed(9_100_024, async (net) => {
      let renders = 0;
      const seen: unknown[][] = [];
      function Empty(): ReactNode {
        renders += 1;
        const sent = useSentMessages(undefined);
        seen.push([useReceivedMessages(undefined), useConversation(undefined), sent.messages]);
        expect(useSyncStatus(undefined)).toBeUndefined();
        expect(useSentMessage(undefined, "x")).toBeUndefined();
        return null;
      }
      const view = render(createElement(Empty));
      await advance(net, 1_000);
      expect(renders).toBe(1);
      view.rerender(createElement(Empty));
      expect(seen[1]).toEqual(seen[0]);
      for (const [i, v] of (seen[1] ?? []).entries()) expect(v).toBe(seen[0]?.[i]);
      view.unmount();
    }));
});

describe("reviewer: edges", () => {
  it("two sends in a row, not awaited: `sent` and the conversation keep the send order", () =>
    withSeed(9_100_031, async (net) => {
      const bob = await peer(net, "bob");
      const p = page(net);
      const view = render(createElement(p.Page));
      await advance(net, 2_000);
      const send = p.out.send ?? (() => Promise.reject(new Error("no send")));
      const ids = await act(() => Promise.all(["a", "b", "c"].map((v) => send(bytes(v)))));
      expect(p.out.sent.map((m) => m.messageId)).toEqual(ids);
      expect(p.out.conversation).toEqual(["me:a", "me:b", "me:c"]);
      await act(async () => view.unmount());
      await bob.stop();
    }));

  it("create may return { channel, init }: the kept conversation shows first, new messages follow it", () =>
    withSeed(9_100_032, async (net) => {
      const bob = await peer(net, "bob");
      const kept = await act(() => bob.send(bytes("before")));
      await advance(net, 1_000);
      let received: string[] = [];
      function Room(): ReactNode {
        const { view } = useReliableChannel(async () => {
          const channel = await createReliableChannel({
            channelId: "room",
            participantId: "alice",
            transport: net.transport("alice") ?? net.join("alice"),
            clock: net.clock,
            autoStart: false,
          });
          const message = {
            messageId: kept,
            senderId: "bob",
            lamportTimestamp: 1n,
            payload: bytes("before"),
          };
          return { channel, init: { initial: [{ own: false as const, message }] } };
        }, []);
        received = useReceivedMessages(view).map((m) => text(m.payload));
        return null;
      }
      const view = render(createElement(Room));
      await advance(net, 5_000); // alice's catch-up finds bob's message in the store
      expect(received).toEqual(["before"]);
      await act(() => bob.send(bytes("after")));
      await advance(net, 1_000);
      expect(received).toEqual(["before", "after"]);
      await act(async () => view.unmount());
      await bob.stop();
    }));

  it("the view does not notify for an event that changes nothing (no re-render)", async () => {
    type Listener = (detail: never) => void;
    const listeners = new Map<string, Set<Listener>>();
    const channel: WatchedChannel = {
      syncStatus: { status: "synced", received: 0, missing: 0, lost: 0 },
      send: async () => "m1",
      on(type, listener) {
        const set = listeners.get(type) ?? new Set<Listener>();
        listeners.set(type, set);
        set.add(listener as Listener);
        return () => set.delete(listener as Listener);
      },
    };
    const fire = <K extends keyof ReliableChannelEvents>(type: K, detail: ReliableChannelEvents[K]) => {
      for (const l of listeners.get(type) ?? []) (l as (d: ReliableChannelEvents[K]) => void)(detail);
    };
    const view = watchChannel(channel);
    await view.send(bytes("one"));
    fire("sending", { messageId: "m1", attempt: 1 });
    fire("possibly-acknowledged", { messageId: "m1", count: 1 });
    fire("send-failed", {
      messageId: "m1",
      reason: "retries-exhausted",
    } as ReliableChannelEvents["send-failed"]);
    fire("acknowledged-after-failure", { messageId: "m1", by: "bob" });
    let notified = 0;
    view.subscribe(() => {
      notified += 1;
    });
    const before = view.sent[0];
    // Given up, then acknowledged after all: it stays failed, with who acknowledged it.
    expect(before).toMatchObject({ state: "failed", failure: "retries-exhausted", acknowledgedBy: "bob" });
    fire("sending", { messageId: "m1", attempt: 1 }); // an attempt already counted
    fire("possibly-acknowledged", { messageId: "m1", count: 1 }); // the same count
    fire("acknowledged-after-failure", { messageId: "m1", by: "bob" }); // the same acknowledger
    expect(view.sent[0]).toBe(before);
    expect(notified).toBe(0);
  });

  it("a message delivered twice (say, kept by the app and delivered again) is listed once", () => {
    type Listener = (detail: never) => void;
    const listeners = new Set<Listener>();
    const channel: WatchedChannel = {
      syncStatus: { status: "synced", received: 0, missing: 0, lost: 0 },
      send: async () => "m1",
      on(type, listener) {
        if (type === "message-received") listeners.add(listener as Listener);
        return () => listeners.delete(listener as Listener);
      },
    };
    const message = { messageId: "r1", senderId: "bob", lamportTimestamp: 1n, payload: bytes("hi") };
    const view = watchChannel(channel, { initial: [{ own: false, message }] });
    const again = { ...message, channelId: "room" } as ReliableChannelEvents["message-received"];
    for (const l of listeners) (l as (d: ReliableChannelEvents["message-received"]) => void)(again);
    const other = { ...again, messageId: "r2" };
    for (const l of listeners) (l as (d: ReliableChannelEvents["message-received"]) => void)(other);
    for (const l of listeners) (l as (d: ReliableChannelEvents["message-received"]) => void)(other);
    expect(view.received.map((m) => m.messageId)).toEqual(["r1", "r2"]);
    expect(view.conversation).toHaveLength(2);
  });
});

describe("reviewer: a segmented message", () => {
  it("re-renders its sender's list only when something about it changed (one `sending` per segment)", () =>
    withSeed(9_100_041, async (net) => {
      const bob = await peer(net, "bob");
      const shown: string[] = [];
      let send: ((payload: Uint8Array) => Promise<string>) | undefined;
      const Sent = memo(function Sent({ view }: { readonly view: ChannelView | undefined }) {
        const sent = useSentMessages(view);
        send = sent.send;
        shown.push(JSON.stringify(sent.messages.map(({ payload: _, ...m }) => m)));
        return null;
      });
      function Room(): ReactNode {
        const { view } = useReliableChannel(
          () =>
            createReliableChannel({
              channelId: "room",
              participantId: "alice",
              transport: net.transport("alice") ?? net.join("alice"),
              clock: net.clock,
              autoStart: false,
            }),
          [],
        );
        return createElement(Sent, { view });
      }
      const view = render(createElement(Room));
      await advance(net, 2_000);
      const big = new Uint8Array(250_000).fill(7); // three segments of the default 100 kB
      await act(() => send?.(big) ?? Promise.reject(new Error("no send")));
      await advance(net, 10_000);
      expect(JSON.parse(shown.at(-1) ?? "[]")).toMatchObject([{ state: "acknowledged", attempts: 1 }]);
      // Every render of the message showed news (the view's arrival itself renders `[]` twice: its prop changed).
      const withMessage = shown.filter((line) => line !== "[]");
      expect(withMessage.length).toBeGreaterThan(1);
      expect(withMessage.filter((line, i) => line === withMessage[i - 1])).toEqual([]);
      await act(async () => view.unmount());
      await bob.stop();
    }));
});

describe("reviewer: sync ids", () => {
  /** A channel whose events the test fires by hand. */
  function fake() {
    type Listener = (detail: never) => void;
    const listeners = new Map<string, Set<Listener>>();
    const channel: WatchedChannel = {
      syncStatus: { status: "synced", received: 0, missing: 0, lost: 0 },
      send: async () => "m1",
      on(type, listener) {
        const set = listeners.get(type) ?? new Set<Listener>();
        listeners.set(type, set);
        set.add(listener as Listener);
        return () => set.delete(listener as Listener);
      },
    };
    const fire = <K extends keyof ReliableChannelEvents>(type: K, detail: ReliableChannelEvents[K]) => {
      for (const l of listeners.get(type) ?? []) (l as (d: ReliableChannelEvents[K]) => void)(detail);
    };
    const received = (messageId: string) =>
      fire("message-received", {
        messageId,
        senderId: "bob",
        lamportTimestamp: 1n,
        payload: bytes(messageId),
        channelId: "room",
      } as ReliableChannelEvents["message-received"]);
    return { view: watchChannel(channel), fire, received };
  }
  const entry = (messageId: string) => ({ messageId }) as ReliableChannelEvents["missing"]["missing"][number];

  it("missing, lost, then turned up with `recovered`: recovered once", () => {
    const { view, fire, received } = fake();
    fire("missing", { missing: [entry("x")] });
    expect(view.sync.missing).toEqual(["x"]);
    fire("irretrievable", { messageIds: ["x"], reason: "not-in-store", released: [] });
    expect(view.sync).toMatchObject({ missing: [], lost: ["x"] });
    received("x");
    fire("recovered", { messageId: "x" });
    expect(view.sync).toMatchObject({ missing: [], lost: [], recovered: ["x"] });
  });

  it("a lost message that turns up without `recovered` (given up before a restart) is not lost", () => {
    const { view, fire, received } = fake();
    fire("irretrievable", { messageIds: ["x"], reason: "not-in-store", released: [] });
    let notified = 0;
    view.subscribe(() => {
      notified += 1;
    });
    received("x");
    expect(view.received.map((m) => m.messageId)).toEqual(["x"]);
    expect(view.sync).toMatchObject({ lost: [], recovered: ["x"] });
    expect(notified).toBe(1);
  });
});
