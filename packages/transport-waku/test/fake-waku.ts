import { peerIdFromString } from "@libp2p/peer-id";
import { bytesToHex } from "@noble/hashes/utils";
import type {
  Callback,
  CreateDecoderParams,
  CreateEncoderParams,
  IDecodedMessage,
  IDecoder,
  IEncoder,
  IFilter,
  ILightPush,
  IMessage,
  IProtoMessage,
  IRelay,
  ISendOptions,
  LightPushError,
  LightPushSDKResult,
  QueryRequestParams,
} from "@waku/sdk";
import { createDecoder, createEncoder, utils, waku } from "@waku/sdk";
import type { WakuTransportNode, WakuTransportStore } from "../src/index.js";
import { FakePeers, SERVICE_PROTOCOLS } from "./fake-peers.js";

/** A peer id for the fake service node. */
export const FAKE_PEER: LightPushSDKResult["successes"][number] = peerIdFromString(
  "12D3KooWNmk9yXHfHJ4rUduRqD1TCTHkNFMPF9WP2dqWpZDL4aUb",
);
/** The network config of the fake (auto sharding on cluster 1, like the test node). */
export const FAKE_NETWORK = { clusterId: 1, numShardsInCluster: 8 } as const;

type Deliver = (pubsubTopic: string, proto: IProtoMessage) => Promise<void>;

/** One envelope as the fake service node received it. */
export interface Received {
  readonly pubsubTopic: string;
  readonly proto: IProtoMessage;
  /** js-waku's own messageHash of what arrived (independent of ours). */
  readonly hashHex: string;
}

/** A deferred: a promise plus its resolver. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/**
 * An in-process stand-in for a Waku service node, typed to the sdk's interfaces: light push stores and
 * fans out to filter subscribers, the store answers hash and time-range queries, and `peers` are the node's
 * connected peers. Faults and gates are plain fields.
 */
export class FakeWakuNetwork {
  readonly received: Received[] = [];
  readonly sendOptions: (ISendOptions | undefined)[] = [];
  readonly storeQueries: Partial<QueryRequestParams>[] = [];
  readonly subscribedDecoders: IDecoder<IDecodedMessage>[] = [];
  readonly unsubscribedDecoders: IDecoder<IDecodedMessage>[] = [];
  readonly archive = new Map<string, Received>();
  /** Each send takes the next entry: failures to report instead of accepting. */
  readonly failNextSends: LightPushError[][] = [];
  /** When set, sends wait for it before answering. */
  sendGate: Promise<void> | undefined;
  /** When set, unsubscribes wait for it. */
  unsubscribeGate: Promise<void> | undefined;
  /** What filter.subscribe answers. */
  subscribeConfirms = true;
  /** When set, sends throw it. */
  sendThrows: Error | undefined;
  /** When set, store queries throw it. */
  storeThrows: Error | undefined;
  /** When set, every page of a time-range store query waits for it. */
  storePageGate: Promise<void> | undefined;
  /** Pages of time-range queries served so far. */
  storePagesServed = 0;
  /** Time-range store queries not finished or closed yet. */
  openStoreQueries = 0;
  /** The node's peers: one service peer with every protocol, connected from the start. */
  readonly peers = new FakePeers();
  /** Pushes to drop (filter) before delivering again. */
  dropPushes = 0;
  readonly #subscribers = new Map<object, Deliver>();
  readonly #inFlight = new Set<Promise<void>>();

  constructor() {
    this.peers.preset("service", SERVICE_PROTOCOLS);
  }

  get subscriberCount(): number {
    return this.#subscribers.size;
  }

