// A reviewer's tests of the README's promises, through the public API only (the package's own name, the
// channel, the memory transport and storage). Everything runs on the memory network's virtual clock inside
// React's `act`; no wall-clock waits, no retries. Each test names its network seed in its failure message.
// biome-ignore-all lint/correctness/noComponentHookFactories: components per test, recording their own renders
import { createReliableChannel, type ReliableChannel } from "@reliable-channel/channel";
import { type ReliableChannelEvents, StorageLockedError } from "@reliable-channel/interfaces";
import {
  type ChannelView,
  type ReliableChannelHandle,
  type SentMessage,
  type SyncView,
  useConversation,
  useReceivedMessages,
  useReliableChannel,
  useSentMessage,
  useSentMessages,
  useSyncStatus,
  type WatchedChannel,
  watchChannel,
} from "@reliable-channel/react";
import { memoryStorage } from "@reliable-channel/storage-memory";
import {
  createMemoryNetwork,
  createSeededRandom,
  type MemoryNetwork,
} from "@reliable-channel/transport-memory";
import { act, render } from "@testing-library/react";
import { createElement, memo, type ReactNode, StrictMode } from "react";
import { afterEach, describe, expect, it } from "vitest";

const bytes = (value: string): Uint8Array => new TextEncoder().encode(value);
const text = (payload: Uint8Array): string => new TextDecoder().decode(payload);

/** Runs `body` with a memory network of `seed`; a failure names the seed. */
async function withSeed(seed: number, body: (net: MemoryNetwork) => Promise<void>): Promise<void> {
  const net = createMemoryNetwork({ seed });
  try {
    await body(net);
  } catch (error) {
    if (error instanceof Error) error.message = `[seed ${seed}] ${error.message}`;
    throw error;
  }
}

/** Lets every pending promise continuation and due timer run, inside `act` (the clock moves by `ms`). */
const advance = (net: MemoryNetwork, ms = 0): Promise<void> => act(() => net.clock.advanceAsync(ms));

/** A gate a test opens by hand: `create` waits on it. */
function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

interface Lifecycle {
  readonly log: string[];
  readonly channels: ReliableChannel[];
  readonly handles: ReliableChannelHandle[];
}

/**
 * A component `Room` whose channel (participant `me`, channel `room`) is created by the hook with `deps =
 * [room]`. `create` waits on `before(call)` when given. The log records each `create` call (with how many
 * earlier calls had not ended: channel stopped, or creation or start failed), each channel made, started and
 * stopped.
 */
function lifecycle(
  net: MemoryNetwork,
  options: {
    storage?: ReturnType<typeof memoryStorage>;
    before?: (call: number) => Promise<void>;
    beforeStart?: (call: number) => Promise<void>;
  } = {},
) {
  const state: Lifecycle = { log: [], channels: [], handles: [] };
  let calls = 0;
  const done = new Set<number>();
  const make = async (room: string, signal: AbortSignal): Promise<ReliableChannel> => {
    const call = ++calls;
    // Earlier calls whose channel is not stopped yet (or whose creation has not ended).
    const open = Array.from({ length: call - 1 }, (_, i) => i + 1).filter((c) => !done.has(c)).length;
    state.log.push(`create ${call} ${room} (open: ${open})`);
    try {
      await options.before?.(call);
    } catch (error) {
      done.add(call);
      throw error;
    }
    const channel = await createReliableChannel({
      channelId: "room",
      participantId: "alice",
      transport: net.transport("alice") ?? net.join("alice"),
      clock: net.clock,
      autoStart: false,
      ...(options.storage === undefined ? {} : { storage: options.storage }),
    });
    state.channels.push(channel);
    state.log.push(`made ${call}${signal.aborted ? " (aborted)" : ""}`);
    const stop = channel.stop.bind(channel);
    const start = channel.start.bind(channel);
    Object.assign(channel, {
      start: async () => {
        state.log.push(`start ${call}`);
        try {
          await options.beforeStart?.(call);
          await start();
        } catch (error) {
          done.add(call); // a failed start leaves the channel stopped
          throw error;
        }
        state.log.push(`started ${call}`);
      },
      stop: async () => {
        await stop();
        done.add(call);
        state.log.push(`stopped ${call}`);
      },
    });
    return channel;
  };
  function Room({ room }: { readonly room: string }): ReactNode {
    const handle = useReliableChannel((signal) => make(room, signal), [room]);
    state.handles.push(handle);
    return createElement("p", null, handle.status);
  }
  return { state, Room, calls: () => calls, ended: () => done.size };
}

