import { createReliableChannel, type ReliableChannel } from "@reliable-channel/channel";
import type { MessageId } from "@reliable-channel/interfaces";
import { sdsRepair } from "@reliable-channel/sds-repair";
import { wakuTransport } from "@reliable-channel/transport-waku";
import type { WakuTestNode } from "@reliable-channel/waku-test-node";
import { createLightNode, type LightNode, Protocols } from "@waku/sdk";
import { contentTopicOf } from "../src/config.js";

/** A participant in Node.js beside the tabs: a light node, a channel, and what it received and had acknowledged. */
export interface NodeParticipant {
  readonly channel: ReliableChannel;
  /** Texts received, in delivery order. */
  readonly received: string[];
  /** Texts sent, in send order, with their ids. */
  readonly sent: Array<{ readonly id: MessageId; readonly text: string }>;
  readonly acknowledged: Set<MessageId>;
  send(text: string): Promise<void>;
  /** Resolves once `received` has `count` texts and every sent message is acknowledged. */
  done(count: number): Promise<void>;
  stop(): Promise<void>;
}

/** Joins `room` as `me` over a light node connected to `waku`. */
export async function joinFromNode(waku: WakuTestNode, room: string, me: string): Promise<NodeParticipant> {
  const node: LightNode = await createLightNode({
    networkConfig: { clusterId: waku.clusterId, numShardsInCluster: waku.numShardsInCluster },
    libp2p: { filterMultiaddrs: false, hideWebSocketInfo: true },
  });
  await node.dial(waku.multiaddr);
  await node.waitForPeers([Protocols.LightPush, Protocols.Filter, Protocols.Store]);
  const channel = await createReliableChannel({
    channelId: room,
    participantId: me,
    transport: wakuTransport({ node, contentTopic: contentTopicOf(room) }),
    repair: sdsRepair(),
    autoStart: false,
  });
  const received: string[] = [];
  const sent: Array<{ id: MessageId; text: string }> = [];
  const acknowledged = new Set<MessageId>();
  let check = (): void => {};
  channel.on("message-received", ({ payload }) => {
    received.push(new TextDecoder().decode(payload));
    check();
  });
  channel.on("acknowledged", ({ messageId }) => {
    acknowledged.add(messageId);
    check();
  });
  await channel.start();
  return {
    channel,
    received,
    sent,
    acknowledged,
    async send(text) {
      sent.push({ id: await channel.send(new TextEncoder().encode(text)), text });
    },
    done(count) {
      return new Promise((resolve) => {
        check = () => {
          if (received.length >= count && sent.every((m) => acknowledged.has(m.id))) resolve();
        };
        check();
      });
    },
    async stop() {
      await channel.stop();
      await node.stop();
    },
  };
}
