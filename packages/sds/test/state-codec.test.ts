import { StorageCorruptionError } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import { decodeState, encodeState } from "../src/state-codec.js";

describe("state codec", () => {
  it("round-trips bigints, byte arrays, numbers, strings and nested plain data", () => {
    const state = {
      lamport: 1_700_000_000_000n,
      negative: -5n,
      bits: new Uint8Array([0, 1, 254, 255]),
      log: [{ id: "ab", hint: new Uint8Array(300).fill(7), n: 3.5, big: 2 ** 40, ok: true, no: false }],
      text: "héllo ✓",
      empty: [],
    };
    expect(decodeState(encodeState(state))).toEqual(state);
  });

  it("leaves out null and undefined values", () => {
    expect(decodeState(encodeState({ a: 1, b: undefined, c: null }))).toEqual({ a: 1 });
  });

  it("rejects a blob that is not an encoded state with StorageCorruptionError", () => {
    expect(() => decodeState(new Uint8Array([0xff]))).toThrow(StorageCorruptionError);
    expect(() => decodeState(new Uint8Array([4, 10, 65]))).toThrow(StorageCorruptionError);
    expect(() => decodeState(new Uint8Array([2, 2]))).toThrow(StorageCorruptionError);
    expect(() => decodeState(new Uint8Array([]))).toThrow(StorageCorruptionError);
  });

  it("refuses to encode functions and symbols", () => {
    expect(() => encodeState({ f: () => 1 })).toThrow(TypeError);
  });
});
