import { InvalidArgumentError } from "@reliable-channel/interfaces";
import { toBytes } from "./bytes.js";

/**
 * PBKDF2-HMAC-SHA-256 iterations of {@link keyFromPassword}: OWASP's 2023 recommendation.
 * @default 600_000 (iterations)
 */
export const DEFAULT_PBKDF2_ITERATIONS = 600_000;

/** Bytes of every derived key (an AES-256 key, or a Waku symmetric key). */
export const DERIVED_KEY_BYTES = 32;

/** Options of {@link keyFromPassword}. */
export interface PasswordKeyInit {
  /**
   * Salt, the same for every participant and different per channel: the channel id is a good one.
   * At least one byte (as UTF-8 when a string).
   */
  readonly salt: Uint8Array | string;
  /** PBKDF2 iterations (more is slower to guess, and slower to start). @default {@link DEFAULT_PBKDF2_ITERATIONS} */
  readonly iterations?: number;
}

/**
 * A 32-byte key from a password shared by the participants, with PBKDF2-HMAC-SHA-256 over WebCrypto.
 * Give it to {@link aesGcmEncryption}, or as the `symKey` of Waku symmetric encryption. A password is only as
 * strong as it is long and unguessable: the KDF slows guessing, it does not prevent it.
 *
 * @throws InvalidArgumentError on an empty password or salt, or iterations that are not a positive integer
 */
export async function keyFromPassword(password: string, init: PasswordKeyInit): Promise<Uint8Array> {
  const salt = toBytes(init.salt);
  const iterations = init.iterations ?? DEFAULT_PBKDF2_ITERATIONS;
  if (password.length === 0) throw new InvalidArgumentError("the password is empty");
  if (salt.length === 0) throw new InvalidArgumentError("the salt is empty");
  if (!Number.isSafeInteger(iterations) || iterations < 1) {
    throw new InvalidArgumentError("iterations must be a positive integer");
  }
  const material = await crypto.subtle.importKey("raw", toBytes(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    material,
    DERIVED_KEY_BYTES * 8,
  );
  return new Uint8Array(bits);
}

/** Options of {@link keyFromSecret}. */
export interface SecretKeyInit {
  /** HKDF salt. @default none (zero bytes, as RFC 5869 allows) */
  readonly salt?: Uint8Array | string;
  /** HKDF info: what the key is for, e.g. `"my-app/room-1/aes-gcm"`. @default none */
  readonly info?: Uint8Array | string;
}

/**
 * A 32-byte key from a high-entropy shared secret (a key exchange's result, a random group secret), with
 * HKDF-SHA-256 over WebCrypto. Not for passwords: use {@link keyFromPassword}.
 *
 * @throws InvalidArgumentError on an empty secret
 */
export async function keyFromSecret(secret: Uint8Array, init: SecretKeyInit = {}): Promise<Uint8Array> {
  if (secret.length === 0) throw new InvalidArgumentError("the secret is empty");
  const material = await crypto.subtle.importKey("raw", new Uint8Array(secret), "HKDF", false, [
    "deriveBits",
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: "HKDF", hash: "SHA-256", salt: toBytes(init.salt ?? ""), info: toBytes(init.info ?? "") },
    material,
    DERIVED_KEY_BYTES * 8,
  );
  return new Uint8Array(bits);
}
