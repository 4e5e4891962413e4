import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  nativeSha256,
  nativeSha256Hex,
  portableSha256,
  portableSha256Hex,
  sha256,
  sha256Hex,
  toHex,
} from "../src/index.js";

const utf8 = new TextEncoder();
const SEED = 0x5a256;

describe("sha256", () => {
  it("is native on Node", () => {
    expect(nativeSha256).toBeDefined();
    expect(sha256).toBe(nativeSha256);
    expect(sha256Hex).toBe(nativeSha256Hex);
  });

  it("matches the FIPS 180-2 vectors, in one part or several", () => {
    const abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    const empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    for (const impl of [nativeSha256, portableSha256]) {
      if (impl === undefined) throw new Error("no native sha256");
      expect(toHex(impl([utf8.encode("abc")]))).toBe(abc);
      expect(toHex(impl([utf8.encode("a"), new Uint8Array(0), utf8.encode("bc")]))).toBe(abc);
      expect(toHex(impl([]))).toBe(empty);
    }
  });

  it("returns a plain Uint8Array of 32 bytes", () => {
    const digest = sha256([utf8.encode("x")]);
    expect(digest.constructor).toBe(Uint8Array);
    expect(digest.length).toBe(32);
  });

  it(`gives the same bytes natively and portably, for any parts (fast-check seed ${SEED})`, () => {
    const native = nativeSha256;
    if (native === undefined) throw new Error("no native sha256");
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 8 }), (parts) => {
        const expected = createHash("sha256").update(Buffer.concat(parts)).digest("hex");
        expect(toHex(native(parts))).toBe(expected);
        expect(toHex(portableSha256(parts))).toBe(expected);
        expect(nativeSha256Hex?.(parts)).toBe(expected);
        expect(portableSha256Hex(parts)).toBe(expected);
        expect(nativeSha256Hex?.([Buffer.concat(parts)])).toBe(expected);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("writes lowercase hex, two digits a byte", () => {
    expect(toHex(new Uint8Array([0, 9, 10, 255]))).toBe("00090aff");
  });
});
