import type { StorageOp } from "@reliable-channel/interfaces";
import type { CoreState } from "./core-state.js";
import { encodeState } from "./state-codec.js";

/**
 * The version of the checkpoint format (`meta` blobs under {@link SNAPSHOT_KEYS}). 3: the delivered
 * floors are rows too (`FLOOR_KEYS`); a format-2 checkpoint restores with none.
 */
export const SNAPSHOT_VERSION = 3;

/**
 * The `meta` keys of a core's checkpoint: the small state (ids, join point, history start, bloom
 * filter), the logged messages none of ours named yet, the senders seen, the bloom hits on our messages.
 * Each is rewritten only when it changed; every other part of the state is rows (see `StorageChanges`).
 */
export const SNAPSHOT_KEYS = {
  state: "sds/state",
  unnamed: "sds/unnamed",
  senders: "sds/senders",
  hits: "sds/hits",
} as const;

/** The key of the single snapshot blob the channel wrote before the core owned its rows (format 1). */
export const LEGACY_SNAPSHOT_KEY = "sds-state";

/** The checkpoint blobs of `state`, by key. Bounded: each part is capped by a window of the core. */
function parts(state: CoreState): [string, Uint8Array][] {
  const cfg = state.config;
  const hits = state.outgoing
    .exportState()
    .filter((o) => o.hits.length > 0)
    .map((o) => [o.entry.messageId, o.hits]);
  return [
    [
      SNAPSHOT_KEYS.state,
      encodeState({
        version: SNAPSHOT_VERSION,
        channelId: cfg.channelId,
        participantId: cfg.participantId,
        joinedAt: state.joinedAt,
        historyFrom: state.historyFrom,
        bloomProfile: { name: cfg.profile.name, bits: cfg.profile.bits, hash: cfg.wire.bloomHash },
        bloom: state.bloom.exportState(),
      }),
    ],
    [SNAPSHOT_KEYS.unnamed, encodeState(state.log.unnamed())],
    [SNAPSHOT_KEYS.senders, encodeState(state.knownSenders.values())],
    [SNAPSHOT_KEYS.hits, encodeState(hits)],
  ];
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  if (a === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Creates the checkpoint writer of one core: each call returns `meta-put`s of the parts that changed
 * since the previous call (the first call writes them all and removes a format-1 snapshot).
 */
export function createCheckpointer(state: CoreState): () => StorageOp[] {
  const written = new Map<string, Uint8Array>();
  return () => {
    const ops: StorageOp[] = [];
    if (written.size === 0) ops.push({ type: "meta-delete", key: LEGACY_SNAPSHOT_KEY });
    for (const [key, value] of parts(state)) {
      if (sameBytes(written.get(key), value)) continue;
      written.set(key, value);
      ops.push({ type: "meta-put", key, value });
    }
    return ops;
  };
}
