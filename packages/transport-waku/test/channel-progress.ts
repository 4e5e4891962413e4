import type { ReliableChannel } from "@reliable-channel/channel";
import type { ParticipantId } from "@reliable-channel/interfaces";

/** What one channel has seen so far, updated by its events; `until` resolves on an event, never by polling. */
export interface ChannelProgress {
  /** Received message ids → sender, with how many times each was delivered. */
  readonly received: Map<string, { readonly senderId: ParticipantId; readonly text: string; count: number }>;
  /** Own message ids acknowledged (by whom). */
  readonly acknowledged: Map<string, ParticipantId | undefined>;
  /** Message ids fetched from the store. */
  readonly retrieved: Set<string>;
  /** Message ids declared irretrievable. */
  readonly irretrievable: Set<string>;
  /** Resolves once `predicate` holds (checked now and after every event). */
  until(predicate: () => boolean): Promise<void>;
}

const decoder = new TextDecoder();

/** Starts recording `channel`'s deliveries, acknowledgements and retrievals. */
export function trackChannel(channel: ReliableChannel): ChannelProgress {
  const waiters = new Set<{ readonly predicate: () => boolean; readonly resolve: () => void }>();
  const progress: ChannelProgress = {
    received: new Map(),
    acknowledged: new Map(),
    retrieved: new Set(),
    irretrievable: new Set(),
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
  channel.on("message-received", ({ messageId, senderId, payload }) => {
    const entry = progress.received.get(messageId);
    if (entry === undefined)
      progress.received.set(messageId, { senderId, text: decoder.decode(payload), count: 1 });
    else entry.count += 1;
    check();
  });
  channel.on("acknowledged", ({ messageId, by }) => {
    progress.acknowledged.set(messageId, by);
    check();
  });
  channel.on("retrieved", ({ messageId }) => {
    progress.retrieved.add(messageId);
    check();
  });
  channel.on("irretrievable", ({ messageIds }) => {
    for (const id of messageIds) progress.irretrievable.add(id);
    check();
  });
  return progress;
}
