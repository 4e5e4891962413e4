import type {
  Logger,
  PublishOptions,
  PublishResult,
  QueryRangeOptions,
  RetrievedPayload,
  RetrieveOptions,
  StoredPayload,
  TimeRange,
  Transport,
  TransportConnectivity,
  TransportListener,
} from "@reliable-channel/interfaces";
import {
  checkQueryRange,
  InvalidArgumentError,
  NotStartedError,
  PayloadTooLargeError,
  PermanentTransportError,
  silentLogger,
  TransientTransportError,
} from "@reliable-channel/interfaces";
import type { IDecodedMessage, QueryRequestParams } from "@waku/sdk";
import { waku } from "@waku/sdk";
import { resolveCodec, type WakuCodec } from "./codec.js";
import { Deadlines } from "./deadline.js";
import { sealEnvelope } from "./envelope.js";
import { hintOf } from "./message-hint.js";
import { gatesOf, type NodeGates } from "./node-gates.js";
import {
  DEFAULT_ENVELOPE_RESERVE_BYTES,
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_PUBLISH_TIMEOUT_MS,
  DEFAULT_QUERY_PAGE_SIZE,
  DEFAULT_RETRIEVE_TIMEOUT_MS,
  DEFAULT_STOP_TIMEOUT_MS,
  DEFAULT_STORE_LOOKUP_WINDOW_MS,
  STORE_RESPONSE_MAX_BYTES,
  type WakuTransportInit,
  type WakuTransportMode,
  type WakuTransportPeer,
  type WakuTransportStore,
} from "./options.js";
import { PeerConnectivity, requiredCodecs } from "./peer-connectivity.js";
import { queryRangePages } from "./range-query.js";
import { type RouteUnsubscribe, selectRoute, type WakuRoute } from "./route.js";
import { mapSendFailures } from "./send-failure.js";
import { type SharedLookups, sharedLookupsOf } from "./shared-lookups.js";
import { subscribeShared } from "./shared-subscriptions.js";
import type { WakuWireProfile } from "./spec-marker.js";

/** The transport returned by {@link wakuTransport}: the `Transport` port plus its Waku routing. */
export interface WakuTransport extends Transport {
  /** The content topic every payload is published on. */
  readonly contentTopic: string;
  /** The pubsub topic (shard) the content topic is routed on. */
  readonly pubsubTopic: string;
  /** Light push + filter, or relay. */
  readonly mode: WakuTransportMode;
  /**
   * The wire profile it is set for (`WakuTransportInit.wireProfile`): a channel of another profile refuses
   * it (`WireProfileMismatchError` from `createReliableChannel`).
   */
  readonly wireProfile: WakuWireProfile;
  /** The largest payload `publish` accepts: `maxMessageBytes - envelopeReserveBytes` (bytes). */
  readonly maxPayloadBytes: number;
  /**
   * Online while started and connected to a peer for each protocol of the mode (light push and filter, or
   * relay), after the node's libp2p `peer:identify` and `peer:disconnect` events; online while started
   * when the node does not expose `libp2p` and `getConnectedPeers`.
   */
  readonly connectivity: TransportConnectivity;
}

/**
 * A `Transport` over a `@waku/sdk` node: light push + filter (a `LightNode`) or relay, on one content
 * topic. Each publish encodes one envelope stamped with the current time and returns its Waku message
 * hash as the retrieval hint; `retrieve` and `queryRange` (present when the node has a store) are Store v3
 * queries, by hash and by content topic and time range. `connectivity` follows the node's peers.
 *
 * The node is the caller's: `start()` subscribes and `stop()` unsubscribes (ending the sdk's filter
 * intervals and listeners for this subscription); neither starts nor stops the node.
 *
 * @throws InvalidArgumentError when the options are inconsistent (missing protocols, topic mismatch)
 *
 * @example
 * ```ts
 * const node = await createLightNode({ networkConfig: { clusterId: 1, numShardsInCluster: 8 } });
 * await node.dial(serviceNodeMultiaddr);
 * await node.waitForPeers([Protocols.LightPush, Protocols.Filter, Protocols.Store]);
 * const transport = wakuTransport({ node, contentTopic: "/my-app/1/chat/proto" });
 * await transport.start();
 * transport.subscribe((bytes, { retrievalHint }) => console.log(bytes.length, retrievalHint));
 * const { retrievalHint } = await transport.publish(new TextEncoder().encode("hello"));
 * ```
 */
