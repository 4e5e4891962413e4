import type { ReliableChannel } from "@reliable-channel/channel";
import {
  type ParticipantId,
  RELIABLE_CHANNEL_EVENT_NAMES,
  type ReliableChannelEvents,
} from "@reliable-channel/interfaces";
import { hex } from "./transport-fixtures.js";

/** One recorded event of a channel. */
export type ChannelEvent = {
  [K in keyof ReliableChannelEvents]: { readonly type: K; readonly detail: ReliableChannelEvents[K] };
}[keyof ReliableChannelEvents];

/** A received message as recorded. */
export interface ReceivedEntry {
  readonly senderId: ParticipantId;
  readonly text: string;
  /** Whether it had been reported `missing` (a gap) before it was delivered. */
  readonly wasMissing: boolean;
  /** Whether a range query of the store had yielded this copy (its hint) before it was delivered. */
  readonly fromRangeQuery: boolean;
  count: number;
}

/** What one channel has seen so far, updated by its events; `until` resolves on an event, never by polling. */
export interface ChannelProgress {
  /** Received message ids → sender, with how many times each was delivered. */
  readonly received: Map<string, ReceivedEntry>;
  /** Own message ids acknowledged (by whom). */
  readonly acknowledged: Map<string, ParticipantId | undefined>;
  /** Message ids fetched from the store. */
  readonly retrieved: Set<string>;
  /** Message ids declared irretrievable. */
  readonly irretrievable: Set<string>;
  /** Message ids reported `missing` (gaps). */
  readonly missing: Set<string>;
  /** Every event, in the order the channel emitted them. */
  readonly events: ChannelEvent[];
  /** The recorded details of one event type, in order (from event index `from` on). */
  of<K extends keyof ReliableChannelEvents>(type: K, from?: number): ReliableChannelEvents[K][];
  /** Resolves once `predicate` holds (checked now and after every event). */
  until(predicate: () => boolean): Promise<void>;
}

const TYPES = RELIABLE_CHANNEL_EVENT_NAMES;

const decoder = new TextDecoder();

/**
 * Starts recording every event of `channel`, with its deliveries, acknowledgements and retrievals;
 * `rangeHints`: the hints its transport's range queries yielded so far (see `observeRangeQueries`).
 */
export function trackChannel(
  channel: ReliableChannel,
  rangeHints: ReadonlySet<string> = new Set(),
): ChannelProgress {
  const waiters = new Set<{ readonly predicate: () => boolean; readonly resolve: () => void }>();
  const progress: ChannelProgress = {
    received: new Map(),
    acknowledged: new Map(),
    retrieved: new Set(),
    irretrievable: new Set(),
    missing: new Set(),
    events: [],
    of: <K extends keyof ReliableChannelEvents>(type: K, from = 0) =>
      progress.events
        .slice(from)
        .filter((event) => event.type === type)
        .map((event) => event.detail as ReliableChannelEvents[K]),
    until: (predicate) =>
      new Promise<void>((resolve) => {
        if (predicate()) resolve();
        else waiters.add({ predicate, resolve });
      }),
  };
  const check = (): void => {
    for (const waiter of [...waiters]) {
      if (!waiter.predicate()) continue;
      waiters.delete(waiter);
      waiter.resolve();
    }
  };
  for (const type of TYPES) {
    channel.on(type, (detail) => {
      const event = { type, detail } as ChannelEvent;
      progress.events.push(event);
      apply(progress, event, rangeHints);
      check();
    });
  }
  return progress;
}

function apply(progress: ChannelProgress, event: ChannelEvent, rangeHints: ReadonlySet<string>): void {
  switch (event.type) {
    case "message-received": {
      const { messageId, senderId, payload, retrievalHint } = event.detail;
      const entry = progress.received.get(messageId);
      const hint = retrievalHint === undefined ? undefined : hex(retrievalHint);
      if (entry !== undefined) entry.count += 1;
      else
        progress.received.set(messageId, {
          senderId,
          text: decoder.decode(payload),
          wasMissing: progress.missing.has(messageId),
          fromRangeQuery: hint !== undefined && rangeHints.has(hint),
          count: 1,
        });
      return;
    }
    case "acknowledged":
      progress.acknowledged.set(event.detail.messageId, event.detail.by);
      return;
    case "retrieved":
      progress.retrieved.add(event.detail.messageId);
      return;
    case "irretrievable":
      for (const id of event.detail.messageIds) progress.irretrievable.add(id);
      return;
    case "missing":
      for (const entry of event.detail.missing) progress.missing.add(entry.messageId);
      return;
    default:
      return;
  }
}
