/** Counters of what the node did since it started (a snapshot; read `node.stats` again for fresh values). */
export interface WakuTestNodeStats {
  /** Light push requests received (v2 and v3). */
  readonly lightPushRequests: number;
  /** Light pushes failed on purpose by `faults.failLightPush`. */
  readonly lightPushesFailed: number;
  /** Light pushes refused as invalid (bad request, unsupported topic, too large). */
  readonly lightPushesRejected: number;
  /** Light pushes refused with 429 because the peer was over `lightPushQuota`. */
  readonly lightPushesRateLimited: number;
  /** New messages accepted (light push or relay), duplicates excluded. */
  readonly messagesAccepted: number;
  /** Messages received again with a hash already seen (not archived or pushed again). */
  readonly duplicates: number;
  /** Messages written to the archive. */
  readonly archived: number;
  /** Messages not archived: ephemeral, or a timestamp too far from the node's clock. */
  readonly notArchived: number;
  /** Messages removed from the archive by the retention rule. */
  readonly expired: number;
  /** Filter subscribe, ping and unsubscribe requests received. */
  readonly filterRequests: number;
  /** Filter pushes delivered to a subscriber. */
  readonly filterPushes: number;
  /** Filter pushes dropped on purpose by `faults.dropFilterPush`. */
  readonly filterPushesDropped: number;
  /** Filter pushes that failed (subscriber gone, stream error). */
  readonly filterPushesFailed: number;
  /** Store queries answered. */
  readonly storeQueries: number;
  /** Metadata requests answered. */
  readonly metadataRequests: number;
  /** Messages received from relay peers. */
  readonly relayMessagesReceived: number;
}

/** The node's mutable counters. */
export type StatsCounters = { -readonly [K in keyof WakuTestNodeStats]: number };

/** All counters at zero. */
export function createStatsCounters(): StatsCounters {
  return {
    lightPushRequests: 0,
    lightPushesFailed: 0,
    lightPushesRejected: 0,
    lightPushesRateLimited: 0,
    messagesAccepted: 0,
    duplicates: 0,
    archived: 0,
    notArchived: 0,
    expired: 0,
    filterRequests: 0,
    filterPushes: 0,
    filterPushesDropped: 0,
    filterPushesFailed: 0,
    storeQueries: 0,
    metadataRequests: 0,
    relayMessagesReceived: 0,
  };
}
