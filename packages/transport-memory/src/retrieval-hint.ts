import { sha256 } from "@noble/hashes/sha2.js";

/** Length (bytes) of the memory network's retrieval hints: a sha256 digest. */
export const RETRIEVAL_HINT_BYTES = 32;

/**
 * The retrieval hint the memory network gives `bytes`: sha256 of exactly the published bytes (32 bytes).
 * Republishing identical bytes gives the same hint.
 */
export function retrievalHintOf(bytes: Uint8Array): Uint8Array {
  return sha256(bytes);
}
