import type {
  ChannelId,
  DeliveryState,
  EventListener,
  MessageId,
  ParticipantId,
  ReliableChannelEvents,
  StabilityWatermark,
  SyncStatusEvent,
} from "@reliable-channel/interfaces";

/** Where a channel's lifecycle stands. */
export type ChannelState = "idle" | "starting" | "started" | "stopping" | "stopped";

/**
 * A reliable channel: messages sent here reach every participant exactly once, in causal order, or the
 * sender is told they failed. Created by `createReliableChannel`.
 */
export interface ReliableChannel {
  readonly channelId: ChannelId;
  readonly participantId: ParticipantId;
  /** Where the lifecycle stands. */
  readonly state: ChannelState;
  /** The current sync status (the last `sync-status` payload, with an up-to-date `received`). */
  readonly syncStatus: SyncStatusEvent;
  /** Messages accepted by `send` and neither acknowledged nor given up yet. */
  readonly outboxSize: number;
  /** The current roster (`members` option, `setMembers`), or `undefined` when the app gave none. */
  readonly members: readonly ParticipantId[] | undefined;
  /**
   * The causal-stability watermark of our messages (with a roster, once one is stable): every current
   * member is known to have every message of ours up to it. Its changes fire `stability-watermark`.
   */
  readonly stabilityWatermark: StabilityWatermark | undefined;

  /**
   * Makes `members` the roster from now on (a new membership epoch): a removed member stops counting for
   * `delivered-to-all` (a pending message may complete now), an added one is expected only for messages
   * sent after this call. Changes apply in call order, at once; resolves once the encryption's
   * `onMembershipChange` (when it has one) is done, so that what is sent after it uses the new key. Works
   * whether or not the channel is started.
   * @throws InvalidArgumentError when `members` is not an array of non-empty strings.
   */
  setMembers(members: readonly ParticipantId[]): Promise<void>;

  /**
   * Who has our message `messageId`, per expected member (`known`, `possibly`, `unknown`). `undefined` for
   * a message that is not ours, was sent without a roster, or is below the stability watermark (then every
   * member has it and its state is no longer kept).
   */
  deliveryState(messageId: MessageId): DeliveryState | undefined;

  /**
   * Accepts `payload` for reliable delivery. Resolves with the message id once the message is durably in
   * the outbox (before it is published); what follows is reported by events: `sending`, `sent`,
   * `possibly-acknowledged`, `acknowledged` or `send-failed`.
   * @throws InvalidArgumentError when `payload` is not a non-empty Uint8Array.
   * @throws PayloadTooLargeError when `payload` exceeds `maxPayloadBytes`.
   * @throws NotStartedError before `start()`, after `stop()`, and while the channel restarts itself after a
   *   failed storage commit (`state` is `stopped` then; `start()` resolves once that restart is done).
   * @throws StorageError when the outbox entry could not be written.
   */
  send(payload: Uint8Array): Promise<MessageId>;

  /**
   * Publishes `payload` once, with no ordering, retries or acknowledgements (typing indicators, presence).
   * Resolves with the message id once published; rejects with the transport's error.
   * @throws InvalidArgumentError, PayloadTooLargeError, NotStartedError as `send`.
   */
  sendEphemeral(payload: Uint8Array): Promise<MessageId>;

  /** Opens the storage, restores the state, subscribes and starts the timers. Idempotent. */
  start(): Promise<void>;

  /**
   * Stops the channel: cancels every timer, in-flight publish and retrieval and the subscription, waits
   * for pending storage writes (their events fire), closes the storage. Idempotent; `start()` again resumes.
   */
  stop(): Promise<void>;

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof ReliableChannelEvents>(
    type: K,
    listener: EventListener<ReliableChannelEvents[K]>,
  ): () => void;
  /** Removes a listener. */
  off<K extends keyof ReliableChannelEvents>(
    type: K,
    listener: EventListener<ReliableChannelEvents[K]>,
  ): void;
  /** Resolves with the next `type` event's payload. */
  once<K extends keyof ReliableChannelEvents>(
    type: K,
    options?: { readonly signal?: AbortSignal },
  ): Promise<ReliableChannelEvents[K]>;
}
