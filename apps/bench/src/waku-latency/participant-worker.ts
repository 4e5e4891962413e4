/**
 * A worker thread hosting one side of every system the waku-latency bench compares: all senders or all
 * receivers, each on its own light node. It stands for a participant on its own machine: its CPU work no
 * longer shares an event loop with the other side or with the service node. Times are
 * `performance.timeOrigin + performance.now()`, comparable across the threads of one process.
 */
import { parentPort, workerData } from "node:worker_threads";
import {
  type ProbeKind,
  type ReceiverHalf,
  receiverHalf,
  type SenderHalf,
  senderHalf,
  stopHalves,
} from "./halves.js";
import type { ServiceAddress } from "./harness.js";

/** What the main thread gives a participant worker (`workerData`). */
export interface ParticipantWorkerInit {
  readonly role: "sender" | "receiver";
  readonly service: ServiceAddress;
  /** The systems, in probe order. */
  readonly kinds: readonly ProbeKind[];
}

/** A request from the main thread. */
export type ParticipantRequest =
  | { readonly type: "send"; readonly probe: number; readonly text: string }
  | { readonly type: "stop" };

/** A report to the main thread. */
export type ParticipantReport =
  | { readonly type: "ready" }
  | { readonly type: "started"; readonly text: string; readonly at: number }
  | { readonly type: "arrived"; readonly text: string; readonly at: number }
  | { readonly type: "send-failed"; readonly text: string; readonly error: string }
  | { readonly type: "stopped" };

const port = parentPort;
if (port === null) throw new Error("participant-worker.ts runs as a worker thread");
const init = workerData as ParticipantWorkerInit;
const clock = (): number => performance.timeOrigin + performance.now();
const report = (r: ParticipantReport): void => port.postMessage(r);

const halves: (SenderHalf | ReceiverHalf)[] = [];
const senders: SenderHalf[] = [];
for (const kind of init.kinds) {
  if (init.role === "sender") {
    const half = await senderHalf(kind, init.service);
    senders.push(half);
    halves.push(half);
  } else {
    halves.push(
      await receiverHalf(kind, init.service, (text) => report({ type: "arrived", text, at: clock() })),
    );
  }
}

port.on("message", (request: ParticipantRequest) => {
  if (request.type === "stop") {
    void stopHalves(halves).finally(() => report({ type: "stopped" }));
    return;
  }
  const sender = senders[request.probe];
  const at = clock();
  const sent = sender === undefined ? Promise.reject(new Error("no such probe")) : sender.send(request.text);
  // Reported once the send's synchronous work and microtasks are done, so that posting the report does
  // not delay the message itself.
  setImmediate(() => report({ type: "started", text: request.text, at }));
  sent.catch((error: unknown) => report({ type: "send-failed", text: request.text, error: String(error) }));
});
report({ type: "ready" });
