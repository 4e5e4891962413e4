import {
  type ChannelStorage,
  type Clock,
  type DeliveredToAllEvent,
  type DeliveryState,
  type MessageId,
  type MessageReceivedEvent,
  type ParticipantId,
  RELIABLE_CHANNEL_EVENT_NAMES,
  type ReliableChannelEvents,
  type StabilityWatermark,
  type Storage,
  type StorageOp,
  type SyncStatusEvent,
  TypedEmitter,
} from "@reliable-channel/interfaces";
import type { WireProfileName } from "@reliable-channel/sds";
import { isStatusGoSegment } from "@reliable-channel/segmentation/detect";
import type { Reassembly } from "./reassembly.js";
import type { BeforeDeliveryCommit } from "./receiver.js";
import type { ChannelState, ReliableChannel } from "./reliable-channel.js";
import { DEFAULT_SEGMENT_SIZE, reassemblyStorageId } from "./segmentation-defaults.js";
import { loadedSegmentation, loadSegmentation, type SegmentationModule } from "./segmentation-loader.js";
import type { ChannelSegmentationOptions } from "./segmentation-options.js";
import type { SegmentationParts } from "./segmentation-parts.js";

/** The send-side events that carry segment progress (the segmenter maps them to the logical message). */
const PROGRESS_EVENTS = new Set<keyof ReliableChannelEvents>([
  "sending",
  "sent",
  "possibly-acknowledged",
  "acknowledged",
  "send-failed",
]);

/** Every event type of the wrapped channel, forwarded as they fire. */
const EVENTS = RELIABLE_CHANNEL_EVENT_NAMES;

/** What segmentation adds to a channel: the storage for partial messages, the clock for their timeouts. */
export interface SegmentingChannelComponents {
  readonly storage: Storage;
  readonly clock: Clock;
  /** The largest SDS payload the wrapped channel accepts (bytes), when it has a limit. */
  readonly maxPayloadBytes: number | undefined;
  /** The channel's SDS wire: it picks the default profile (see `defaultSegmentationProfile`). */
  readonly wire: WireProfileName;
}

/**
 * A channel with segmentation: wraps a channel, sends payloads over the segment size as segments (one SDS
 * message each), reassembles incoming segments into one `message-received` per logical message, and forwards
 * every other event as it is. Partial messages live in their own storage namespace (`<channelId>#segments`).
 *
 * The segmentation code itself (`segmentation-parts.ts`) is loaded on demand. With the default profile on the
 * js-waku wire (status-go, payloads that fit travel unwrapped) that is the first send of a payload over
 * {@link DEFAULT_SEGMENT_SIZE} or the first received segment; sends made meanwhile wait behind it, and the
 * wrapped channel's commit of that segment's delivery (with the events behind it) waits too, so order and
 * exactly-once are as without the wait. Otherwise (nim-sds wire, an explicit profile, partial messages in
 * storage) it is loaded by `start()`.
 *
 * A received segment is stored in the partial messages' namespace before the wrapped channel commits its
 * delivery (`#ingest`, the wrapped channel's {@link BeforeDeliveryCommit}): SDS delivers it once, so a crash
 * between the two commits must find it there. A restart that finds a message complete delivers it.
 */
export class SegmentingChannel extends TypedEmitter<ReliableChannelEvents> implements ReliableChannel {
  readonly #inner: ReliableChannel;
  readonly #components: SegmentingChannelComponents;
  readonly #options: ChannelSegmentationOptions;
  /** Whether the code loads on demand: the default status-go profile, whose small payloads go unwrapped. */
  readonly #onDemand: boolean;
  #parts: SegmentationParts | undefined;
  #reassembly: Reassembly | undefined;
  #storage: ChannelStorage | undefined;
  #transition: Promise<void> = Promise.resolve();
  #commits: Promise<void> = Promise.resolve();
  /** Sends waiting for the code to load: later sends queue behind them. */
  #waiting = 0;
  /** Lets restored complete messages be delivered (see `Reassembly.deliverRestored`); set while they wait. */
  #openRestored: (() => void) | undefined;

  /**
   * @param createInner builds the wrapped channel, given the step its commits of deliveries must await.
   */
  constructor(
    createInner: (beforeDeliveryCommit: BeforeDeliveryCommit) => ReliableChannel,
    components: SegmentingChannelComponents,
    options: ChannelSegmentationOptions,
  ) {
    super();
    this.#inner = createInner((messages) => this.#ingest(messages));
    this.#components = components;
    this.#options = options;
    this.#onDemand = options.profile === undefined && components.wire === "js-waku";
    for (const type of EVENTS) this.#forward(type);
  }

