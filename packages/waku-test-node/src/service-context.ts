import type { IncomingStreamData } from "@libp2p/interface";
import type { WakuArchive } from "./archive.js";
import type { WakuTestNodeEmitter } from "./events.js";
import type { FaultDecisions } from "./faults.js";
import type { NodeConfig } from "./options.js";
import type { StatsCounters } from "./stats.js";

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
