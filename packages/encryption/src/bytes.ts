const utf8 = new TextEncoder();

/** Bytes of a `Uint8Array`, or the UTF-8 bytes of a string. */
export function toBytes(value: Uint8Array | string): Uint8Array<ArrayBuffer> {
  return typeof value === "string" ? utf8.encode(value) : new Uint8Array(value);
}
