import {
  PayloadTooLargeError,
  PermanentTransportError,
  RateLimitedError,
  TransientTransportError,
  type TransportError,
} from "@reliable-channel/interfaces";
import { LightPushError } from "@waku/sdk";

/** A failure reported by the sdk's light push or relay `send`. */
export interface SendFailureReport {
  /** A `LightPushError` value (relay reports the same strings). */
  readonly error: string;
}

/**
 * Failures that no retry can fix: the message itself is refused. Everything else (no peers, no
 * stream, timeouts, rate limits, RLN proof not yet available, a peer's unexplained rejection) is
 * transient. Note: the sdk folds every non-200 light push v3 status into `REMOTE_PEER_REJECTED`,
 * so a remote 413 or 420 arrives as transient; the local size check catches oversize messages first.
 */
const PERMANENT: ReadonlySet<string> = new Set<string>([
  LightPushError.EMPTY_PAYLOAD,
  LightPushError.ENCODE_FAILED,
  LightPushError.SIZE_TOO_BIG,
  LightPushError.PAYLOAD_TOO_LARGE,
  LightPushError.INVALID_MESSAGE,
  LightPushError.BAD_REQUEST,
  LightPushError.UNSUPPORTED_TOPIC,
  LightPushError.TOPIC_NOT_CONFIGURED,
]);

const TOO_LARGE: ReadonlySet<string> = new Set<string>([
  LightPushError.SIZE_TOO_BIG,
  LightPushError.PAYLOAD_TOO_LARGE,
]);

/**
 * Refusals for rate reasons. `@waku/sdk` 0.0.36 reports a light push v3 refusal (429 from a service node's
 * rate limiter, 420 from RLN validation of a publisher over its quota, 504 when no proof could be made) as
 * `REMOTE_PEER_REJECTED` without the status code; once the local checks (size, topic) passed, a refusal by
 * every peer is taken as a rate limit. `TOO_MANY_REQUESTS` is what an sdk that keeps the code says.
 */
const RATE_LIMITED: ReadonlySet<string> = new Set<string>([
  LightPushError.TOO_MANY_REQUESTS,
  LightPushError.REMOTE_PEER_REJECTED,
]);

/** Whether the sdk failure `error` is permanent (never worth retrying). */
export function isPermanentSendFailure(error: string): boolean {
  return PERMANENT.has(error);
}

/**
 * Maps the failures of one `send` (one per peer tried) to a typed error. The send is permanent only
 * if every peer refused it for a permanent reason; one transient failure makes it worth retrying. Every
 * peer refusing it for (what is taken as) a rate reason gives `RateLimitedError`.
 *
 * @param failures - the sdk's `failures` (empty means no peer was tried)
 * @param size - the encoded envelope's size (bytes), for `PayloadTooLargeError`
 * @param limit - the size limit (bytes), for `PayloadTooLargeError`
 */
export function mapSendFailures(
  failures: readonly SendFailureReport[],
  size: number,
  limit: number,
): TransportError {
  const reasons = failures.map((failure) => failure.error);
  const summary = reasons.length === 0 ? "no peer was tried" : [...new Set(reasons)].join("; ");
  const cause = { failures: reasons };
  if (reasons.length > 0 && reasons.every((reason) => RATE_LIMITED.has(reason))) {
    return new RateLimitedError(`waku send refused, taken as a rate limit: ${summary}`, { cause });
  }
  if (reasons.length === 0 || !reasons.every(isPermanentSendFailure)) {
    return new TransientTransportError(`waku send failed: ${summary}`, { cause });
  }
  if (reasons.every((reason) => TOO_LARGE.has(reason))) {
    return new PayloadTooLargeError(size, limit, { cause });
  }
  return new PermanentTransportError(`waku send refused: ${summary}`, { cause });
}
