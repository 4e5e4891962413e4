import type { HistoryEntry, SdsMessage } from "@reliable-channel/interfaces";
import type { WireProfile } from "@reliable-channel/sds";
import type { SeededRandom } from "@reliable-channel/transport-memory";

/*
 * Inputs for the fuzz targets, all drawn from one seeded generator: well-formed messages of a wire profile,
 * and bytes made from them by mutations that reach the decoder's corners (bit flips, interesting bytes,
 * varints and tags spliced in, lengths made to run past the end, truncation, chunks duplicated or cut,
 * splices of two inputs) plus plain random bytes.
 */

const ALPHABET = ["a", "b", "z", "0", "-", "_", ":", "é", "ß", "✓", "中", "😀", " "];
const INTERESTING = [0x00, 0x01, 0x07, 0x08, 0x0a, 0x12, 0x7f, 0x80, 0xa2, 0xfe, 0xff];

function randomString(random: SeededRandom, maxLength: number): string {
  let out = "";
  const length = random.int(maxLength + 1);
  for (let i = 0; i < length; i += 1) out += ALPHABET[random.int(ALPHABET.length)];
  return out;
}

function randomEntry(random: SeededRandom): HistoryEntry {
  return {
    messageId: randomString(random, 40) || "m",
    ...(random.next() < 0.6 ? { retrievalHint: random.bytes(1 + random.int(40)) } : {}),
    ...(random.next() < 0.4 ? { senderId: randomString(random, 12) || "s" } : {}),
  };
}

const entries = (random: SeededRandom, max: number) =>
  Array.from({ length: random.int(max + 1) }, () => randomEntry(random));

/**
 * A well-formed message that `profile` encodes and decodes back unchanged (its canonical form: for
 * nim-sds a Lamport timestamp below 2^63, content present, a filter absent or non-empty).
 */
export function randomMessage(random: SeededRandom, profile: WireProfile): SdsMessage {
  const nim = profile.name === "nim-sds";
  const lamport = random.next() < 0.9 || nim;
  const content = random.next() < 0.8 || nim || !lamport;
  const bloom = random.next() < 0.5;
  return {
    senderId: randomString(random, 16) || "sender",
    messageId: randomString(random, 64) || "id",
    channelId: randomString(random, 16) || "channel",
    ...(lamport
      ? { lamportTimestamp: BigInt(random.nextUint32()) * BigInt(1 + random.int(nim ? 1 << 30 : 2 ** 31)) }
      : {}),
    causalHistory: lamport ? entries(random, 6) : [],
    ...(bloom && lamport ? { bloomFilter: random.bytes(1 + random.int(128)) } : {}),
    repairRequest: lamport ? entries(random, 3) : [],
    ...(content ? { content: random.bytes((nim ? 0 : 1) + random.int(256)) } : {}),
  };
}

/** A protobuf varint of `value` (< 2^53). */
function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

function splice(bytes: Uint8Array, at: number, remove: number, insert: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(bytes.length - remove + insert.length);
  out.set(bytes.subarray(0, at));
  out.set(insert, at);
  out.set(bytes.subarray(at + remove), at + insert.length);
  return out;
}

/** One mutation of `bytes` (a new array); `other` is another input to splice from. */
export function mutate(random: SeededRandom, bytes: Uint8Array, other: Uint8Array): Uint8Array {
  const at = random.int(bytes.length + 1);
  const left = bytes.length - at;
  switch (random.int(9)) {
    case 0: {
      if (bytes.length === 0) return random.bytes(1);
      const out = bytes.slice();
      const i = random.int(out.length);
      out[i] = (out[i] ?? 0) ^ (1 << random.int(8));
      return out;
    }
    case 1:
      return splice(bytes, at, Math.min(1, left), [INTERESTING[random.int(INTERESTING.length)] ?? 0]);
    case 2: // a tag of a random (often known) field and wire type
      return splice(
        bytes,
        at,
        0,
        varint(((random.next() < 0.7 ? random.int(21) : random.int(2 ** 29)) << 3) + random.int(8)),
      );
    case 3: // a length that runs past the end, or a huge one
      return splice(
        bytes,
        at,
        0,
        varint(random.next() < 0.5 ? left + 1 + random.int(8) : random.int(2 ** 32)),
      );
    case 4:
      return bytes.slice(0, at);
    case 5:
      return splice(bytes, at, random.int(left + 1), []);
    case 6: {
      const from = random.int(bytes.length + 1);
      return splice(bytes, at, 0, bytes.slice(from, from + random.int(32)));
    }
    case 7:
      return splice(bytes, at, random.int(left + 1), other.slice(random.int(other.length + 1)));
    default: // a varint of 10 or 11 continuation bytes
      return splice(bytes, at, 0, new Array<number>(10 + random.int(2)).fill(0xff));
  }
}

/** One fuzz input for `profile`: mostly mutations of well-formed messages, some well-formed, some noise. */
export function fuzzInput(
  random: SeededRandom,
  profile: WireProfile,
  corpus: readonly Uint8Array[],
): Uint8Array {
  const roll = random.next();
  if (roll < 0.05) return random.bytes(random.int(200));
  const pick = () =>
    corpus.length > 0 && random.next() < 0.5
      ? (corpus[random.int(corpus.length)] ?? new Uint8Array(0))
      : profile.encode(randomMessage(random, profile));
  let bytes = pick();
  if (roll < 0.15) return bytes;
  const other = pick();
  const rounds = 1 + random.int(4);
  for (let i = 0; i < rounds; i += 1) bytes = mutate(random, bytes, other);
  return bytes;
}

/** Whether two decoded messages are equal, field by field and byte by byte. */
export function sameMessage(a: SdsMessage, b: SdsMessage): boolean {
  return (
    a.senderId === b.senderId &&
    a.messageId === b.messageId &&
    a.channelId === b.channelId &&
    a.lamportTimestamp === b.lamportTimestamp &&
    sameBytes(a.bloomFilter, b.bloomFilter) &&
    sameBytes(a.content, b.content) &&
    sameEntries(a.causalHistory, b.causalHistory) &&
    sameEntries(a.repairRequest, b.repairRequest)
  );
}

function sameEntries(a: readonly HistoryEntry[], b: readonly HistoryEntry[]): boolean {
  return (
    a.length === b.length &&
    a.every((e, i) => {
      const f = b[i];
      return (
        f !== undefined &&
        e.messageId === f.messageId &&
        e.senderId === f.senderId &&
        sameBytes(e.retrievalHint, f.retrievalHint)
      );
    })
  );
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
