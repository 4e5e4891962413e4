import type {
  ChannelId,
  Clock,
  Encryption,
  Logger,
  ParticipantId,
  Random,
  Signer,
  Storage,
  StoredChannelState,
  Transport,
} from "@reliable-channel/interfaces";
import { silentLogger } from "@reliable-channel/interfaces";
import { createSdsCore, restoreFromStorage, type SdsCoreInit } from "@reliable-channel/sds";
import { memoryStorage } from "@reliable-channel/storage-memory";
import { Channel } from "./channel.js";
import { cryptoRandom } from "./crypto-random.js";
import {
  DEFAULT_AUTO_START,
  DEFAULT_CAUSAL_HISTORY_SIZE,
  DEFAULT_JOIN_FRONTIER,
  DEFAULT_RECENTLY_LOGGED_HISTORY_SIZE,
  DEFAULT_SYNC_RECENTLY_LOGGED_HISTORY_SIZE,
  DEFAULT_WIRE_PROFILE,
} from "./defaults.js";
import { encryptionOverhead } from "./encryption-overhead.js";
import { envelopeEncryption } from "./envelope-encryption.js";
import { type HistoryRequest, type ReliableChannelOptions, resolveOptions } from "./options.js";
import type { ReliableChannel } from "./reliable-channel.js";
import { type ChannelRepair, channelRepair, type RepairFactory } from "./repair-port.js";
import type { ChannelSegmentationOptions } from "./segmentation-options.js";
import { SegmentingChannel } from "./segmenting-channel.js";
import type { PersistentCore } from "./session.js";
import { defaultSharedClock } from "./shared-clock.js";
import { validateOptions } from "./validate-options.js";
import { wireFor } from "./wire-for.js";

/**
 * Options of the SDS core that the channel passes through (see `@reliable-channel/sds`); the wire is
 * chosen by {@link ReliableChannelInit.wireProfile}.
 */
export type SdsCoreOptions = Omit<
  SdsCoreInit,
  "channelId" | "participantId" | "extensions" | "restore" | "lostDependencyTimeoutMs" | "wire"
>;

/** What {@link createReliableChannel} needs: the ids and the transport; everything else is optional. */
export interface ReliableChannelInit extends ReliableChannelOptions {
  /** The channel, shared by all its participants. */
  readonly channelId: ChannelId;
  /** This participant, unique within the channel (non-empty). */
  readonly participantId: ParticipantId;
  /** The broadcast topic; the channel starts and stops it with itself. */
  readonly transport: Transport;
  /** Durable state. @default memoryStorage() (not durable) */
  readonly storage?: Storage;
  /** Encryption of the whole encoded SDS message. @default none (plaintext) */
  readonly encryption?: Encryption;
  /**
   * Authenticated senders (off by default): every message we send carries a signature by this key, and a
   * message not signed by the key its sender id names is dropped (`message-dropped`, reason
   * `unauthenticated`). `participantId` must be `signer.participantId`; every participant needs a signer
   * of the same scheme. See the README's threat model for what it protects against. @default none
   */
  readonly signer?: Signer;
  /**
   * An SDS-Repair plug-in factory, e.g. `sdsRepair({ tMinMs, tMaxMs })`: the channel creates the plug-in
   * once, here, with {@link ReliableChannelInit.participantId}, so the id is never repeated. A plug-in
   * created already for this participant (`sdsRepair({ participantId, ... })`) is taken as it is; one
   * created for another participant is refused (`InvalidArgumentError`). @default none
   */
  readonly repair?: RepairFactory | ChannelRepair;
  /**
   * Time and timers. Give channels that share a node one `sharedClock(yourClock)` so that one timer drives
   * them all. @default defaultSharedClock(): one scheduler over systemClock() (real, `unref`'d timers) for
   * every channel of the process
   */
  readonly clock?: Clock;
  /** Jitter, nonces. @default cryptoRandom() */
  readonly random?: Random;
  /** Diagnostics. @default a silent logger */
  readonly logger?: Logger;
  /** Start before resolving. @default {@link DEFAULT_AUTO_START} */
  readonly autoStart?: boolean;
  /**
   * SDS core options (causal history size, recently logged entries, bloom profile, join frontier, clock
   * drift).
   * @default the core's defaults, but `causalHistorySize` {@link DEFAULT_CAUSAL_HISTORY_SIZE},
   * `recentlyLoggedHistorySize` {@link DEFAULT_RECENTLY_LOGGED_HISTORY_SIZE},
   * `syncRecentlyLoggedHistorySize` {@link DEFAULT_SYNC_RECENTLY_LOGGED_HISTORY_SIZE},
   * `joinFrontier` {@link DEFAULT_JOIN_FRONTIER} and `joinedAt` = the clock's time when a channel with no
   * stored state first starts
   */
  readonly sds?: SdsCoreOptions;
  /**
   * Segmentation of payloads over the segment size (split, parity, one SDS message per segment, reassembly),
   * or `false` for none (then `send` refuses what the transport cannot carry). @default on, with the profile
   * of the wire: status-go on js-waku (segments of 100 KB, payloads that fit travel unwrapped), LIP-243 on
   * nim-sds (see `defaultSegmentationProfile`)
   */
  readonly segmentation?: ChannelSegmentationOptions | false;
}

