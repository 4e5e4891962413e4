import { type GossipsubEvents, gossipsub } from "@chainsafe/libp2p-gossipsub";
import { noise } from "@chainsafe/libp2p-noise";
import { identify } from "@libp2p/identify";
import { type PubSub, StrictNoSign } from "@libp2p/interface";
import { mplex } from "@libp2p/mplex";
import { webSockets } from "@libp2p/websockets";
import { multiaddr } from "@multiformats/multiaddr";
import { createLibp2p, type Libp2p } from "libp2p";
import { RELAY_CODEC, type WakuTestNode } from "../src/index.js";

/** A bare relay peer: libp2p + gossipsub on the Waku relay codec, as a relay-only Waku node would be. */
export type RelayPeer = Libp2p<{ pubsub: PubSub<GossipsubEvents> }>;

/** Resolves once `pubsub` sees `peerId` subscribed to `topic`. */
export function subscribed(pubsub: PubSub<GossipsubEvents>, peerId: string, topic: string): Promise<void> {
  if (pubsub.getSubscribers(topic).some((peer) => peer.toString() === peerId)) return Promise.resolve();
  return new Promise((resolve) => {
    const onChange = (event: GossipsubEvents["subscription-change"]): void => {
      if (event.detail.peerId.toString() !== peerId) return;
      if (!event.detail.subscriptions.some((sub) => sub.topic === topic && sub.subscribe)) return;
      pubsub.removeEventListener("subscription-change", onChange);
      resolve();
    };
    pubsub.addEventListener("subscription-change", onChange);
  });
}

/** Starts a relay peer, connects it to `node` and waits until both see each other on `topic`. */
export async function connectRelayPeer(node: WakuTestNode, topic: string): Promise<RelayPeer> {
  const peer = await createLibp2p({
    transports: [webSockets()],
    connectionEncrypters: [noise()],
    streamMuxers: [mplex()],
    services: {
      identify: identify(),
      pubsub: gossipsub({
        multicodecs: [RELAY_CODEC],
        globalSignaturePolicy: StrictNoSign,
        allowPublishToZeroTopicPeers: true,
      }),
    },
  });
  const relay = node.libp2p.services.relay;
  if (relay === undefined) throw new Error("the node has no relay");
  const seenByNode = subscribed(relay, peer.peerId.toString(), topic);
  const seenByPeer = subscribed(peer.services.pubsub, node.peerId, topic);
  peer.services.pubsub.subscribe(topic);
  await peer.dial(multiaddr(node.multiaddr));
  await Promise.all([seenByNode, seenByPeer]);
  return peer;
}
