import type { DeliveryState, MessageId, ReliableChannelEvents } from "@reliable-channel/interfaces";
import { applySendUpdate, INITIAL_PROGRESS, type SendProgress, type SendUpdate } from "./sent-states.js";
import type { ConversationEntry, ReceivedMessage, SentMessage, SyncView } from "./view-types.js";

/** The part of a reliable channel a view uses: its events, its sync status, `send` and `deliveryState`. */
export interface WatchedChannel {
  readonly syncStatus: ReliableChannelEvents["sync-status"];
  send(payload: Uint8Array): Promise<MessageId>;
  /** Who has our message `id` (on a channel with a roster); read once when `send` resolves. Optional. */
  deliveryState?(messageId: MessageId): DeliveryState | undefined;
  on<K extends keyof ReliableChannelEvents>(
    type: K,
    listener: (detail: ReliableChannelEvents[K]) => void,
  ): () => void;
}

/** Options of {@link watchChannel}. */
export interface ChannelViewInit {
  /**
   * The conversation so far, as the app kept it (say, across a page reload: the channel never delivers a
   * message twice, so what was delivered before lives only where the app put it). Sent messages that had
   * not ended are updated by the channel's replay after its restart. @default [] (nothing)
   */
  readonly initial?: readonly ConversationEntry[];
  /**
   * Updates kept for messages of ours that `send` has not returned yet (or that were sent past the view);
   * the oldest are forgotten beyond it. @default {@link DEFAULT_EARLY_UPDATES_LIMIT}
   */
  readonly earlyUpdatesLimit?: number;
}

/** Default of {@link ChannelViewInit.earlyUpdatesLimit} (messages). */
export const DEFAULT_EARLY_UPDATES_LIMIT = 1_000;

/**
 * A channel's conversation, sent messages' states and sync as immutable snapshots, for
 * `useSyncExternalStore`: each getter returns the same object until that part changes, and every listener
 * is called after each change. Built by {@link watchChannel}.
 */
export interface ChannelView {
  /** Ours and others' messages in local order. */
  readonly conversation: readonly ConversationEntry[];
  /** Others' messages in delivery order. */
  readonly received: readonly ReceivedMessage[];
  /** Ours in send order, each with its state. */
  readonly sent: readonly SentMessage[];
  /** The sync status with the missing, retrieved, lost and recovered ids. */
  readonly sync: SyncView;
  /** Sends `payload` through the channel and adds it to `sent` once `send` resolved (it rejects as `send`). */
  send(payload: Uint8Array): Promise<MessageId>;
  /** Calls `listener` after every change; returns a function that removes it. */
  subscribe(listener: () => void): () => void;
  /** Stops listening to the channel (the snapshots stay as they are). Idempotent. */
  close(): void;
}

/** The view behind {@link watchChannel}. */
export class View implements ChannelView {
  readonly #channel: WatchedChannel;
  readonly #listeners = new Set<() => void>();
  readonly #offs: Array<() => void> = [];
  readonly #earlyLimit: number;
  readonly #early = new Map<MessageId, SendProgress>();
  readonly #receivedIds = new Set<MessageId>();
  readonly #sentIds = new Set<MessageId>();
  conversation: readonly ConversationEntry[];
  received: readonly ReceivedMessage[];
  sent: readonly SentMessage[];
  sync: SyncView;

