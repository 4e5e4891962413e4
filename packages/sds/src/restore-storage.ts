import {
  type LogEntry,
  type OutboxEntry,
  StorageCorruptionError,
  type StoredChannelState,
} from "@reliable-channel/interfaces";
import type { SavedIncoming, SdsRestoreState } from "./core-types.js";
import { readFloorRows } from "./floor-rows.js";
import type { LogRecord } from "./local-log.js";
import type { OutgoingState } from "./outgoing.js";
import type { RollingBloomState } from "./rolling-bloom.js";
import { LEGACY_SNAPSHOT_KEY, SNAPSHOT_KEYS, SNAPSHOT_VERSION } from "./snapshot.js";
import { RELEASED_KEY_PREFIX, readOrdinal } from "./state-changes.js";
import { decodeState } from "./state-codec.js";

type Hits = readonly (readonly [string, number])[];

function fail(what: string): never {
  throw new StorageCorruptionError(`stored SDS state is damaged: ${what}`);
}

const isString = (v: unknown): v is string => typeof v === "string";
const isBigint = (v: unknown): v is bigint => typeof v === "bigint";
const isNumber = (v: unknown): v is number => typeof v === "number";
const isBytes = (v: unknown): v is Uint8Array => v instanceof Uint8Array;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

function list<T>(value: unknown, item: (v: unknown) => v is T, what: string): T[] {
  if (!Array.isArray(value) || !value.every(item)) fail(what);
  return value;
}

function isLogRecord(v: unknown): v is LogRecord {
  return (
    isRecord(v) &&
    isString(v.messageId) &&
    isBigint(v.lamportTimestamp) &&
    isString(v.senderId) &&
    (v.retrievalHint === undefined || isBytes(v.retrievalHint))
  );
}

function isHits(v: unknown): v is [string, Hits] {
  return (
    Array.isArray(v) &&
    v.length === 2 &&
    isString(v[0]) &&
    Array.isArray(v[1]) &&
    v[1].every((h) => Array.isArray(h) && h.length === 2 && isString(h[0]) && isNumber(h[1]))
  );
}

function isBloom(v: unknown): v is RollingBloomState {
  return isRecord(v) && isNumber(v.count) && isBytes(v.current) && isBytes(v.previous);
}

function isProfile(v: unknown): v is SdsRestoreState["bloomProfile"] {
  return isRecord(v) && isString(v.name) && isNumber(v.bits) && (v.hash === undefined || isString(v.hash));
}

function part(meta: StoredChannelState["meta"], key: string): unknown {
  const blob = meta[key];
  if (blob === undefined) fail(`${key} is missing`);
  return decodeState(blob);
}

/** The released ids stored as rows, oldest first, and the ordinal the next one takes. */
function releasedRows(meta: StoredChannelState["meta"]): { ids: string[]; next: number } {
  const rows: [number, string][] = [];
  for (const [key, value] of Object.entries(meta)) {
    if (!key.startsWith(RELEASED_KEY_PREFIX)) continue;
    const ordinal = readOrdinal(value);
    if (!Number.isSafeInteger(ordinal) || ordinal < 0) fail(`${key} has no ordinal`);
    rows.push([ordinal, key.slice(RELEASED_KEY_PREFIX.length)]);
  }
  rows.sort((a, b) => a[0] - b[0]);
  return { ids: rows.map((r) => r[1]), next: rows.length === 0 ? 0 : (rows.at(-1)?.[0] ?? 0) + 1 };
}

function logRecordOf({ messageId, lamportTimestamp, senderId, retrievalHint }: LogEntry): LogRecord {
  return retrievalHint === undefined
    ? { messageId, lamportTimestamp, senderId }
    : { messageId, lamportTimestamp, senderId, retrievalHint };
}

