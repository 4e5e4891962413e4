import { describe, expect, it } from "vitest";
import { toHex } from "../src/hex.js";

describe("toHex", () => {
  it("hex-encodes bytes in lowercase, two characters a byte", () => {
    expect(toHex(new Uint8Array([0, 15, 16, 255]))).toBe("000f10ff");
  });

  it("encodes only the view's bytes, not the whole buffer", () => {
    const buffer = new Uint8Array([1, 2, 3, 4]);
    expect(toHex(buffer.subarray(1, 3))).toBe("0203");
    expect(toHex(new Uint8Array(0))).toBe("");
  });
});
