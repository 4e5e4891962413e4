import { buildContent, buildEphemeral, buildSync } from "./build.js";
import { createCoreState } from "./core-state.js";
import type { SdsCore, SdsCoreInit } from "./core-types.js";
import { exportCoreState, restoreIncoming } from "./persistence.js";
import { receive } from "./receive.js";
import type { StorageChanges } from "./results.js";
import { createCheckpointer } from "./snapshot.js";
import { logEntryOf, takeChanges } from "./state-changes.js";
import { markIrretrievable, sweep } from "./sweep.js";

/**
 * Creates the SDS state machine of one participant in one channel: pure, synchronous and deterministic
 * (no timers, no clock, no randomness: `now` and nonces come in, results go out as data).
 *
 * @example
 * ```ts
 * const alice = createSdsCore({ channelId: "room", participantId: "alice" });
 * const bob = createSdsCore({ channelId: "room", participantId: "bob" });
 * const sent = alice.send(new TextEncoder().encode("hi"), { now: Date.now(), nonce: crypto.getRandomValues(new Uint8Array(16)) });
 * const got = bob.receive(sent.bytes, { now: Date.now() });
 * got.delivered[0]?.content; // "hi"
 * ```
 */
export function createSdsCore(init: SdsCoreInit): SdsCore {
  const state = createCoreState(init);
  if (init.restore !== undefined) restoreIncoming(state, init.restore);
  const checkpoint = createCheckpointer(state);
  /** Runs `op`, then hands out the storage changes it caused with its result. */
  const changing = <T extends object>(op: () => T): T & StorageChanges => {
    const before = { lamport: state.lamport, sequence: state.sequence };
    let result: T;
    try {
      result = op();
    } catch (error) {
      // A refused operation changes nothing (see `send`): nothing it recorded is kept.
      state.changes.length = 0;
      throw error;
    }
    return { ...result, changes: takeChanges(state, before) };
  };
  return {
    channelId: state.config.channelId,
    participantId: state.config.participantId,
    wire: state.config.wire,
    get lamportTimestamp() {
      return state.lamport;
    },
    get joinedAt() {
      return state.joinedAt;
    },
    send: (content, opts) => changing(() => buildContent(state, content, opts)),
    sync: (opts) => changing(() => buildSync(state, opts)),
    ephemeral: (content, opts) => ({ ...buildEphemeral(state, content, opts), changes: [] }),
    receive: (bytes, opts) => changing(() => receive(state, bytes, opts)),
    sweep: (opts) => changing(() => sweep(state, opts)),
    markIrretrievable: (ids, opts) => changing(() => markIrretrievable(state, ids, opts)),
    wantHistoryFrom(lamportTimestamp) {
      if (state.historyFrom !== undefined && lamportTimestamp < state.historyFrom)
        state.historyFrom = lamportTimestamp;
    },
    recordRetrievalHint: (messageId, hint) =>
      changing(() => {
        state.log.setHint(messageId, hint);
        const record = state.log.get(messageId);
        if (record !== undefined) state.changes.push({ type: "log-put", entry: logEntryOf(record) });
        const own = state.lastOwn;
        if (own?.messageId === messageId) state.lastOwn = { ...own, retrievalHint: hint.slice() };
        return {};
      }),
    outgoing: () => state.outgoing.list(),
    missing: () => [...state.buffer.missing()].map((r) => r.entry),
    exportState: (options) => exportCoreState(state, options),
    checkpoint,
  };
}
