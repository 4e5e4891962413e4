import { toHex } from "@reliable-channel/hash";
import type { MessageId, ParticipantId, Transport } from "@reliable-channel/interfaces";
import type { DemoEvent } from "../metrics/demo-event.js";
import type { WireLedger, WireMessage } from "./wire-ledger.js";

/** What {@link tapTransport} needs besides the transport it wraps. */
export interface TapInit {
  readonly participantId: ParticipantId;
  readonly ledger: WireLedger;
  /** The run clock: ms since the run started. */
  readonly now: () => number;
  readonly record: (event: DemoEvent) => void;
  /** Ids this participant already has (kept across restarts of the participant). */
  readonly seen: Set<MessageId>;
}

/**
 * Wraps a transport to observe the wire without changing it: records each published content message's
 * declared dependencies and whether it was a peer's repair rebroadcast, and per arrival whether it was a
 * duplicate (suppressed by the channel) or the copy a repair rebroadcast brought.
 * A first arrival counts as repaired when a peer had rebroadcast the message before it arrived.
 */
export function tapTransport(inner: Transport, init: TapInit): Transport {
  const { ledger, participantId, seen } = init;
  const identify = (bytes: Uint8Array, hint: Uint8Array | undefined): WireMessage | undefined =>
    (hint === undefined ? undefined : ledger.byHint.get(toHex(hint))) ?? ledger.inspect(bytes);

  const onArrival = (message: WireMessage): void => {
    if (message.senderId === participantId) return;
    const at = init.now();
    if (seen.has(message.messageId)) {
      init.record({ kind: "duplicate", at, participant: participantId });
      return;
    }
    seen.add(message.messageId);
    const repairedAt = ledger.repairPublishedAt.get(message.messageId);
    if (repairedAt !== undefined && repairedAt <= at) {
      init.record({ kind: "repaired", at, participant: participantId, messageId: message.messageId });
    }
  };

  const tapped: Transport = {
    start: () => inner.start(),
    stop: () => inner.stop(),
    async publish(bytes, options) {
      const message = ledger.inspect(bytes);
      if (message !== undefined) {
        seen.add(message.messageId);
        if (!ledger.dependencies.has(message.messageId)) {
          ledger.dependencies.set(message.messageId, message.dependencies);
        }
        if (message.senderId !== participantId && !ledger.repairPublishedAt.has(message.messageId)) {
          ledger.repairPublishedAt.set(message.messageId, init.now());
        }
      }
      const result = await inner.publish(bytes, options);
      if (message !== undefined && result.retrievalHint !== undefined) {
        ledger.byHint.set(toHex(result.retrievalHint), message);
      }
      return result;
    },
    subscribe(listener) {
      return inner.subscribe((bytes, meta) => {
        const message = identify(bytes, meta.retrievalHint);
        if (message !== undefined) onArrival(message);
        listener(bytes, meta);
      });
    },
    ...(inner.retention === undefined ? {} : { retention: inner.retention }),
    ...(inner.maxPayloadBytes === undefined ? {} : { maxPayloadBytes: inner.maxPayloadBytes }),
  };
  const retrieve = inner.retrieve?.bind(inner);
  if (retrieve === undefined) return tapped;
  return {
    ...tapped,
    async retrieve(hints, options) {
      const payloads = await retrieve(hints, options);
      for (const payload of payloads) {
        const message = identify(payload.bytes, payload.retrievalHint);
        if (message !== undefined) seen.add(message.messageId);
      }
      return payloads;
    },
  };
}
