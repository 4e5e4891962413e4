import { ReliableChannelError } from "./errors.js";
import type { ParticipantId } from "./ids.js";

/**
 * Authenticated senders (optional): a key pair whose public half is the participant id. When a channel is
 * given one, it signs every message it sends and drops every message whose signature does not verify
 * against the key its sender id names. See `@reliable-channel/signer` for an ed25519 implementation.
 */
export interface Signer {
  /** This participant's id, derived from its public key (the channel uses it as its `participantId`). */
  readonly participantId: ParticipantId;
  /** Bytes of every signature `sign` returns (64 for ed25519). */
  readonly signatureBytes: number;
  /** Signs `bytes` with this participant's secret key. */
  sign(bytes: Uint8Array): Promise<Uint8Array> | Uint8Array;
  /**
   * Whether `signature` is the signature of `bytes` by the key `participantId` names. `false`, never a
   * throw, for an id that names no key of this scheme or a malformed signature.
   */
  verify(participantId: ParticipantId, bytes: Uint8Array, signature: Uint8Array): Promise<boolean> | boolean;
}

/** Why received bytes failed authentication. */
export type SignatureFailure = "unsigned" | "bad-signature" | "undecodable";

/**
 * A received message is not signed by the key its sender id names (`reason` says how). The channel drops
 * it with the reason `unauthenticated`.
 */
export class SignatureError extends ReliableChannelError {
  override readonly code: string = "SIGNATURE_ERROR";
  /** How the message failed authentication. */
  readonly reason: SignatureFailure;
  constructor(reason: SignatureFailure, options: ErrorOptions = {}) {
    super(`message not authenticated: ${reason}`, options);
    this.reason = reason;
  }
}
