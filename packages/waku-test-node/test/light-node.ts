import {
  createLightNode,
  type IDecodedMessage,
  type LightNode,
  Protocols,
  type QueryRequestParams,
} from "@waku/sdk";
import type { WakuTestNode } from "../src/index.js";

/** Failure guard for waits on the real network (never a sleep: the wait ends on the event). */
export const GUARD_MS = 10_000;

/** A content topic whose autoshard is served by a default node. */
export const CONTENT_TOPIC = "/waku-test-node/1/chat/proto";

/** Starts an unmodified @waku/sdk light node (no bootstrap, no discovery) connected to `node`. */
export async function connectLightNode(node: WakuTestNode): Promise<LightNode> {
  const light = await createLightNode({
    networkConfig: { clusterId: node.clusterId, numShardsInCluster: node.numShardsInCluster },
    libp2p: { filterMultiaddrs: false },
  });
  await light.dial(node.multiaddr);
  await light.waitForPeers([Protocols.LightPush, Protocols.Filter, Protocols.Store], GUARD_MS);
  return light;
}

/**
 * Store options for a spec-clean hash lookup from `light`: the hashes and no content-filter field. The sdk
 * would put the decoder's pubsub topic beside them (this node answers that with 400) unless the option is
 * present and undefined, and then picks no peer by topic: the lookup goes to the connected node by id.
 */
export function hashLookup(light: LightNode, hashes: Uint8Array[]): Partial<QueryRequestParams> {
  const peerId = light.libp2p.getConnections()[0]?.remotePeer;
  const options: Partial<QueryRequestParams> = {
    messageHashes: hashes,
    ...(peerId === undefined ? {} : { peerId }),
  };
  Object.defineProperty(options, "pubsubTopic", { value: undefined, enumerable: true });
  return options;
}

/** Stops a light node and the filter intervals that `stop()` leaves behind in @waku/sdk 0.0.36. */
export async function stopLightNode(light: LightNode): Promise<void> {
  light.filter?.unsubscribeAll();
  await light.stop();
}

/** Resolves with the first `count` messages the callback of a filter subscription receives. */
export function collect(count: number): {
  readonly callback: (message: IDecodedMessage) => void;
  readonly done: Promise<IDecodedMessage[]>;
} {
  const received: IDecodedMessage[] = [];
  let resolve: (messages: IDecodedMessage[]) => void = () => undefined;
  const done = new Promise<IDecodedMessage[]>((settle) => {
    resolve = settle;
  });
  return {
    callback: (message) => {
      received.push(message);
      if (received.length === count) resolve(received);
    },
    done,
  };
}

/** Rejects after `ms` (failure guard only) unless `promise` settles first. */
export async function guard<T>(promise: Promise<T>, what: string, ms = GUARD_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A filter callback whose messages are taken one at a time, in arrival order. */
export function messageQueue(): {
  readonly callback: (message: IDecodedMessage) => void;
  next(): Promise<IDecodedMessage>;
} {
  const arrived: IDecodedMessage[] = [];
  const waiting: Array<(message: IDecodedMessage) => void> = [];
  return {
    callback: (message) => {
      const waiter = waiting.shift();
      if (waiter === undefined) arrived.push(message);
      else waiter(message);
    },
    next: () => {
      const message = arrived.shift();
      return message === undefined
        ? new Promise((resolve) => waiting.push(resolve))
        : Promise.resolve(message);
    },
  };
}
