/**
 * A sweep worker thread: runs the seeds the pool posts, one at a time, and posts each result back
 * (a seed whose run throws comes back as one violation, the worker goes on).
 */
import { parentPort } from "node:worker_threads";
import type { WorkerReply, WorkerRequest } from "./pool.js";
import { runSeed } from "./run-seed.js";

const port = parentPort;
if (port === null) throw new Error("worker.ts runs as a worker thread");
port.on("message", (request: WorkerRequest) => {
  if (request.type === "stop") return void port.close();
  runSeed(request.seed)
    .then((result) => port.postMessage({ type: "result", result } satisfies WorkerReply))
    .catch((error: unknown) =>
      port.postMessage({ type: "crash", seed: request.seed, error: String(error) } satisfies WorkerReply),
    );
});
