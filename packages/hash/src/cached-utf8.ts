const encoder = new TextEncoder();
const kept = new Map<string, Uint8Array>();

/** How many strings {@link cachedUtf8} keeps before it starts over. */
export const CACHED_UTF8_STRINGS = 64;

/**
 * The UTF-8 bytes of a string that recurs in what is hashed (labels, topics, channel and participant ids),
 * from a small cache shared by the process: up to {@link CACHED_UTF8_STRINGS} strings, cleared when full.
 * Encoding is a native call that costs more than the hash of a few bytes when it runs cold.
 *
 * The bytes are shared between callers: read them, never write them.
 */
export function cachedUtf8(text: string): Uint8Array {
  let bytes = kept.get(text);
  if (bytes === undefined) {
    if (kept.size >= CACHED_UTF8_STRINGS) kept.clear();
    bytes = encoder.encode(text);
    kept.set(text, bytes);
  }
  return bytes;
}