  async accept(encoder: IEncoder, message: IMessage): Promise<LightPushSDKResult> {
    if (this.sendGate !== undefined) await this.sendGate;
    if (this.sendThrows !== undefined) throw this.sendThrows;
    const failures = this.failNextSends.shift();
    if (failures !== undefined) {
      return { successes: [], failures: failures.map((error) => ({ error, peerId: FAKE_PEER })) };
    }
    const proto = await encoder.toProtoObj(message);
    if (proto === undefined) return { successes: [], failures: [] };
    const pubsubTopic = encoder.pubsubTopic;
    const hashHex = waku.messageHashStr(pubsubTopic, proto);
    const entry = { pubsubTopic, proto, hashHex };
    this.received.push(entry);
    this.archive.set(hashHex, entry);
    // Like a real service node: acknowledge the push now, fan it out to filter subscribers a moment later.
    const delivery = new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
      this.#push(pubsubTopic, proto),
    );
    this.#inFlight.add(delivery);
    void delivery.finally(() => this.#inFlight.delete(delivery));
    return { successes: [FAKE_PEER], failures: [] };
  }

  /** Resolves once every accepted message has been fanned out (or dropped). */
  async settle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
  }

  async #push(pubsubTopic: string, proto: IProtoMessage): Promise<void> {
    if (this.dropPushes > 0) {
      this.dropPushes -= 1;
      return;
    }
    await Promise.all([...this.#subscribers.values()].map((deliver) => deliver(pubsubTopic, proto)));
  }

  addSubscriber<T extends IDecodedMessage>(decoder: IDecoder<T>, callback: Callback<T>): void {
    this.#subscribers.set(decoder, async (pubsubTopic, proto) => {
      if (decoder.pubsubTopic !== pubsubTopic || decoder.contentTopic !== proto.contentTopic) return;
      const message = await decoder.fromProtoObj(pubsubTopic, proto);
      if (message !== undefined) await callback(message);
    });
  }

  removeSubscriber(decoder: object): void {
    this.#subscribers.delete(decoder);
  }
}

type FakeFilter = Pick<IFilter, "subscribe" | "unsubscribe">;

function fakeFilter(network: FakeWakuNetwork): FakeFilter {
  return {
    async subscribe<T extends IDecodedMessage>(decoders: IDecoder<T> | IDecoder<T>[], callback: Callback<T>) {
      for (const decoder of Array.isArray(decoders) ? decoders : [decoders]) {
        network.subscribedDecoders.push(decoder);
        network.addSubscriber(decoder, callback);
      }
      return network.subscribeConfirms;
    },
    async unsubscribe<T extends IDecodedMessage>(decoders: IDecoder<T> | IDecoder<T>[]) {
      for (const decoder of Array.isArray(decoders) ? decoders : [decoders]) {
        network.unsubscribedDecoders.push(decoder);
        network.removeSubscriber(decoder);
      }
      if (network.unsubscribeGate !== undefined) await network.unsubscribeGate;
      return true;
    },
  };
}

/** `@waku/core`'s conversion of a query's `Date` to ns, floating point rounding included. */
const nsOf = (date: Date): bigint => BigInt(date.getTime() * 1_000_000);

/** @waku/core 0.0.40 refuses a time range longer than this (ms). */
const CORE_MAX_TIME_RANGE_MS = 24 * 60 * 60 * 1000;

/** The archived envelopes a content-filtered query selects: both time ends inclusive, as nwaku and the test node. */
function selected(network: FakeWakuNetwork, options: Partial<QueryRequestParams>): Received[] {
  const { pubsubTopic, contentTopics = [], timeStart, timeEnd } = options;
  const start = timeStart === undefined ? undefined : nsOf(timeStart);
  const end = timeEnd === undefined ? undefined : nsOf(timeEnd);
  return [...network.archive.values()]
    .filter(({ pubsubTopic: topic, proto }) => {
      const at = proto.timestamp ?? 0n;
      return (
        (pubsubTopic === undefined || topic === pubsubTopic) &&
        (contentTopics.length === 0 || contentTopics.includes(proto.contentTopic)) &&
        (start === undefined || at >= start) &&
        (end === undefined || at <= end)
      );
    })
    .sort((a, b) => {
      const at = (a.proto.timestamp ?? 0n) - (b.proto.timestamp ?? 0n);
      return at === 0n ? a.hashHex.localeCompare(b.hashHex) : at < 0n ? -1 : 1;
    });
}

