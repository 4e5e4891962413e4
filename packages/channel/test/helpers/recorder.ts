import { RELIABLE_CHANNEL_EVENT_NAMES, type ReliableChannelEvents } from "@reliable-channel/interfaces";
import type { ReliableChannel } from "../../src/index.js";

/** Every event of one channel, in order, for assertions. */
export interface Recorder {
  readonly events: { readonly type: keyof ReliableChannelEvents; readonly detail: unknown }[];
  of<K extends keyof ReliableChannelEvents>(type: K): ReliableChannelEvents[K][];
}

const TYPES = RELIABLE_CHANNEL_EVENT_NAMES;

/** Records every event `channel` emits from now on. */
export function record(channel: ReliableChannel): Recorder {
  const events: { type: keyof ReliableChannelEvents; detail: unknown }[] = [];
  for (const type of TYPES) channel.on(type, (detail) => events.push({ type, detail }));
  return {
    events,
    of: <K extends keyof ReliableChannelEvents>(type: K) =>
      events.filter((event) => event.type === type).map((event) => event.detail as ReliableChannelEvents[K]),
  };
}
