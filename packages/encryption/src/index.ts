/**
 * Ready-made encryption for the reliable channel. `aesGcmEncryption` is the channel's `Encryption` port as
 * AES-GCM over WebCrypto, with keys from bytes, a password (`keyFromPassword`, PBKDF2) or a shared secret
 * (`keyFromSecret`, HKDF). Waku-level encryption from `@waku/message-encryption`, which js-waku's
 * `ReliableChannel` uses, is in `@reliable-channel/encryption/waku`.
 * @packageDocumentation
 */

export {
  AES_GCM_IV_BYTES,
  AES_GCM_OVERHEAD_BYTES,
  AES_GCM_TAG_BYTES,
  type AesGcmInit,
  aesGcmEncryption,
} from "./aes-gcm.js";
export {
  DEFAULT_PBKDF2_ITERATIONS,
  DERIVED_KEY_BYTES,
  keyFromPassword,
  keyFromSecret,
  type PasswordKeyInit,
  type SecretKeyInit,
} from "./kdf.js";
