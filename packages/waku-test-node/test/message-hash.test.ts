import { readFileSync } from "node:fs";
import { toHex } from "@reliable-channel/hash";
import { waku } from "@waku/sdk";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { wakuMessageHash } from "../src/index.js";

interface Vectors {
  readonly common: {
    readonly pubsubTopic: string;
    readonly contentTopic: string;
    readonly timestampHex: string;
  };
  readonly vectors: readonly {
    readonly payloadHex: string;
    readonly metaHex: string | null;
    readonly hash: string;
  }[];
}

const vectors = JSON.parse(
  readFileSync(new URL("../../../tooling/vectors/waku-message-hash-vectors.json", import.meta.url), "utf8"),
) as Vectors;

const fromHex = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, "hex"));

describe("wakuMessageHash", () => {
  it.each(vectors.vectors)("matches the shared vector $hash", (vector) => {
    const { pubsubTopic, contentTopic, timestampHex } = vectors.common;
    const message = {
      payload: fromHex(vector.payloadHex),
      contentTopic,
      timestamp: BigInt(`0x${timestampHex}`),
      ...(vector.metaHex === null ? {} : { meta: fromHex(vector.metaHex) }),
    };
    expect(toHex(wakuMessageHash(pubsubTopic, message))).toBe(vector.hash);
  });

  it("agrees with @waku/core's messageHash on arbitrary messages (seed 7)", () => {
    const message = fc.record(
      {
        payload: fc.uint8Array({ maxLength: 64 }),
        contentTopic: fc.string({ minLength: 1, maxLength: 20 }),
        meta: fc.uint8Array({ maxLength: 16 }),
        timestamp: fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }),
      },
      { requiredKeys: ["payload", "contentTopic"] },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), message, (pubsubTopic, msg) => {
        const proto = {
          version: 0,
          rateLimitProof: undefined,
          ephemeral: undefined,
          meta: undefined,
          timestamp: undefined,
          ...msg,
        };
        expect(toHex(wakuMessageHash(pubsubTopic, msg))).toBe(toHex(waku.messageHash(pubsubTopic, proto)));
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
