import type { MessageId, ParticipantId, SdsMessage } from "@reliable-channel/interfaces";

/** What the demo learns of a content message from its bytes on the wire. */
export interface WireMessage {
  readonly messageId: MessageId;
  readonly senderId: ParticipantId;
  /** The ids in its causal history: the messages it declares it depends on. */
  readonly dependencies: readonly MessageId[];
}

/** Decodes the bytes of an SDS message (throws on anything else); `decodeSdsMessage` in a real run. */
export type SdsDecoder = (bytes: Uint8Array) => SdsMessage;

/**
 * What every participant's tap shares: the declared dependencies of every content message seen on the
 * wire, when repair rebroadcasts were published, and a cache of decoded payloads by retrieval hint.
 */
export interface WireLedger {
  /** Declared dependencies by message id (first publish wins; retries carry the same bytes). */
  readonly dependencies: Map<MessageId, readonly MessageId[]>;
  /** Run clock (ms) of the first rebroadcast of a message by someone other than its sender (SDS-R). */
  readonly repairPublishedAt: Map<MessageId, number>;
  /** Content messages by retrieval hint (hex), so arrivals need no second decode. */
  readonly byHint: Map<string, WireMessage>;
  /** Decodes `bytes` into a content message, or `undefined` for sync / ephemeral / undecodable bytes. */
  inspect(bytes: Uint8Array): WireMessage | undefined;
}

/** Creates an empty ledger decoding with `decode`. */
export function createWireLedger(decode: SdsDecoder): WireLedger {
  return {
    dependencies: new Map(),
    repairPublishedAt: new Map(),
    byHint: new Map(),
    inspect(bytes) {
      let message: SdsMessage;
      try {
        message = decode(bytes);
      } catch {
        return undefined;
      }
      if (message.lamportTimestamp === undefined || message.content === undefined) return undefined;
      return {
        messageId: message.messageId,
        senderId: message.senderId,
        dependencies: message.causalHistory.map((entry) => entry.messageId),
      };
    },
  };
}
