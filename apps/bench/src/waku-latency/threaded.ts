import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ProbeKind } from "./halves.js";
import { arrivals, type Series, type ServiceAddress } from "./harness.js";
import type { ParticipantReport, ParticipantRequest, ParticipantWorkerInit } from "./participant-worker.js";

// The worker script next to this module, with this module's extension (.ts under tsx, .js when built).
const WORKER_URL = new URL(`./participant-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

interface Side {
  post(request: ParticipantRequest): void;
  /** Rejects when the worker fails or exits before it was asked to stop. */
  readonly failed: Promise<never>;
  stop(): Promise<void>;
}

// A TypeScript worker needs a loader: the one this process runs under (tsx, inherited through execArgv),
// else tsx (under vitest, say).
const EXEC_ARGV =
  WORKER_URL.pathname.endsWith(".ts") && !process.execArgv.some((arg) => arg.includes("/tsx/dist/"))
    ? [...process.execArgv, "--import", "tsx"]
    : process.execArgv;

async function spawn(init: ParticipantWorkerInit, onReport: (r: ParticipantReport) => void): Promise<Side> {
  const worker = new Worker(WORKER_URL, { workerData: init, execArgv: EXEC_ARGV });
  let stopping = false;
  let onStopped: () => void = () => undefined;
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  const failed = new Promise<never>((_, reject) => {
    worker.on("error", (error) => {
      if (!stopping) reject(error);
    });
    worker.on("exit", (code) => {
      if (!stopping) reject(new Error(`the ${init.role} worker exited (code ${code})`));
    });
  });
  failed.catch(() => undefined);
  const ready = new Promise<void>((resolve) => {
    worker.on("message", (r: ParticipantReport) => {
      if (r.type === "ready") resolve();
      else if (r.type === "stopped") onStopped();
      else onReport(r);
    });
  });
  await Promise.race([ready, failed]);
  return {
    post: (request) => worker.postMessage(request),
    failed,
    stop: async () => {
      stopping = true;
      const stopped = new Promise<void>((resolve) => {
        onStopped = resolve;
      });
      worker.postMessage({ type: "stop" } satisfies ParticipantRequest);
      // @waku/sdk 0.0.36 leaves intervals behind, so the worker would not exit by itself.
      await Promise.race([stopped, exited]);
      await worker.terminate();
    },
  };
}

/**
 * Send → delivered latency of each system with every sender in one worker thread and every receiver in
 * another (the service node stays on this thread), sampled round-robin as the one-thread series are: for
 * each system, `warmup` unmeasured round trips, then `count` measured ones.
 */
export async function threadedDeliveryLatency(
  service: ServiceAddress,
  kinds: readonly ProbeKind[],
  count: number,
  warmup: number,
  log: (line: string) => void,
): Promise<Series[]> {
  const [starts, arrived] = [arrivals(), arrivals()];
  const address: ServiceAddress = {
    multiaddr: service.multiaddr,
    clusterId: service.clusterId,
    numShardsInCluster: service.numShardsInCluster,
  };
  const sides: Side[] = [];
  try {
    // Receivers first, then senders, for every system alike: the service node pushes a message to its
    // subscribers in the order they subscribed, so this order decides whether the receiver's copy goes out
    // before the sender's own (started together, it would differ by system and by run).
    const receivers = await spawn({ role: "receiver", service: address, kinds }, (r) => {
      if (r.type === "arrived") arrived.arrived(r.text, r.at);
    });
    sides.push(receivers);
    const senders = await spawn({ role: "sender", service: address, kinds }, (r) => {
      if (r.type === "started") starts.arrived(r.text, r.at);
      else if (r.type === "send-failed") log(`    (threaded send of ${r.text} failed: ${r.error})`);
    });
    sides.push(senders);
    const failed = Promise.race([receivers.failed, senders.failed]);
    const results = kinds.map(() => ({ samples: [] as number[], failed: 0 }));
    for (let i = -warmup; i < count; i++) {
      for (const [probe, kind] of kinds.entries()) {
        const text = `threaded-${kind}-${i}`;
        const both = Promise.all([starts.expect(text), arrived.expect(text)]);
        senders.post({ type: "send", probe, text });
        const [started, at] = await Promise.race([both, failed]);
        const result = results[probe];
        if (i < 0 || result === undefined) continue;
        const value = at - started;
        if (Number.isNaN(value)) result.failed++;
        else result.samples.push(value);
      }
    }
    return results;
  } finally {
    await Promise.all(sides.map((side) => side.stop()));
  }
}
