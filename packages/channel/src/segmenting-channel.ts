import {
  type ChannelStorage,
  type Clock,
  type DeliveryState,
  type MessageId,
  type ParticipantId,
  type ReliableChannelEvents,
  type StabilityWatermark,
  type Storage,
  type StorageOp,
  type SyncStatusEvent,
  TypedEmitter,
} from "@reliable-channel/interfaces";
import { statusGo } from "@reliable-channel/segmentation";
import { Reassembly } from "./reassembly.js";
import type { ChannelState, ReliableChannel } from "./reliable-channel.js";
import {
  type ChannelSegmentationOptions,
  DEFAULT_MAX_PARTIAL_BYTES_PER_SENDER,
  DEFAULT_MAX_PARTIAL_MESSAGES,
  DEFAULT_MAX_PARTIAL_MESSAGES_PER_SENDER,
  DEFAULT_REASSEMBLY_TIMEOUT_MS,
  DEFAULT_SEGMENT_SIZE,
  reassemblyStorageId,
} from "./segmentation-options.js";
import { PROGRESS_EVENTS, type ProgressEventType, Segmenter, type SegmentPlace } from "./segmenter.js";
import { sentSegmentKey, sentSegments } from "./sent-segments.js";

/** The event types forwarded as they are (besides the send progress and `message-received`). */
const OTHER_EVENTS: readonly Exclude<keyof ReliableChannelEvents, ProgressEventType | "message-received">[] =
  [
    "acknowledged-after-failure",
    "ephemeral-received",
    "missing",
    "retrieved",
    "irretrievable",
    "recovered",
    "sync-status",
    "caught-up",
    "message-dropped",
    "delivered-to-all",
    "stability-watermark",
    "error",
  ];

/** What segmentation adds to a channel: the storage for partial messages, the clock for their timeouts. */
export interface SegmentingChannelComponents {
  readonly storage: Storage;
  readonly clock: Clock;
  /** The largest SDS payload the wrapped channel accepts (bytes), when it has a limit. */
  readonly maxPayloadBytes: number | undefined;
}

/**
 * A channel with segmentation: wraps a channel, sends payloads over the segment size as segments (one SDS
 * message each), reassembles incoming segments into one `message-received` per logical message, and forwards
 * every other event as it is. Partial messages live in their own storage namespace (`<channelId>#segments`).
 */
export class SegmentingChannel extends TypedEmitter<ReliableChannelEvents> implements ReliableChannel {
  readonly #inner: ReliableChannel;
  readonly #components: SegmentingChannelComponents;
  readonly #options: ChannelSegmentationOptions;
  readonly #segmenter: Segmenter;
  #reassembly: Reassembly | undefined;
  #storage: ChannelStorage | undefined;
  #transition: Promise<void> = Promise.resolve();
  #commits: Promise<void> = Promise.resolve();