  constructor(channel: WatchedChannel, init: ChannelViewInit = {}) {
    this.#channel = channel;
    this.#earlyLimit = init.earlyUpdatesLimit ?? DEFAULT_EARLY_UPDATES_LIMIT;
    this.conversation = [...(init.initial ?? [])];
    this.received = this.conversation.flatMap((e) => (e.own ? [] : [e.message]));
    this.sent = this.conversation.flatMap((e) => (e.own ? [e.message] : []));
    for (const message of this.received) this.#receivedIds.add(message.messageId);
    for (const message of this.sent) this.#sentIds.add(message.messageId);
    const status = channel.syncStatus;
    this.sync = { status, missing: [], retrieved: [], lost: [], recovered: [] };
    this.#listen();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  async send(payload: Uint8Array): Promise<MessageId> {
    const messageId = await this.#channel.send(payload);
    if (this.#sentIds.has(messageId)) return messageId;
    let progress = this.#early.get(messageId) ?? INITIAL_PROGRESS;
    this.#early.delete(messageId);
    const state = progress.delivery === undefined ? this.#channel.deliveryState?.(messageId) : undefined;
    if (state !== undefined) progress = applySendUpdate(progress, { type: "delivery-state", state });
    const message: SentMessage = { messageId, payload, ...progress };
    this.#sentIds.add(messageId);
    this.sent = [...this.sent, message];
    this.conversation = [...this.conversation, { own: true, message }];
    this.#notify();
    return messageId;
  }

  close(): void {
    for (const off of this.#offs.splice(0)) off();
  }

  #listen(): void {
    const on = this.#channel.on.bind(this.#channel);
    this.#offs.push(
      on("message-received", (event) => this.#received(event)),
      on("sending", ({ messageId, attempt }) => this.#update(messageId, { type: "sending", attempt })),
      on("sent", ({ messageId }) => this.#update(messageId, { type: "sent" })),
      on("possibly-acknowledged", (event) =>
        this.#update(event.messageId, { type: "possibly-acknowledged", event }),
      ),
      on("acknowledged", (event) => this.#update(event.messageId, { type: "acknowledged", event })),
      on("acknowledged-after-failure", (event) =>
        this.#update(event.messageId, { type: "acknowledged-after-failure", event }),
      ),
      on("send-failed", (event) => this.#update(event.messageId, { type: "send-failed", event })),
      on("delivery-state", (state) => this.#update(state.messageId, { type: "delivery-state", state })),
      on("delivered-to-all", (event) => this.#update(event.messageId, { type: "delivered-to-all", event })),
      on("sync-status", (status) => this.#setSync({ status })),
      on("missing", ({ missing }) => {
        const known = new Set(this.sync.missing);
        const added = missing
          .map((e) => e.messageId)
          .filter((id) => !known.has(id) && !this.#receivedIds.has(id));
        if (added.length > 0) this.#setSync({ missing: [...this.sync.missing, ...added] });
      }),
      on("retrieved", ({ messageId }) =>
        this.#setSync({
          retrieved: [...this.sync.retrieved, messageId],
          missing: without(this.sync.missing, [messageId]),
        }),
      ),
      on("irretrievable", ({ messageIds }) =>
        this.#setSync({
          missing: without(this.sync.missing, messageIds),
          lost: [...this.sync.lost, ...messageIds],
        }),
      ),
      on("recovered", ({ messageId }) => this.#recovered(messageId)),
    );
  }

  #received(event: ReliableChannelEvents["message-received"]): void {
    if (this.#receivedIds.has(event.messageId)) return;
    this.#receivedIds.add(event.messageId);
    const { messageId, senderId, lamportTimestamp, payload } = event;
    const message: ReceivedMessage = event.history
      ? { messageId, senderId, lamportTimestamp, payload, history: true }
      : { messageId, senderId, lamportTimestamp, payload };
    this.received = [...this.received, message];
    this.conversation = [...this.conversation, { own: false, message }];
    if (this.sync.missing.includes(messageId)) {
      this.sync = { ...this.sync, missing: without(this.sync.missing, [messageId]) };
    }
    // A lost message that turned up: recovered, whether or not `recovered` follows (it does not when the
    // channel gave it up in an earlier session, say before a restart after a failed commit).
    if (this.sync.lost.includes(messageId)) this.#recovered(messageId, false);
    this.#notify();
  }

  /** `messageId`, lost, turned up: out of `lost`, into `recovered` once. */
  #recovered(messageId: MessageId, notify = true): void {
    if (this.sync.recovered.includes(messageId) && !this.sync.lost.includes(messageId)) return;
    const recovered = this.sync.recovered.includes(messageId)
      ? this.sync.recovered
      : [...this.sync.recovered, messageId];
    this.sync = { ...this.sync, lost: without(this.sync.lost, [messageId]), recovered };
    if (notify) this.#notify();
  }

  #update(messageId: MessageId, update: SendUpdate): void {
    if (!this.#sentIds.has(messageId)) {
      const progress = applySendUpdate(this.#early.get(messageId) ?? INITIAL_PROGRESS, update);
      this.#early.delete(messageId); // re-inserted last: the oldest are forgotten first
      this.#early.set(messageId, progress);
      for (const id of this.#early.keys()) {
        if (this.#early.size <= this.#earlyLimit) break;
        this.#early.delete(id);
      }
      return;
    }
    const index = this.sent.findLastIndex((m) => m.messageId === messageId);
    const current = this.sent[index];
    if (current === undefined) return;
    const { messageId: _, payload, ...progress } = current;
    const next = applySendUpdate(progress, update);
    if (next === progress) return;
    const message: SentMessage = { messageId, payload, ...next };
    this.sent = this.sent.with(index, message);
    this.conversation = this.conversation.map((e) =>
      e.own && e.message.messageId === messageId ? { own: true, message } : e,
    );
    this.#notify();
  }

  #setSync(change: Partial<SyncView>): void {
    this.sync = { ...this.sync, ...change };
    this.#notify();
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}

function without(ids: readonly MessageId[], removed: readonly MessageId[]): readonly MessageId[] {
  const gone = new Set(removed);
  return ids.some((id) => gone.has(id)) ? ids.filter((id) => !gone.has(id)) : ids;
}
