import { toHex } from "@reliable-channel/hash";
import type { RetrievedPayload } from "@reliable-channel/interfaces";
import { TransientTransportError } from "@reliable-channel/interfaces";
import type { IDecodedMessage, IDecoder, QueryRequestParams } from "@waku/sdk";
import { STORE_HASHES_PER_QUERY, type WakuTransportStore } from "./options.js";

/** The length of a Waku message hash (bytes). */
export const WAKU_MESSAGE_HASH_BYTES = 32;

/** Where a hash lookup goes: the store, the decoders of its answers, and the store peer to ask. */
export interface HashLookupSource {
  readonly store: WakuTransportStore;
  /** At most one per content topic (the sdk decodes an answer with the decoder of its content topic). */
  readonly decoders: readonly IDecoder<IDecodedMessage>[];
  /**
   * The store peer to ask. Without it the sdk picks one by the decoder's pubsub topic, which it then has no
   * reason to send but sends (see {@link hashQueryOptions}).
   */
  readonly peerId?: QueryRequestParams["peerId"];
}

/**
 * The options of one Store v3 hash lookup: the hashes and pagination, **no content-filter field**. The store
 * spec forbids them in a hash lookup (a message hash already names its pubsub topic) and an nwaku that
 * enforces it answers 400. `@waku/sdk` 0.0.36 fills in the decoder's pubsub topic unless the option is
 * present and undefined, so it is set that way; `contentTopics` stays empty (not on the wire).
 */
export function hashQueryOptions(
  hashes: readonly Uint8Array[],
  peerId: QueryRequestParams["peerId"] | undefined,
): Partial<QueryRequestParams> {
  const options: Partial<QueryRequestParams> = {
    messageHashes: [...hashes],
    includeData: true,
    paginationForward: true,
    paginationLimit: hashes.length,
    ...(peerId === undefined ? {} : { peerId }),
  };
  Object.defineProperty(options, "pubsubTopic", { value: undefined, enumerable: true });
  return options;
}

/** A message found by {@link lookupByHash}: its payload under its hint, and its content topic. */
export interface FoundPayload extends RetrievedPayload {
  readonly contentTopic: string;
}

/**
 * Fetches the messages whose Waku message hashes are `hints` with Store v3 hash queries (in batches),
 * decoded with the source's decoders. Hints that are not 32 bytes, unknown to the store, or whose message
 * does not decode (no decoder of its content topic, or the decoder declines it) are left out; a message is
 * only returned under the hint its own hash matches.
 *
 * @param isCancelled - checked between pages; a cancelled lookup stops asking the store
 * @throws TransientTransportError when the store cannot be asked (no store peer, stream or status error)
 */
export async function lookupByHash(
  source: HashLookupSource,
  hints: readonly Uint8Array[],
  isCancelled: () => boolean,
): Promise<FoundPayload[]> {
  const wanted = new Map<string, Uint8Array>();
  for (const hint of hints) {
    if (hint.length === WAKU_MESSAGE_HASH_BYTES) wanted.set(toHex(hint), hint);
  }
  const found: FoundPayload[] = [];
  const all = [...wanted.values()];
  for (let start = 0; start < all.length && !isCancelled(); start += STORE_HASHES_PER_QUERY) {
    const batch = all.slice(start, start + STORE_HASHES_PER_QUERY);
    await queryBatch(source, batch, { wanted, found, isCancelled });
  }
  return found;
}

interface BatchState {
  readonly wanted: Map<string, Uint8Array>;
  readonly found: FoundPayload[];
  readonly isCancelled: () => boolean;
}

async function queryBatch(
  source: HashLookupSource,
  batch: readonly Uint8Array[],
  state: BatchState,
): Promise<void> {
  let remaining = batch.length;
  try {
    const pages = source.store.queryGenerator([...source.decoders], hashQueryOptions(batch, source.peerId));
    for await (const page of pages) {
      for (const settled of await Promise.allSettled(page)) {
        if (settled.status === "fulfilled" && settled.value !== undefined && take(settled.value, state)) {
          remaining -= 1;
        }
      }
      if (remaining === 0 || state.isCancelled()) break;
    }
  } catch (error) {
    throw new TransientTransportError("waku store lookup failed", { cause: error });
  }
}

function take(message: IDecodedMessage, state: BatchState): boolean {
  const key = toHex(message.hash);
  const hint = state.wanted.get(key);
  if (hint === undefined) return false;
  state.wanted.delete(key);
  state.found.push({ retrievalHint: hint, bytes: message.payload, contentTopic: message.contentTopic });
  return true;
}