export function wakuTransport(init: WakuTransportInit): WakuTransport {
  const core = new WakuTransportCore(init);
  const { store } = init.node;
  const transport: WakuTransport = {
    contentTopic: init.contentTopic,
    pubsubTopic: core.pubsubTopic,
    mode: core.mode,
    wireProfile: init.wireProfile ?? "js-waku",
    maxPayloadBytes: core.maxPayloadBytes,
    ...(init.retention === undefined ? {} : { retention: init.retention }),
    start: () => core.start(),
    stop: () => core.stop(),
    publish: (bytes, options) => core.publish(bytes, options),
    subscribe: (listener) => core.subscribe(listener),
    connectivity: core.connectivity,
    ...(store === undefined
      ? {}
      : {
          retrieve: (hints, options) => core.retrieve(hints, options),
          queryRange: (range, options) => core.queryRange(store, range, options),
        }),
  };
  return Object.freeze(transport);
}

class WakuTransportCore {
  readonly #codec: WakuCodec;
  readonly #route: WakuRoute;
  readonly #listeners = new Set<TransportListener>();
  readonly #now: () => number;
  readonly #logger: Logger;
  readonly #maxMessageBytes: number;
  readonly #publishTimeoutMs: number;
  readonly #retrieveTimeoutMs: number;
  readonly #stopTimeoutMs: number;
  /** The deadlines of publishes, lookups and range query pages in flight (one shared timer). */
  readonly #deadlines = new Deadlines();
  readonly #connectivity: PeerConnectivity;
  /** The caller's node (a key of the state shared by the transports on it). */
  readonly #node: object;
  /** Requests in flight on the node, shared with every other transport on it. */
  readonly #gates: NodeGates;
  /** The node's hash lookups, shared by the transports on it (absent without a store). */
  readonly #lookups: SharedLookups | undefined;
  /** The node's connected peers, when it can tell. */
  readonly #peers: (() => Promise<readonly WakuTransportPeer[]>) | undefined;
  readonly maxPayloadBytes: number;
  /** What the transport exposes of its connectivity (not its start and stop). */
  readonly connectivity: TransportConnectivity;
  #lifecycle: Promise<void> = Promise.resolve();
  #running: { readonly unsubscribe: RouteUnsubscribe; readonly stopped: AbortController } | undefined;

