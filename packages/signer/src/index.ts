/**
 * Authenticated senders for the reliable channel: an ed25519 {@link Signer} whose participant id is its
 * public key. Give it to `createReliableChannel({ signer, participantId: signer.participantId })`.
 * @packageDocumentation
 */
export type { Signer } from "@reliable-channel/interfaces";
export {
  ED25519_SECRET_KEY_BYTES,
  ED25519_SIGNATURE_BYTES,
  type Ed25519SignerInit,
  ed25519ParticipantId,
  ed25519Signer,
  generateEd25519SecretKey,
} from "./ed25519-signer.js";
