import { toHex } from "@reliable-channel/hash";
import type { RetrievedPayload } from "@reliable-channel/interfaces";
import { TransientTransportError } from "@reliable-channel/interfaces";
import type { IDecodedMessage, IDecoder } from "@waku/sdk";
import { STORE_HASHES_PER_QUERY, type WakuTransportStore } from "./options.js";

/** The length of a Waku message hash (bytes). */
export const WAKU_MESSAGE_HASH_BYTES = 32;

/**
 * Fetches the messages whose Waku message hashes are `hints` with Store v3 hash queries (in batches),
 * decoded with `decoder`. Hints that are not 32 bytes, unknown to the store, or whose message does not
 * decode are left out; a message is only returned under the hint its own hash matches.
 *
 * @param isCancelled - checked between pages; a cancelled lookup stops asking the store
 * @throws TransientTransportError when the store cannot be asked (no store peer, stream or status error)
 */
export async function lookupByHash(
  store: WakuTransportStore,
  decoder: IDecoder<IDecodedMessage>,
  hints: readonly Uint8Array[],
  isCancelled: () => boolean,
): Promise<RetrievedPayload[]> {
  const wanted = new Map<string, Uint8Array>();
  for (const hint of hints) {
    if (hint.length === WAKU_MESSAGE_HASH_BYTES) wanted.set(toHex(hint), hint);
  }
  const found: RetrievedPayload[] = [];
  const all = [...wanted.values()];
  for (let start = 0; start < all.length && !isCancelled(); start += STORE_HASHES_PER_QUERY) {
    const batch = all.slice(start, start + STORE_HASHES_PER_QUERY);
    await queryBatch(store, decoder, batch, { wanted, found, isCancelled });
  }
  return found;
}

interface BatchState {
  readonly wanted: Map<string, Uint8Array>;
  readonly found: RetrievedPayload[];
  readonly isCancelled: () => boolean;
}

async function queryBatch(
  store: WakuTransportStore,
  decoder: IDecoder<IDecodedMessage>,
  batch: readonly Uint8Array[],
  state: BatchState,
): Promise<void> {
  let remaining = batch.length;
  try {
    const pages = store.queryGenerator([decoder], {
      messageHashes: [...batch],
      pubsubTopic: decoder.pubsubTopic,
      includeData: true,
      paginationForward: true,
      paginationLimit: batch.length,
    });
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
  state.found.push({ retrievalHint: hint, bytes: message.payload });
  return true;
}
