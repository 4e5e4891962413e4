import {
  type Clock,
  NotStartedError,
  PayloadTooLargeError,
  PermanentTransportError,
  type PublishOptions,
  type PublishResult,
  type RetrievedPayload,
  type RetrieveOptions,
  type Transport,
  type TransportListener,
} from "@reliable-channel/interfaces";
import { PendingRequests } from "./pending-requests.js";

/**
 * One peer's {@link Transport} on a memory network (from `network.join`). It always has a store:
 * `retrieve` and `retention` are present, and every publish returns a 32-byte retrieval hint (sha256).
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
  retrieve(hints: readonly Uint8Array[], options?: RetrieveOptions): Promise<RetrievedPayload[]>;
}

/** What a memory transport asks of its network (internal). */
export interface NetworkPort {
  readonly retention: number;
  readonly maxPayloadBytes: number;
  /** Stores and fans out `bytes`; returns the retrieval hint. Throws a `TransportError` on an injected fault. */
  publish(from: string, bytes: Uint8Array): Uint8Array;
  /** Looks `hints` up in the store. Throws a `TransportError` on an injected fault. */
  retrieve(from: string, hints: readonly Uint8Array[]): RetrievedPayload[];
  /** The transport stopped: drop everything in flight to it. */
  stopped(peerId: string): void;
  /** The network's clock. */
  readonly clock: Clock;
  /** How long (ms) a publish takes before it reaches the network. */
  readonly publishDelayMs: number;
  /** How long (ms) a retrieval takes. */
  readonly retrieveDelayMs: number;
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
}

class MemoryPeerTransport implements MemoryTransport, Deliverable {
  readonly peerId: string;
  readonly #network: NetworkPort;
  readonly #listeners = new Set<TransportListener>();
  readonly #requests: PendingRequests;
  #started = false;

  constructor(peerId: string, network: NetworkPort) {
    this.peerId = peerId;
    this.#network = network;
    this.#requests = new PendingRequests(network.clock);
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
  }

  async stop(): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    this.#requests.rejectAll(() => new NotStartedError(`transport of peer "${this.peerId}" stopped`));
    this.#network.stopped(this.peerId);
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
    options.signal?.throwIfAborted();
    this.#assertStarted();
    const delay = this.#network.retrieveDelayMs;
    if (delay > 0) await this.#requests.wait(delay, options.signal);
    return this.#network.retrieve(this.peerId, hints);
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
