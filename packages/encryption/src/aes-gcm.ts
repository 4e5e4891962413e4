import { DecryptionError, type Encryption, InvalidArgumentError } from "@reliable-channel/interfaces";
import { toBytes } from "./bytes.js";

/** Bytes of the random IV prepended to every ciphertext. */
export const AES_GCM_IV_BYTES = 12;
/** Bytes of the authentication tag appended to every ciphertext. */
export const AES_GCM_TAG_BYTES = 16;
/**
 * What {@link aesGcmEncryption} adds to every plaintext: the IV and the tag.
 * @default 28 (bytes)
 */
export const AES_GCM_OVERHEAD_BYTES = AES_GCM_IV_BYTES + AES_GCM_TAG_BYTES;

/** Options of {@link aesGcmEncryption}. */
export interface AesGcmInit {
  /**
   * The key shared by the channel's participants: 16, 24 or 32 bytes (AES-128/192/256; e.g. from
   * {@link keyFromPassword} or {@link keyFromSecret}), or a WebCrypto AES-GCM `CryptoKey` that allows
   * `encrypt` and `decrypt`.
   */
  readonly key: Uint8Array | CryptoKey;
  /**
   * Authenticated but not encrypted data bound to every message, e.g. the channel id: a message sealed for
   * one channel then fails to decrypt in another that shares the key. Every participant must give the same.
   * @default none
   */
  readonly additionalData?: Uint8Array | string;
}

async function importKey(key: Uint8Array | CryptoKey): Promise<CryptoKey> {
  if (!(key instanceof Uint8Array)) return key;
  if (![16, 24, 32].includes(key.length)) {
    throw new InvalidArgumentError(`an AES-GCM key has 16, 24 or 32 bytes, not ${key.length}`);
  }
  return crypto.subtle.importKey("raw", new Uint8Array(key), "AES-GCM", false, ["encrypt", "decrypt"]);
}

/**
 * The channel's `Encryption` as AES-GCM over WebCrypto (`globalThis.crypto.subtle`: Node, browsers, Deno,
 * Bun): each message gets a fresh random 96-bit IV; the wire form is `IV (12 bytes) ‖ ciphertext ‖ tag
 * (16 bytes)`, so it declares an overhead of {@link AES_GCM_OVERHEAD_BYTES}. Bytes sealed under another
 * key, another `additionalData`, or altered on the way fail with `DecryptionError` (the channel drops them).
 *
 * Random IVs are safe for up to about 2³² messages under one key (NIST SP 800-38D); rotate the key (a new
 * channel) well before.
 *
 * @example
 * ```ts
 * const key = await keyFromPassword("correct horse battery staple", { salt: "my-room" });
 * const channel = await createReliableChannel({ ..., encryption: await aesGcmEncryption({ key }) });
 * ```
 * @throws InvalidArgumentError when a byte key is not 16, 24 or 32 bytes long
 */
export async function aesGcmEncryption(init: AesGcmInit): Promise<Encryption> {
  const key = await importKey(init.key);
  const additionalData = init.additionalData === undefined ? undefined : toBytes(init.additionalData);
  const params = (iv: Uint8Array<ArrayBuffer>): AesGcmParams =>
    additionalData === undefined ? { name: "AES-GCM", iv } : { name: "AES-GCM", iv, additionalData };
  return {
    overheadBytes: AES_GCM_OVERHEAD_BYTES,
    async encrypt(plaintext) {
      const iv = crypto.getRandomValues(new Uint8Array(AES_GCM_IV_BYTES));
      const sealed = new Uint8Array(await crypto.subtle.encrypt(params(iv), key, new Uint8Array(plaintext)));
      const out = new Uint8Array(AES_GCM_IV_BYTES + sealed.length);
      out.set(iv);
      out.set(sealed, AES_GCM_IV_BYTES);
      return out;
    },
    async decrypt(ciphertext) {
      if (ciphertext.length < AES_GCM_OVERHEAD_BYTES) {
        throw new DecryptionError(`an AES-GCM message has at least ${AES_GCM_OVERHEAD_BYTES} bytes`);
      }
      const iv = ciphertext.slice(0, AES_GCM_IV_BYTES);
      try {
        return new Uint8Array(
          await crypto.subtle.decrypt(params(iv), key, ciphertext.slice(AES_GCM_IV_BYTES)),
        );
      } catch (error) {
        throw new DecryptionError("AES-GCM authentication failed (another key, or altered bytes)", {
          cause: error,
        });
      }
    },
  };
}
