import type { Callback, IDecodedMessage, IDecoder } from "@waku/sdk";
import type { RouteUnsubscribe, WakuRoute } from "./route.js";

/** One subscription of a node to a content topic, and the transports listening on it. */
interface SharedSubscription {
  readonly listeners: Set<Callback<IDecodedMessage>>;
  readonly ready: Promise<{ readonly confirmed: boolean; readonly unsubscribe: RouteUnsubscribe }>;
}

const byNode = new WeakMap<object, Map<string, SharedSubscription>>();
/** The last subscribe request made on each node: the next waits for it (see {@link subscribeShared}). */
const lastSubscribe = new WeakMap<object, Promise<unknown>>();

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
 * decoder while the first is in flight). The node's subscribe requests go one after the other: `@waku/sdk`
 * 0.0.36 keeps one subscription object per pubsub topic, and two subscribes to different content topics of
 * one pubsub topic made at once each create one, the second replacing the first — whose content topic is
 * then subscribed at the service node but never handed to its callback.
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
    const previous = lastSubscribe.get(node) ?? Promise.resolve();
    const ready = previous.then(() =>
      open.route.subscribe(open.decoder, (message) => {
        for (const listener of [...listeners]) void listener(message);
      }),
    );
    lastSubscribe.set(
      node,
      ready.catch(() => undefined),
    );
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
