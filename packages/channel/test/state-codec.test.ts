import { StorageCorruptionError } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import { decodeState, encodeState, fromHex, toHex } from "../src/state-codec.js";

describe("state codec", () => {
  it("round-trips bigints, byte arrays and nested plain data", () => {
    const state = {
      lamport: 1_700_000_000_000n,
      bits: new Uint8Array([0, 1, 254, 255]),
      log: [{ id: "ab", hint: new Uint8Array(32).fill(7), n: 3, none: null, ok: true }],
    };
    expect(decodeState(encodeState(state))).toEqual(state);
  });

  it("rejects a blob that is not an encoded state with StorageCorruptionError", () => {
    expect(() => decodeState(new Uint8Array([0xff, 0xfe, 0x00]))).toThrow(StorageCorruptionError);
    expect(() => decodeState(new TextEncoder().encode("{not json"))).toThrow(StorageCorruptionError);
  });

  it("hex round-trips and rejects odd or non-hex input", () => {
    expect(toHex(new Uint8Array([0, 15, 16, 255]))).toBe("000f10ff");
    expect(fromHex("000f10ff")).toEqual(new Uint8Array([0, 15, 16, 255]));
    expect(() => fromHex("abc")).toThrow(RangeError);
    expect(() => fromHex("zz")).toThrow(RangeError);
  });
});
