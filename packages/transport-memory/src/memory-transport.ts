import {
  type Clock,
  checkQueryRange,
  NotStartedError,
  PayloadTooLargeError,
  PermanentTransportError,
  type PublishOptions,
  type PublishResult,
  type QueryRangeOptions,
  type RetrievedPayload,
  type RetrieveOptions,
  type StoredPayload,
  type TimeRange,
  type Transport,
  type TransportConnectivity,
  type TransportListener,
} from "@reliable-channel/interfaces";
import { DEFAULT_QUERY_PAGE_SIZE } from "./defaults.js";
import { LookupBatch } from "./lookup-batch.js";
import { MemoryConnectivity } from "./memory-connectivity.js";
import { PendingRequests } from "./pending-requests.js";
import { queryPages } from "./query-range.js";

/**
 * One peer's {@link Transport} on a memory network (from `network.join`). It always has a store:
 * `retrieve`, `queryRange` and `retention` are present, and every publish returns a 32-byte retrieval hint
 * (sha256). It always knows its `connectivity`.
 */
export interface MemoryTransport extends Transport {
  /** The id it joined the network with. */
  readonly peerId: string;
  /** Whether it is started (between `start()` and `stop()`). */
  readonly started: boolean;
  /** How long (ms) the network's store keeps a payload. */
  readonly retention: number;
  /** The largest payload (bytes) `publish` accepts. */
  readonly maxPayloadBytes: number;
  /**
   * Whether the transport is online: started and its peer not taken offline (`network.setOffline`).
   * `onChange` fires synchronously inside `start()`, `stop()` and `setOffline` when the value changes, and
   * only then. A partition does not take a peer offline: the store stays reachable, so it stays online.
   */
  readonly connectivity: TransportConnectivity;
  retrieve(hints: readonly Uint8Array[], options?: RetrieveOptions): Promise<RetrievedPayload[]>;
  /**
   * Every payload in the network's store whose `storedAt` (the virtual time of its last publish) lies in
   * `range`, both ends inclusive, oldest first, `pageSize` per page (default `DEFAULT_QUERY_PAGE_SIZE`).
   * Each page is one store request, answered like `retrieve`: after `retrieveDelayMs` of virtual time,
   * failing with a `TransientTransportError` while the peer is offline or with a `failNextRetrieve` fault,
   * with `NotStartedError` when not started or stopped meanwhile, with the signal's reason on abort. The
   * matches are collected at the first page (a snapshot), so publishes during the iteration do not show up
   * and nothing is yielded twice; a republish of identical bytes refreshes `storedAt`. No match, no page.
   * Each iteration of the returned iterable is a new query.
   * @throws InvalidArgumentError when `pageSize` is not a positive integer or a range end is `NaN`.
   */
  queryRange(range: TimeRange, options?: QueryRangeOptions): AsyncIterable<readonly StoredPayload[]>;
}

/** What a memory transport asks of its network (internal). */
export interface NetworkPort {
  readonly retention: number;
  readonly maxPayloadBytes: number;
  /** Stores and fans out `bytes`; returns the retrieval hint. Throws a `TransportError` on an injected fault. */
  publish(from: string, bytes: Uint8Array): Uint8Array;
  /** Looks `hints` up in the store. Throws a `TransportError` on an injected fault. */
  retrieve(from: string, hints: readonly Uint8Array[]): RetrievedPayload[];
  /** Checks that `from` can make one store request. Throws a `TransportError` when offline or on an injected fault. */
  reachStore(from: string): void;
  /** The store's payloads stored in `range`, oldest first (the store's own: copy before handing them out). */
  storedIn(range: TimeRange): readonly StoredPayload[];
  /** Whether `peerId` was taken offline. */
  isOffline(peerId: string): boolean;
  /** The transport stopped: drop everything in flight to it. */
  stopped(peerId: string): void;
  /** The network's clock. */
  readonly clock: Clock;
  /** How long (ms) a publish takes before it reaches the network. */
  readonly publishDelayMs: number;
  /** How long (ms) a retrieval takes. */
  readonly retrieveDelayMs: number;
  /** How long (ms) `retrieve` collects lookups for one store request; 0: each lookup is its own. */
  readonly storeLookupWindowMs: number;
}

/** Creates the transport of `peerId` on `network` (called by `MemoryNetwork.join`). */
export function createMemoryTransport(peerId: string, network: NetworkPort): MemoryTransport & Deliverable {
  return new MemoryPeerTransport(peerId, network);
}

