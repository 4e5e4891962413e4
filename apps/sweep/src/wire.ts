import type { MessageId } from "@reliable-channel/interfaces";
import { decodeSdsMessage } from "@reliable-channel/sds";
import type { MemoryNetwork } from "@reliable-channel/transport-memory";

/** What the wire said about one content message (from its published bytes). */
export interface WireMessage {
  readonly senderId: string;
  readonly lamportTimestamp: bigint;
  /** The message ids of its causal history: its declared dependencies. */
  readonly deps: readonly MessageId[];
  /** Retrieval hints (hex) it was published under (a re-publish of other bytes adds one). */
  readonly hints: Set<string>;
}

/** Hex of a retrieval hint, the key of the store lookups. */
export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

/** Decodes `bytes` as an SDS content message: its id and what it declares, or undefined (sync, garbage). */
export function contentOf(
  bytes: Uint8Array,
): { readonly messageId: MessageId; readonly message: WireMessage } | undefined {
  let decoded: ReturnType<typeof decodeSdsMessage>;
  try {
    decoded = decodeSdsMessage(bytes);
  } catch {
    return undefined;
  }
  if (decoded.content === undefined || decoded.lamportTimestamp === undefined) return undefined;
  return {
    messageId: decoded.messageId,
    message: {
      senderId: decoded.senderId,
      lamportTimestamp: decoded.lamportTimestamp,
      deps: decoded.causalHistory.map((entry) => entry.messageId),
      hints: new Set(),
    },
  };
}

/**
 * Records every content message published on `network`, by id: sender, Lamport timestamp, declared
 * dependencies (its causal history on the wire) and the retrieval hints it is stored under.
 */
export function observeWire(network: MemoryNetwork): ReadonlyMap<MessageId, WireMessage> {
  const messages = new Map<MessageId, WireMessage>();
  network.events.on("published", ({ retrievalHint }) => {
    const stored = network.store.get(retrievalHint);
    if (stored === undefined) return;
    const found = contentOf(stored.bytes);
    if (found === undefined) return;
    const known = messages.get(found.messageId) ?? found.message;
    known.hints.add(hex(retrievalHint));
    messages.set(found.messageId, known);
  });
  return messages;
}

/** Whether the network's store holds `message` now (under any of its hints, within retention). */
export function inStore(network: MemoryNetwork, message: WireMessage | undefined): boolean {
  if (message === undefined) return false;
  for (const hint of message.hints) if (network.store.has(Buffer.from(hint, "hex"))) return true;
  return false;
}
