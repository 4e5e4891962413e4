import type {
  IncomingEntry,
  LogEntry,
  MessageId,
  OutboxEntry,
  StoredChannelState,
} from "@reliable-channel/interfaces";
import { expect } from "vitest";

/** A 64-hex-character message id made from a number, like the ids this project makes. */
export function messageId(n: number): MessageId {
  return n.toString(16).padStart(64, "0");
}

/** Bytes derived from a number (distinct per number), `length` long. */
export function bytesOf(n: number, length = 8): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (n * 31 + i * 7) & 0xff;
  return bytes;
}

/** An outbox entry for sequence `n`, with every field set (override any). */
export function outboxEntry(n: number, overrides: Partial<OutboxEntry> = {}): OutboxEntry {
  return {
    messageId: messageId(n),
    sequence: BigInt(n),
    lamportTimestamp: 1_700_000_000_000n + BigInt(n),
    bytes: bytesOf(n, 40),
    state: "pending",
    attempts: 0,
    nextAttemptAt: 1_000 + n,
    createdAt: 500 + n,
    lastHint: bytesOf(n + 1, 32),
    ...overrides,
  };
}

/** A log entry for `n`, with every field set (override any). */
export function logEntry(n: number, overrides: Partial<LogEntry> = {}): LogEntry {
  return {
    messageId: messageId(n),
    lamportTimestamp: 1_700_000_000_000n + BigInt(n),
    senderId: `participant-${n % 3}`,
    retrievalHint: bytesOf(n + 2, 32),
    bytes: bytesOf(n + 3, 60),
    ...overrides,
  };
}

/** An incoming entry for `n`, with every field set (override any). */
export function incomingEntry(n: number, overrides: Partial<IncomingEntry> = {}): IncomingEntry {
  return {
    messageId: messageId(n),
    bytes: bytesOf(n + 4, 50),
    retrievalHint: bytesOf(n + 5, 32),
    receivedAt: 2_000 + n,
    ...overrides,
  };
}

/** The state of a channel nobody has written to. */
export const EMPTY_STATE: StoredChannelState = {
  outbox: [],
  log: [],
  incoming: [],
  handled: [],
  counters: { lamportTimestamp: 0n, sequence: 0n },
  meta: {},
};

/**
 * Asserts that `actual` equals `expected` exactly: same values, byte arrays that are `Uint8Array`s with the
 * same contents, and no optional field present-but-`undefined` where `expected` leaves it out.
 */
export function expectState(actual: StoredChannelState, expected: StoredChannelState): void {
  expect(normalize(actual)).toStrictEqual(normalize(expected));
}

/** Replaces every `Uint8Array` by a tagged hex string so any subclass (e.g. `Buffer`) compares by content. */
export function normalize(value: unknown): unknown {
  if (value instanceof Uint8Array)
    return `bytes:${Array.from(value, (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
  if (Array.isArray(value)) return value.map(normalize);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, normalize(inner)]));
  }
  return value;
}

/** Asserts that every byte field in a loaded state is a `Uint8Array` (a `Buffer` is one too). */
export function expectBytesAreUint8Arrays(state: StoredChannelState): void {
  const all = [
    ...state.outbox.flatMap((e) => [e.bytes, e.lastHint]),
    ...state.log.flatMap((e) => [e.bytes, e.retrievalHint]),
    ...state.incoming.flatMap((e) => [e.bytes, e.retrievalHint]),
    ...Object.values(state.meta),
  ].filter((bytes) => bytes !== undefined);
  for (const bytes of all) expect(bytes).toBeInstanceOf(Uint8Array);
}

/** Fisher–Yates shuffle driven by `random`. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}