/**
 * The join point of a new participant (now) and the start of the history it wants: none by default, so
 * that nothing from before its join is delivered.
 */
function joinPoint(
  now: number,
  history: HistoryRequest | undefined,
): { joinedAt: number; historyFrom: number } {
  // `last`: none yet; the first catch-up finds where the last n messages start (`wantHistoryFrom`).
  const since = history !== undefined && "since" in history ? history.since : now;
  return { joinedAt: now, historyFrom: Math.min(now, since) };
}

/**
 * Creates a reliable channel over `transport` and (unless `autoStart: false`) starts it: the stored state is
 * restored, unacknowledged messages are re-published, and incoming messages flow as events.
 *
 * @throws InvalidArgumentError when an id is empty or an option is out of range.
 * @remarks A `repair` factory is called once, before this resolves, with the channel's `participantId`.
 * @example
 * ```ts
 * const channel = await createReliableChannel({ channelId: "room", participantId: "alice", transport });
 * channel.on("message-received", ({ senderId, payload }) => console.log(senderId, payload));
 * const id = await channel.send(new TextEncoder().encode("hello"));
 * ```
 */
export async function createReliableChannel(init: ReliableChannelInit): Promise<ReliableChannel> {
  validateOptions(init);
  const logger = init.logger ?? silentLogger;
  const wire = await wireFor(init.wireProfile ?? DEFAULT_WIRE_PROFILE);
  const envelope = await envelopeEncryption({ ...init, wire }, (e) => encryptionOverhead(e, logger));
  const options = {
    ...resolveOptions(init, init.transport),
    encryptionOverheadBytes: envelope.overheadBytes,
  };
  // SDS-Repair derives request times and response groups from our id: it is created with the channel's.
  const repair = channelRepair(init.repair, init.participantId);
  const components = {
    channelId: init.channelId,
    participantId: init.participantId,
    transport: init.transport,
    storage: init.storage ?? memoryStorage(),
    encryption: envelope.encryption,
    clock: init.clock ?? defaultSharedClock(),
    random: init.random ?? cryptoRandom(),
    logger,
  };
  const createCore = (stored: StoredChannelState): PersistentCore => {
    const restore = restoreFromStorage(stored);
    const core = createSdsCore({
      // A new participant joins when its channel first starts (not when its core first sees a message).
      ...(restore === undefined ? joinPoint(components.clock.now(), options.history) : {}),
      syncRecentlyLoggedHistorySize: DEFAULT_SYNC_RECENTLY_LOGGED_HISTORY_SIZE,
      joinFrontier: DEFAULT_JOIN_FRONTIER,
      // The core keeps the log and the delivered ids, in memory and (through its changes) in storage.
      maxLogEntries: options.logLimit,
      dedupeWindow: options.handledIdsLimit,
      ...init.sds,
      channelId: init.channelId,
      participantId: init.participantId,
      wire,
      lostDependencyTimeoutMs: options.retrieval.missingTimeoutMs,
      extensions: repair === undefined ? [] : [repair],
      ...(restore === undefined ? {} : { restore }),
    });
    return { core, fresh: restore === undefined };
  };
  const channelInit = { components, options, createCore, repair, wire };
  const channel =
    init.segmentation === false
      ? new Channel(channelInit)
      : new SegmentingChannel(
          (beforeDeliveryCommit) => new Channel({ ...channelInit, beforeDeliveryCommit }),
          {
            ...components,
            maxPayloadBytes: options.maxPayloadBytes,
            wire: init.wireProfile ?? DEFAULT_WIRE_PROFILE,
          },
          init.segmentation ?? {},
        );
  if (init.autoStart ?? DEFAULT_AUTO_START) await channel.start();
  return channel;
}
