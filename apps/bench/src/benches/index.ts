/** The benchmark registry: name → runner. One line per benchmark; `./run bench <name>` runs one. */
export const benches: Readonly<Record<string, () => Promise<void>>> = {
  "sds-core": async () => void (await (await import("./sds-core.js")).runSdsCoreBench()),
  "sds-history": async () => (await import("./sds-history.js")).runSdsHistoryBench(),
  "rate-limit": async () => (await import("./rate-limit.js")).runRateLimitBench(),
  "sds-repair": async () => (await import("./sds-repair.js")).runSdsRepairBench(),
  segmentation: async () => (await import("./segmentation.js")).runSegmentationBench(),
  "storage-sqlite": async () => void (await (await import("./storage-sqlite.js")).runStorageSqliteBench()),
  "many-channels": async () => (await import("./many-channels.js")).runManyChannelsBench(),
  "bundle-size": async () => (await import("./bundle-size.js")).runBundleSizeBench(),
  "waku-latency": async () => void (await (await import("./waku-latency.js")).runWakuLatencyBench()),
};
