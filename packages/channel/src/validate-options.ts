import { InvalidArgumentError } from "@reliable-channel/interfaces";
import { WIRE_PROFILE_NAMES } from "@reliable-channel/sds";
import * as D from "./defaults.js";
import type { ReliableChannelOptions } from "./options.js";
import { checkWireProfile } from "./wire-profile-check.js";

/** The longest channel or participant id (UTF-16 code units) a channel accepts. */
export const MAX_ID_LENGTH = 1_024;

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
  "maxPendingDeliveries",
];
/** Counts: whole numbers (`maxSendAttempts` may also be `Infinity`). */
const INTEGER: readonly (keyof ReliableChannelOptions)[] = [
  "maxSendAttempts",
  "maxRetrievalAttempts",
  "maxPayloadBytes",
  "handledIdsLimit",
  "logLimit",
  "maxPendingDeliveries",
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
    readonly encryption?: unknown;
    readonly storage?: unknown;
    readonly clock?: unknown;
    readonly random?: unknown;
    readonly logger?: unknown;
    readonly autoStart?: unknown;
    readonly segmentation?: unknown;
    readonly sds?: unknown;
  },
): void {
  if (typeof init.channelId !== "string") throw new InvalidArgumentError("channelId must be a string");
  if (typeof init.participantId !== "string" || init.participantId === "") {
    throw new InvalidArgumentError("participantId must be a non-empty string");
  }
  for (const key of ["channelId", "participantId"] as const) {
    if ((init[key] as string).length > MAX_ID_LENGTH)
      throw new InvalidArgumentError(`${key} must be at most ${MAX_ID_LENGTH} characters long`);
    // Half of a surrogate pair: the wire (UTF-8) and SQLite would carry U+FFFD instead, another id.
    if (/\p{Surrogate}/u.test(init[key] as string))
      throw new InvalidArgumentError(`${key} must be well-formed UTF-16 (it holds a lone surrogate)`);
  }
  validatePorts({ ...init });
  check(init, NON_NEGATIVE, (v) => v >= 0, "a non-negative number");
  check(init, POSITIVE, (v) => v > 0, "a positive number");
  check(init, INTEGER, (v) => Number.isInteger(v) || v === Number.POSITIVE_INFINITY, "a whole number");
  check(init, AT_LEAST_ONE, (v) => v >= 1, "a number ≥ 1");
  orderedDelays(init.retryBaseDelayMs ?? D.DEFAULT_RETRY_BASE_DELAY_MS, init.retryMaxDelayMs, "retry");
  orderedDelays(
    init.retrievalBaseDelayMs ?? D.DEFAULT_RETRIEVAL_BASE_DELAY_MS,
    init.retrievalMaxDelayMs,
    "retrieval",
  );
  const overhead = (init.encryption as { overheadBytes?: unknown } | undefined)?.overheadBytes;
  if (
    overhead !== undefined &&
    !(typeof overhead === "number" && Number.isInteger(overhead) && overhead >= 0)
  )
    throw new InvalidArgumentError(
      `encryption.overheadBytes must be a non-negative integer, got ${String(overhead)}`,
    );
  validateHistory(init.history);
  const wire = init.wireProfile;
  if (wire !== undefined && !WIRE_PROFILE_NAMES.includes(wire))
    throw new InvalidArgumentError(
      `wireProfile must be one of ${WIRE_PROFILE_NAMES.join(", ")}, got ${String(wire)}`,
    );
  checkWireProfile(wire ?? D.DEFAULT_WIRE_PROFILE, init.transport);
  const jitter = init.retryJitter;
  if (jitter !== undefined && !(jitter >= 0 && jitter < 1))
    throw new InvalidArgumentError("retryJitter must be in [0, 1)");
  if (init.autoStart !== undefined && typeof init.autoStart !== "boolean")
    throw new InvalidArgumentError(`autoStart must be a boolean, got ${String(init.autoStart)}`);
  if (init.sds !== undefined && (typeof init.sds !== "object" || init.sds === null))
    throw new InvalidArgumentError("sds must be an object of SDS core options");
  validateSegmentation(init.segmentation);
}

/** Segment counts and limits of `segmentation`: positive; the profile, when given, a profile. */
const SEGMENTATION_LIMITS = [
  "reassemblyTimeoutMs",
  "maxPartialMessagesPerSender",
  "maxPartialMessages",
  "maxPartialBytesPerSender",
] as const;

function validateSegmentation(segmentation: unknown): void {
  if (segmentation === undefined || segmentation === false) return;
  if (typeof segmentation !== "object" || segmentation === null)
    throw new InvalidArgumentError("segmentation must be false or an options object");
  const options = segmentation as Record<string, unknown>;
  for (const key of SEGMENTATION_LIMITS) {
    const value = options[key];
    if (value !== undefined && !(typeof value === "number" && value > 0))
      throw new InvalidArgumentError(`segmentation.${key} must be a positive number, got ${String(value)}`);
  }
  if (options.profile !== undefined) port(options, "profile", ["split", "decode", "encode"], true);
}

/** Each port is an object with the methods the channel calls (a malformed one fails here, not later). */
function validatePorts(init: Record<string, unknown>): void {
  port(init, "transport", ["start", "stop", "publish", "subscribe"], true);
  port(init, "storage", ["open"], false);
  port(init, "clock", ["now", "setTimeout"], false);
  port(init, "random", ["next"], false);
  port(init, "logger", ["debug", "info", "warn", "error"], false);
  port(init, "encryption", ["encrypt", "decrypt"], false);
}

function port(
  init: Record<string, unknown>,
  key: string,
  methods: readonly string[],
  required: boolean,
): void {
  const value = init[key];
  if (value === undefined && !required) return;
  if (typeof value !== "object" || value === null)
    throw new InvalidArgumentError(`${key} must be an object with ${methods.join(", ")}`);
  const missing = methods.filter(
    (method) => typeof (value as Record<string, unknown>)[method] !== "function",
  );
  if (missing.length > 0) throw new InvalidArgumentError(`${key}.${missing[0]} must be a function`);
}

function orderedDelays(base: number, max: number | undefined, what: string): void {
  const cap = max ?? Number.POSITIVE_INFINITY;
  if (max !== undefined && cap < base)
    throw new InvalidArgumentError(
      `${what}MaxDelayMs (${String(max)}) must not be below ${what}BaseDelayMs (${String(base)})`,
    );
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
