import type { MessageId, ReliableChannelEvents } from "@reliable-channel/interfaces";
import type { WireMessage } from "./wire.js";

/** One channel event as the sweep saw it: when (virtual ms since the start) and in which session. */
export type RecordedEvent = {
  [K in keyof ReliableChannelEvents]: {
    readonly type: K;
    readonly at: number;
    /** 0 for the first `start()`, 1 after the first restart, … */
    readonly session: number;
    readonly detail: ReliableChannelEvents[K];
  };
}[keyof ReliableChannelEvents];

/** Everything one participant's channels emitted, over all its sessions, in order. */
export interface ParticipantLog {
  readonly id: string;
  /** Its join point: the clock's time (ms since the start) when its channel first started. */
  readonly joinedAt: number;
  readonly events: readonly RecordedEvent[];
}

/** One `send` the sweep made. */
export interface SentMessage {
  readonly messageId: MessageId;
  readonly senderId: string;
  /** Its place in its sender's sends: 0 for the sender's first `send`, 1 for the next, … */
  readonly senderIndex: number;
  /** When `send` was called (ms since the start). */
  readonly createdAt: number;
  /** `${sender}#${k}`: the k-th send of the run, for traces. */
  readonly label: string;
}

/** What one run of a schedule produced, for the checks. Times are ms since the start of the run. */
export interface Observation {
  readonly participants: readonly ParticipantLog[];
  readonly sent: readonly SentMessage[];
  /** Every content message on the wire, by id. */
  readonly wire: ReadonlyMap<MessageId, WireMessage>;
  /** The virtual time (ms since the start) of the clock's origin: Lamport timestamps minus this are run times. */
  readonly startedAt: number;
  /** Violations found while the run went on (an `irretrievable` judged when it fired, a failed `send`). */
  readonly live: readonly string[];
  /** Undefined when the run reached quiescence; else what was still pending at the bound. */
  readonly notQuiescent: string | undefined;
  /** Timers left on the virtual clock once every channel stopped and the network settled. */
  readonly pendingAfterStop: number;
}

/** The first 8 hex digits of a message id, as traces and violations print it. */
export const short = (id: MessageId): string => id.slice(0, 8);
