import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { systemClock } from "@reliable-channel/channel";
import type { ParticipantId } from "@reliable-channel/interfaces";
import { createMemoryVolume, type MemoryVolume, memoryStorage } from "@reliable-channel/storage-memory";
import { sqliteStorage } from "@reliable-channel/storage-sqlite";
import { wakuTransport } from "@reliable-channel/transport-waku";
import {
  DEFAULT_RETENTION_MS,
  type RemoveFault,
  startWakuTestNode,
  type WakuTestNode,
} from "@reliable-channel/waku-test-node";
import type { LightNode } from "@waku/sdk";
import type { DemoEnvironment } from "./environment.js";
import { type LightNodeTarget, startLightNode, stopLightNode } from "./light-node.js";

/** What {@link createWakuEnvironment} needs. */
export interface WakuEnvironmentInit {
  readonly seed: number;
  /** Share of filter pushes the loopback test node drops (not applied on a real network). */
  readonly loss: number;
  /** A real service node to use instead of starting the loopback test node. */
  readonly connect?: string;
}

/** The cluster and shard count of The Waku Network, used with `--connect`. */
export const WAKU_NETWORK_SHARDING = { clusterId: 1, numShardsInCluster: 8 } as const;

/**
 * Real `@waku/sdk` light nodes on the wall clock, served by the loopback Waku test node started here
 * (which drops `loss` of filter pushes), or by a real service node given with `--connect`.
 */
export async function createWakuEnvironment(init: WakuEnvironmentInit): Promise<DemoEnvironment> {
  const testNode =
    init.connect === undefined ? await startWakuTestNode({ port: 0, seed: init.seed }) : undefined;
  const target: LightNodeTarget =
    testNode === undefined
      ? { multiaddr: init.connect ?? "", ...WAKU_NETWORK_SHARDING }
      : {
          multiaddr: testNode.multiaddr,
          clusterId: testNode.clusterId,
          numShardsInCluster: testNode.numShardsInCluster,
        };
  if (testNode !== undefined && init.loss > 0) testNode.faults.dropFilterPush(init.loss, { seed: init.seed });
  const contentTopic = `/reliable-channel-demo/1/run-${init.seed}-${Date.now().toString(36)}/proto`;
  const directory = mkdtempSync(join(tmpdir(), "reliable-channel-demo-"));
  const clock = systemClock();
  const origin = Date.now();
  const nodes = new Map<ParticipantId, LightNode>();
  const volumes = new Map<ParticipantId, MemoryVolume>();
  const offline = new Map<ParticipantId, RemoveFault[]>();
  const now = (): number => Date.now() - origin;
  return {
    description:
      testNode === undefined
        ? `real @waku/sdk light nodes via ${target.multiaddr}`
        : `real @waku/sdk light nodes via the loopback Waku test node ${testNode.multiaddr}`,
    clock,
    virtualTime: false,
    now,
    async connect(participantId) {
      const node = await startLightNode(target);
      nodes.set(participantId, node);
      const transport = wakuTransport({
        node,
        contentTopic,
        ...(testNode === undefined ? {} : { retention: DEFAULT_RETENTION_MS }),
      });
      const release = async (): Promise<void> => {
        if (nodes.get(participantId) === node) nodes.delete(participantId);
        await stopLightNode(node);
      };
      return { transport, sever: release, close: release };
    },
    openStorage(participantId, durable) {
      if (durable) return sqliteStorage({ file: join(directory, `${participantId}.sqlite`) });
      let volume = volumes.get(participantId);
      if (volume === undefined) {
        volume = createMemoryVolume();
        volumes.set(participantId, volume);
      }
      return memoryStorage({ volume });
    },
    canTakeOffline: testNode !== undefined,
    setOffline(participantId, down) {
      if (testNode === undefined) return;
      for (const remove of offline.get(participantId) ?? []) remove();
      offline.delete(participantId);
      const peerId = nodes.get(participantId)?.libp2p.peerId.toString();
      if (!down || peerId === undefined) return;
      offline.set(participantId, takeOffline(testNode, peerId));
    },
    sleepUntil: (at) => sleep(at - now()),
    waitFor: (done, onWake, timeoutMs) => waitForEvent(done, onWake, timeoutMs),
    async close() {
      await Promise.allSettled([...nodes.values()].map((node) => stopLightNode(node)));
      nodes.clear();
      await testNode?.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

function takeOffline(node: WakuTestNode, peerId: string): RemoveFault[] {
  return [
    node.faults.dropFilterPush((push) => push.peerId === peerId),
    node.faults.failLightPush((push) => push.peerId === peerId),
  ];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0) resolve();
    else setTimeout(resolve, ms);
  });
}

function waitForEvent(
  done: () => boolean,
  onWake: (wake: () => void) => () => void,
  timeoutMs: number,
): Promise<boolean> {
  return new Promise((resolve) => {
    if (done()) {
      resolve(true);
      return;
    }
    const finish = (result: boolean): void => {
      clearTimeout(timer);
      off();
      resolve(result);
    };
    const timer = setTimeout(() => finish(done()), timeoutMs);
    const off = onWake(() => {
      if (done()) finish(true);
    });
  });
}
