import { InvalidArgumentError, PayloadTooLargeError } from "@reliable-channel/interfaces";

/** Checks an app payload: a non-empty Uint8Array within `limit` bytes. */
export function validatePayload(payload: Uint8Array, limit: number | undefined): void {
  if (!(payload instanceof Uint8Array)) throw new InvalidArgumentError("payload must be a Uint8Array");
  if (payload.length === 0) throw new InvalidArgumentError("payload must not be empty");
  if (limit !== undefined && payload.length > limit) throw new PayloadTooLargeError(payload.length, limit);
}
