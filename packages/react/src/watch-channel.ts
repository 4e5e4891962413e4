import { type ChannelView, type ChannelViewInit, View, type WatchedChannel } from "./channel-view.js";

const views = new WeakMap<WatchedChannel, ChannelView>();

/**
 * The view of `channel`: created (listening from now on) on the first call, the same one afterwards; `init`
 * counts only on the first call. Watch a channel before it starts (`autoStart: false`, then `start()`) to
 * see every event: `useReliableChannel` does exactly that. The view lives as long as the channel.
 */
export function watchChannel(channel: WatchedChannel, init?: ChannelViewInit): ChannelView {
  let view = views.get(channel);
  if (view === undefined) {
    view = new View(channel, init);
    views.set(channel, view);
  }
  return view;
}