/** Every channel made is stopped (or never started). */
const allStopped = (channels: readonly ReliableChannel[]) =>
  channels.map((c) => c.state).filter((s) => s !== "stopped" && s !== "idle");

describe("reviewer: useReliableChannel's lifecycle", () => {
  it("StrictMode: create runs once, the channel is started, and stopped on unmount", () =>
    withSeed(9_100_001, async (net) => {
      const { state, Room, calls } = lifecycle(net);
      const view = render(createElement(StrictMode, null, createElement(Room, { room: "a" })));
      await advance(net, 1_000);
      expect(calls()).toBe(1);
      expect(state.handles.at(-1)?.status).toBe("ready");
      expect(state.channels[0]?.state).toBe("started");
      view.unmount();
      await advance(net, 1_000);
      expect(state.log).toEqual(["create 1 a (open: 0)", "made 1", "start 1", "started 1", "stopped 1"]);
      expect(allStopped(state.channels)).toEqual([]);
    }));

  it("StrictMode: unmounting while create is pending stops the channel once it exists, never ready", () =>
    withSeed(9_100_002, async (net) => {
      const g = gate();
      const { state, Room, calls } = lifecycle(net, { before: () => g.opened });
      const view = render(createElement(StrictMode, null, createElement(Room, { room: "a" })));
      await advance(net);
      expect(calls()).toBe(1);
      view.unmount();
      g.open();
      await advance(net, 1_000);
      // Made after its component went away: never started (stopping it is harmless), never shown.
      expect(state.log.slice(0, 2)).toEqual(["create 1 a (open: 0)", "made 1 (aborted)"]);
      expect(allStopped(state.channels)).toEqual([]);
      expect(state.handles.map((h) => h.status)).not.toContain("ready");
    }));

  it("unmounting while start is pending stops the channel after its start", () =>
    withSeed(9_100_003, async (net) => {
      const g = gate();
      const { state, Room } = lifecycle(net, { beforeStart: () => g.opened });
      const view = render(createElement(Room, { room: "a" }));
      await advance(net, 100);
      expect(state.log).toEqual(["create 1 a (open: 0)", "made 1", "start 1"]);
      view.unmount();
      g.open();
      await advance(net, 5_000);
      expect(state.log.slice(3)).toEqual(["started 1", "stopped 1"]);
      expect(allStopped(state.channels), state.log.join("; ")).toEqual([]);
      expect(state.handles.map((h) => h.status)).not.toContain("ready");
    }));

  it("deps changing several times while create is pending: one channel at a time, the last one ready", () =>
    withSeed(9_100_004, async (net) => {
      const storage = memoryStorage(); // a second open handle of "room" fails with StorageLockedError
      const gates = new Map<number, ReturnType<typeof gate>>();
      const gateOf = (call: number) => {
        const g = gates.get(call) ?? gate();
        gates.set(call, g);
        return g;
      };
      const { state, Room } = lifecycle(net, { storage, before: (call) => gateOf(call).opened });
      const view = render(createElement(Room, { room: "a" }));
      await advance(net);
      for (const room of ["b", "c", "d"]) {
        view.rerender(createElement(Room, { room }));
        await advance(net);
      }
      for (let call = 1; call <= 4; call += 1) gateOf(call).open();
      await advance(net, 2_000);
      expect(state.handles.at(-1)?.status, state.log.join("; ")).toBe("ready");
      // Every creation began with no other channel of the component open.
      expect(state.log.filter((l) => l.startsWith("create") && !l.endsWith("(open: 0)"))).toEqual([]);
      expect(state.log.at(0)).toBe("create 1 a (open: 0)");
      expect(state.log.filter((l) => l.startsWith("create")).at(-1)).toMatch(/ d /);
      const last = state.channels.at(-1);
      expect(state.handles.at(-1)?.channel).toBe(last);
      expect(state.channels.filter((c) => c.state === "started")).toEqual([last]);
      view.unmount();
      await advance(net, 1_000);
      expect(allStopped(state.channels)).toEqual([]);
    }));

  it("deps changing several times after ready: each channel stopped before the next is created", () =>
    withSeed(9_100_005, async (net) => {
      const storage = memoryStorage();
      const { state, Room } = lifecycle(net, { storage });
      const view = render(createElement(Room, { room: "r0" }));
      await advance(net, 500);
      for (let i = 1; i <= 4; i += 1) {
        view.rerender(createElement(Room, { room: `r${i}` }));
        if (i % 2 === 0) await advance(net, 500); // some settle, some change again at once
      }
      await advance(net, 2_000);
      expect(state.handles.at(-1)?.status, state.log.join("; ")).toBe("ready");
      expect(state.log.filter((l) => l.startsWith("create") && !l.endsWith("(open: 0)"))).toEqual([]);
      expect(state.channels.filter((c) => c.state === "started")).toHaveLength(1);
      view.unmount();
      await advance(net, 1_000);
      expect(allStopped(state.channels)).toEqual([]);
    }));

  it("a rejected create is status failed with its error; new deps try again", () =>
    withSeed(9_100_006, async (net) => {
      const boom = new Error("no network");
      const renders: ReliableChannelHandle[] = [];
      function Room({ room }: { readonly room: string }): ReactNode {
        const handle = useReliableChannel(async () => {
          if (room === "bad") throw boom;
          return createReliableChannel({
            channelId: room,
            participantId: "alice",
            transport: net.transport("alice") ?? net.join("alice"),
            clock: net.clock,
            autoStart: false,
          });
        }, [room]);
        renders.push(handle);
        return null;
      }
      const view = render(createElement(Room, { room: "bad" }));
      await advance(net, 100);
      expect(renders.at(-1)).toEqual({ status: "failed", error: boom });
      view.rerender(createElement(Room, { room: "good" }));
      await advance(net, 1_000);
      expect(renders.at(-1)?.status).toBe("ready");
      const channel = renders.at(-1)?.channel;
      view.unmount();
      await advance(net, 100);
      expect(channel?.state).toBe("stopped");
    }));

  it("a failed start is status failed (the storage is held elsewhere)", () =>
    withSeed(9_100_007, async (net) => {
      const storage = memoryStorage();
      const holder = await storage.open("room");
      const { state, Room } = lifecycle(net, { storage });
      const view = render(createElement(Room, { room: "a" }));
      await advance(net, 100);
      const last = state.handles.at(-1);
      expect(last?.status).toBe("failed");
      expect(last?.error).toBeInstanceOf(StorageLockedError);
      view.unmount();
      await holder.close();
      await advance(net, 100);
      expect(allStopped(state.channels)).toEqual([]);
    }));

  it("renders starting, then ready once: no render when nothing changed", () =>
    withSeed(9_100_008, async (net) => {
      const { state, Room } = lifecycle(net);
      render(createElement(Room, { room: "a" }));
      await advance(net, 10_000);
      expect(state.handles.map((h) => h.status)).toEqual(["starting", "ready"]);
      await act(async () => state.handles.at(-1)?.channel?.stop());
    }));
});