/** The network's side of a transport: hand it received bytes (internal). */
export interface Deliverable {
  /** Hands `bytes` (published with `retrievalHint`) to every listener, each a copy; no-op when stopped. */
  deliver(bytes: Uint8Array, retrievalHint: Uint8Array): void;
  /** How many of its publishes and retrievals are under way (taking virtual time). */
  readonly requestsUnderWay: number;
  /** Its peer went offline or came back: tell the connectivity listeners, if that changed `online`. */
  offlineChanged(): void;
}

class MemoryPeerTransport implements MemoryTransport, Deliverable {
  readonly peerId: string;
  readonly #network: NetworkPort;
  readonly #listeners = new Set<TransportListener>();
  readonly #requests: PendingRequests;
  readonly #connectivity: MemoryConnectivity;
  /** The lookups collected for one store request (see `storeLookupWindowMs`). */
  readonly #batch = new LookupBatch(async (hints) => {
    await this.#storeRequest(undefined);
    return this.#network.retrieve(this.peerId, hints);
  });
  #started = false;

  constructor(peerId: string, network: NetworkPort) {
    this.peerId = peerId;
    this.#network = network;
    this.#requests = new PendingRequests(network.clock);
    this.#connectivity = new MemoryConnectivity(() => this.#started && !network.isOffline(peerId));
  }

  get connectivity(): TransportConnectivity {
    return this.#connectivity;
  }

  get started(): boolean {
    return this.#started;
  }

  get requestsUnderWay(): number {
    return this.#requests.size;
  }

  get retention(): number {
    return this.#network.retention;
  }

  get maxPayloadBytes(): number {
    return this.#network.maxPayloadBytes;
  }

  async start(): Promise<void> {
    this.#started = true;
    this.#connectivity.update();
  }

  async stop(): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    this.#requests.rejectAll(() => new NotStartedError(`transport of peer "${this.peerId}" stopped`));
    this.#network.stopped(this.peerId);
    this.#connectivity.update();
  }

  offlineChanged(): void {
    this.#connectivity.update();
  }

  async publish(bytes: Uint8Array, options: PublishOptions = {}): Promise<PublishResult> {
    options.signal?.throwIfAborted();
    this.#assertStarted();
    if (!(bytes instanceof Uint8Array)) throw new PermanentTransportError("payload must be a Uint8Array");
    if (bytes.length > this.maxPayloadBytes)
      throw new PayloadTooLargeError(bytes.length, this.maxPayloadBytes);
    const delay = this.#network.publishDelayMs;
    if (delay === 0) return { retrievalHint: this.#network.publish(this.peerId, bytes) };
    const copy = bytes.slice(); // the caller may reuse its buffer while the publish is under way
    await this.#requests.wait(delay, options.signal);
    return { retrievalHint: this.#network.publish(this.peerId, copy) };
  }

  async retrieve(hints: readonly Uint8Array[], options: RetrieveOptions = {}): Promise<RetrievedPayload[]> {
    const window = this.#network.storeLookupWindowMs;
    if (window === 0) {
      await this.#storeRequest(options.signal);
      return this.#network.retrieve(this.peerId, hints);
    }
    options.signal?.throwIfAborted();
    this.#assertStarted();
    return this.#batch.lookup(hints, () => this.#requests.wait(window), options.signal);
  }

  queryRange(range: TimeRange, options: QueryRangeOptions = {}): AsyncIterable<readonly StoredPayload[]> {
    const pageSize = checkQueryRange(range, options, DEFAULT_QUERY_PAGE_SIZE);
    const { signal } = options;
    const request = async (): Promise<void> => {
      await this.#storeRequest(signal);
      this.#network.reachStore(this.peerId);
    };
    return {
      [Symbol.asyncIterator]: () => queryPages(request, () => this.#network.storedIn(range), pageSize),
    };
  }

  /** The time one store request takes: rejects when not started, on abort, or when stopped meanwhile. */
  async #storeRequest(signal: AbortSignal | undefined): Promise<void> {
    signal?.throwIfAborted();
    this.#assertStarted();
    const delay = this.#network.retrieveDelayMs;
    if (delay > 0) await this.#requests.wait(delay, signal);
  }

  #assertStarted(): void {
    if (!this.#started) throw new NotStartedError(`transport of peer "${this.peerId}" is not started`);
  }

  subscribe(listener: TransportListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  deliver(bytes: Uint8Array, retrievalHint: Uint8Array): void {
    if (!this.#started) return;
    const listeners = this.#listeners.size === 1 ? this.#listeners : [...this.#listeners];
    for (const listener of listeners) {
      try {
        // Each listener gets its own copy, so one cannot corrupt what another (or the store) holds.
        listener(bytes.slice(), { retrievalHint: retrievalHint.slice() });
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
