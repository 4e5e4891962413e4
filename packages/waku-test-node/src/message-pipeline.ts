import { toHex } from "@reliable-channel/hash";
import type { MessageAcceptedEvent } from "./events.js";
import { wakuMessageHash } from "./message-hash.js";
import { createRecentHashes } from "./recent-hashes.js";
import type { ServiceContext } from "./service-context.js";
import type { WakuMessage } from "./waku-message.js";

const NS_PER_MS = 1_000_000n;

/** Where accepted messages go after the archive: filter subscribers and relay peers. */
export interface MessageSink {
  /** Forwards the message; returns how many peers it is sent to. */
  forward(event: MessageAcceptedEvent): number;
}

/** What happened to a message offered to the node. */
export interface AcceptResult {
  readonly outcome: "accepted" | "duplicate";
  readonly hashHex: string;
  /** How many peers (filter subscribers and relay peers) it was forwarded to. */
  readonly recipients: number;
}

/** The node's message path: dedupe, archive (with retention and timestamp checks), then forward. */
export interface MessagePipeline {
  accept(pubsubTopic: string, message: WakuMessage, via: MessageAcceptedEvent["via"]): AcceptResult;
  /** Removes messages older than the retention from the archive. */
  expire(): void;
}

function withinDrift(context: ServiceContext, timestamp: bigint | undefined, nowNs: bigint): boolean {
  if (timestamp === undefined || timestamp === 0n) return true;
  const drift = timestamp > nowNs ? timestamp - nowNs : nowNs - timestamp;
  return drift <= BigInt(context.config.maxTimestampDriftMs) * NS_PER_MS;
}

/** Creates the pipeline over the context's archive; `sinks` receive each new message in order. */
export function createMessagePipeline(
  context: ServiceContext,
  sinks: readonly MessageSink[],
): MessagePipeline {
  const { archive, stats, config } = context;
  const recent = createRecentHashes();
  const expire = (): void => {
    if (!Number.isFinite(config.retentionMs)) return;
    const cutoffNs = BigInt(Math.floor(config.now() - config.retentionMs)) * NS_PER_MS;
    stats.expired += archive.deleteOlderThan(cutoffNs);
  };
  return {
    expire,
    accept(pubsubTopic, message, via) {
      expire();
      const nowNs = BigInt(Math.floor(config.now())) * NS_PER_MS;
      const hashHex = toHex(wakuMessageHash(pubsubTopic, message));
      if (recent.has(hashHex) || archive.has(hashHex)) {
        stats.duplicates++;
        return { outcome: "duplicate", hashHex, recipients: 0 };
      }
      recent.add(hashHex);
      const keep = message.ephemeral !== true && withinDrift(context, message.timestamp, nowNs);
      if (keep) archive.insert(pubsubTopic, message, { receivedAtNs: nowNs });
      stats.messagesAccepted++;
      if (keep) stats.archived++;
      else stats.notArchived++;
      const event: MessageAcceptedEvent = { hashHex, pubsubTopic, message, via, archived: keep };
      context.events.dispatch("message-accepted", event);
      const recipients = sinks.reduce((sum, sink) => sum + sink.forward(event), 0);
      return { outcome: "accepted", hashHex, recipients };
    },
  };
}
