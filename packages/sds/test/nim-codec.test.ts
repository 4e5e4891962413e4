import { DecodeError, type SdsMessage } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import { decodeSdsMessage } from "../src/index.js";
import { decodeNimSdsMessage, encodeNimSdsMessage } from "../src/nim-sds.js";
import { fromHex, hex, messageOf, nimVectors } from "./support/nim-vectors.js";

/** Plain data for equality: byte views become plain arrays. */
const plain = (m: SdsMessage): unknown =>
  JSON.parse(
    JSON.stringify(m, (_k, v) => (v instanceof Uint8Array ? [...v] : typeof v === "bigint" ? `${v}n` : v)),
  );

const decodable = nimVectors.messages.filter((v) => BigInt(v.input.lamportTimestamp) >= 0n);

describe("nim-sds codec: every message vector", () => {
  it("has the vectors it claims (8 messages, one with a negative Lamport timestamp)", () => {
    expect(nimVectors.messages).toHaveLength(8);
    expect(decodable).toHaveLength(7);
  });

  it.each(nimVectors.messages.map((v) => [v.name, v] as const))("encodes %s byte for byte", (_name, v) => {
    expect(hex(encodeNimSdsMessage(messageOf(v)))).toBe(v.encodedHex);
  });

  it.each(decodable.map((v) => [v.name, v] as const))("decodes %s to its input", (_name, v) => {
    expect(plain(decodeNimSdsMessage(fromHex(v.encodedHex)))).toEqual(plain(messageOf(v)));
  });

  it("refuses a Lamport timestamp of 2^63 or more with a DecodeError (nim-sds crashes on it)", () => {
    const negative = nimVectors.messages.find((v) => v.name === "negative-lamport");
    expect(negative).toBeDefined();
    const bytes = fromHex(negative?.encodedHex ?? "");
    expect(() => decodeNimSdsMessage(bytes)).toThrow(DecodeError);
    expect(() => decodeNimSdsMessage(bytes)).toThrow(/int64/);
  });

  it("writes required fields even when empty, and reads an absent content or filter back as empty / absent", () => {
    const bare: SdsMessage = {
      senderId: "",
      messageId: "",
      channelId: "",
      causalHistory: [{ messageId: "" }],
      repairRequest: [],
    };
    // 0a00 (id) 1000 (lamport 0) 1a02 0a00 (entry with an empty id) 2200 (channel) 2a00 (content) 3200 (filter)
    expect(hex(encodeNimSdsMessage(bare))).toBe("0a00" + "1000" + "1a020a00" + "2200" + "2a00" + "3200");
    const decoded = decodeNimSdsMessage(encodeNimSdsMessage(bare));
    expect(decoded.content).toEqual(new Uint8Array(0));
    expect(decoded.bloomFilter).toBeUndefined();
    expect(decoded.lamportTimestamp).toBe(0n);
  });
});

describe("nim-sds codec: hostile and foreign bytes", () => {
  const basic = fromHex(nimVectors.messages[0]?.encodedHex ?? "");

  it.each([
    ["message_id", 1],
    ["lamport_timestamp", 2],
    ["channel_id", 4],
    ["content", 5],
  ] as const)("fails without %s (field %i)", (name, field) => {
    const without = dropField(basic, field);
    expect(() => decodeNimSdsMessage(without)).toThrow(new RegExp(`missing ${name}`));
  });

  it("fails a message whose history entry has no id", () => {
    // causal-history-4 with its first entry's id field renamed to field 4 (an unknown field).
    const v = nimVectors.messages.find((m) => m.name === "causal-history-4");
    const bytes = fromHex(v?.encodedHex ?? "");
    const at = bytes.indexOf(0x1a); // first history entry tag
    const broken = bytes.slice();
    broken[at + 2] = 0x22; // its inner 0a (field 1) becomes 22 (field 4)
    expect(() => decodeNimSdsMessage(broken)).toThrow(/history entry without message_id/);
  });

  it("treats a known field with an unexpected wire type as absent, like nim-sds", () => {
    // Lamport (field 2) written as a length-delimited field: the message has no Lamport timestamp.
    const bytes = fromHex("0a01611201002201632a00");
    expect(() => decodeNimSdsMessage(bytes)).toThrow(/missing lamport_timestamp/);
  });

  it.each(nimVectors.jsWaku008Interop.vectors.map((v) => [v.name, v.jsWakuEncodedHex] as const))(
    "rejects js-waku 0.0.8 bytes (%s) with a DecodeError, and js-waku's decoder rejects nim-sds bytes",
    (_name, jsHex) => {
      expect(() => decodeNimSdsMessage(fromHex(jsHex))).toThrow(DecodeError);
      expect(() => decodeSdsMessage(basic)).toThrow(DecodeError);
    },
  );
});

/** `bytes` without every top-level occurrence of `field` (a well-formed message of this codec's fields). */
function dropField(bytes: Uint8Array, field: number): Uint8Array {
  const out: number[] = [];
  let pos = 0;
  const varint = (): number => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const b = bytes[pos++] ?? 0;
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value;
    }
  };
  while (pos < bytes.length) {
    const start = pos;
    const tag = varint();
    if ((tag & 7) === 0) varint();
    else {
      const length = varint();
      pos += length;
    }
    if (tag >>> 3 !== field) out.push(...bytes.subarray(start, pos));
  }
  return new Uint8Array(out);
}
