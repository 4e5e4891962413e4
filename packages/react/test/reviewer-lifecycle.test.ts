// A reviewer's tests of useReliableChannel's lifecycle, through the public API only, on the memory network's
// virtual clock inside React's `act`; no wall-clock waits, no retries. Failures name their network seed.
// biome-ignore-all lint/correctness/noComponentHookFactories: components per test, recording their own renders
import { createReliableChannel } from "@reliable-channel/channel";
import { StorageLockedError } from "@reliable-channel/interfaces";
import { type ReliableChannelHandle, useReliableChannel } from "@reliable-channel/react";
import { memoryStorage } from "@reliable-channel/storage-memory";
import { createSeededRandom } from "@reliable-channel/transport-memory";
import { act, render } from "@testing-library/react";
import { createElement, type ReactNode, StrictMode } from "react";
import { describe, expect, it } from "vitest";
import { advance, allStopped, gate, lifecycle, withSeed } from "./helpers/reviewer-react.js";

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
