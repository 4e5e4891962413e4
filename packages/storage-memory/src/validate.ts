import { InvalidArgumentError, type StorageOp } from "@reliable-channel/interfaces";

/** The largest value a stored bigint may take: storage keeps Lamport timestamps and sequences as uint64. */
export const MAX_STORED_BIGINT: bigint = 2n ** 64n - 1n;

const OUTBOX_STATES: ReadonlySet<string> = new Set([
  "pending",
  "sent",
  "possibly-acknowledged",
  "acknowledged",
  "failed",
]);

/**
 * Checks every op of a commit before anything is applied, so that a bad op rejects the whole commit with
 * {@link InvalidArgumentError} and changes nothing. Every storage adapter of this project calls it.
 *
 * Rules: message ids and meta keys are non-empty strings, and they and sender ids are well-formed UTF-16
 * (no lone surrogate: SQLite would store U+FFFD instead, a different id); bigints are uint64
 * (`0 ≤ n ≤ 2^64 − 1`);
 * times are finite numbers; `attempts` is a non-negative safe integer; byte fields are `Uint8Array`s;
 * the op type and outbox state are known.
 *
 * @throws {InvalidArgumentError} naming the index and field of the first bad op.
 */
export function validateStorageOps(ops: readonly StorageOp[]): void {
  if (!Array.isArray(ops)) throw new InvalidArgumentError("commit ops must be an array");
  ops.forEach((op, index) => {
    const problem = opProblem(op);
    if (problem !== undefined) throw new InvalidArgumentError(`invalid storage op #${index}: ${problem}`);
  });
}

function opProblem(op: StorageOp): string | undefined {
  if (typeof op !== "object" || op === null) return "not an object";
  switch (op.type) {
    case "outbox-put": {
      const e = op.entry;
      return (
        entryProblem(e) ??
        idProblem(e.messageId) ??
        bigintProblem("sequence", e.sequence) ??
        bigintProblem("lamportTimestamp", e.lamportTimestamp) ??
        bytesProblem("bytes", e.bytes) ??
        (OUTBOX_STATES.has(e.state) ? undefined : `unknown outbox state ${String(e.state)}`) ??
        (Number.isSafeInteger(e.attempts) && e.attempts >= 0
          ? undefined
          : "attempts must be an integer ≥ 0") ??
        timeProblem("nextAttemptAt", e.nextAttemptAt) ??
        timeProblem("createdAt", e.createdAt) ??
        optionalBytesProblem("lastHint", e.lastHint)
      );
    }
    case "log-put": {
      const e = op.entry;
      return (
        entryProblem(e) ??
        idProblem(e.messageId) ??
        bigintProblem("lamportTimestamp", e.lamportTimestamp) ??
        (typeof e.senderId !== "string"
          ? "senderId must be a string"
          : LONE_SURROGATE.test(e.senderId)
            ? "senderId holds a lone surrogate"
            : undefined) ??
        optionalBytesProblem("retrievalHint", e.retrievalHint) ??
        optionalBytesProblem("bytes", e.bytes)
      );
    }
    case "incoming-put": {
      const e = op.entry;
      return (
        entryProblem(e) ??
        idProblem(e.messageId) ??
        bytesProblem("bytes", e.bytes) ??
        optionalBytesProblem("retrievalHint", e.retrievalHint) ??
        timeProblem("receivedAt", e.receivedAt)
      );
    }
    case "outbox-delete":
    case "log-delete":
    case "incoming-delete":
    case "handled-add":
    case "handled-delete":
      return idProblem(op.messageId);
    case "counters":
      return countersProblem(op.counters);
    case "meta-put":
      return keyProblem(op.key) ?? bytesProblem("value", op.value);
    case "meta-delete":
      return keyProblem(op.key);
    default:
      return `unknown op type ${String((op as { type?: unknown }).type)}`;
  }
}

function countersProblem(counters: unknown): string | undefined {
  if (typeof counters !== "object" || counters === null) return "counters must be an object";
  const { lamportTimestamp, sequence } = counters as { lamportTimestamp?: unknown; sequence?: unknown };
  return (
    (lamportTimestamp === undefined ? undefined : bigintProblem("lamportTimestamp", lamportTimestamp)) ??
    (sequence === undefined ? undefined : bigintProblem("sequence", sequence))
  );
}

function entryProblem(entry: unknown): string | undefined {
  return typeof entry === "object" && entry !== null ? undefined : "entry must be an object";
}

/** A UTF-16 code unit of a surrogate pair without its other half (the `u` flag reads pairs as one). */
const LONE_SURROGATE = /\p{Surrogate}/u;

function idProblem(id: unknown): string | undefined {
  if (typeof id !== "string" || id.length === 0) return "messageId must be a non-empty string";
  return LONE_SURROGATE.test(id) ? "messageId holds a lone surrogate" : undefined;
}

function keyProblem(key: unknown): string | undefined {
  if (typeof key !== "string" || key.length === 0) return "meta key must be a non-empty string";
  return LONE_SURROGATE.test(key) ? "meta key holds a lone surrogate" : undefined;
}

/**
 * Checks a channel id given to `Storage.open`: a string of well-formed UTF-16. A lone surrogate would be
 * stored as U+FFFD by SQLite, so the channel could never be opened again as itself; every adapter refuses it.
 *
 * @throws {InvalidArgumentError} when `channelId` is not a string or holds a lone surrogate.
 */
export function validateChannelId(channelId: unknown): void {
  if (typeof channelId !== "string") throw new InvalidArgumentError("the channel id must be a string");
  if (LONE_SURROGATE.test(channelId)) {
    throw new InvalidArgumentError(`the channel id ${JSON.stringify(channelId)} holds a lone surrogate`);
  }
}

function bigintProblem(field: string, value: unknown): string | undefined {
  if (typeof value !== "bigint") return `${field} must be a bigint`;
  return value >= 0n && value <= MAX_STORED_BIGINT ? undefined : `${field} ${value} is outside 0..2^64-1`;
}

function timeProblem(field: string, value: unknown): string | undefined {
  return typeof value === "number" && Number.isFinite(value) ? undefined : `${field} must be a finite number`;
}

function bytesProblem(field: string, value: unknown): string | undefined {
  return value instanceof Uint8Array ? undefined : `${field} must be a Uint8Array`;
}

function optionalBytesProblem(field: string, value: unknown): string | undefined {
  return value === undefined ? undefined : bytesProblem(field, value);
}
