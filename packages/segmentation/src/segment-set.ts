import { toHex } from "@reliable-channel/hash";
import { SegmentCountMismatchError, SegmentHashMismatchError, SegmentIndexError } from "./errors.js";
import { reconstructData } from "./linear-code.js";
import { keccak256, type Segment, type SegmentationProfile } from "./segment.js";

/** The key that groups a message's segments: its hash and original length (as nim-segmentation groups them). */
export function segmentSetKey(segment: Segment): string {
  return `${toHex(segment.hash)}:${segment.originalLength ?? ""}`;
}

/**
 * The segments received so far of one logical message, and its reassembly. Pure: it holds bytes, never a
 * timer; whoever holds it decides how long to wait and how many to keep.
 */
export class SegmentSet {
  readonly #profile: SegmentationProfile;
  readonly #key: string;
  readonly #hash: Uint8Array;
  readonly #originalLength: number | undefined;
  #dataCount: number | undefined;
  #parityCount: number | undefined;
  readonly #data = new Map<number, Uint8Array>();
  readonly #parity = new Map<number, Uint8Array>();
  #bytes = 0;

  /** A set keyed by `first`'s hash and original length (`first` itself is not added). */
  constructor(profile: SegmentationProfile, first: Segment) {
    this.#profile = profile;
    this.#key = segmentSetKey(first);
    this.#hash = first.hash;
    this.#originalLength = first.originalLength;
  }

  /** The grouping key (`segmentSetKey`). */
  get key(): string {
    return this.#key;
  }
  /** Keccak-256 of the message's payload, as its segments carry it. */
  get hash(): Uint8Array {
    return this.#hash;
  }
  /** Data segments of the message, once a segment has said. */
  get dataCount(): number | undefined {
    return this.#dataCount;
  }
  /** Parity segments of the message, once a segment has said. */
  get parityCount(): number | undefined {
    return this.#parityCount;
  }
  /** Segments held. */
  get received(): number {
    return this.#data.size + this.#parity.size;
  }
  /** Payload bytes held. */
  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Adds a segment of this message. Returns `false` for a repeat of a slot already filled. Throws
   * `SegmentCountMismatchError` when its counts disagree with earlier segments', `SegmentIndexError` when its
   * index is out of the counts learnt from them; the set is unchanged then.
   */
  add(segment: Segment): boolean {
    if (segmentSetKey(segment) !== this.#key)
      throw new SegmentCountMismatchError("segment of another message");
    const dataCount = this.#agree(this.#dataCount, segment.dataCount, "data");
    const parityCount = this.#agree(this.#parityCount, segment.parityCount, "parity");
    const classCount = segment.isParity ? parityCount : dataCount;
    if (classCount !== undefined && segment.index >= classCount) {
      throw new SegmentIndexError(
        `index ${segment.index} of ${classCount} ${segment.isParity ? "parity" : "data"} segments`,
      );
    }
    const slots = segment.isParity ? this.#parity : this.#data;
    if (slots.has(segment.index)) return false;
    // Counts learnt now must hold for the segments already kept.
    const otherCount = segment.isParity ? dataCount : parityCount;
    const others = segment.isParity ? this.#data : this.#parity;
    if (otherCount !== undefined && [...others.keys()].some((i) => i >= otherCount)) {
      throw new SegmentCountMismatchError("counts exclude a segment already received");
    }
    this.#dataCount = dataCount;
    this.#parityCount = parityCount;
    slots.set(segment.index, segment.payload);
    this.#bytes += segment.payload.length;
    return true;
  }

  #agree(known: number | undefined, claimed: number | undefined, what: string): number | undefined {
    if (known !== undefined && claimed !== undefined && known !== claimed) {
      throw new SegmentCountMismatchError(`${claimed} ${what} segments, siblings say ${known}`);
    }
    return known ?? claimed;
  }

  /** Whether `reassemble` can run: every data segment, or any `dataCount` segments and a code to decode them. */
  get ready(): boolean {
    const dataCount = this.#dataCount;
    if (dataCount === undefined) return false;
    if (this.#data.size === dataCount) return true;
    if (this.received < dataCount || this.#parityCount === undefined) return false;
    // Without the original length a rebuilt last chunk's padding cannot be cut off.
    if (this.#originalLength === undefined && !this.#data.has(dataCount - 1)) return false;
    return this.#profile.code(dataCount, this.#parityCount) !== undefined;
  }

  /** How many data segments `reassemble` rebuilds from parity. */
  get missingData(): number {
    return (this.#dataCount ?? 0) - this.#data.size;
  }

  /**
   * The payload, rebuilding missing data segments from parity, checked against the hash. Throws
   * `SegmentHashMismatchError` when it does not match; call only when `ready`.
   */
  reassemble(): Uint8Array {
    const dataCount = this.#dataCount ?? 0;
    let chunks = Array.from({ length: dataCount }, (_, i) => this.#data.get(i));
    if (this.missingData > 0) {
      const code = this.#profile.code(dataCount, this.#parityCount ?? 0);
      const shardSize = Math.max(0, ...[...this.#parity.values()].map((p) => p.length));
      if (code === undefined) throw new SegmentHashMismatchError("cannot rebuild the missing segments");
      const parity = Array.from({ length: this.#parityCount ?? 0 }, (_, j) => this.#parity.get(j));
      chunks = reconstructData(code, { data: chunks, parity }, shardSize);
    }
    const total = chunks.reduce((sum, c) => sum + (c?.length ?? 0), 0);
    const length = Math.min(this.#originalLength ?? total, total);
    const payload = new Uint8Array(length);
    let offset = 0;
    for (const chunk of chunks) {
      if (chunk === undefined || offset >= length) break;
      payload.set(chunk.subarray(0, length - offset), offset);
      offset += chunk.length;
    }
    const actual = keccak256(payload);
    if (actual.length !== this.#hash.length || actual.some((b, i) => b !== this.#hash[i])) {
      throw new SegmentHashMismatchError();
    }
    return payload;
  }
}
