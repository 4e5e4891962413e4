import { ed25519 } from "@noble/curves/ed25519.js";
import { toHex } from "@reliable-channel/hash";
import { InvalidArgumentError, type ParticipantId, type Signer } from "@reliable-channel/interfaces";

/** Bytes of an ed25519 secret key (its seed). */
export const ED25519_SECRET_KEY_BYTES = 32;
/** Bytes of an ed25519 signature. */
export const ED25519_SIGNATURE_BYTES = 64;

const HEX_ID = /^[0-9a-f]{64}$/;

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i += 1) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** A new random ed25519 secret key (32 bytes from the platform's secure random source). Keep it secret. */
export function generateEd25519SecretKey(): Uint8Array {
  return ed25519.utils.randomSecretKey();
}

/**
 * The participant id of an ed25519 public key: its 32 bytes in lowercase hex (64 characters).
 * @throws InvalidArgumentError when `publicKey` is not 32 bytes.
 */
export function ed25519ParticipantId(publicKey: Uint8Array): ParticipantId {
  if (publicKey.length !== 32)
    throw new InvalidArgumentError(`an ed25519 public key has 32 bytes, got ${publicKey.length}`);
  return toHex(publicKey);
}

/** Options of {@link ed25519Signer}. */
export interface Ed25519SignerInit {
  /** The 32-byte secret key, e.g. from {@link generateEd25519SecretKey}, kept by the app. */
  readonly secretKey: Uint8Array;
}

/**
 * A {@link Signer} over ed25519 (RFC 8032, `@noble/curves`): the participant id is the public key in hex,
 * so a sender id is bound to the key that must sign its messages; `verify` is false for an id that is not
 * such a key.
 *
 * @throws InvalidArgumentError when the secret key is not 32 bytes.
 * @example
 * ```ts
 * const signer = ed25519Signer({ secretKey: generateEd25519SecretKey() });
 * const channel = await createReliableChannel({ channelId: "room", participantId: signer.participantId, signer, transport });
 * ```
 */
export function ed25519Signer(init: Ed25519SignerInit): Signer {
  const { secretKey } = init;
  if (!(secretKey instanceof Uint8Array) || secretKey.length !== ED25519_SECRET_KEY_BYTES)
    throw new InvalidArgumentError(`secretKey must be ${ED25519_SECRET_KEY_BYTES} bytes`);
  const key = secretKey.slice();
  return Object.freeze({
    participantId: ed25519ParticipantId(ed25519.getPublicKey(key)),
    signatureBytes: ED25519_SIGNATURE_BYTES,
    sign: (bytes: Uint8Array) => ed25519.sign(bytes, key),
    verify: (participantId: ParticipantId, bytes: Uint8Array, signature: Uint8Array) => {
      if (!HEX_ID.test(participantId) || signature.length !== ED25519_SIGNATURE_BYTES) return false;
      try {
        return ed25519.verify(signature, bytes, fromHex(participantId), { zip215: false });
      } catch {
        return false;
      }
    },
  });
}
