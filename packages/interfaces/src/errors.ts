/** Options of every error of this project. */
export interface ErrorOptions {
  readonly cause?: unknown;
}

/** The base of every error this project throws; `code` is stable and machine-readable. */
export class ReliableChannelError extends Error {
  /** A stable, machine-readable code. */
  readonly code: string = "RELIABLE_CHANNEL_ERROR";
  constructor(message = "reliable channel error", options: ErrorOptions = {}) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An argument was invalid (empty payload, bad option value, ...). */
export class InvalidArgumentError extends ReliableChannelError {
  override readonly code: string = "INVALID_ARGUMENT";
  constructor(message = "invalid argument", options: ErrorOptions = {}) {
    super(message, options);
  }
}

/** A component was used before `start()` or after `stop()`. */
export class NotStartedError extends ReliableChannelError {
  override readonly code: string = "NOT_STARTED";
  constructor(message = "not started", options: ErrorOptions = {}) {
    super(message, options);
  }
}

/** Bytes could not be decoded as an SDS message; `reason` says why. */
export class DecodeError extends ReliableChannelError {
  override readonly code: string = "DECODE_ERROR";
  /** Why the bytes could not be decoded. */
  readonly reason: string;
  constructor(reason: string, options: ErrorOptions = {}) {
    super(`cannot decode SDS message: ${reason}`, options);
    this.reason = reason;
  }
}

/** Bytes could not be decrypted by the channel's encryption. */
export class DecryptionError extends ReliableChannelError {
  override readonly code: string = "DECRYPTION_ERROR";
  constructor(message = "cannot decrypt message", options: ErrorOptions = {}) {
    super(message, options);
  }
}

/**
 * A transport operation failed. `permanent` failures are never retried (too large, invalid);
 * transient ones are retried with backoff.
 */
export class TransportError extends ReliableChannelError {
  override readonly code: string = "TRANSPORT_ERROR";
  readonly permanent: boolean;
  constructor(message = "transport error", options: ErrorOptions & { readonly permanent?: boolean } = {}) {
    super(message, options);
    this.permanent = options.permanent ?? false;
  }
}

/** A transport failure that retrying cannot fix. */
export class PermanentTransportError extends TransportError {
  override readonly code: string = "TRANSPORT_PERMANENT";
  constructor(message = "permanent transport error", options: ErrorOptions = {}) {
    super(message, { ...options, permanent: true });
  }
}

/** A transport failure that may go away (no peers, timeout, rate limit). */
export class TransientTransportError extends TransportError {
  override readonly code: string = "TRANSPORT_TRANSIENT";
  constructor(message = "transient transport error", options: ErrorOptions = {}) {
    super(message, { ...options, permanent: false });
  }
}

/**
 * The network refused a publish for rate reasons: the publisher is over its quota (an RLN membership's
 * messages per epoch, or a light push service's request limit). Transient: it goes through in a later
 * epoch; a rate limit manager waits for that instead of retrying at once.
 */
export class RateLimitedError extends TransientTransportError {
  override readonly code: string = "TRANSPORT_RATE_LIMITED";
  /** How long (ms) the network said to wait, when it said; otherwise until the next epoch. */
  readonly retryAfterMs: number | undefined;
  constructor(
    message = "rejected by the network: rate limit exceeded",
    options: ErrorOptions & { readonly retryAfterMs?: number } = {},
  ) {
    super(message, options);
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The payload is larger than the transport accepts (permanent). */
export class PayloadTooLargeError extends PermanentTransportError {
  override readonly code: string = "PAYLOAD_TOO_LARGE";
  /** The payload's size (bytes). */
  readonly size: number;
  /** The transport's limit (bytes). */
  readonly limit: number;
  constructor(size: number, limit: number, options: ErrorOptions = {}) {
    super(`payload of ${size} bytes exceeds the limit of ${limit} bytes`, options);
    this.size = size;
    this.limit = limit;
  }
}

/** A storage operation failed. */
export class StorageError extends ReliableChannelError {
  override readonly code: string = "STORAGE_ERROR";
  constructor(message = "storage error", options: ErrorOptions = {}) {
    super(message, options);
  }
}

/** The channel's storage is already open elsewhere (another handle or process). */
export class StorageLockedError extends StorageError {
  override readonly code: string = "STORAGE_LOCKED";
  constructor(message = "channel storage is locked by another writer", options: ErrorOptions = {}) {
    super(message, options);
  }
}

/** The storage handle or storage was closed. */
export class StorageClosedError extends StorageError {
  override readonly code: string = "STORAGE_CLOSED";
  constructor(message = "storage is closed", options: ErrorOptions = {}) {
    super(message, options);
  }
}

/**
 * Stored data is damaged: a row cannot be read back or does not match its checksum, rows are missing or
 * extra, or a store that held the channel was emptied, truncated or replaced. Durable adapters throw it from
 * `open` or `load` instead of returning a state that differs from what was committed; the channel's
 * `start()` rejects with it. The underlying failure (e.g. SQLite's own error), if any, is the `cause`.
 * Recovery is the application's choice (restore a backup, or delete the store to start the channel anew).
 */
export class StorageCorruptionError extends StorageError {
  override readonly code: string = "STORAGE_CORRUPTION";
  constructor(message = "stored data is corrupted", options: ErrorOptions = {}) {
    super(message, options);
  }
}
