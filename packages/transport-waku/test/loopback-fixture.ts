import { startWakuTestNode, type WakuTestNode } from "@reliable-channel/waku-test-node";
import type { LightNode } from "@waku/sdk";
import { type WakuTransport, wakuTransport } from "../src/index.js";
import { connectLightNode } from "./loopback.js";

/** Anything a test starts on the light nodes and must stop before them (a transport, a channel). */
export interface Stoppable {
  stop(): Promise<void> | void;
}

/**
 * The loopback set-up of one test: a test node, light nodes connected to it, and what runs on them.
 * `stop()` (for `afterEach`) stops what runs on the light nodes first, then the light nodes, then the node.
 */
export interface LoopbackFixture {
  /** Starts the test node. */
  startNode(): Promise<WakuTestNode>;
  /** `count` unmodified `@waku/sdk` light nodes connected to `node`, their service peers ready. */
  lightNodes(node: WakuTestNode, count: number): Promise<LightNode[]>;
  /** A started transport on `contentTopic` on each of `lights`, in their order. */
  transports(lights: readonly LightNode[], contentTopic: string): Promise<WakuTransport[]>;
  /** Keeps `stoppable` to stop with the rest; returns it. */
  track<T extends Stoppable>(stoppable: T): T;
  /** Stops everything it started or was given, and forgets it. */
  stop(): Promise<void>;
}

/** Creates an empty {@link LoopbackFixture}. */
export function createLoopbackFixture(): LoopbackFixture {
  let nodes: WakuTestNode[] = [];
  let lights: LightNode[] = [];
  let running: Stoppable[] = [];
  const fixture: LoopbackFixture = {
    async startNode() {
      const node = await startWakuTestNode();
      nodes.push(node);
      return node;
    },
    async lightNodes(node, count) {
      const connected = await Promise.all(Array.from({ length: count }, () => connectLightNode(node)));
      lights.push(...connected);
      return connected;
    },
    async transports(on, contentTopic) {
      const started = on.map((light) => fixture.track(wakuTransport({ node: light, contentTopic })));
      await Promise.all(started.map((transport) => transport.start()));
      return started;
    },
    track(stoppable) {
      running.push(stoppable);
      return stoppable;
    },
    async stop() {
      const [stopFirst, lightsToStop, nodesToStop] = [running, lights, nodes];
      [running, lights, nodes] = [[], [], []];
      await Promise.all(stopFirst.map((item) => item.stop()));
      await Promise.all(lightsToStop.map((light) => light.stop()));
      await Promise.all(nodesToStop.map((node) => node.stop()));
    },
  };
  return fixture;
}
