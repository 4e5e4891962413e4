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
 * Rules: message ids and meta keys are non-empty strings; bigints are uint64 (`0 ≤ n ≤ 2^64 − 1`);
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
        (typeof e.senderId === "string" ? undefined : "senderId must be a string") ??
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

function idProblem(id: unknown): string | undefined {
  return typeof id === "string" && id.length > 0 ? undefined : "messageId must be a non-empty string";
}

function keyProblem(key: unknown): string | undefined {
  return typeof key === "string" && key.length > 0 ? undefined : "meta key must be a non-empty string";
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
