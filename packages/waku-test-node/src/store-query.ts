import type { proto_store } from "@waku/proto";
import { type ArchivedMessage, compareArchived, type WakuArchive } from "./archive.js";

/** Store v3 status codes used by this node (nwaku's). */
export const StoreStatus = {
  OK: 200,
  BAD_REQUEST: 400,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
} as const;

/** Page size when the request sets none: nwaku's and @waku/core's. @default 20 (messages) */
export const DEFAULT_STORE_PAGE_SIZE = 20;

/** Largest page served; bigger limits are capped, as nwaku does. @default 100 (messages) */
export const MAX_STORE_PAGE_SIZE = 100;

const HASH_LENGTH = 32;

type Request = proto_store.StoreQueryRequest;
type Response = proto_store.StoreQueryResponse;

function badRequest(requestId: string, statusDesc: string): Response {
  return { requestId, statusCode: StoreStatus.BAD_REQUEST, statusDesc, messages: [] };
}

/** Options of {@link answerStoreQuery}. */
export interface StoreQueryRules {
  /**
   * Accept a pubsub topic beside message hashes (the store spec forbids any content-filter field in a hash
   * lookup; nwaku may answer 400). @default false
   */
  readonly allowTopicInHashQueries?: boolean;
}

/** Why the request is malformed, or `undefined` when it is acceptable. */
function validate(request: Request, rules: StoreQueryRules): string | undefined {
  const isHashQuery = request.messageHashes.length > 0;
  if (
    isHashQuery &&
    (request.contentTopics.length > 0 || request.timeStart !== undefined || request.timeEnd !== undefined)
  ) {
    return "message hash lookups cannot be combined with content topics or a time range";
  }
  if (isHashQuery && request.pubsubTopic !== undefined && rules.allowTopicInHashQueries !== true) {
    return "message hash lookups cannot carry a pubsub topic";
  }
  if (request.messageHashes.some((hash) => hash.length !== HASH_LENGTH))
    return "message hashes must be 32 bytes";
  if (!isHashQuery && request.contentTopics.length > 0 && !request.pubsubTopic) {
    return "content topics require a pubsub topic";
  }
  if (request.paginationCursor !== undefined && request.paginationCursor.length !== HASH_LENGTH) {
    return "the pagination cursor must be a 32-byte message hash";
  }
  return undefined;
}

/** The archived messages the request selects, in archive order (timestamp, then hash). */
function select(archive: WakuArchive, request: Request): ArchivedMessage[] {
  if (request.messageHashes.length > 0) {
    const found = new Map<string, ArchivedMessage>();
    for (const hash of request.messageHashes) {
      const entry = archive.get(hash);
      if (entry !== undefined) found.set(entry.hashHex, entry);
    }
    return [...found.values()].sort(compareArchived);
  }
  const topics = new Set(request.contentTopics);
  const { pubsubTopic, timeStart, timeEnd } = request;
  return archive
    .entries()
    .filter(
      (entry) =>
        (!pubsubTopic || entry.pubsubTopic === pubsubTopic) &&
        (topics.size === 0 || topics.has(entry.message.contentTopic)) &&
        (timeStart === undefined || entry.timestamp >= timeStart) &&
        (timeEnd === undefined || entry.timestamp <= timeEnd),
    );
}

function pageSize(request: Request): number {
  const limit = request.paginationLimit;
  if (limit === undefined || limit <= 0n) return DEFAULT_STORE_PAGE_SIZE;
  return Number(limit > BigInt(MAX_STORE_PAGE_SIZE) ? BigInt(MAX_STORE_PAGE_SIZE) : limit);
}

function toKeyValue(entry: ArchivedMessage, includeData: boolean): proto_store.WakuMessageKeyValue {
  return includeData
    ? { messageHash: entry.hash, message: entry.message, pubsubTopic: entry.pubsubTopic }
    : { messageHash: entry.hash };
}

/**
 * Answers a Store v3 query from `archive` (pure: no I/O, no clock).
 *
 * Results are ordered by (timestamp, hash) and every page is in ascending order whatever the direction.
 * Forward pages start after the cursor (or at the oldest match), backward pages end before it (or at the
 * newest). `paginationCursor` is set when more results lie beyond the page, to the hash of its last
 * (forward) or first (backward) message. A cursor that is not in the archive is a 400, as in nwaku. A hash
 * lookup with a content-filter field (content topics, a time range, or — unless `rules` allow it — a pubsub
 * topic) is a 400, as the store spec says.
 */
export function answerStoreQuery(
  archive: WakuArchive,
  request: Request,
  rules: StoreQueryRules = {},
): Response {
  const { requestId } = request;
  const problem = validate(request, rules);
  if (problem !== undefined) return badRequest(requestId, problem);
  const matches = select(archive, request);
  let start = 0;
  let end = matches.length;
  if (request.paginationCursor !== undefined) {
    const cursor = archive.get(request.paginationCursor);
    if (cursor === undefined) return badRequest(requestId, "cursor not found");
    const index = matches.findIndex(
      (entry) =>
        entry.timestamp > cursor.timestamp ||
        (entry.timestamp === cursor.timestamp && entry.hashHex > cursor.hashHex),
    );
    const firstAfter = index === -1 ? matches.length : index;
    if (request.paginationForward) start = firstAfter;
    else end = matches[firstAfter - 1]?.hashHex === cursor.hashHex ? firstAfter - 1 : firstAfter;
  }
  const size = pageSize(request);
  const page = request.paginationForward
    ? matches.slice(start, start + size)
    : matches.slice(Math.max(start, end - size), end);
  const more = request.paginationForward ? start + size < end : end - size > start;
  const edge = request.paginationForward ? page[page.length - 1] : page[0];
  const response: Response = {
    requestId,
    statusCode: StoreStatus.OK,
    statusDesc: "OK",
    messages: page.map((entry) => toKeyValue(entry, request.includeData)),
  };
  return more && edge !== undefined ? { ...response, paginationCursor: edge.hash } : response;
}
