import type { Callback, IDecodedMessage, IDecoder } from "@waku/sdk";
import type { RouteUnsubscribe, WakuRoute } from "./route.js";

/** One subscription of a node to a content topic, and the transports listening on it. */
interface SharedSubscription {
  readonly listeners: Set<Callback<IDecodedMessage>>;
  readonly ready: Promise<{ readonly confirmed: boolean; readonly unsubscribe: RouteUnsubscribe }>;
}

const byNode = new WeakMap<object, Map<string, SharedSubscription>>();

/** What a transport gets back: as from {@link WakuRoute.subscribe}. */
export interface SharedHandle {
  readonly confirmed: boolean;
  readonly unsubscribe: RouteUnsubscribe;
}

/**
 * Subscribes `callback` to `key` (mode, pubsub topic, content topic, marker) on `node`: the first
 * transport's `route.subscribe(decoder, …)` is the node's one subscription for it, every later one on the
 * same node only adds a listener, and the last to leave unsubscribes. Transports that start together share
 * one filter subscription per content topic too (`@waku/sdk` 0.0.36 sends one subscribe request per
 * decoder while the first is in flight).
 */
export async function subscribeShared(
  node: object,
  key: string,
  open: { readonly route: WakuRoute; readonly decoder: IDecoder<IDecodedMessage> },
  callback: Callback<IDecodedMessage>,
): Promise<SharedHandle> {
  let topics = byNode.get(node);
  if (topics === undefined) {
    topics = new Map();
    byNode.set(node, topics);
  }
  const registry = topics;
  let shared = registry.get(key);
  if (shared === undefined) {
    const listeners = new Set<Callback<IDecodedMessage>>();
    const ready = open.route.subscribe(open.decoder, (message) => {
      for (const listener of [...listeners]) void listener(message);
    });
    const created: SharedSubscription = { listeners, ready };
    registry.set(key, created);
    ready.catch(() => {
      if (registry.get(key) === created) registry.delete(key);
    });
    shared = created;
  }
  const subscription = shared;
  subscription.listeners.add(callback);
  let result: Awaited<SharedSubscription["ready"]>;
  try {
    result = await subscription.ready;
  } catch (error) {
    subscription.listeners.delete(callback);
    throw error;
  }
  return {
    confirmed: result.confirmed,
    unsubscribe: async () => {
      if (!subscription.listeners.delete(callback) || subscription.listeners.size > 0) return;
      if (registry.get(key) === subscription) registry.delete(key);
      await result.unsubscribe();
    },
  };
}
