/** A per-publisher limit of light pushes, as an nwaku service node enforces on its light push clients. */
export interface LightPushQuota {
  /** Light push requests a peer may make per epoch (a positive integer). */
  readonly messagesPerEpoch: number;
  /** Length of an epoch (ms of the node's clock); epochs start at its multiples, as RLN epochs do. */
  readonly epochMs: number;
}

/** Counts each publishing peer's light pushes per epoch. */
export interface LightPushMeter {
  /** Counts one request of `peerId` at `now`; `false` when it is over the quota (to be answered 429). */
  admit(peerId: string, now: number): boolean;
}

/** A meter for `quota`; without one, every request is admitted. */
export function createLightPushMeter(quota: LightPushQuota | undefined): LightPushMeter {
  if (quota === undefined) return { admit: () => true };
  const used = new Map<string, { readonly epoch: number; count: number }>();
  return {
    admit(peerId, now) {
      const epoch = Math.floor(now / quota.epochMs);
      const current = used.get(peerId);
      if (current === undefined || current.epoch !== epoch) {
        used.set(peerId, { epoch, count: 1 });
        return true;
      }
      if (current.count >= quota.messagesPerEpoch) return false;
      current.count++;
      return true;
    },
  };
}