  #forward<K extends keyof ReliableChannelEvents>(type: K): void {
    this.#inner.on(type, (detail) => this.#dispatch(type, detail));
  }

  #dispatch<K extends keyof ReliableChannelEvents>(type: K, detail: ReliableChannelEvents[K]): void {
    if (type === "message-received") this.#received(detail as MessageReceivedEvent);
    else if (type === "delivered-to-all" && this.#parts !== undefined) {
      this.#parts.segmenter.routeDeliveredToAll(detail as DeliveredToAllEvent);
    } else if (PROGRESS_EVENTS.has(type) && this.#parts !== undefined) {
      this.#parts.segmenter.route(type as "sent", detail as ReliableChannelEvents["sent"]);
    } else this.emit(type, detail);
  }

  #received(detail: MessageReceivedEvent): void {
    // A segment's delivery was committed after `#ingest`, which attached the reassembly for it.
    const reassembly = this.#reassembly;
    if (reassembly === undefined) this.emit("message-received", detail);
    // Behind what the reassembly still commits and delivers: the app receives in SDS order.
    else if (!reassembly.receive(detail))
      reassembly.afterPending(() => this.emit("message-received", detail));
  }

  /**
   * Stores the segments among messages the wrapped channel is about to commit as delivered, before that
   * commit (loading the code for the first one, on demand): a crash in between must not lose them.
   */
  async #ingest(messages: readonly MessageReceivedEvent[]): Promise<void> {
    const storage = this.#storage;
    if (storage === undefined) return;
    if (this.#reassembly === undefined) {
      // Only on demand (status-go): nothing is a segment until the code is loaded for the first one.
      if (!messages.some((message) => isStatusGoSegment(message.payload))) return;
      this.#attach(await loadSegmentation(), storage, {});
    }
    await this.#reassembly?.ingest(messages);
  }

  /** The segmenter (created once per channel), and a reassembly when the segment storage is open. */
  #attach(module: SegmentationModule, storage: ChannelStorage | undefined, meta: Record<string, Uint8Array>) {
    this.#parts ??= module.createSegmentationParts({
      options: this.#options,
      wire: this.#components.wire,
      clock: this.#components.clock,
      maxPayloadBytes: this.#components.maxPayloadBytes,
      sendOne: (payload) => this.#inner.send(payload),
      emit: (type, detail) => this.emit(type, detail),
      hasRoster: () => this.#inner.members !== undefined,
      commit: (op) => this.#commit(op),
    });
    if (storage !== undefined && this.#reassembly === undefined) {
      this.#reassembly = this.#parts.openReassembly(storage, meta);
    }
    return this.#parts;
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
    if (this.#waiting === 0) {
      if (this.#parts !== undefined) return this.#parts.segmenter.send(payload);
      // Unwrapped as status-go leaves it (not a Uint8Array, empty: the wrapped channel says why not).
      const fits = !(payload instanceof Uint8Array) || payload.length <= DEFAULT_SEGMENT_SIZE;
      if (this.#onDemand && fits) return this.#inner.send(payload);
    }
    this.#waiting++;
    return loadSegmentation().then(
      (module) => {
        this.#waiting--;
        return this.#attach(module, undefined, {}).segmenter.send(payload);
      },
      (error: unknown) => {
        this.#waiting--;
        throw error;
      },
    );
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
        // On the next timer turn, so that listeners added once `start()` resolved hear restored messages.
        const open = this.#openRestored;
        if (open !== undefined) this.#components.clock.setTimeout(open, 0);
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

  /** Commits `op` to the partial messages' storage, in call order (the segmenter's progress rows). */
  #commit(op: StorageOp): void {
    const storage = this.#storage;
    if (storage === undefined) return;
    this.#commits = this.#commits
      .then(() => storage.commit([op]))
      .catch((error: unknown) => this.emit("error", { error, operation: "segment progress commit" }));
  }

  /** Opens the partial messages' storage; loads the code now unless it can wait (nothing stored, on demand). */
  async #openReassembly(): Promise<void> {
    const storage = await this.#components.storage.open(reassemblyStorageId(this.#inner.channelId));
    try {
      const stored = await storage.load();
      const now = !this.#onDemand || Object.keys(stored.meta).length > 0;
      const module = now ? await loadSegmentation() : loadedSegmentation();
      if (module !== undefined) this.#attach(module, storage, { ...stored.meta });
      this.#openRestored = this.#reassembly?.deliverRestored();
      this.#storage = storage;
    } catch (error) {
      await storage.close();
      throw error;
    }
  }

  async #closeReassembly(): Promise<void> {
    this.#openRestored?.();
    this.#openRestored = undefined;
    await this.#reassembly?.close();
    await this.#commits;
    await this.#storage?.close();
    this.#reassembly = undefined;
    this.#storage = undefined;
  }
}
