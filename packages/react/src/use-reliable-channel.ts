import type { ReliableChannel } from "@reliable-channel/channel";
import { type DependencyList, useEffect, useRef, useState } from "react";
import type { ChannelView, ChannelViewInit } from "./channel-view.js";
import { watchChannel } from "./watch-channel.js";

/** What {@link useReliableChannel} returns: nothing yet, the started channel and its view, or an error. */
export type ReliableChannelHandle =
  | {
      readonly status: "starting";
      readonly channel?: undefined;
      readonly view?: undefined;
      readonly error?: undefined;
    }
  | {
      readonly status: "ready";
      readonly channel: ReliableChannel;
      readonly view: ChannelView;
      readonly error?: undefined;
    }
  | {
      readonly status: "failed";
      readonly channel?: undefined;
      readonly view?: undefined;
      readonly error: unknown;
    };

/**
 * Creates a channel when `create` is called (it may observe `signal`, aborted when the component unmounts
 * or `deps` change before it resolved). Create it with `autoStart: false`: `init` comes from the app (say, a
 * conversation it kept) and is given to the channel's view before the hook starts it, so the view sees
 * every event. A started channel works too, minus the events before the hook got it.
 */
export type CreateChannel = (
  signal: AbortSignal,
) => Promise<ReliableChannel | { readonly channel: ReliableChannel; readonly init?: ChannelViewInit }>;

const STARTING: ReliableChannelHandle = { status: "starting" };

/**
 * A reliable channel that lives as long as the component (and its `deps`): created and started on mount,
 * stopped on unmount or when `deps` change. One channel at a time per component: the next one is created
 * only once the previous one stopped, so a durable storage that allows one open handle (IndexedDB, SQLite)
 * is never opened twice. Under StrictMode's mount–unmount–mount, `create` runs once: the first mount is
 * undone before its creation began. A channel created after its component went away is stopped, never
 * leaked.
 *
 * @param create - builds the channel (see {@link CreateChannel})
 * @param deps - when these change, the channel is stopped and another one created
 */
export function useReliableChannel(create: CreateChannel, deps: DependencyList): ReliableChannelHandle {
  const [handle, setHandle] = useState<ReliableChannelHandle>(STARTING);
  const previous = useRef<Promise<void>>(Promise.resolve());
  const createRef = useRef(create);
  // The latest `create`, for the creation effect below (effects run in order; refs are not written in render).
  useEffect(() => {
    createRef.current = create;
  });

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    const created = previous.current.then(async () => {
      if (signal.aborted) return undefined;
      const made = await createRef.current(signal);
      const { channel, init } = "channel" in made ? made : { channel: made, init: undefined };
      const view = watchChannel(channel, init);
      if (!signal.aborted) await channel.start();
      return { channel, view };
    });
    created.then(
      (ready) => {
        if (ready !== undefined && !signal.aborted) setHandle({ status: "ready", ...ready });
      },
      (error: unknown) => {
        if (!signal.aborted) setHandle({ status: "failed", error });
      },
    );
    return () => {
      controller.abort();
      previous.current = created
        .then(
          (ready) => ready?.channel.stop(),
          () => undefined,
        )
        .catch(() => undefined);
      setHandle(STARTING);
    };
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide, as for useEffect
  }, deps);

  return handle;
}
