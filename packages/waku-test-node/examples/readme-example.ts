// The README's example, type-checked with the package and run by test/readme-example.test.ts.
import { createLightNode, Protocols, utf8ToBytes } from "@waku/sdk";
import { startWakuTestNode } from "../src/index.js";

const node = await startWakuTestNode(); // 127.0.0.1, random port, cluster 1, 8 shards

const light = await createLightNode({
  networkConfig: { clusterId: node.clusterId, numShardsInCluster: node.numShardsInCluster },
  // Let the sdk dial ws:// (outside NODE_ENV=test it keeps only wss://) and skip its banner.
  libp2p: { filterMultiaddrs: false, hideWebSocketInfo: true },
});
await light.dial(node.multiaddr);
await light.waitForPeers([Protocols.LightPush, Protocols.Filter, Protocols.Store]);

const contentTopic = "/my-app/1/chat/proto";
const decoder = light.createDecoder({ contentTopic });
const pushed = new Promise<Uint8Array>((resolve) => {
  void light.filter.subscribe(decoder, (message) => resolve(message.payload));
});

node.faults.dropFilterPush((push) => push.message.payload.length === 0); // e.g. drop empty messages
await light.lightPush.send(light.createEncoder({ contentTopic }), { payload: utf8ToBytes("hello") });
console.log("filter:", new TextDecoder().decode(await pushed));

for await (const page of light.store.queryGenerator([decoder])) {
  for (const message of await Promise.all(page)) {
    if (message) console.log("store:", new TextDecoder().decode(message.payload));
  }
}

light.filter.unsubscribeAll(); // @waku/sdk 0.0.36's stop() leaves filter intervals running otherwise
await light.stop();
await node.stop();
