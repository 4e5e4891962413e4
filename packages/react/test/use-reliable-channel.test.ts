import type { ReliableChannel } from "@reliable-channel/channel";
import { StorageLockedError } from "@reliable-channel/interfaces";
import { memoryStorage } from "@reliable-channel/storage-memory";
import { render } from "@testing-library/react";
import { createElement, StrictMode } from "react";
import { describe, expect, it } from "vitest";
import { type ReliableChannelHandle, useReliableChannel } from "../src/index.js";
import { channelOf, network } from "./fixtures.js";
import { Recorder, renders, trackStops } from "./probe.js";

/** A component whose channel is made by `make`; calls, creations, stops and rendered handles are recorded. */
function probe(make: (signal: AbortSignal) => Promise<ReliableChannel>) {
  const calls = new Recorder<AbortSignal>();
  const created = new Recorder<ReliableChannel>();
  const stopped = new Recorder<ReliableChannel>();
  const handles = new Recorder<ReliableChannelHandle>();
  // biome-ignore lint/correctness/noComponentHookFactories: a component per test, recording its own renders
  function Room({ room }: { readonly room: string }) {
    const handle = useReliableChannel(
      async (signal) => {
        calls.push(signal);
        const channel = trackStops(await make(signal), stopped);
        created.push(channel);
        return channel;
      },
      [room],
    );
    handles.push(handle);
    return createElement("p", null, handle.status);
  }
  /** Resolves once `n` distinct channels have been rendered ready. */
  const ready = (n = 1) => handles.until((h) => new Set(h.map((x) => x.channel)).size > n);
  return { calls, created, stopped, handles, ready, Room };
}

describe("useReliableChannel", () => {
  it("creates and starts the channel on mount, stops it on unmount", async () => {
    const net = network();
    const p = probe(() => channelOf(net, "alice"));
    const view = render(createElement(p.Room, { room: "a" }));
    expect(p.handles.last?.status).toBe("starting");
    await renders(p.ready());
    expect(p.created.values).toHaveLength(1);
    const [channel] = p.created.values;
    expect(p.handles.last?.channel).toBe(channel);
    expect(channel?.state).toBe("started");
    view.unmount();
    await p.stopped.until((s) => s.length === 1);
    expect(channel?.state).toBe("stopped");
  });

  it("under StrictMode creates exactly one channel, and stops it on unmount", async () => {
    const net = network();
    const p = probe(() => channelOf(net, "alice"));
    const view = render(createElement(StrictMode, null, createElement(p.Room, { room: "a" })));
    await renders(p.ready());
    expect(p.calls.values).toHaveLength(1);
    expect(p.created.values[0]?.state).toBe("started");
    view.unmount();
    await p.stopped.until((s) => s.length === 1);
    expect(p.created.values.map((c) => c.state)).toEqual(["stopped"]);
  });

  it("on a change of deps stops the channel before it creates the next (one open storage handle)", async () => {
    const net = network();
    const storage = memoryStorage(); // a second open of "room" while the first is open: StorageLockedError
    const p = probe(() => channelOf(net, "alice", storage));
    const view = render(createElement(p.Room, { room: "a" }));
    await renders(p.ready());
    view.rerender(createElement(p.Room, { room: "b" }));
    expect(p.handles.last?.status).toBe("starting");
    await renders(p.ready(2));
    expect(p.created.values.map((c) => c.state)).toEqual(["stopped", "started"]);
    expect(p.handles.last?.channel).toBe(p.created.values[1]);
    view.unmount();
    await p.stopped.until((s) => s.length === 2);
  });

  it("stops a channel whose creation finished after the component unmounted", async () => {
    const net = network();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const p = probe(async () => {
      await gate;
      return channelOf(net, "alice");
    });
    const view = render(createElement(p.Room, { room: "a" }));
    await p.calls.until((c) => c.length === 1); // the creation began
    view.unmount();
    expect(p.calls.values[0]?.aborted).toBe(true);
    release();
    await p.stopped.until((s) => s.length === 1);
    expect(p.created.values[0]?.state).not.toBe("started");
    expect(p.handles.values.map((h) => h.status)).toEqual(["starting"]);
  });

  it("reports a failed creation", async () => {
    const net = network();
    const storage = memoryStorage();
    const holder = await storage.open("room"); // someone else holds the channel's storage
    const p = probe(() => channelOf(net, "alice", storage));
    render(createElement(p.Room, { room: "a" }));
    await renders(p.handles.until((h) => h.some((x) => x.status === "failed")));
    expect(p.handles.last?.error).toBeInstanceOf(StorageLockedError);
    await holder.close();
  });
});
