import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { COUNTED_EVENTS, type CountedEvent, runSeed, type SeedResult } from "./run-seed.js";

/** What the pool posts to a worker. */
export type WorkerRequest = { readonly type: "run"; readonly seed: number } | { readonly type: "stop" };
/** What a worker posts back. */
export type WorkerReply =
  | { readonly type: "result"; readonly result: SeedResult }
  | { readonly type: "crash"; readonly seed: number; readonly error: string };

/** Options of {@link runSweep}. */
export interface SweepOptions {
  readonly first: number;
  readonly count: number;
  /** Worker threads; 0 runs the seeds one after the other in this thread. */
  readonly workers: number;
  /** Called with each seed's result as it completes (in completion order). */
  readonly onResult?: (result: SeedResult) => void;
}

// The worker script next to this module, with this module's extension (.ts under tsx, .js when built).
const WORKER_URL = new URL(`./worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);
// A TypeScript worker needs a loader: the one this process runs under (tsx), else tsx (under vitest, say).
const EXEC_ARGV =
  WORKER_URL.pathname.endsWith(".ts") && !process.execArgv.some((arg) => arg.includes("/tsx/dist/"))
    ? [...process.execArgv, "--import", "tsx"]
    : process.execArgv;

const crashed = (seed: number, error: unknown): SeedResult => ({
  seed,
  violations: [`the run crashed: ${String(error)}`],
  messages: 0,
  virtualMs: 0,
  counts: Object.fromEntries(COUNTED_EVENTS.map((type) => [type, 0])) as Record<CountedEvent, number>,
});

/** Runs one worker until `next()` has no seed left; each result goes to `done`. */
function workerLoop(next: () => number | undefined, done: (result: SeedResult) => void): Promise<void> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_URL, { execArgv: EXEC_ARGV });
    let current: number | undefined;
    const dispatch = () => {
      current = next();
      if (current === undefined) {
        worker.postMessage({ type: "stop" } satisfies WorkerRequest);
        return;
      }
      worker.postMessage({ type: "run", seed: current } satisfies WorkerRequest);
    };
    worker.on("message", (reply: WorkerReply) => {
      done(reply.type === "result" ? reply.result : crashed(reply.seed, reply.error));
      dispatch();
    });
    let failure: unknown = "the worker exited";
    worker.on("error", (error) => {
      failure = error;
    });
    worker.on("exit", () => {
      if (current === undefined) return resolve();
      // The worker died during a seed: that seed is a crash, and a new worker takes the rest.
      done(crashed(current, failure));
      resolve(workerLoop(next, done));
    });
    dispatch();
  });
}

/**
 * Runs seeds `first` … `first + count - 1` over `workers` worker threads (each takes the next seed when it
 * is done with one) and resolves with every result, in seed order.
 */
export async function runSweep(options: SweepOptions): Promise<SeedResult[]> {
  const results: SeedResult[] = [];
  const done = (result: SeedResult) => {
    results.push(result);
    options.onResult?.(result);
  };
  let nextSeed = options.first;
  const end = options.first + options.count;
  const next = () => (nextSeed < end ? nextSeed++ : undefined);
  if (options.workers === 0) {
    for (let seed = next(); seed !== undefined; seed = next())
      done(await runSeed(seed).catch((e) => crashed(seed, e)));
  } else {
    const loops = Array.from({ length: Math.min(options.workers, options.count) }, () =>
      workerLoop(next, done),
    );
    await Promise.all(loops);
  }
  return results.sort((a, b) => a.seed - b.seed);
}
