/** Options of {@link Transport.publish}. */
export interface PublishOptions {
  /** Aborts the publish; the promise then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
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
  /** How long (ms) the transport's store keeps a payload; absent when unknown or there is no store. */
  readonly retention?: number;
  /** The largest payload (bytes) `publish` accepts; larger ones fail with `PayloadTooLargeError`. */
  readonly maxPayloadBytes?: number;
}
