import { InvalidArgumentError } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_CLUSTER_ID,
  DEFAULT_NUM_SHARDS_IN_CLUSTER,
  DEFAULT_RETENTION_MS,
  startWakuTestNode,
} from "../src/index.js";
import { resolveConfig } from "../src/options.js";

describe("resolveConfig", () => {
  it("defaults to the sdk's network: cluster 1, 8 shards, all served", () => {
    const config = resolveConfig({});
    expect(config).toMatchObject({
      clusterId: DEFAULT_CLUSTER_ID,
      numShardsInCluster: DEFAULT_NUM_SHARDS_IN_CLUSTER,
      retentionMs: DEFAULT_RETENTION_MS,
      port: 0,
    });
    expect(config.shards).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("sorts and dedupes explicit shards", () => {
    expect(resolveConfig({ shards: [3, 1, 3] }).shards).toEqual([1, 3]);
  });

  it.each([
    ["port", { port: 70_000 }],
    ["port", { port: -1 }],
    ["clusterId", { clusterId: 1.5 }],
    ["numShardsInCluster", { numShardsInCluster: 0 }],
    ["shard", { shards: [1_024] }],
    ["retentionMs", { retentionMs: 0 }],
    ["retentionMs", { retentionMs: Number.NaN }],
    ["maxMessageBytes", { maxMessageBytes: 0 }],
    ["maxTimestampDriftMs", { maxTimestampDriftMs: -1 }],
    ["requestTimeoutMs", { requestTimeoutMs: 0 }],
    ["pushTimeoutMs", { pushTimeoutMs: -5 }],
  ])("refuses a bad %s with InvalidArgumentError", (name, init) => {
    expect(() => resolveConfig(init)).toThrow(InvalidArgumentError);
    expect(() => resolveConfig(init)).toThrow(name);
  });

  it("makes startWakuTestNode reject before listening", async () => {
    await expect(startWakuTestNode({ port: 100_000 })).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});
