import type { Encryption, Logger } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import { encryptionOverhead, OVERHEAD_PROBE_SIZES } from "../src/encryption-overhead.js";

function logger(): Logger & { readonly warnings: string[] } {
  const warnings: string[] = [];
  const ignore = (): void => undefined;
  return {
    warnings,
    debug: ignore,
    info: ignore,
    warn: (message) => void warnings.push(message),
    error: ignore,
  };
}

const growing =
  (extra: (size: number) => number): Encryption["encrypt"] =>
  (plaintext) =>
    new Uint8Array(plaintext.length + extra(plaintext.length));
const identity = (bytes: Uint8Array): Uint8Array => bytes;

describe("encryptionOverhead", () => {
  it("is 0 without encryption and the declared overhead when there is one, without encrypting", async () => {
    expect(await encryptionOverhead(undefined, logger())).toBe(0);
    const encrypt = (): never => {
      throw new Error("must not be called");
    };
    expect(await encryptionOverhead({ overheadBytes: 40, encrypt, decrypt: identity }, logger())).toBe(40);
  });

  it("measures a constant overhead (an AEAD's IV and tag)", async () => {
    const encryption: Encryption = { encrypt: growing(() => 28), decrypt: identity };
    expect(await encryptionOverhead(encryption, logger())).toBe(28);
  });

  it("reserves at least the largest overhead of a padding scheme, for any plaintext size", async () => {
    // A 16-byte IV, then PKCS#7 padding to 16-byte blocks: 17 to 32 bytes more.
    const padded = (size: number): number => 16 + (16 - (size % 16));
    const measured = await encryptionOverhead({ encrypt: growing(padded), decrypt: identity }, logger());
    for (let size = 0; size < 64; size++) expect(measured).toBeGreaterThanOrEqual(padded(size));
    expect(OVERHEAD_PROBE_SIZES.map(padded)).toEqual([31, 32]);
    expect(measured).toBe(33);
  });

  it("takes an async encrypt, and never a negative overhead (a scheme that compresses)", async () => {
    const encryption: Encryption = {
      encrypt: async (plaintext) => plaintext.subarray(0, Math.ceil(plaintext.length / 2)),
      decrypt: identity,
    };
    expect(await encryptionOverhead(encryption, logger())).toBe(0);
  });

  it("falls back to 0 with a warning when a probe fails", async () => {
    const log = logger();
    const encryption: Encryption = {
      encrypt: () => {
        throw new Error("no key yet");
      },
      decrypt: identity,
    };
    expect(await encryptionOverhead(encryption, log)).toBe(0);
    expect(log.warnings).toHaveLength(1);
    expect(log.warnings[0]).toMatch(/overheadBytes/);
  });
});
