/**
 * The little of proto3 the two SegmentMessage layouts need: varints and length-delimited bytes, written in
 * ascending tag order, read back with unknown fields skipped.
 */

/** Appends proto3 fields to a growing byte list. */
export class ProtoWriter {
  readonly #parts: Uint8Array[] = [];
  #length = 0;

  #push(bytes: Uint8Array): void {
    this.#parts.push(bytes);
    this.#length += bytes.length;
  }

  #varint(value: number): void {
    const out: number[] = [];
    let v = value;
    while (v >= 0x80) {
      out.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    out.push(v);
    this.#push(Uint8Array.from(out));
  }

  /** A varint field (wire type 0). */
  uint(tag: number, value: number): this {
    this.#varint(tag * 8);
    this.#varint(value);
    return this;
  }

  /** A length-delimited field (wire type 2). */
  bytes(tag: number, value: Uint8Array): this {
    this.#varint(tag * 8 + 2);
    this.#varint(value.length);
    this.#push(value);
    return this;
  }

  /** The message written so far. */
  finish(): Uint8Array {
    const out = new Uint8Array(this.#length);
    let offset = 0;
    for (const part of this.#parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }
}

/** One decoded field: a number for varints, bytes (a view into the input) for length-delimited fields. */
export type ProtoValue = number | Uint8Array;

/** Thrown by `readFields` on bytes that are not a well-formed proto3 message. */
export class ProtoFormatError extends Error {
  override readonly name = "ProtoFormatError";
}

/**
 * The fields of a proto3 message, last value per tag (proto3's rule for scalars). Varints above 2^53 are
 * clamped to `Number.MAX_SAFE_INTEGER`; fixed32/fixed64 fields are skipped. Throws `ProtoFormatError` on
 * truncated input, an unknown wire type or tag 0.
 */
export function readFields(bytes: Uint8Array): Map<number, ProtoValue> {
  const fields = new Map<number, ProtoValue>();
  let offset = 0;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const byte = bytes[offset++];
      if (byte === undefined) throw new ProtoFormatError("truncated varint");
      value += (byte & 0x7f) * scale;
      scale *= 0x80;
      if (byte < 0x80) return Math.min(value, Number.MAX_SAFE_INTEGER);
    }
    throw new ProtoFormatError("varint longer than 10 bytes");
  };
  while (offset < bytes.length) {
    const key = varint();
    const tag = Math.floor(key / 8);
    const wireType = key % 8;
    if (tag === 0) throw new ProtoFormatError("field tag 0");
    if (wireType === 0) fields.set(tag, varint());
    else if (wireType === 2) {
      const length = varint();
      if (offset + length > bytes.length) throw new ProtoFormatError("truncated length-delimited field");
      fields.set(tag, bytes.subarray(offset, offset + length));
      offset += length;
    } else if (wireType === 1 || wireType === 5) {
      offset += wireType === 1 ? 8 : 4;
      if (offset > bytes.length) throw new ProtoFormatError("truncated fixed-width field");
    } else throw new ProtoFormatError(`unsupported wire type ${wireType}`);
  }
  return fields;
}
