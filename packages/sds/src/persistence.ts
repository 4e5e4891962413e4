import type { HistoryEntry, SdsMessage } from "@reliable-channel/interfaces";
import type { CoreState } from "./core-state.js";
import { isSatisfied, lamportAt, msAt } from "./core-state.js";
import type { ExportOptions, SdsRestoreState } from "./core-types.js";

/** Everything needed to resume `state` (see {@link SdsRestoreState}). */
export function exportCoreState(state: CoreState, options: ExportOptions = {}): SdsRestoreState {
  const omitLogAndHandled = options.omitLogAndHandled === true;
  const outgoing = state.outgoing.exportState();
  const cfg = state.config;
  return {
    version: 1,
    channelId: cfg.channelId,
    participantId: cfg.participantId,
    lamportTimestamp: state.lamport,
    sequence: state.sequence,
    ...(state.joinedAt === undefined ? {} : { joinedAt: state.joinedAt }),
    ...(state.historyFrom === undefined ? {} : { historyFrom: state.historyFrom }),
    knownSenders: state.knownSenders.values(),
    log: omitLogAndHandled ? [] : state.log.records(),
    unnamed: state.log.unnamed(),
    handled: omitLogAndHandled ? [] : state.handled.values(),
    released: state.released.values(),
    floors: state.floors.exportState(),
    incoming: [...state.buffer.values()].map((m) => ({
      bytes: m.bytes,
      receivedAt: m.receivedAt,
      ...(m.retrievalHint === undefined ? {} : { retrievalHint: m.retrievalHint }),
    })),
    outgoing:
      options.omitOutgoingBytes === true
        ? outgoing.map((o) => ({ ...o, entry: { ...o.entry, bytes: new Uint8Array(0) } }))
        : outgoing,
    bloomProfile: { name: cfg.profile.name, bits: cfg.profile.bits, hash: cfg.wire.bloomHash },
    bloom: state.bloom.exportState(),
  };
}

/**
 * Refills the incoming buffer from saved entries, recomputing what each still waits for; entries the
 * restored delivered ids already hold (delivered after the snapshot) are skipped. A missing
 * dependency's timeout restarts from the receipt time of the message that names it. Saved entries that
 * no longer decode are skipped (they were decodable when saved, so only storage corruption does this).
 */
export function restoreIncoming(state: CoreState, saved: SdsRestoreState): void {
  const drift = state.config.maxClockDriftMs;
  for (const s of saved.incoming) {
    let message: SdsMessage;
    try {
      message = state.config.wire.decode(s.bytes);
    } catch {
      continue;
    }
    // Delivered after the snapshot was taken (the caller's delivered ids are newer): never deliver it again.
    if (state.handled.has(message.messageId) || state.buffer.has(message.messageId)) continue;
    const lamport = message.lamportTimestamp ?? 0n;
    const deps: HistoryEntry[] = message.causalHistory
      .slice(-state.config.maxHistoryEntriesAccepted)
      .filter((e) => e.messageId !== message.messageId && !isSatisfied(state, e.messageId));
    const ahead = lamport > lamportAt(state, s.receivedAt + drift);
    state.buffer.add(
      {
        message,
        messageId: message.messageId,
        lamportTimestamp: lamport,
        bytes: s.bytes,
        ...(s.retrievalHint === undefined ? {} : { retrievalHint: s.retrievalHint }),
        receivedAt: s.receivedAt,
        notBefore: ahead ? msAt(state, lamport) - drift : Number.NEGATIVE_INFINITY,
        deps: deps.map((e) => e.messageId),
        skipped: [],
      },
      deps,
      s.receivedAt,
    );
    if (ahead) state.held.add(message.messageId);
  }
}
