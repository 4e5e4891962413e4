/** What one epoch has used: kept durably so that a restarted publisher does not burst again. */
export interface EpochUsage {
  /** When the epoch started (clock ms, a multiple of the epoch length). */
  readonly epochStart: number;
  /** Publishes counted in it (started, whether or not the network accepted them). */
  readonly used: number;
}

/**
 * The usage store port: where the manager keeps the current epoch's usage. `save` resolves once the usage
 * is durable; the manager saves before it publishes, so a crash can only over-count, never under-count.
 */
export interface UsageStore {
  /** The last usage saved, if any. */
  load(): Promise<EpochUsage | undefined>;
  /** Replaces the saved usage; durable when it resolves. */
  save(usage: EpochUsage): Promise<void>;
  /** Releases what the store holds (called by the manager's `stop()`); `load` may follow. */
  close?(): Promise<void>;
}

/**
 * A usage store in memory: it survives a restart of the manager (pass the same store to the next one),
 * not of the process. The default when no store is given.
 */
export function memoryUsageStore(): UsageStore {
  let saved: EpochUsage | undefined;
  return {
    load: async () => saved,
    save: async (usage) => {
      saved = { ...usage };
    },
  };
}
