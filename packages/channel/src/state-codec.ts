import { StorageCorruptionError } from "@reliable-channel/interfaces";

const BIGINT = "$bigint";
const BYTES = "$bytes";

/**
 * Encodes plain data (objects, arrays, strings, numbers, booleans, null, bigints, Uint8Arrays) as UTF-8 JSON
 * with tagged bigints and byte arrays, so the SDS core's restore state fits in a storage `meta` blob.
 */
export function encodeState(value: unknown): Uint8Array {
  const json = JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === "bigint") return { [BIGINT]: item.toString() };
    if (item instanceof Uint8Array) return { [BYTES]: toHex(item) };
    return item;
  });
  return new TextEncoder().encode(json);
}

/** Decodes {@link encodeState}'s output; throws `StorageCorruptionError` when the blob is not one. */
export function decodeState(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes), (_key, item: unknown) => {
      if (typeof item !== "object" || item === null) return item;
      const tagged = item as Record<string, unknown>;
      const big = tagged[BIGINT];
      if (typeof big === "string") return BigInt(big);
      const hex = tagged[BYTES];
      if (typeof hex === "string") return fromHex(hex);
      return item;
    });
  } catch (error) {
    throw new StorageCorruptionError("stored channel state cannot be decoded", { cause: error });
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Lowercase hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += HEX[byte];
  return out;
}

/** The bytes of an even-length hex string; throws on any other input. */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(hex)) throw new RangeError("invalid hex");
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}
