// Stress run: `./run node --import tsx packages/waku-test-node/examples/throughput.ts [messages] [subscribers]`.
// Every light node light-pushes its share of the messages and receives all of them by filter; prints
// the push-to-filter latency percentiles and the node's counters. Not a benchmark with targets (those live
// in apps/bench); a quick way to see the node keep up with @waku/sdk under load.
import { createLightNode, type LightNode, Protocols, utf8ToBytes } from "@waku/sdk";
import { startWakuTestNode } from "../src/index.js";

const messages = Number(process.argv[2] ?? 300);
const subscribers = Number(process.argv[3] ?? 3);
const contentTopic = "/throughput/1/chat/proto";

const node = await startWakuTestNode();
const lights: LightNode[] = [];
for (let i = 0; i < subscribers; i++) {
  const light = await createLightNode({
    networkConfig: { clusterId: node.clusterId, numShardsInCluster: node.numShardsInCluster },
    libp2p: { filterMultiaddrs: false, hideWebSocketInfo: true },
  });
  await light.dial(node.multiaddr);
  await light.waitForPeers([Protocols.LightPush, Protocols.Filter, Protocols.Store]);
  lights.push(light);
}

const sentAt = new Map<string, number>();
const latencies: number[] = [];
let allReceived: () => void = () => undefined;
const done = new Promise<void>((resolve) => {
  allReceived = resolve;
});
for (const light of lights) {
  await light.filter.subscribe(light.createDecoder({ contentTopic }), (message) => {
    latencies.push(performance.now() - (sentAt.get(new TextDecoder().decode(message.payload)) ?? Number.NaN));
    if (latencies.length === messages * subscribers) allReceived();
  });
}

const started = performance.now();
await Promise.all(
  lights.map(async (light, index) => {
    const encoder = light.createEncoder({ contentTopic });
    for (let i = index; i < messages; i += subscribers) {
      sentAt.set(`m${i}`, performance.now());
      await light.lightPush.send(encoder, { payload: utf8ToBytes(`m${i}`) }, { autoRetry: false });
    }
  }),
);
await done;
const elapsed = performance.now() - started;
latencies.sort((a, b) => a - b);
const percentile = (p: number): string =>
  (latencies[Math.floor((latencies.length - 1) * p)] ?? Number.NaN).toFixed(1);
console.log(
  `${messages} messages x ${subscribers} subscribers in ${elapsed.toFixed(0)} ms; ` +
    `push->filter latency p50 ${percentile(0.5)} ms, p99 ${percentile(0.99)} ms`,
);
console.log(node.stats);

for (const light of lights) {
  light.filter.unsubscribeAll();
  await light.stop();
}
await node.stop();
