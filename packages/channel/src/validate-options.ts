import { InvalidArgumentError } from "@reliable-channel/interfaces";
import { WIRE_PROFILES } from "@reliable-channel/sds";
import type { ReliableChannelOptions } from "./options.js";

const NON_NEGATIVE: readonly (keyof ReliableChannelOptions)[] = [
  "retryBaseDelayMs",
  "retryMaxDelayMs",
  "retrievalBaseDelayMs",
  "retrievalMaxDelayMs",
  "missingTimeoutMs",
  "syncMinDelayMs",
  "snapshotIntervalMs",
  "catchUpMarginMs",
];
const POSITIVE: readonly (keyof ReliableChannelOptions)[] = [
  "maxSendAttempts",
  "maxMessageAgeMs",
  "maxRetrievalAttempts",
  "syncIntervalMs",
  "maxPayloadBytes",
  "handledIdsLimit",
  "logLimit",
];
const AT_LEAST_ONE: readonly (keyof ReliableChannelOptions)[] = [
  "retryBackoffFactor",
  "possiblyAcknowledgedBackoff",
];

/**
 * Checks the ids, the transport and every numeric option; throws `InvalidArgumentError` naming the first
 * bad one.
 */
export function validateOptions(
  init: ReliableChannelOptions & {
    readonly channelId: unknown;
    readonly participantId: unknown;
    readonly transport: unknown;
    readonly encryption?: { readonly overheadBytes?: unknown } | undefined;
  },
): void {
  if (typeof init.channelId !== "string") throw new InvalidArgumentError("channelId must be a string");
  if (typeof init.participantId !== "string" || init.participantId === "") {
    throw new InvalidArgumentError("participantId must be a non-empty string");
  }
  if (typeof init.transport !== "object" || init.transport === null)
    throw new InvalidArgumentError("transport is required");
  check(init, NON_NEGATIVE, (v) => v >= 0, "a non-negative number");
  check(init, POSITIVE, (v) => v > 0, "a positive number");
  check(init, AT_LEAST_ONE, (v) => v >= 1, "a number ≥ 1");
  const overhead = init.encryption?.overheadBytes;
  if (
    overhead !== undefined &&
    !(typeof overhead === "number" && Number.isInteger(overhead) && overhead >= 0)
  )
    throw new InvalidArgumentError(
      `encryption.overheadBytes must be a non-negative integer, got ${String(overhead)}`,
    );
  validateHistory(init.history);
  const wire = init.wireProfile;
  if (wire !== undefined && !Object.hasOwn(WIRE_PROFILES, wire))
    throw new InvalidArgumentError(
      `wireProfile must be one of ${Object.keys(WIRE_PROFILES).join(", ")}, got ${String(wire)}`,
    );
  const jitter = init.retryJitter;
  if (jitter !== undefined && !(jitter >= 0 && jitter < 1))
    throw new InvalidArgumentError("retryJitter must be in [0, 1)");
}

function check(
  init: ReliableChannelOptions,
  keys: readonly (keyof ReliableChannelOptions)[],
  ok: (value: number) => boolean,
  what: string,
): void {
  for (const key of keys) {
    const value = init[key];
    if (value === undefined) continue;
    if (typeof value !== "number" || Number.isNaN(value) || !ok(value)) {
      throw new InvalidArgumentError(`${key} must be ${what}, got ${String(value)}`);
    }
  }
}

function validateHistory(history: unknown): void {
  if (history === undefined) return;
  const value = typeof history === "object" && history !== null ? (history as Record<string, unknown>) : {};
  const since = value.since;
  const last = value.last;
  const ok =
    (typeof since === "number" && Number.isFinite(since) && last === undefined) ||
    (typeof last === "number" && Number.isInteger(last) && last >= 0 && since === undefined);
  if (!ok)
    throw new InvalidArgumentError(
      "history must be { since: <finite time in ms> } or { last: <non-negative integer> }",
    );
}
