import type {
  ChannelStorage,
  Clock,
  MessageId,
  ReliableChannelEvents,
  StorageOp,
} from "@reliable-channel/interfaces";
import type { WireProfileName } from "@reliable-channel/sds";
import { lip243, statusGo } from "@reliable-channel/segmentation";
import { Reassembly } from "./reassembly.js";
import {
  DEFAULT_MAX_PARTIAL_BYTES_PER_SENDER,
  DEFAULT_MAX_PARTIAL_MESSAGES,
  DEFAULT_MAX_PARTIAL_MESSAGES_PER_SENDER,
  DEFAULT_REASSEMBLY_TIMEOUT_MS,
  DEFAULT_SEGMENT_SIZE,
} from "./segmentation-defaults.js";
import type { ChannelSegmentationOptions } from "./segmentation-options.js";
import { Segmenter, type SegmentPlace } from "./segmenter.js";
import { sentSegmentKey, sentSegments } from "./sent-segments.js";

/**
 * The segmentation code a channel loads on demand (a chunk of its own in a browser bundle): the profiles,
 * Keccak-256, the parity codes, the segmenter and the reassembly. `segmenting-channel.ts` loads it when a
 * channel first sends a payload over the segment size or receives a segment, or when it starts with
 * anything that needs it at once (the nim-sds wire, an explicit profile, partial messages in storage).
 */

/** What the segmenting channel gives the parts it loads. */
export interface SegmentationHost {
  readonly options: ChannelSegmentationOptions;
  readonly wire: WireProfileName;
  readonly clock: Clock;
  /** The largest SDS payload the wrapped channel accepts (bytes), when it has a limit. */
  readonly maxPayloadBytes: number | undefined;
  /** Sends one SDS message (the wrapped channel's `send`). */
  readonly sendOne: (payload: Uint8Array) => Promise<MessageId>;
  /** Emits an event of the segmenting channel. */
  readonly emit: <K extends keyof ReliableChannelEvents>(type: K, detail: ReliableChannelEvents[K]) => void;
  /** Whether the channel has a roster (see `Segmenter`). */
  readonly hasRoster: () => boolean;
  /** Commits an op to the segment storage, in call order (dropped while it is closed). */
  readonly commit: (op: StorageOp) => void;
}

/** The loaded parts of one channel: its segmenter, and a reassembly per start. */
export interface SegmentationParts {
  readonly segmenter: Segmenter;
  /** A reassembly over the channel's open segment storage, restored from what it holds (`meta`). */
  openReassembly(storage: ChannelStorage, meta: Readonly<Record<string, Uint8Array>>): Reassembly;
}

/** Builds a channel's segmentation parts. */
export function createSegmentationParts(host: SegmentationHost): SegmentationParts {
  const o = host.options;
  // The rule of `defaultSegmentationProfile`, kept here too: that module is reachable from the channel's
  // index, so a bundler would load what it imports with the index.
  const profile =
    o.profile ?? (host.wire === "nim-sds" ? lip243() : statusGo({ segmentSize: DEFAULT_SEGMENT_SIZE }));
  const segmenter = new Segmenter({
    profile,
    sendOne: host.sendOne,
    maxPayloadBytes: () => host.maxPayloadBytes,
    emit: host.emit,
    hasRoster: host.hasRoster,
    // A sent segment's place in its message, kept (or forgotten) so that progress survives a restart.
    remember: (segmentId: MessageId, place: SegmentPlace | undefined) => {
      const key = sentSegmentKey(segmentId);
      host.commit(
        place === undefined
          ? { type: "meta-delete", key }
          : { type: "meta-put", key, value: new TextEncoder().encode(JSON.stringify(place)) },
      );
    },
  });
  return {
    segmenter,
    openReassembly: (storage, meta) => {
      const reassembly = new Reassembly({
        profile,
        clock: host.clock,
        timeoutMs: o.reassemblyTimeoutMs ?? DEFAULT_REASSEMBLY_TIMEOUT_MS,
        maxMessagesPerSender: o.maxPartialMessagesPerSender ?? DEFAULT_MAX_PARTIAL_MESSAGES_PER_SENDER,
        maxMessages: o.maxPartialMessages ?? DEFAULT_MAX_PARTIAL_MESSAGES,
        maxBytesPerSender: o.maxPartialBytesPerSender ?? DEFAULT_MAX_PARTIAL_BYTES_PER_SENDER,
        commit: (ops) => storage.commit(ops),
        deliver: (event) => host.emit("message-received", event),
        drop: (event) => host.emit("message-dropped", event),
        error: (error) => host.emit("error", { error, operation: "segment reassembly" }),
      });
      reassembly.restore(meta);
      segmenter.restore(sentSegments(meta));
      return reassembly;
    },
  };
}
