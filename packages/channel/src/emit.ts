import type { ReliableChannelEvents } from "@reliable-channel/interfaces";

/** Emits one channel event. */
export type Emit = <K extends keyof ReliableChannelEvents>(type: K, detail: ReliableChannelEvents[K]) => void;
