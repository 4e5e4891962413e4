import { describe, expect, it } from "vitest";
import { toHex } from "../src/state-codec.js";

describe("toHex", () => {
  it("hex-encodes bytes in lowercase", () => {
    expect(toHex(new Uint8Array([0, 15, 16, 255]))).toBe("000f10ff");
  });
});
