import type { IncomingStreamData } from "@libp2p/interface";
import type { WakuArchive } from "./archive.js";
import { WakuTestNodeEmitter } from "./events.js";
import { createFaults, type FaultDecisions } from "./faults.js";
import type { NodeConfig } from "./options.js";
import { createStatsCounters, type StatsCounters } from "./stats.js";

/** What every protocol service of the node shares. */
export interface ServiceContext {
  readonly config: NodeConfig;
  readonly archive: WakuArchive;
  readonly faults: FaultDecisions;
  readonly stats: StatsCounters;
  readonly events: WakuTestNodeEmitter;
  /** Aborted when the node stops. */
  readonly shutdown: AbortSignal;
  /** Keeps `work` until it settles, so `stop()` can wait for it; never rejects. */
  track(work: Promise<unknown>): void;
}

/** A signal that aborts on shutdown or after `timeoutMs`. */
export function boundedSignal(context: ServiceContext, timeoutMs: number): AbortSignal {
  return AbortSignal.any([context.shutdown, AbortSignal.timeout(timeoutMs)]);
}

/** An inbound-stream handler of one protocol. */
export type InboundHandler = (data: IncomingStreamData) => Promise<void>;

/** Runs `handler` for a stream, tracked, aborting the stream if it throws. */
export function trackedHandler(
  context: ServiceContext,
  handler: InboundHandler,
): (data: IncomingStreamData) => void {
  return (data) => {
    context.track(
      handler(data).catch((error: unknown) => {
        data.stream.abort(error instanceof Error ? error : new Error(String(error)));
      }),
    );
  };
}

/** A context and its lifecycle: `shutdown()` aborts the signal and waits for every tracked task. */
export interface ServiceLifecycle {
  readonly context: ServiceContext;
  shutdown(): Promise<void>;
}

/** Creates the shared context of a node's services over `archive`. */
export function createServiceContext(config: NodeConfig, archive: WakuArchive): ServiceLifecycle {
  const controller = new AbortController();
  const tasks = new Set<Promise<void>>();
  const context: ServiceContext = {
    config,
    archive,
    faults: createFaults(config.seed),
    stats: createStatsCounters(),
    events: new WakuTestNodeEmitter(),
    shutdown: controller.signal,
    track(work) {
      const settled = work.then(
        () => undefined,
        () => undefined,
      );
      tasks.add(settled);
      void settled.then(() => tasks.delete(settled));
    },
  };
  return {
    context,
    async shutdown() {
      controller.abort(new Error("waku test node stopped"));
      await Promise.all([...tasks]);
    },
  };
}
