import { readFileSync } from "node:fs";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils";
import { waku } from "@waku/sdk";
import { describe, expect, it } from "vitest";
import { wakuMessageHash } from "../src/index.js";

interface Vector {
  readonly payloadHex: string;
  readonly metaHex: string | null;
  readonly hash: string;
}
interface VectorFile {
  readonly common: {
    readonly pubsubTopic: string;
    readonly contentTopic: string;
    readonly timestampHex: string;
  };
  readonly vectors: readonly Vector[];
}

const file: VectorFile = JSON.parse(
  readFileSync(new URL("../../../tooling/vectors/waku-message-hash-vectors.json", import.meta.url), "utf8"),
);
const { pubsubTopic, contentTopic, timestampHex } = file.common;
const timestamp = BigInt(`0x${timestampHex}`);

describe("wakuMessageHash", () => {
  it.each(file.vectors.map((vector, index) => ({ ...vector, index })))(
    "matches the 14/WAKU2-MESSAGE vector $index",
    ({ payloadHex, metaHex, hash }) => {
      const message = {
        payload: hexToBytes(payloadHex),
        contentTopic,
        meta: metaHex === null ? undefined : hexToBytes(metaHex),
        timestamp,
      };
      expect(bytesToHex(wakuMessageHash(pubsubTopic, message))).toBe(hash);
    },
  );

  it("agrees with js-waku's messageHash on the same envelope", () => {
    const proto = {
      payload: new Uint8Array([9, 8, 7]),
      contentTopic,
      version: 0,
      timestamp: 1_700_000_000_123_000_000n,
      meta: undefined,
      rateLimitProof: undefined,
      ephemeral: false,
    };
    expect(bytesToHex(wakuMessageHash(pubsubTopic, proto))).toBe(waku.messageHashStr(pubsubTopic, proto));
  });

  it("depends on the timestamp (a re-stamped envelope has a new hash)", () => {
    const base = { payload: new Uint8Array([1]), contentTopic };
    const first = wakuMessageHash(pubsubTopic, { ...base, timestamp: 1n });
    const second = wakuMessageHash(pubsubTopic, { ...base, timestamp: 2n });
    expect(bytesToHex(first)).not.toBe(bytesToHex(second));
    expect(first).toHaveLength(32);
  });
});
