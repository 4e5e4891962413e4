import { DecodeError, type SdsMessage } from "@reliable-channel/interfaces";
import { Message } from "@waku/sds";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeSdsMessage, encodeSdsMessage, sdsMessageKind } from "../src/index.js";

const SEED = 0x5d5;
const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/\s+/g, ""), "hex"));

const golden: SdsMessage = {
  senderId: "a",
  messageId: "b",
  channelId: "c",
  lamportTimestamp: 1n,
  causalHistory: [{ messageId: "d", retrievalHint: new Uint8Array([1, 2]), senderId: "e" }],
  bloomFilter: new Uint8Array([0xff]),
  repairRequest: [{ messageId: "f" }],
  content: new Uint8Array([0x68, 0x69]),
};
// Written by hand from the field list in PROTOCOL.md (tags: 0a 12 1a 50 5a 62 6a a201).
const goldenHex = "0a0161 120162 1a0163 5001 5a0a 0a0164 12020102 1a0165 6201ff 6a03 0a0166 a2010268 69";

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

function theirs(m: SdsMessage): Message {
  return new Message(
    m.messageId,
    m.channelId,
    m.senderId,
    m.causalHistory.map((e) => ({ ...e })),
    m.lamportTimestamp,
    m.bloomFilter,
    m.content,
    m.repairRequest.map((e) => ({ ...e })),
  );
}

describe("codec", () => {
  it("matches the hand-written golden vector", () => {
    expect(hex(encodeSdsMessage(golden))).toBe(goldenHex.replace(/\s+/g, ""));
    expect(decodeSdsMessage(bytes(goldenHex))).toEqual(golden);
  });

  it("encodes a 64-bit Lamport timestamp as a 10-byte varint", () => {
    const m: SdsMessage = {
      ...golden,
      lamportTimestamp: 2n ** 64n - 1n,
      causalHistory: [],
      repairRequest: [],
    };
    const out = encodeSdsMessage(m);
    expect(hex(out)).toContain("50ffffffffffffffffff01");
    expect(decodeSdsMessage(out).lamportTimestamp).toBe(2n ** 64n - 1n);
  });

  it(`is byte-identical to @waku/sds 0.0.8 both ways (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(message, (m) => {
        const ours = encodeSdsMessage(m);
        expect(hex(ours)).toBe(hex(theirs(m).encode()));
        const back = Message.decode(ours);
        const decoded = decodeSdsMessage(ours);
        expect(decoded).toEqual(m);
        if (back !== undefined) {
          expect(back.messageId).toBe(m.messageId);
          expect(back.lamportTimestamp).toBe(m.lamportTimestamp);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it(`is byte-identical to @waku/sds 0.0.8 for any UTF-16 ids, lone surrogates included (fast-check seed ${SEED})`, () => {
    const text = fc.string({ unit: "binary", maxLength: 40 });
    fc.assert(
      fc.property(text, text, text, (senderId, messageId, channelId) => {
        const m: SdsMessage = {
          senderId,
          messageId,
          channelId,
          lamportTimestamp: 7n,
          causalHistory: [{ messageId, senderId }],
          repairRequest: [],
          content: new Uint8Array([1]),
        };
        const ours = encodeSdsMessage(m);
        expect(hex(ours)).toBe(hex(theirs(m).encode()));
        // Decoding matches theirs too (ill-formed UTF-16 comes back with replacement characters).
        const back = Message.decode(ours);
        const decoded = decodeSdsMessage(ours);
        expect([decoded.senderId, decoded.messageId, decoded.channelId]).toEqual([
          back?.senderId,
          back?.messageId,
          back?.channelId,
        ]);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("hands out plain Uint8Array views, even when given a Buffer", () => {
    const decoded = decodeSdsMessage(Buffer.from(encodeSdsMessage(golden)));
    expect(decoded.content?.constructor).toBe(Uint8Array);
    expect(decoded.bloomFilter?.constructor).toBe(Uint8Array);
    expect(decoded.causalHistory[0]?.retrievalHint?.constructor).toBe(Uint8Array);
    expect(decoded).toEqual(golden);
  });

  it("decodes long and non-ASCII strings", () => {
    const long = "x".repeat(5_000);
    const m: SdsMessage = {
      ...golden,
      senderId: long,
      channelId: "κανάλι 📣",
      causalHistory: [],
      repairRequest: [],
    };
    expect(decodeSdsMessage(encodeSdsMessage(m))).toEqual(m);
  });

  it("skips unknown fields of every wire type", () => {
    const extra = bytes("f806 2a f90600000000000000 00 fa06 03 010203 fd06 01020304"); // fields 111: varint, fixed64, len, fixed32
    const joined = new Uint8Array([...extra, ...bytes(goldenHex), ...extra]);
    expect(decodeSdsMessage(joined)).toEqual(golden);
  });

  it("derives the kind from the fields present, as @waku/sds does", () => {
    const base = { senderId: "s", messageId: "m", channelId: "c", causalHistory: [], repairRequest: [] };
    expect(sdsMessageKind({ ...base, lamportTimestamp: 1n, content: new Uint8Array([1]) })).toBe("content");
    expect(sdsMessageKind({ ...base, lamportTimestamp: 1n })).toBe("sync");
    expect(sdsMessageKind({ ...base, lamportTimestamp: 1n, content: new Uint8Array(0) })).toBe("sync");
    expect(sdsMessageKind({ ...base, content: new Uint8Array([1]) })).toBe("ephemeral");
    expect(sdsMessageKind(base)).toBeUndefined();
  });

  it.each([
    ["truncated length", "0a0561"],
    ["truncated varint", "50ff"],
    ["wrong wire type for lamport", "5201 00"],
    ["wrong wire type for sender", "0801"],
    ["field number zero", "0001"],
    ["invalid wire type 7", "0f"],
    ["history entry overruns", "5a05 0a0a61"],
    ["varint longer than 10 bytes", "50ffffffffffffffffffff01"],
    ["unknown fixed64 field cut short", "f906 0000"],
    ["unknown fixed32 field cut short", "fd06 00"],
    ["unterminated group", "fb06 0801"],
    ["end of group with no start", "fc06"],
    ["bytes field overruns", "6205 ff"],
  ])("rejects %s with DecodeError", (_name, input) => {
    expect(() => decodeSdsMessage(bytes(input))).toThrow(DecodeError);
  });

  it("rejects every truncation of a valid message with DecodeError or decodes a prefix, never crashing", () => {
    const full = encodeSdsMessage(golden);
    for (let n = 0; n < full.length; n++) {
      try {
        decodeSdsMessage(full.subarray(0, n));
      } catch (error) {
        expect(error).toBeInstanceOf(DecodeError);
      }
    }
  });

  it(`throws only DecodeError on random garbage (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (garbage) => {
        try {
          decodeSdsMessage(garbage);
        } catch (error) {
          expect(error).toBeInstanceOf(DecodeError);
        }
      }),
      { seed: SEED, numRuns: 2_000 },
    );
  });
});
