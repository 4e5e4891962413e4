import { utils } from "@waku/sdk";
import { describe, expect, it } from "vitest";
import { contentTopicShard, parseShardPubsubTopic, shardPubsubTopic } from "../src/index.js";

describe("sharding", () => {
  const topics = [
    "/toychat/2/huilong/proto",
    "/app/1/chat/proto",
    "/0/myapp/1/mytopic/cbor",
    "/waku-test-node/1/chat/proto",
  ];

  it.each(topics)("autoshards %s as @waku/utils does", (topic) => {
    for (const shards of [1, 8, 64]) {
      expect(contentTopicShard(topic, shards)).toBe(utils.contentTopicToShardIndex(topic, shards));
    }
  });

  it.each(["", "no-slash", "/a/b/c", "/a//c/d", "/1/2/3/4/5/6/7"])(
    "refuses the malformed content topic %j",
    (topic) => {
      expect(contentTopicShard(topic, 8)).toBeUndefined();
    },
  );

  it("formats and parses relay shard pubsub topics", () => {
    expect(shardPubsubTopic(1, 5)).toBe("/waku/2/rs/1/5");
    expect(parseShardPubsubTopic("/waku/2/rs/1/5")).toEqual({ clusterId: 1, shard: 5 });
    expect(parseShardPubsubTopic("/waku/2/default-waku/proto")).toBeUndefined();
    expect(parseShardPubsubTopic("/waku/2/rs/1/x")).toBeUndefined();
  });
});
