import type { IWaku, LightNode } from "@waku/sdk";

/**
 * A `@waku/sdk` 0.0.36 `LightNode` as the `IWaku` that js-waku APIs such as `ReliableChannel.create` ask
 * for, e.g. to run js-waku's own channel beside ours on one node for interop. The sdk's `LightNode`
 * declares `relay: undefined`, which `IWaku`'s optional `relay` rejects under `exactOptionalPropertyTypes`;
 * this is a typed delegate instead of a cast. It leaves out the sdk's private peer manager, so js-waku's
 * store query on connect is off.
 */
export function lightNodeAsWaku(node: LightNode): IWaku {
  return {
    libp2p: node.libp2p,
    store: node.store,
    filter: node.filter,
    lightPush: node.lightPush,
    events: node.events,
    peerId: node.peerId,
    get health() {
      return node.health;
    },
    get protocols() {
      return node.protocols;
    },
    dial: (peer, protocols) => node.dial(peer, protocols),
    hangUp: (peer) => node.hangUp(peer),
    start: () => node.start(),
    stop: () => node.stop(),
    waitForPeers: (protocols, timeoutMs) => node.waitForPeers(protocols, timeoutMs),
    createDecoder: (params) => node.createDecoder(params),
    createEncoder: (params) => node.createEncoder(params),
    isStarted: () => node.isStarted(),
    isConnected: () => node.isConnected(),
    getConnectedPeers: () => node.getConnectedPeers(),
  };
}
