import { DecryptionError, type Encryption } from "@reliable-channel/interfaces";

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Reference encryption 1: AES-256-GCM with WebCrypto and a shared key. Each message gets a random 96-bit
 * IV, prepended to the ciphertext; a wrong key or tampered bytes fail authentication.
 */
export async function aesGcmEncryption(rawKey: Uint8Array): Promise<Encryption> {
  const key = await crypto.subtle.importKey("raw", new Uint8Array(rawKey), "AES-GCM", false, [
    "encrypt",
    "decrypt",
  ]);
  return {
    overheadBytes: IV_BYTES + TAG_BYTES,
    async encrypt(plaintext) {
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const sealed = new Uint8Array(
        await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, new Uint8Array(plaintext)),
      );
      const out = new Uint8Array(IV_BYTES + sealed.length);
      out.set(iv);
      out.set(sealed, IV_BYTES);
      return out;
    },
    async decrypt(ciphertext) {
      if (ciphertext.length <= IV_BYTES) throw new DecryptionError("ciphertext too short");
      try {
        const iv = ciphertext.slice(0, IV_BYTES);
        const body = ciphertext.slice(IV_BYTES);
        return new Uint8Array(await crypto.subtle.decrypt({ name: "AES-GCM", iv }, key, body));
      } catch (error) {
        throw new DecryptionError("AES-GCM authentication failed", { cause: error });
      }
    },
  };
}

/** Reference encryption 2: the identity (what a channel does with no encryption, made explicit). */
export const noEncryption: Encryption = {
  encrypt: (plaintext) => plaintext,
  decrypt: (ciphertext) => ciphertext,
};