  constructor(
    inner: ReliableChannel,
    components: SegmentingChannelComponents,
    options: ChannelSegmentationOptions,
  ) {
    super();
    this.#inner = inner;
    this.#components = components;
    this.#options = options;
    const profile = options.profile ?? statusGo({ segmentSize: DEFAULT_SEGMENT_SIZE });
    this.#segmenter = new Segmenter({
      profile,
      sendOne: (payload) => inner.send(payload),
      maxPayloadBytes: () => components.maxPayloadBytes,
      emit: (type, detail) => this.emit(type, detail),
      remember: (segmentId, place) => this.#remember(segmentId, place),
    });
    for (const type of PROGRESS_EVENTS) this.#forwardProgress(type);
    inner.on("message-received", (detail) => {
      if (this.#reassembly?.receive(detail) !== true) this.emit("message-received", detail);
    });
    for (const type of OTHER_EVENTS) this.#forward(type);
  }

  #forward<K extends keyof ReliableChannelEvents>(type: K): void {
    this.#inner.on(type, (detail) => this.emit(type, detail));
  }

  #forwardProgress<K extends ProgressEventType>(type: K): void {
    this.#inner.on(type, (detail) => this.#segmenter.route(type, detail));
  }

  /** @inheritdoc */
  get channelId(): string {
    return this.#inner.channelId;
  }
  /** @inheritdoc */
  get participantId(): string {
    return this.#inner.participantId;
  }
  /** @inheritdoc */
  get state(): ChannelState {
    return this.#inner.state;
  }
  /** @inheritdoc */
  get syncStatus(): SyncStatusEvent {
    return this.#inner.syncStatus;
  }
  /** @inheritdoc */
  get outboxSize(): number {
    return this.#inner.outboxSize;
  }
  /** @inheritdoc */
  get members(): readonly ParticipantId[] | undefined {
    return this.#inner.members;
  }
  /** @inheritdoc */
  get stabilityWatermark(): StabilityWatermark | undefined {
    return this.#inner.stabilityWatermark;
  }

  /** @inheritdoc */
  setMembers(members: readonly ParticipantId[]): Promise<void> {
    return this.#inner.setMembers(members);
  }

  /**
   * @inheritdoc — by SDS message id: a payload that travels unwrapped has its own id; a segmented one's state
   * is its segments' (the ids of its `sending` events' `segment.messageId`), and so are their
   * `delivered-to-all` events.
   */
  deliveryState(messageId: MessageId): DeliveryState | undefined {
    return this.#inner.deliveryState(messageId);
  }

  /** @inheritdoc — a payload over the segment size goes out as segments; resolves with the logical id. */
  send(payload: Uint8Array): Promise<MessageId> {
    return this.#segmenter.send(payload);
  }

  /** @inheritdoc — never segmented: an ephemeral payload over the transport's limit is refused. */
  sendEphemeral(payload: Uint8Array): Promise<MessageId> {
    return this.#inner.sendEphemeral(payload);
  }

  /** @inheritdoc — opens the partial messages' storage first, so restored ones are there for what arrives. */
  start(): Promise<void> {
    // After every earlier transition, failed or not: a failed start is tried afresh.
    this.#transition = this.#transition
      .catch(() => {})
      .then(async () => {
        if (this.#storage === undefined) await this.#openReassembly();
        try {
          await this.#inner.start();
        } catch (error) {
          await this.#closeReassembly();
          throw error;
        }
      });
    return this.#transition;
  }

  /** @inheritdoc */
  stop(): Promise<void> {
    this.#transition = this.#transition
      .catch(() => {})
      .then(async () => {
        await this.#inner.stop();
        await this.#closeReassembly();
      });
    return this.#transition;
  }

  /** Keeps (or forgets) a sent segment's place in the reassembly's storage, in commit order. */
  #remember(segmentId: MessageId, place: SegmentPlace | undefined): void {
    const storage = this.#storage;
    if (storage === undefined) return;
    const key = sentSegmentKey(segmentId);
    const op: StorageOp =
      place === undefined
        ? { type: "meta-delete", key }
        : { type: "meta-put", key, value: new TextEncoder().encode(JSON.stringify(place)) };
    this.#commits = this.#commits
      .then(() => storage.commit([op]))
      .catch((error: unknown) => this.emit("error", { error, operation: "segment progress commit" }));
  }

  async #openReassembly(): Promise<void> {
    const storage = await this.#components.storage.open(reassemblyStorageId(this.#inner.channelId));
    try {
      const stored = await storage.load();
      const o = this.#options;
      const reassembly = new Reassembly({
        profile: o.profile ?? statusGo({ segmentSize: DEFAULT_SEGMENT_SIZE }),
        clock: this.#components.clock,
        timeoutMs: o.reassemblyTimeoutMs ?? DEFAULT_REASSEMBLY_TIMEOUT_MS,
        maxMessagesPerSender: o.maxPartialMessagesPerSender ?? DEFAULT_MAX_PARTIAL_MESSAGES_PER_SENDER,
        maxMessages: o.maxPartialMessages ?? DEFAULT_MAX_PARTIAL_MESSAGES,
        maxBytesPerSender: o.maxPartialBytesPerSender ?? DEFAULT_MAX_PARTIAL_BYTES_PER_SENDER,
        commit: (ops) => storage.commit(ops),
        deliver: (event) => this.emit("message-received", event),
        drop: (event) => this.emit("message-dropped", event),
        error: (error) => this.emit("error", { error, operation: "segment reassembly" }),
      });
      reassembly.restore(stored.meta);
      this.#segmenter.restore(sentSegments(stored.meta));
      this.#storage = storage;
      this.#reassembly = reassembly;
    } catch (error) {
      await storage.close();
      throw error;
    }
  }

  async #closeReassembly(): Promise<void> {
    await this.#reassembly?.close();
    await this.#commits;
    await this.#storage?.close();
    this.#reassembly = undefined;
    this.#storage = undefined;
  }
}