/** Alice's page on `net` (bob and carol already there): a component per hook, each counting its renders. */
function page(net: MemoryNetwork, members?: readonly string[]) {
  const count = { received: 0, sent: 0, sync: 0, conversation: 0, page: 0 };
  const out: {
    view?: ChannelView;
    received: string[];
    sent: readonly SentMessage[];
    sync?: SyncView | undefined;
    conversation: string[];
    send?: (payload: Uint8Array) => Promise<string>;
  } = { received: [], sent: [], conversation: [] };
  const Received = memo(function Received({ view }: { readonly view: ChannelView | undefined }) {
    count.received += 1;
    out.received = useReceivedMessages(view).map((m) => `${m.senderId}:${text(m.payload)}`);
    return null;
  });
  const Sent = memo(function Sent({ view }: { readonly view: ChannelView | undefined }) {
    count.sent += 1;
    const { messages, send } = useSentMessages(view);
    out.sent = messages;
    out.send = send;
    return null;
  });
  const Sync = memo(function Sync({ view }: { readonly view: ChannelView | undefined }) {
    count.sync += 1;
    out.sync = useSyncStatus(view);
    return null;
  });
  const Conversation = memo(function Conversation({ view }: { readonly view: ChannelView | undefined }) {
    count.conversation += 1;
    out.conversation = useConversation(view).map((e) =>
      e.own ? `me:${text(e.message.payload)}` : `${e.message.senderId}:${text(e.message.payload)}`,
    );
    return null;
  });
  function Page(): ReactNode {
    count.page += 1;
    const { view } = useReliableChannel(
      () =>
        createReliableChannel({
          channelId: "room",
          participantId: "alice",
          transport: net.transport("alice") ?? net.join("alice"),
          clock: net.clock,
          autoStart: false,
          ...(members === undefined ? {} : { members }),
        }),
      [],
    );
    if (view !== undefined) out.view = view;
    return [Received, Sent, Sync, Conversation].map((Part, i) => createElement(Part, { key: i, view }));
  }
  return { Page, count, out };
}

