import { DecryptionError, InvalidArgumentError } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import { AES_GCM_OVERHEAD_BYTES, aesGcmEncryption } from "../src/index.js";

const key = new Uint8Array(32).fill(7);
const text = (value: string) => new TextEncoder().encode(value);

describe("aesGcmEncryption", () => {
  it("round-trips, and adds exactly the declared overhead at every size", async () => {
    const encryption = await aesGcmEncryption({ key });
    expect(encryption.overheadBytes).toBe(AES_GCM_OVERHEAD_BYTES);
    expect(AES_GCM_OVERHEAD_BYTES).toBe(28);
    for (const size of [0, 1, 15, 16, 17, 1_000, 150_000]) {
      const plaintext = new Uint8Array(size).map((_, i) => i % 251);
      const sealed = await encryption.encrypt(plaintext);
      expect(sealed.length - size).toBe(AES_GCM_OVERHEAD_BYTES);
      expect(await encryption.decrypt(sealed)).toEqual(plaintext);
    }
  });

  it("uses a fresh IV per message: the same plaintext never gives the same bytes", async () => {
    const encryption = await aesGcmEncryption({ key });
    const [a, b] = [await encryption.encrypt(text("same")), await encryption.encrypt(text("same"))];
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    expect(Buffer.from(a.subarray(0, 12)).equals(Buffer.from(b.subarray(0, 12)))).toBe(false);
  });

  it("rejects another key, altered bytes, another additionalData and a short message with DecryptionError", async () => {
    const alice = await aesGcmEncryption({ key, additionalData: "room-1" });
    const sealed = await alice.encrypt(text("secret"));
    const otherKey = await aesGcmEncryption({ key: new Uint8Array(32).fill(8), additionalData: "room-1" });
    const otherRoom = await aesGcmEncryption({ key, additionalData: "room-2" });
    const altered = sealed.slice();
    altered[altered.length - 1] = (altered[altered.length - 1] ?? 0) ^ 1;
    await expect(otherKey.decrypt(sealed)).rejects.toBeInstanceOf(DecryptionError);
    await expect(otherRoom.decrypt(sealed)).rejects.toBeInstanceOf(DecryptionError);
    await expect(alice.decrypt(altered)).rejects.toBeInstanceOf(DecryptionError);
    await expect(alice.decrypt(sealed.subarray(0, 27))).rejects.toBeInstanceOf(DecryptionError);
    expect(await alice.decrypt(sealed)).toEqual(text("secret"));
  });

  it("takes 16-, 24- and 32-byte keys and a WebCrypto key; refuses other lengths", async () => {
    for (const bytes of [16, 24, 32]) {
      const encryption = await aesGcmEncryption({ key: new Uint8Array(bytes).fill(1) });
      expect(await encryption.decrypt(await encryption.encrypt(text("x")))).toEqual(text("x"));
    }
    const cryptoKey = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, [
      "encrypt",
      "decrypt",
    ]);
    const encryption = await aesGcmEncryption({ key: cryptoKey });
    expect(await encryption.decrypt(await encryption.encrypt(text("y")))).toEqual(text("y"));
    await expect(aesGcmEncryption({ key: new Uint8Array(31) })).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});
