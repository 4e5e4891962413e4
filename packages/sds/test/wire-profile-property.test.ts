import { DecodeError, type HistoryEntry, type SdsMessage } from "@reliable-channel/interfaces";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsWakuWire, type WireProfile } from "../src/index.js";
import { nimSdsWire } from "../src/nim-sds.js";

const SEED = 0x5d7;

const entry = fc.record(
  {
    messageId: fc.string({ maxLength: 70 }),
    retrievalHint: fc.uint8Array({ maxLength: 40 }),
    senderId: fc.string({ maxLength: 12 }),
  },
  { requiredKeys: ["messageId"] },
);
const message: fc.Arbitrary<SdsMessage> = fc.record(
  {
    senderId: fc.string({ maxLength: 12 }),
    messageId: fc.string({ maxLength: 70 }),
    channelId: fc.string({ maxLength: 12 }),
    lamportTimestamp: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
    causalHistory: fc.array(entry, { maxLength: 5 }),
    bloomFilter: fc.uint8Array({ maxLength: 64 }),
    repairRequest: fc.array(entry, { maxLength: 3 }),
    content: fc.uint8Array({ maxLength: 64 }),
  },
  { requiredKeys: ["senderId", "messageId", "channelId", "causalHistory", "repairRequest"] },
);

/**
 * What `message` reads back as on the nim-sds wire, which has no "absent" for most fields: a Lamport
 * timestamp and content always, an empty filter as none, an entry's empty hint or sender as none. Lamport
 * timestamps are int64 there, so the arbitrary stays below 2^63 for it.
 */
function nimShape(m: SdsMessage): SdsMessage {
  const e = (x: HistoryEntry): HistoryEntry => ({
    messageId: x.messageId,
    ...(x.retrievalHint === undefined || x.retrievalHint.length === 0
      ? {}
      : { retrievalHint: x.retrievalHint }),
    ...(x.senderId === undefined || x.senderId === "" ? {} : { senderId: x.senderId }),
  });
  return {
    senderId: m.senderId,
    messageId: m.messageId,
    channelId: m.channelId,
    lamportTimestamp: m.lamportTimestamp ?? 0n,
    causalHistory: m.causalHistory.map(e),
    ...(m.bloomFilter === undefined || m.bloomFilter.length === 0 ? {} : { bloomFilter: m.bloomFilter }),
    repairRequest: m.repairRequest.map(e),
    content: m.content ?? new Uint8Array(0),
  };
}

/** Plain data for equality: strings survive UTF-8 only when well-formed, so compare after one round trip. */
const settle = (wire: WireProfile, m: SdsMessage): SdsMessage => wire.decode(wire.encode(m));

const profiles: readonly [string, WireProfile, (m: SdsMessage) => SdsMessage][] = [
  ["js-waku", jsWakuWire, (m) => m],
  ["nim-sds", nimSdsWire, nimShape],
];

describe.each(profiles)("the %s wire profile", (_name, wire, shape) => {
  const inRange = (m: SdsMessage): SdsMessage =>
    wire === nimSdsWire && m.lamportTimestamp !== undefined
      ? { ...m, lamportTimestamp: m.lamportTimestamp % 2n ** 63n }
      : m;

  it(`decodes what it encodes (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(message, (raw) => {
        const m = settle(wire, inRange(raw));
        expect(wire.decode(wire.encode(m))).toEqual(shape(m));
        expect(wire.encode(wire.decode(wire.encode(m)))).toEqual(wire.encode(m));
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it(`throws nothing but DecodeError on garbage or a mutated message (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        message,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.nat(),
        (garbage, m, edits, cut) => {
          const mutated = wire.encode(inRange(m)).slice();
          for (const [at, value] of edits) if (mutated.length > 0) mutated[at % mutated.length] = value;
          for (const bytes of [garbage, mutated, mutated.subarray(0, cut % (mutated.length + 1))]) {
            try {
              wire.decode(bytes);
            } catch (error) {
              expect(error).toBeInstanceOf(DecodeError);
            }
          }
        },
      ),
      { seed: SEED, numRuns: 2_000 },
    );
  });
});