function decodeAll<T extends IDecodedMessage>(decoders: IDecoder<T>[], entries: readonly Received[]) {
  return entries.map(async (entry) => {
    const decoder = decoders.find((d) => d.contentTopic === entry.proto.contentTopic);
    return decoder?.fromProtoObj(entry.pubsubTopic, entry.proto);
  });
}

function fakeStore(network: FakeWakuNetwork): WakuTransportStore {
  return {
    async *queryGenerator<T extends IDecodedMessage>(
      decoders: IDecoder<T>[],
      options: Partial<QueryRequestParams> = {},
    ) {
      network.storeQueries.push(options);
      if (network.storeThrows !== undefined) throw network.storeThrows;
      const hashes = options.messageHashes ?? [];
      if (hashes.length > 0) {
        const hits = hashes.flatMap((hash) => {
          const entry = network.archive.get(bytesToHex(hash));
          return entry === undefined ? [] : [entry];
        });
        yield decodeAll(decoders, hits);
        return;
      }
      const { timeStart, timeEnd } = options;
      if (timeStart && timeEnd && timeEnd.getTime() - timeStart.getTime() > CORE_MAX_TIME_RANGE_MS) {
        throw new Error("Time range bigger than 24h");
      }
      network.openStoreQueries += 1;
      try {
        const matches = selected(network, options);
        const size = Math.min(options.paginationLimit ?? 20, 100);
        for (let offset = 0; offset < matches.length; offset += size) {
          if (network.storePageGate !== undefined) await network.storePageGate;
          network.storePagesServed += 1;
          yield decodeAll(decoders, matches.slice(offset, offset + size));
        }
      } finally {
        network.openStoreQueries -= 1;
      }
    },
  };
}

function routingFor(contentTopic: string) {
  return utils.createRoutingInfo(FAKE_NETWORK, { contentTopic });
}

const codecFactories = {
  createEncoder: (params: CreateEncoderParams): IEncoder =>
    createEncoder({ contentTopic: params.contentTopic, routingInfo: routingFor(params.contentTopic) }),
  createDecoder: (params: CreateDecoderParams): IDecoder<IDecodedMessage> =>
    createDecoder(params.contentTopic, routingFor(params.contentTopic)),
};

/** A fake light node: light push, filter and store over `network`. */
export function fakeLightNode(network: FakeWakuNetwork): WakuTransportNode {
  const lightPush: Pick<ILightPush, "send"> = {
    send: (encoder, message, options) => {
      network.sendOptions.push(options);
      return network.accept(encoder, message);
    },
  };
  return {
    lightPush,
    filter: fakeFilter(network),
    store: fakeStore(network),
    libp2p: network.peers,
    getConnectedPeers: () => network.peers.list(),
    ...codecFactories,
  };
}

/** A fake relay node (no store): relay send and subscribe over `network`. */
export function fakeRelayNode(network: FakeWakuNetwork): WakuTransportNode & { unsubscribed: number } {
  const node = {
    unsubscribed: 0,
    relay: undefined as Pick<IRelay, "send" | "subscribeWithUnsubscribe"> | undefined,
    libp2p: network.peers,
    getConnectedPeers: () => network.peers.list(),
    ...codecFactories,
  };
  node.relay = {
    send: (encoder, message) => network.accept(encoder, message),
    subscribeWithUnsubscribe: (decoders, callback) => {
      const list = Array.isArray(decoders) ? decoders : [decoders];
      for (const decoder of list) network.addSubscriber(decoder, callback);
      return () => {
        node.unsubscribed += 1;
        for (const decoder of list) network.removeSubscriber(decoder);
      };
    },
  };
  return node;
}
