import { describe, expect, it } from "vitest";
import { CACHED_UTF8_STRINGS, cachedUtf8 } from "../src/index.js";

describe("cachedUtf8", () => {
  it("gives the UTF-8 bytes, the same array for the same string", () => {
    const bytes = cachedUtf8("/waku/2/rs/1/0 ✓");
    expect([...bytes]).toEqual([...new TextEncoder().encode("/waku/2/rs/1/0 ✓")]);
    expect(cachedUtf8("/waku/2/rs/1/0 ✓")).toBe(bytes);
  });

  it(`keeps at most ${CACHED_UTF8_STRINGS} strings, starting over when full, and stays correct`, () => {
    const first = cachedUtf8("first");
    for (let i = 0; i < CACHED_UTF8_STRINGS; i++) cachedUtf8(`filler ${i}`);
    const again = cachedUtf8("first");
    expect(again).not.toBe(first);
    expect(new TextDecoder().decode(again)).toBe("first");
  });
});
