import { noise } from "@chainsafe/libp2p-noise";
import { generateKeyPair } from "@libp2p/crypto/keys";
import { type Identify, identify } from "@libp2p/identify";
import type { PrivateKey } from "@libp2p/interface";
import { mplex } from "@libp2p/mplex";
import { type Ping, ping } from "@libp2p/ping";
import { webSockets } from "@libp2p/websockets";
import type { TypedEmitter } from "@reliable-channel/interfaces";
import { createLibp2p, type Libp2p } from "libp2p";
import { createWakuArchive, type WakuArchive } from "./archive.js";
import type { WakuTestNodeEvents } from "./events.js";
import type { WakuTestNodeFaults } from "./faults.js";
import { mountServices } from "./mount-services.js";
import { type NodeConfig, resolveConfig, type WakuTestNodeInit } from "./options.js";
import { type RelayPubSub, relayPubSub } from "./relay-service.js";
import { createServiceContext } from "./service-context.js";
import type { WakuTestNodeStats } from "./stats.js";
import { servedPubsubTopics } from "./topic-policy.js";

/** Agent version announced through identify. */
export const WAKU_TEST_NODE_AGENT = "reliable-channel/waku-test-node";

/** Frames per second for closed streams that mplex tolerates before closing a connection. @default 10_000 */
export const MPLEX_DISCONNECT_THRESHOLD = 10_000;

/** The libp2p services of the node; `relay` is there unless disabled. */
export interface WakuTestNodeServices extends Record<string, unknown> {
  readonly identify: Identify;
  readonly ping: Ping;
  readonly relay?: RelayPubSub;
}

/** A running loopback Waku service node. */
export interface WakuTestNode {
  /** Dial this: `/ip4/127.0.0.1/tcp/<port>/ws/p2p/<peerId>`. */
  readonly multiaddr: string;
  readonly peerId: string;
  /** The TCP port the websocket listener is bound to. */
  readonly port: number;
  /** The libp2p identity; pass it to `startWakuTestNode({ privateKey })` to keep the peer id. */
  readonly privateKey: PrivateKey;
  readonly clusterId: number;
  readonly numShardsInCluster: number;
  /** The pubsub topics served (`/waku/2/rs/<cluster>/<shard>` for each shard). */
  readonly pubsubTopics: readonly string[];
  /** The message archive behind Store v3; hand it to a new node to restart with kept history. */
  readonly archive: WakuArchive;
  /** Fault injection. */
  readonly faults: WakuTestNodeFaults;
  /** A snapshot of the counters. */
  readonly stats: WakuTestNodeStats;
  /** What the node does, as events: wait on these in tests instead of sleeping. */
  readonly events: TypedEmitter<WakuTestNodeEvents>;
  /** The underlying libp2p node (for advanced tests). */
  readonly libp2p: Libp2p<WakuTestNodeServices>;
  /** Stops listening, closes every connection and waits for in-flight work; idempotent. */
  stop(): Promise<void>;
  /**
   * Stops this node and starts a new one on the same port with the same peer id, so clients can redial
   * the same multiaddr. The archive is kept unless `keepArchive` is false. @default keepArchive true
   */
  restart(options?: { readonly keepArchive?: boolean }): Promise<WakuTestNode>;
}

function tcpPort(libp2p: Libp2p<WakuTestNodeServices>): number {
  const address = libp2p.getMultiaddrs()[0];
  if (address === undefined) throw new Error("the node is not listening");
  return address.toOptions().port;
}

async function listen(config: NodeConfig, privateKey: PrivateKey): Promise<Libp2p<WakuTestNodeServices>> {
  return createLibp2p<WakuTestNodeServices>({
    privateKey,
    addresses: { listen: [`/ip4/127.0.0.1/tcp/${config.port}/ws`] },
    transports: [webSockets()],
    connectionEncrypters: [noise()],
    // Loopback test peers open and close streams quickly; mplex's default of 5 stray frames per second
    // for closed streams would hang up on them.
    streamMuxers: [mplex({ disconnectThreshold: MPLEX_DISCONNECT_THRESHOLD })],
    connectionManager: {
      inboundConnectionThreshold: 10_000,
      maxIncomingPendingConnections: 1_000,
      allow: ["/ip4/127.0.0.1/ipcidr/32"],
    },
    services: {
      identify: identify({ agentVersion: WAKU_TEST_NODE_AGENT }),
      ping: ping(),
      ...(config.relay ? { relay: relayPubSub() } : {}),
    },
  });
}

/**
 * Starts a Waku service node on 127.0.0.1 (websocket) that speaks light push v3/v2, filter v2,
 * Store v3, metadata, identify and ping, so an unmodified `@waku/sdk` light node can be tested with no
 * nwaku. Stop it with `stop()`.
 *
 * @example
 * ```ts
 * const node = await startWakuTestNode();
 * const light = await createLightNode({ networkConfig: { clusterId: 1, numShardsInCluster: 8 } });
 * await light.dial(node.multiaddr);
 * ```
 */
export async function startWakuTestNode(init: WakuTestNodeInit = {}): Promise<WakuTestNode> {
  const config = resolveConfig(init);
  const privateKey = init.privateKey ?? (await generateKeyPair("Ed25519"));
  const archive = init.archive ?? createWakuArchive();
  const libp2p = await listen(config, privateKey);
  const services = createServiceContext(config, archive);
  try {
    await mountServices(services.context, libp2p, libp2p.services.relay);
  } catch (error) {
    await libp2p.stop();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const settled = services.shutdown(); // aborts in-flight requests and pushes first
      await libp2p.stop();
      await settled;
    })();
    return stopping;
  };
  const port = tcpPort(libp2p);
  const { context } = services;
  return {
    multiaddr: `/ip4/127.0.0.1/tcp/${port}/ws/p2p/${libp2p.peerId.toString()}`,
    peerId: libp2p.peerId.toString(),
    port,
    privateKey,
    clusterId: config.clusterId,
    numShardsInCluster: config.numShardsInCluster,
    pubsubTopics: servedPubsubTopics(config),
    archive,
    faults: context.faults,
    get stats() {
      return { ...context.stats };
    },
    events: context.events,
    libp2p,
    stop,
    async restart(options = {}) {
      await stop();
      const kept = options.keepArchive === false ? createWakuArchive() : archive;
      return startWakuTestNode({ ...init, port, privateKey, archive: kept });
    },
  };
}
