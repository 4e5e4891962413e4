import type { proto_store } from "@waku/proto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  answerStoreQuery,
  createWakuArchive,
  DEFAULT_STORE_PAGE_SIZE,
  MAX_STORE_PAGE_SIZE,
  type WakuArchive,
} from "../src/index.js";

const TOPIC = "/waku/2/rs/1/0";
const CHAT = "/app/1/chat/proto";
const OTHER = "/app/1/other/proto";

function fill(count: number, contentTopic = CHAT, archive = createWakuArchive()): WakuArchive {
  for (let i = 0; i < count; i++) {
    archive.insert(
      TOPIC,
      { payload: new Uint8Array([i, i >> 8]), contentTopic, timestamp: BigInt(1_000 + i) },
      { receivedAtNs: 0n },
    );
  }
  return archive;
}

function request(fields: Partial<proto_store.StoreQueryRequest>): proto_store.StoreQueryRequest {
  return {
    requestId: "r",
    includeData: true,
    contentTopics: [],
    messageHashes: [],
    paginationForward: true,
    ...fields,
  };
}

/** Every page of a query, following the cursor the way @waku/core does until an empty page. */
function allPages(
  archive: WakuArchive,
  base: proto_store.StoreQueryRequest,
): proto_store.StoreQueryResponse[] {
  const pages: proto_store.StoreQueryResponse[] = [];
  let cursor: Uint8Array | undefined;
  for (;;) {
    const page = answerStoreQuery(archive, {
      ...base,
      ...(cursor === undefined ? {} : { paginationCursor: cursor }),
    });
    pages.push(page);
    if (page.messages.length === 0) return pages;
    const edge = base.paginationForward ? page.messages.at(-1) : page.messages[0];
    cursor = edge?.messageHash;
  }
}

const timestamps = (page: proto_store.StoreQueryResponse) => page.messages.map((kv) => kv.message?.timestamp);

describe("answerStoreQuery", () => {
  it("pages forward by content topic with the default page size and a cursor while more remain", () => {
    const archive = fill(45);
    fill(5, OTHER, archive);
    const pages = allPages(archive, request({ pubsubTopic: TOPIC, contentTopics: [CHAT] }));
    expect(pages.map((page) => page.messages.length)).toEqual([20, 20, 5, 0]);
    expect(pages.map((page) => page.paginationCursor !== undefined)).toEqual([true, true, false, false]);
    expect(pages.flatMap(timestamps)).toEqual(Array.from({ length: 45 }, (_, i) => BigInt(1_000 + i)));
    expect(pages.every((page) => page.statusCode === 200)).toBe(true);
  });

  it("pages backward from the newest, each page in ascending order", () => {
    const archive = fill(25);
    const pages = allPages(
      archive,
      request({ pubsubTopic: TOPIC, contentTopics: [CHAT], paginationForward: false, paginationLimit: 10n }),
    );
    expect(pages.map(timestamps)[0]).toEqual(Array.from({ length: 10 }, (_, i) => BigInt(1_015 + i)));
    expect(pages.map((page) => page.messages.length)).toEqual([10, 10, 5, 0]);
    expect(pages.flatMap(timestamps).sort()).toEqual(
      Array.from({ length: 25 }, (_, i) => BigInt(1_000 + i)).sort(),
    );
  });

  it("filters by an inclusive time range", () => {
    const page = answerStoreQuery(
      fill(10),
      request({ pubsubTopic: TOPIC, contentTopics: [CHAT], timeStart: 1_002n, timeEnd: 1_004n }),
    );
    expect(timestamps(page)).toEqual([1_002n, 1_003n, 1_004n]);
  });

  it("looks up by hash, returning only archived hashes, and omits data when asked", () => {
    const archive = fill(5);
    const [first, , third] = archive.entries();
    const hashes = [third?.hash, new Uint8Array(32).fill(9), first?.hash].filter(
      (hash) => hash !== undefined,
    );
    const page = answerStoreQuery(archive, request({ messageHashes: hashes }));
    expect(page.messages.map((kv) => kv.messageHash)).toEqual([first?.hash, third?.hash]);
    const bare = answerStoreQuery(archive, request({ messageHashes: hashes, includeData: false }));
    expect(bare.messages.map((kv) => kv.message)).toEqual([undefined, undefined]);
  });

  it("refuses a hash lookup that carries a pubsub topic (a content-filter field), unless told to allow it", () => {
    const archive = fill(3);
    const hashes = archive.entries().map((entry) => entry.hash);
    for (const pubsubTopic of [TOPIC, ""]) {
      const mixed = answerStoreQuery(archive, request({ messageHashes: hashes, pubsubTopic }));
      expect(mixed).toMatchObject({
        statusCode: 400,
        statusDesc: "message hash lookups cannot carry a pubsub topic",
      });
      expect(mixed.messages).toEqual([]);
    }
    const allowed = answerStoreQuery(archive, request({ messageHashes: hashes, pubsubTopic: TOPIC }), {
      allowTopicInHashQueries: true,
    });
    expect(allowed.messages).toHaveLength(3);
  });

  it("caps the page size and uses the default for a zero limit", () => {
    const archive = fill(150);
    expect(answerStoreQuery(archive, request({ paginationLimit: 1_000n })).messages).toHaveLength(
      MAX_STORE_PAGE_SIZE,
    );
    expect(answerStoreQuery(archive, request({ paginationLimit: 0n })).messages).toHaveLength(
      DEFAULT_STORE_PAGE_SIZE,
    );
  });

  it.each([
    [
      "hashes with content topics",
      { messageHashes: [new Uint8Array(32)], pubsubTopic: TOPIC, contentTopics: [CHAT] },
    ],
    ["hashes with a time range", { messageHashes: [new Uint8Array(32)], timeStart: 1n }],
    ["a short hash", { messageHashes: [new Uint8Array(31)] }],
    ["content topics without a pubsub topic", { contentTopics: [CHAT] }],
    ["an unknown cursor", { paginationCursor: new Uint8Array(32) }],
    ["a short cursor", { paginationCursor: new Uint8Array(3) }],
  ])("answers 400 to %s", (_, fields) => {
    const page = answerStoreQuery(fill(3), request(fields));
    expect(page.statusCode).toBe(400);
    expect(page.statusDesc).toBeTruthy();
    expect(page.messages).toEqual([]);
  });

  it("returns every match exactly once in either direction for any page size (seed 11)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 25 }),
        fc.boolean(),
        (count, limit, forward) => {
          const archive = fill(count);
          fill(3, OTHER, archive);
          const pages = allPages(
            archive,
            request({
              pubsubTopic: TOPIC,
              contentTopics: [CHAT],
              paginationForward: forward,
              paginationLimit: BigInt(limit),
            }),
          );
          const seen = pages.flatMap(timestamps).sort((a, b) => Number((a ?? 0n) - (b ?? 0n)));
          expect(seen).toEqual(Array.from({ length: count }, (_, i) => BigInt(1_000 + i)));
        },
      ),
      { seed: 11, numRuns: 100 },
    );
  });
});