/** Our outgoing set is the outbox (ordered by sequence), with the bloom hits the checkpoint kept. */
function outgoingOf(outbox: readonly OutboxEntry[], hits: ReadonlyMap<string, Hits>): OutgoingState[] {
  return outbox
    .filter((o) => o.state !== "acknowledged" && o.state !== "failed")
    .map(({ messageId, bytes, lamportTimestamp, sequence }) => ({
      entry: { messageId, bytes, lamportTimestamp, sequence },
      hits: hits.get(messageId) ?? [],
    }));
}

function restoreCurrent(stored: StoredChannelState): SdsRestoreState {
  const state = part(stored.meta, SNAPSHOT_KEYS.state);
  if (!isRecord(state) || (state.version !== SNAPSHOT_VERSION && state.version !== 2))
    fail("unknown checkpoint version");
  const { channelId, participantId, joinedAt, historyFrom, bloomProfile, bloom } = state;
  if (!isString(channelId) || !isString(participantId)) fail("ids");
  if (
    (joinedAt !== undefined && !isBigint(joinedAt)) ||
    (historyFrom !== undefined && !isBigint(historyFrom))
  )
    fail("join point");
  if (!isProfile(bloomProfile) || !isBloom(bloom)) fail("bloom filter");
  const unnamed = list(part(stored.meta, SNAPSHOT_KEYS.unnamed), isLogRecord, "unnamed entries");
  const knownSenders = list(part(stored.meta, SNAPSHOT_KEYS.senders), isString, "senders");
  const hits = list(part(stored.meta, SNAPSHOT_KEYS.hits), isHits, "bloom hits");
  const released = releasedRows(stored.meta);
  return {
    version: 1,
    channelId,
    participantId,
    lamportTimestamp: stored.counters.lamportTimestamp,
    sequence: stored.counters.sequence,
    ...(joinedAt === undefined ? {} : { joinedAt }),
    ...(historyFrom === undefined ? {} : { historyFrom }),
    knownSenders,
    log: stored.log.map(logRecordOf),
    unnamed,
    handled: stored.handled,
    released: released.ids,
    nextReleasedOrdinal: released.next,
    // Format 2 wrote no floor rows: it restores with none.
    floors: readFloorRows(stored.meta),
    incoming: stored.incoming.map(
      ({ bytes, retrievalHint, receivedAt }): SavedIncoming =>
        retrievalHint === undefined ? { bytes, receivedAt } : { bytes, retrievalHint, receivedAt },
    ),
    outgoing: outgoingOf(stored.outbox, new Map(hits)),
    bloomProfile,
    bloom,
  };
}

/** A format-1 snapshot (one blob; log, delivered ids and outbox as rows). Trusted as it was written. */
function restoreLegacy(stored: StoredChannelState, blob: Uint8Array): SdsRestoreState {
  const saved = decodeState(blob);
  if (!isRecord(saved) || saved.version !== 1) fail("unknown snapshot version");
  const state = saved as unknown as Omit<SdsRestoreState, "handled" | "log">;
  const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);
  const hits = new Map(state.outgoing.map((o) => [o.entry.messageId, o.hits]));
  return {
    ...state,
    lamportTimestamp: max(state.lamportTimestamp, stored.counters.lamportTimestamp),
    sequence: max(state.sequence, stored.counters.sequence),
    outgoing: outgoingOf(stored.outbox, hits),
    handled: stored.handled,
    log: stored.log.map(logRecordOf),
  };
}

/**
 * The restore state of a core from what storage loaded (rows committed from the core's changes, plus its
 * latest checkpoint), or undefined for a channel that never checkpointed (a fresh one). Reads format 2
 * (no delivered floors) and format 1 (the channel's single snapshot blob) too.
 * @throws StorageCorruptionError when a checkpoint part is missing, undecodable or of the wrong shape.
 */
export function restoreFromStorage(stored: StoredChannelState): SdsRestoreState | undefined {
  if (stored.meta[SNAPSHOT_KEYS.state] !== undefined) return restoreCurrent(stored);
  const legacy = stored.meta[LEGACY_SNAPSHOT_KEY];
  return legacy === undefined ? undefined : restoreLegacy(stored, legacy);
}
