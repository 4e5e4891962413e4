import { StorageCorruptionError } from "@reliable-channel/interfaces";

const Tag = {
  NULL: 0,
  FALSE: 1,
  TRUE: 2,
  NUMBER: 3,
  STRING: 4,
  BIGINT: 5,
  BYTES: 6,
  ARRAY: 7,
  OBJECT: 8,
} as const;
const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

let scratch = new Uint8Array(64 * 1024);

/** Writes into a scratch buffer shared by every call (encoding is synchronous), grown as needed. */
class Writer {
  #buffer = scratch;
  #view = new DataView(scratch.buffer);
  length = 0;

  #ensure(extra: number): void {
    if (this.length + extra <= this.#buffer.length) return;
    const next = new Uint8Array(Math.max(this.#buffer.length * 2, this.length + extra));
    next.set(this.#buffer.subarray(0, this.length));
    this.#buffer = next;
    scratch = next;
    this.#view = new DataView(next.buffer);
  }

  byte(value: number): void {
    this.#ensure(1);
    this.#buffer[this.length++] = value;
  }

  varint(value: number): void {
    let rest = value;
    while (rest >= 0x80) {
      this.byte((rest & 0x7f) | 0x80);
      rest = Math.floor(rest / 128);
    }
    this.byte(rest);
  }

  float(value: number): void {
    this.#ensure(8);
    this.#view.setFloat64(this.length, value);
    this.length += 8;
  }

  bytes(value: Uint8Array): void {
    this.varint(value.length);
    this.#ensure(value.length);
    this.#buffer.set(value, this.length);
    this.length += value.length;
  }

  result(): Uint8Array {
    return this.#buffer.slice(0, this.length);
  }
}

/**
 * Encodes plain data (objects, arrays, strings, numbers, booleans, null, bigints, Uint8Arrays) in a compact
 * tagged binary form, the form of the SDS core's checkpoint blobs (and of a facade's own `meta` blobs). `null` and `undefined` both
 * decode as absent (object keys with either are left out).
 */
export function encodeState(value: unknown): Uint8Array {
  const writer = new Writer();
  write(writer, value);
  return writer.result();
}

function write(w: Writer, value: unknown): void {
  if (value === null || value === undefined) w.byte(Tag.NULL);
  else if (typeof value === "boolean") w.byte(value ? Tag.TRUE : Tag.FALSE);
  else if (typeof value === "number") {
    w.byte(Tag.NUMBER);
    w.float(value);
  } else if (typeof value === "string") {
    w.byte(Tag.STRING);
    w.bytes(encoder.encode(value));
  } else if (typeof value === "bigint") {
    w.byte(Tag.BIGINT);
    w.bytes(encoder.encode(value.toString()));
  } else if (value instanceof Uint8Array) {
    w.byte(Tag.BYTES);
    w.bytes(value);
  } else if (Array.isArray(value)) {
    w.byte(Tag.ARRAY);
    w.varint(value.length);
    for (const item of value) write(w, item);
  } else if (typeof value === "object") writeObject(w, value as Record<string, unknown>);
  else throw new TypeError(`cannot encode a ${typeof value}`);
}

function writeObject(w: Writer, value: Record<string, unknown>): void {
  const keys = Object.keys(value).filter((key) => value[key] !== undefined);
  w.byte(Tag.OBJECT);
  w.varint(keys.length);
  for (const key of keys) {
    w.bytes(encoder.encode(key));
    write(w, value[key]);
  }
}

/** Decodes {@link encodeState}'s output; throws `StorageCorruptionError` when the blob is not one. */
export function decodeState(bytes: Uint8Array): unknown {
  try {
    const reader = { bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), at: 0 };
    const value = read(reader);
    if (reader.at !== bytes.length) throw new RangeError("trailing bytes");
    return value;
  } catch (error) {
    throw new StorageCorruptionError("stored state cannot be decoded", { cause: error });
  }
}

interface Reader {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  at: number;
}

function readByte(r: Reader): number {
  const value = r.bytes[r.at];
  if (value === undefined) throw new RangeError("truncated");
  r.at += 1;
  return value;
}

function readVarint(r: Reader): number {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 8; i += 1) {
    const byte = readByte(r);
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return value;
    scale *= 128;
  }
  throw new RangeError("varint too long");
}

function readBytes(r: Reader): Uint8Array {
  const length = readVarint(r);
  if (r.at + length > r.bytes.length) throw new RangeError("truncated");
  const value = r.bytes.slice(r.at, r.at + length);
  r.at += length;
  return value;
}

function read(r: Reader): unknown {
  const tag = readByte(r);
  switch (tag) {
    case Tag.NULL:
      return undefined;
    case Tag.FALSE:
      return false;
    case Tag.TRUE:
      return true;
    case Tag.NUMBER: {
      const value = r.view.getFloat64(r.at);
      r.at += 8;
      return value;
    }
    case Tag.STRING:
      return decoder.decode(readBytes(r));
    case Tag.BIGINT:
      return BigInt(decoder.decode(readBytes(r)));
    case Tag.BYTES:
      return readBytes(r);
    case Tag.ARRAY:
      return Array.from({ length: readVarint(r) }, () => read(r));
    case Tag.OBJECT:
      return readObject(r);
    default:
      throw new RangeError(`unknown tag ${tag}`);
  }
}

function readObject(r: Reader): Record<string, unknown> {
  const count = readVarint(r);
  const value: Record<string, unknown> = {};
  for (let i = 0; i < count; i += 1) {
    const key = decoder.decode(readBytes(r));
    const item = read(r);
    if (item !== undefined) value[key] = item;
  }
  return value;
}
