import type { UniformLatency } from "./latency.js";

/** How long the store keeps a payload, like nwaku's default store retention of two days. @default 172_800_000 (ms) */
export const DEFAULT_RETENTION_MS = 172_800_000;

/** The largest payload `publish` accepts: Waku's default maximum message size, 150 KiB. @default 153_600 (bytes) */
export const DEFAULT_MAX_PAYLOAD_BYTES = 153_600;

/** Delivery latency: uniform between 10 and 50 ms. @default { minMs: 10, maxMs: 50 } (ms) */
export const DEFAULT_LATENCY: UniformLatency = Object.freeze({ minMs: 10, maxMs: 50 });

/** Probability that one delivery (one publish to one peer) is lost. @default 0 (probability) */
export const DEFAULT_LOSS = 0;

/** Probability that one delivery arrives twice (the copy with its own latency). @default 0 (probability) */
export const DEFAULT_DUPLICATION = 0;

/** Probability that one delivery is held back by an extra delay, so later ones overtake it. @default 0 (probability) */
export const DEFAULT_REORDER = 0;

/** The extra delay of a reordered delivery is drawn uniformly from [0, this). @default 500 (ms) */
export const DEFAULT_REORDER_DELAY_MS = 500;

/** Whether a publisher receives its own messages (as a Waku light node does through filter). @default true */
export const DEFAULT_ECHO = true;

/**
 * How long a publish takes before it reaches the network (like a light-push round trip); during it the
 * publish can be aborted, and `stop()` rejects it. 0 resolves at once. @default 0 (ms)
 */
export const DEFAULT_PUBLISH_DELAY_MS = 0;

/** How long a retrieval (store query) takes; it can be aborted meanwhile. 0 resolves at once. @default 0 (ms) */
export const DEFAULT_RETRIEVE_DELAY_MS = 0;

/**
 * How long (virtual ms) a transport's `retrieve` collects the lookups made on it before one store request
 * answers them all (the channels of a peer that share its transport share their lookups). 0: every lookup is
 * its own request. @default 0 (ms)
 */
export const DEFAULT_STORE_LOOKUP_WINDOW_MS = 0;

/** How many payloads one page of `queryRange` holds when the caller gives no `pageSize`. @default 100 (payloads) */
export const DEFAULT_QUERY_PAGE_SIZE = 100;