async function peer(net: MemoryNetwork, id: string, members?: readonly string[]): Promise<ReliableChannel> {
  const channel = await createReliableChannel({
    channelId: "room",
    participantId: id,
    transport: net.transport(id) ?? net.join(id),
    clock: net.clock,
    autoStart: false,
    ...(members === undefined ? {} : { members }),
  });
  await channel.start();
  return channel;
}

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

describe("reviewer: beyond one component", () => {
  // Known limitation, left as it is: the one-channel-at-a-time chain is per component, so a remount (a new
  // `key`, or leaving a route and coming back at once) creates the next channel while the old component's
  // stop is still under way; a storage with one open handle per channel then fails its start
  // (StorageLockedError, status "failed"). Serialising every hook's creations page-wide would fix it but
  // would also delay unrelated channels; the README now says the promise is per component.
  it.fails("a remount (new key, same channel and storage) gets its channel once the old one stopped", () =>
    withSeed(9_100_051, async (net) => {
      const storage = memoryStorage();
      const { state, Room } = lifecycle(net, { storage });
      const view = render(createElement(Room, { key: 1, room: "a" }));
      await advance(net, 1_000);
      view.rerender(createElement(Room, { key: 2, room: "a" }));
      await advance(net, 1_000);
      expect(state.handles.at(-1)?.status, state.log.join("; ")).toBe("ready");
      view.unmount();
      await advance(net, 1_000);
    }));
});

describe("reviewer: random lifecycles (seeded)", () => {
  for (let seed = 9_100_101; seed < 9_100_121; seed += 1) {
    it(`deps changes, slow and failing creates and starts, then unmount: one at a time, none leaked (seed ${seed})`, () =>
      withSeed(seed, async (net) => {
        const random = createSeededRandom(seed);
        const storage = memoryStorage();
        const gates = new Map<string, ReturnType<typeof gate>>();
        const gateOf = (key: string) => {
          const g = gates.get(key) ?? gate();
          gates.set(key, g);
          return g;
        };
        const failing = new Set<string>();
        const { state, Room, calls, ended } = lifecycle(net, {
          storage,
          before: async (call) => {
            if (random.next() < 0.5) await gateOf(`create ${call}`).opened;
            if (random.next() < 0.15) {
              failing.add(String(call));
              throw new Error(`create ${call} failed`);
            }
          },
          beforeStart: async (call) => {
            if (random.next() < 0.5) await gateOf(`start ${call}`).opened;
            if (random.next() < 0.15) {
              failing.add(String(call));
              throw new Error(`start ${call} failed`);
            }
          },
        });
        const strict = random.next() < 0.5;
        const element = (room: string) => {
          const room_ = createElement(Room, { room });
          return strict ? createElement(StrictMode, null, room_) : room_;
        };
        let room = "r0";
        const view = render(element(room));
        for (let step = 1; step <= 12; step += 1) {
          const roll = random.int(3);
          if (roll === 0) {
            room = `r${step}`;
            view.rerender(element(room));
          } else if (roll === 1) {
            const closed = [...gates.values()];
            closed[random.int(Math.max(1, closed.length))]?.open();
          }
          await advance(net, random.int(300));
          // A ready handle is never of a stopped channel, and at most one channel runs.
          const last = state.handles.at(-1);
          if (last?.status === "ready") expect(last.channel.state, state.log.join("; ")).toBe("started");
          expect(state.channels.filter((c) => c.state === "started").length).toBeLessThanOrEqual(1);
        }
        const openAll = async () => {
          for (let round = 0; round < 8; round += 1) {
            for (const g of gates.values()) g.open(); // and those made while earlier ones opened
            await advance(net, 500);
          }
        };
        await openAll();
        const log = state.log.join("; ");
        expect(
          state.log.filter((l) => l.startsWith("create") && !l.endsWith("(open: 0)")),
          log,
        ).toEqual([]);
        const lastCall = calls();
        expect(state.log.filter((l) => l.startsWith("create")).at(-1), log).toBe(
          `create ${lastCall} ${room} (open: 0)`,
        );
        const final = state.handles.at(-1);
        expect(final?.status, log).toBe(failing.has(String(lastCall)) ? "failed" : "ready");
        view.unmount();
        await openAll();
        expect(allStopped(state.channels), log).toEqual([]);
        expect(ended(), log).toBe(calls());
      }));
  }
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
