import type {
  Logger,
  PublishOptions,
  PublishResult,
  RetrievedPayload,
  RetrieveOptions,
  Transport,
  TransportListener,
} from "@reliable-channel/interfaces";
import {
  InvalidArgumentError,
  NotStartedError,
  PayloadTooLargeError,
  PermanentTransportError,
  TransientTransportError,
} from "@reliable-channel/interfaces";
import type { IDecodedMessage, IProtoMessage } from "@waku/sdk";
import { resolveCodec, type WakuCodec } from "./codec.js";
import { Deadlines, withDeadline } from "./deadline.js";
import { sealEnvelope } from "./envelope.js";
import { wakuMessageHash } from "./message-hash.js";
import {
  DEFAULT_ENVELOPE_RESERVE_BYTES,
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_PUBLISH_TIMEOUT_MS,
  DEFAULT_RETRIEVE_TIMEOUT_MS,
  DEFAULT_STOP_TIMEOUT_MS,
  type WakuTransportInit,
  type WakuTransportMode,
  type WakuTransportStore,
} from "./options.js";
import { type RouteUnsubscribe, selectRoute, type WakuRoute } from "./route.js";
import { mapSendFailures } from "./send-failure.js";
import { silentLogger } from "./silent-logger.js";
import { lookupByHash } from "./store-lookup.js";

/** The transport returned by {@link wakuTransport}: the `Transport` port plus its Waku routing. */
export interface WakuTransport extends Transport {
  /** The content topic every payload is published on. */
  readonly contentTopic: string;
  /** The pubsub topic (shard) the content topic is routed on. */
  readonly pubsubTopic: string;
  /** Light push + filter, or relay. */
  readonly mode: WakuTransportMode;
  /** The largest payload `publish` accepts: `maxMessageBytes - envelopeReserveBytes` (bytes). */
  readonly maxPayloadBytes: number;
}

/**
 * A `Transport` over a `@waku/sdk` node: light push + filter (a `LightNode`) or relay, on one content
 * topic. Each publish encodes one envelope stamped with the current time and returns its Waku message
 * hash as the retrieval hint; `retrieve` (present when the node has a store) is a Store v3 hash lookup.
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
    maxPayloadBytes: core.maxPayloadBytes,
    ...(init.retention === undefined ? {} : { retention: init.retention }),
    start: () => core.start(),
    stop: () => core.stop(),
    publish: (bytes, options) => core.publish(bytes, options),
    subscribe: (listener) => core.subscribe(listener),
    ...(store === undefined ? {} : { retrieve: (hints, options) => core.retrieve(store, hints, options) }),
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
  /** The deadlines of publishes and lookups in flight (one shared timer). */
  readonly #deadlines = new Deadlines();
  readonly maxPayloadBytes: number;
  #lifecycle: Promise<void> = Promise.resolve();
  #running: { readonly unsubscribe: RouteUnsubscribe; readonly stopped: AbortController } | undefined;

  constructor(init: WakuTransportInit) {
    this.#codec = resolveCodec(init);
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
        const { confirmed, unsubscribe } = await this.#route.subscribe(this.#codec.decoder, onMessage);
        this.#running = { unsubscribe, stopped };
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
      running.stopped.abort(new NotStartedError("the Waku transport was stopped"));
      // Publishes and lookups in flight were just rejected; this also removes the shared deadline timer.
      this.#deadlines.clear(new NotStartedError("the Waku transport was stopped"));
      await withDeadline(running.unsubscribe(), {
        timeoutMs: this.#stopTimeoutMs,
        onTimeout: () => new TransientTransportError("the Waku unsubscribe did not answer in time"),
      }).catch((error: unknown) => {
        this.#logger.warn("Waku unsubscribe failed; the subscription is dropped locally", { error });
      });
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

  async retrieve(
    store: WakuTransportStore,
    hints: readonly Uint8Array[],
    options: RetrieveOptions = {},
  ): Promise<RetrievedPayload[]> {
    const running = this.#running;
    if (running === undefined) throw new NotStartedError("the Waku transport is not started");
    if (hints.length === 0) return [];
    let cancelled = false;
    const lookup = lookupByHash(store, this.#codec.decoder, hints, () => cancelled);
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

  async #publishOnce(bytes: Uint8Array): Promise<PublishResult> {
    const sealed = await sealEnvelope(this.#codec.encoder, bytes, this.#now()).catch((error: unknown) => {
      throw new PermanentTransportError("the Waku encoder failed on this payload", { cause: error });
    });
    if (sealed === undefined) throw new PermanentTransportError("the Waku encoder declined this payload");
    if (sealed.mayExceed(this.#maxMessageBytes)) {
      throw new PayloadTooLargeError(sealed.wireBytes(), this.#maxMessageBytes);
    }
    const result = await this.#route.send(sealed.encoder, sealed.message).catch((error: unknown) => {
      throw new TransientTransportError("the Waku send threw", { cause: error });
    });
    // The hash is computed now, once the message is on its way.
    if (result.successes.length > 0) return { retrievalHint: sealed.hash() };
    throw mapSendFailures(result.failures, sealed.wireBytes(), this.#maxMessageBytes);
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

/**
 * The Waku message hash of a received message: computed here from the envelope's wire fields (the sdk's
 * decoded messages keep them in `proto`), with the runtime's native SHA-256; the sdk's own `hash` getter
 * (JavaScript SHA-256, slow on a cold path) only for a message without them, or without a timestamp, which
 * the sdk leaves out of the hash when it is 0.
 */
function hintOf(message: IDecodedMessage): Uint8Array {
  const proto = (message as { readonly proto?: Partial<IProtoMessage> }).proto;
  const timestamp = proto?.timestamp;
  if (
    proto?.payload instanceof Uint8Array &&
    typeof proto.contentTopic === "string" &&
    typeof timestamp === "bigint" &&
    timestamp !== 0n
  ) {
    const { payload, contentTopic, meta } = proto;
    return wakuMessageHash(message.pubsubTopic, { payload, contentTopic, timestamp, meta });
  }
  return message.hash;
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(`${name} must be a positive number of bytes or ms, got ${value}`);
  }
  return value;
}