  constructor(init: WakuTransportInit) {
    this.#codec = resolveCodec(init);
    this.#gates = gatesOf(init.node);
    this.#node = init.node;
    const { node } = init;
    this.#peers =
      node.getConnectedPeers === undefined
        ? undefined
        : () => node.getConnectedPeers?.() ?? Promise.resolve([]);
    this.#route = selectRoute(init.node, init.mode);
    this.#now = init.now ?? Date.now;
    this.#logger = init.logger ?? silentLogger;
    this.#maxMessageBytes = positive("maxMessageBytes", init.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES);
    const reserve = init.envelopeReserveBytes ?? DEFAULT_ENVELOPE_RESERVE_BYTES;
    this.maxPayloadBytes = positive(
      "maxMessageBytes - envelopeReserveBytes",
      this.#maxMessageBytes - reserve,
    );
    this.#publishTimeoutMs = positive(
      "publishTimeoutMs",
      init.publishTimeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS,
    );
    this.#retrieveTimeoutMs = positive(
      "retrieveTimeoutMs",
      init.retrieveTimeoutMs ?? DEFAULT_RETRIEVE_TIMEOUT_MS,
    );
    this.#stopTimeoutMs = positive("stopTimeoutMs", init.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS);
    const windowMs = init.storeLookupWindowMs ?? DEFAULT_STORE_LOOKUP_WINDOW_MS;
    if (!(Number.isFinite(windowMs) && windowMs >= 0))
      throw new InvalidArgumentError(
        `storeLookupWindowMs must be a non-negative number of ms, got ${windowMs}`,
      );
    this.#lookups =
      node.store === undefined
        ? undefined
        : sharedLookupsOf(node, { store: node.store, gate: this.#gates.store, windowMs });
    const connectivity = new PeerConnectivity(init.node, requiredCodecs(this.#route.mode), this.#logger);
    this.#connectivity = connectivity;
    const exposed: TransportConnectivity = {
      get online() {
        return connectivity.online;
      },
      onChange: (listener) => connectivity.onChange(listener),
    };
    this.connectivity = Object.freeze(exposed);
  }

  get pubsubTopic(): string {
    return this.#codec.encoder.pubsubTopic;
  }

  get mode(): WakuTransportMode {
    return this.#route.mode;
  }

  start(): Promise<void> {
    return this.#serially(async () => {
      if (this.#running !== undefined) return;
      const stopped = new AbortController();
      const onMessage = (message: IDecodedMessage | undefined): void => {
        if (!stopped.signal.aborted && message !== undefined) this.#deliver(message);
      };
      try {
        const { confirmed, unsubscribe } = await subscribeShared(
          this.#node,
          this.#subscriptionKey(),
          { route: this.#route, decoder: this.#codec.decoder },
          onMessage,
        );
        this.#running = { unsubscribe, stopped };
        await this.#connectivity.start();
        if (!confirmed) {
          this.#logger.warn(
            "no Waku peer confirmed the subscription yet; the sdk subscribes when one connects",
            {
              contentTopic: this.#codec.decoder.contentTopic,
            },
          );
        }
      } catch (error) {
        stopped.abort();
        throw new TransientTransportError("cannot subscribe to the Waku content topic", { cause: error });
      }
    });
  }

  stop(): Promise<void> {
    return this.#serially(async () => {
      const running = this.#running;
      if (running === undefined) return;
      this.#running = undefined;
      this.#connectivity.stop();
      running.stopped.abort(new NotStartedError("the Waku transport was stopped"));
      // Publishes and lookups in flight were just rejected; this also removes the shared deadline timer.
      this.#deadlines.clear(new NotStartedError("the Waku transport was stopped"));
      await this.#deadlines
        .run(running.unsubscribe(), {
          timeoutMs: this.#stopTimeoutMs,
          onTimeout: () => new TransientTransportError("the Waku unsubscribe did not answer in time"),
        })
        .catch((error: unknown) => {
          this.#logger.warn("Waku unsubscribe failed; the subscription is dropped locally", { error });
        });
      this.#deadlines.clear(undefined); // nothing is pending now: this removes the timer the unsubscribe armed
    });
  }

  subscribe(listener: TransportListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  async publish(bytes: Uint8Array, options: PublishOptions = {}): Promise<PublishResult> {
    const running = this.#running;
    if (running === undefined) throw new NotStartedError("the Waku transport is not started");
    if (!(bytes instanceof Uint8Array) || bytes.length === 0) {
      throw new PermanentTransportError("Waku refuses empty payloads; publish a non-empty Uint8Array");
    }
    if (bytes.length > this.maxPayloadBytes)
      throw new PayloadTooLargeError(bytes.length, this.maxPayloadBytes);
    // A copy: the caller may reuse its buffer as soon as publish returns, while the envelope is in flight.
    return this.#deadlines.run(this.#publishOnce(bytes.slice()), {
      timeoutMs: this.#publishTimeoutMs,
      signals: [options.signal, running.stopped.signal],
      onTimeout: () =>
        new TransientTransportError(`Waku publish timed out after ${this.#publishTimeoutMs} ms`),
    });
  }

  async retrieve(hints: readonly Uint8Array[], options: RetrieveOptions = {}): Promise<RetrievedPayload[]> {
    const running = this.#running;
    if (running === undefined) throw new NotStartedError("the Waku transport is not started");
    const lookups = this.#lookups;
    if (hints.length === 0 || lookups === undefined) return [];
    let cancelled = false;
    const peerId = await this.#storePeer();
    const { decoder, decoderKey } = this.#codec;
    const lookup = lookups.lookup({ hints, decoder, decoderKey, peerId, isCancelled: () => cancelled });
    try {
      return await this.#deadlines.run(lookup, {
        timeoutMs: this.#retrieveTimeoutMs,
        signals: [options.signal, running.stopped.signal],
        onTimeout: () =>
          new TransientTransportError(`Waku store lookup timed out after ${this.#retrieveTimeoutMs} ms`),
      });
    } finally {
      cancelled = true;
    }
  }

  queryRange(
    store: WakuTransportStore,
    range: TimeRange,
    options: QueryRangeOptions = {},
  ): AsyncIterable<readonly StoredPayload[]> {
    // A page must fit the one response frame the sdk reads, whatever page the caller asked for.
    const fits = Math.max(1, Math.floor(STORE_RESPONSE_MAX_BYTES / (this.#maxMessageBytes + 4096)));
    const pageSize = Math.min(checkQueryRange(range, options, DEFAULT_QUERY_PAGE_SIZE), fits);
    return { [Symbol.asyncIterator]: () => this.#queryRange(store, range, pageSize, options.signal) };
  }

  async *#queryRange(
    store: WakuTransportStore,
    range: TimeRange,
    pageSize: number,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<readonly StoredPayload[], void, undefined> {
    const running = this.#running;
    if (running === undefined) throw new NotStartedError("the Waku transport is not started");
    const bound = <T>(work: Promise<T>): Promise<T> =>
      this.#deadlines.run(work, {
        timeoutMs: this.#retrieveTimeoutMs,
        signals: [signal, running.stopped.signal],
        onTimeout: () =>
          new TransientTransportError(`a Waku store page took more than ${this.#retrieveTimeoutMs} ms`),
      });
    const release = await this.#gates.store.acquire();
    try {
      yield* queryRangePages({ store, decoder: this.#codec.decoder, pageSize, bound }, range);
    } finally {
      release();
    }
  }

  async #publishOnce(bytes: Uint8Array): Promise<PublishResult> {
    const sealed = await sealEnvelope(this.#codec.encoder, bytes, this.#now(), this.#codec.meta).catch(
      (error: unknown) => {
        throw new PermanentTransportError("the Waku encoder failed on this payload", { cause: error });
      },
    );
    if (sealed === undefined) throw new PermanentTransportError("the Waku encoder declined this payload");
    if (sealed.mayExceed(this.#maxMessageBytes)) {
      throw new PayloadTooLargeError(sealed.wireBytes(), this.#maxMessageBytes);
    }
    const release = await this.#gates.publish.acquire();
    const result = await this.#route
      .send(sealed.encoder, sealed.message)
      .catch((error: unknown) => {
        throw new TransientTransportError("the Waku send threw", { cause: error });
      })
      .finally(release);
    // The hash is computed now, once the message is on its way.
    if (result.successes.length > 0) return { retrievalHint: sealed.hash() };
    throw mapSendFailures(result.failures, sealed.wireBytes(), this.#maxMessageBytes);
  }

  /**
   * A connected peer that serves Store v3, for hash lookups (which carry no pubsub topic, by which the sdk
   * would otherwise choose); undefined when the node cannot tell, and the sdk chooses.
   */
  async #storePeer(): Promise<QueryRequestParams["peerId"]> {
    const peers = await this.#peers?.().catch(() => undefined);
    return peers?.find((peer) => peer.id !== undefined && peer.protocols.includes(waku.StoreCodec))?.id;
  }

  /** Transports on one node with the same key share one subscription (see `shared-subscriptions.ts`). */
  #subscriptionKey(): string {
    const { decoder, meta } = this.#codec;
    return [
      this.#route.mode,
      decoder.pubsubTopic,
      decoder.contentTopic,
      meta === undefined ? "" : "marked",
    ].join("\n");
  }

  #deliver(message: IDecodedMessage): void {
    if (message.contentTopic !== this.#codec.decoder.contentTopic) return;
    const meta = { retrievalHint: hintOf(message) };
    for (const listener of [...this.#listeners]) {
      try {
        listener(message.payload, meta);
      } catch (error) {
        this.#logger.error("a transport listener threw", { error });
      }
    }
  }

  #serially(step: () => Promise<void>): Promise<void> {
    const next = this.#lifecycle.then(step);
    this.#lifecycle = next.catch(() => undefined);
    return next;
  }
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(`${name} must be a positive number of bytes or ms, got ${value}`);
  }
  return value;
}
