import { type ErrorOptions, TransientTransportError } from "@reliable-channel/interfaces";
import type { EphemeralDropReason } from "./events.js";

/**
 * An ephemeral publish was dropped by the rate limit manager: the quota was approached or reached.
 * Transient, and expected: an ephemeral message is never queued or retried.
 */
export class EphemeralDroppedError extends TransientTransportError {
  override readonly code: string = "EPHEMERAL_DROPPED";
  /** Why it was dropped. */
  readonly reason: EphemeralDropReason;
  constructor(reason: EphemeralDropReason, options: ErrorOptions = {}) {
    super(`ephemeral message dropped: rate limit ${reason}`, options);
    this.reason = reason;
  }
}
