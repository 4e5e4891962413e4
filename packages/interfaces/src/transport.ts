/**
 * What a publish carries, so that a transport decorator (a rate limit manager) can order and shed traffic:
 * - `content`: the first publish of a message (or segment) sent by the app;
 * - `retry`: a re-publish of an unacknowledged message (backoff, or the replay on reconnect);
 * - `repair`: an SDS-R repair response (a rebroadcast of someone's message);
 * - `sync`: a sync message (no content; causal history and bloom filter only);
 * - `ephemeral`: an ephemeral message (never retried, may be dropped).
 */
export type PublishKind = "content" | "retry" | "repair" | "sync" | "ephemeral";

/** Options of {@link Transport.publish}. */
export interface PublishOptions {
  /** Aborts the publish; the promise then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** What the bytes are; transports ignore it, decorators may order by it. Absent: `content`. */
  readonly kind?: PublishKind;
}

/** What a successful publish returns. */
export interface PublishResult {
  /**
   * How to fetch exactly these bytes later, e.g. the Waku message hash of the published envelope.
   * Absent when the transport has no store.
   */
  readonly retrievalHint?: Uint8Array;
}

/** Metadata that comes with received bytes. */
export interface IncomingMeta {
  /** The retrieval hint of these bytes, when the transport knows it. */
  readonly retrievalHint?: Uint8Array;
}

/** Receives every payload that arrives on the transport's topic (own publishes included, if echoed). */
export type TransportListener = (bytes: Uint8Array, meta: IncomingMeta) => void;

/** A payload fetched from the transport's store by its retrieval hint. */
export interface RetrievedPayload {
  /** The hint it was asked for (byte for byte one of the `hints` given to `retrieve`). */
  readonly retrievalHint: Uint8Array;
  /** The payload exactly as it was published. */
  readonly bytes: Uint8Array;
}

/** Options of {@link Transport.retrieve}. */
export interface RetrieveOptions {
  /** Aborts the retrieval; the promise then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** Receives connectivity changes: `true` when the transport came online, `false` when it went offline. */
export type ConnectivityListener = (online: boolean) => void;

/**
 * Whether a transport can currently publish and receive, and when that changes. A transport derives it from
 * what it knows: the Waku adapter from the sdk's peers for the protocols it uses, the memory network from
 * a peer's offline state.
 */
export interface TransportConnectivity {
  /** Whether the transport is started and can publish and receive right now. */
  readonly online: boolean;
  /**
   * Calls `listener` on every change of {@link TransportConnectivity.online} (never twice in a row with the
   * same value); returns the function that unsubscribes it.
   */
  onChange(listener: ConnectivityListener): () => void;
}

/** A time range of a store query, in ms of the transport's clock; both ends inclusive. */
export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

/** A payload found by {@link Transport.queryRange}. */
export interface StoredPayload extends RetrievedPayload {
  /** When the store received it (ms of the transport's clock). */
  readonly storedAt: number;
}

/** Options of {@link Transport.queryRange}. */
export interface QueryRangeOptions {
  /** Aborts the query; the iteration then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Payloads per page (a hint; the store may return fewer). */
  readonly pageSize?: number;
}

/**
 * The transport port: a broadcast topic shared by a channel's participants.
 *
 * Contract (checked by `@reliable-channel/compliance`):
 * - `start()` and `stop()` are idempotent; after `stop()` no listener is called and no timer is left.
 * - `publish` rejects with a `TransportError`: `permanent` (never retried: too large, invalid) or transient.
 *   It rejects with `NotStartedError` before `start()` and after `stop()`.
 * - `subscribe` registers a listener and returns its unsubscribe function; listeners registered before
 *   `start()` receive from the moment the transport starts.
 * - `retrieve`, where present, returns the stored payloads among `hints` (unknown hints are left out).
 * - `queryRange`, where present, yields every stored payload of the topic whose `storedAt` lies in the
 *   range, page by page, oldest first, each payload once.
 * - `connectivity`, where present, says whether the transport can publish and receive now; it is `false`
 *   before `start()` and after `stop()`. A transport without it is taken as online while started.
 */
export interface Transport {
  /** Connects and starts delivering to listeners. Idempotent. */
  start(): Promise<void>;
  /** Stops delivering and releases timers and connections. Idempotent; `start()` may follow (reconnect). */
  stop(): Promise<void>;
  /**
   * Broadcasts `bytes` on the topic; resolves once the transport accepted them, with the retrieval hint
   * when it has a store.
   */
  publish(bytes: Uint8Array, options?: PublishOptions): Promise<PublishResult>;
  /** Calls `listener` for every payload received; returns the function that unsubscribes it. */
  subscribe(listener: TransportListener): () => void;
  /** Fetches stored payloads by retrieval hint (a store lookup); only transports with a store have it. */
  retrieve?(hints: readonly Uint8Array[], options?: RetrieveOptions): Promise<RetrievedPayload[]>;
  /**
   * Every stored payload of the topic published in `range`, page by page, oldest first (a store query by
   * content topic and time range, as Store v3 does); only transports with a store have it. Rejects with a
   * `TransportError` when the store cannot be reached.
   */
  queryRange?(range: TimeRange, options?: QueryRangeOptions): AsyncIterable<readonly StoredPayload[]>;
  /** Whether the transport can publish and receive now, and when that changes; absent when unknown. */
  readonly connectivity?: TransportConnectivity;
  /** How long (ms) the transport's store keeps a payload; absent when unknown or there is no store. */
  readonly retention?: number;
  /** The largest payload (bytes) `publish` accepts; larger ones fail with `PayloadTooLargeError`. */
  readonly maxPayloadBytes?: number;
  /**
   * The channel wire profile (`"js-waku"`, `"nim-sds"`) the transport is set for, when what it does depends
   * on it (the Waku adapter marks and filters nim-sds envelopes); a channel of another profile refuses the
   * transport at creation. Absent: any profile. A decorator passes its inner transport's on.
   */
  readonly wireProfile?: string;
}
