import { type LogEntry, StorageCorruptionError, type StoredChannelState } from "@reliable-channel/interfaces";
import type { LogRecord, OutgoingState, SdsCore, SdsRestoreState } from "@reliable-channel/sds";
import { decodeState, encodeState } from "./state-codec.js";

/** The storage `meta` key of the SDS core's snapshot. */
export const CORE_STATE_KEY = "sds-state";

/**
 * The SDS core's state as the channel stores it: everything but the delivered ids and the log, which the
 * channel writes row by row with every delivery and send (`handled-add`, `log-put`), and the bytes of our
 * unacknowledged messages, which the outbox holds — so that a snapshot stays small however long the channel
 * lives and however many messages wait for an acknowledgement.
 */
export function encodeCoreSnapshot(core: Pick<SdsCore, "exportState">): Uint8Array {
  const state = core.exportState({ omitLogAndHandled: true, omitOutgoingBytes: true });
  const { handled: _handled, log: _log, ...rest } = state;
  return encodeState(rest);
}

/**
 * The restore state of the SDS core from what storage loaded, or undefined for a fresh channel. The
 * delivered ids and the log come from their own rows, which are never older than the snapshot.
 * @throws StorageCorruptionError when the snapshot cannot be decoded.
 */
export function restoreCoreState(stored: StoredChannelState): SdsRestoreState | undefined {
  const blob = stored.meta[CORE_STATE_KEY];
  if (blob === undefined) return undefined;
  const rest = decodeState(blob);
  if (typeof rest !== "object" || rest === null || (rest as { version?: unknown }).version !== 1) {
    throw new StorageCorruptionError("stored SDS state has an unknown version");
  }
  const state = rest as Omit<SdsRestoreState, "handled" | "log">;
  const log = stored.log.map(toLogRecord);
  const { lamportTimestamp, sequence } = stored.counters;
  return {
    ...state,
    lamportTimestamp: max(state.lamportTimestamp, lamportTimestamp),
    sequence: max(state.sequence, sequence),
    outgoing: outgoingOf(state.outgoing, stored.outbox),
    handled: stored.handled,
    log,
  };
}

/**
 * The core's outgoing set is the outbox: a send commits its outbox row (and the counters) without a core
 * snapshot, so the snapshot may lack the newest messages (added here without bloom hits) and may still hold
 * acknowledged or given-up ones (dropped here). Outbox order (by sequence) is kept.
 */
function outgoingOf(saved: readonly OutgoingState[], outbox: StoredChannelState["outbox"]): OutgoingState[] {
  const byId = new Map(saved.map((o) => [o.entry.messageId, o]));
  return outbox.map(({ messageId, bytes, lamportTimestamp, sequence }): OutgoingState => {
    const o = byId.get(messageId);
    if (o === undefined) return { entry: { messageId, bytes, lamportTimestamp, sequence }, hits: [] };
    return { ...o, entry: { ...o.entry, bytes } };
  });
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

function toLogRecord(entry: LogEntry): LogRecord {
  const { messageId, lamportTimestamp, senderId, retrievalHint } = entry;
  return retrievalHint === undefined
    ? { messageId, lamportTimestamp, senderId }
    : { messageId, lamportTimestamp, senderId, retrievalHint };
}
