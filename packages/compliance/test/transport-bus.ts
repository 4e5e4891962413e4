import { createHash } from "node:crypto";
import {
  type ConnectivityListener,
  NotStartedError,
  PayloadTooLargeError,
  type PublishOptions,
  type PublishResult,
  type QueryRangeOptions,
  type RetrievedPayload,
  type StoredPayload,
  type TimeRange,
  TransientTransportError,
  type Transport,
  type TransportConnectivity,
  type TransportListener,
} from "@reliable-channel/interfaces";
import type { TransportHarness } from "../src/index.js";

/** A contract violation the bus can be told to commit, to prove that the suite catches it. */
export type BusDefect =
  | "one-way"
  | "skip-third-peer"
  | "no-unsubscribe"
  | "first-listener-only"
  | "ignore-late-listeners"
  | "no-copy"
  | "echo-anyway"
  | "publish-before-start"
  | "stop-twice-throws"
  | "deliver-after-stop"
  | "no-restart"
  | "ignore-abort"
  | "limit-off-by-one"
  | "accept-oversize"
  | "oversize-transient"
  | "retrieve-publisher-only"
  | "retrieve-unknown-junk"
  | "wrong-meta-hint"
  | "query-exclusive-ends"
  | "query-newest-first"
  | "query-page-overlap"
  | "query-first-page-only"
  | "query-ignore-abort"
  | "online-before-start"
  | "online-after-stop"
  | "connectivity-silent"
  | "connectivity-repeats"
  | "connectivity-no-unsubscribe";

const LIMIT = 4_096;
const hash = (bytes: Uint8Array): Uint8Array => new Uint8Array(createHash("sha256").update(bytes).digest());

/**
 * A minimal broadcast bus (the suite's reference transport): deliveries wait in a queue until `settle()`; its
 * clock is a counter that each publish moves 1 ms on, so every payload has its own `storedAt`.
 */
export function createBusHarness(
  peers: number,
  defects: ReadonlySet<BusDefect>,
  echo = true,
): TransportHarness {
  const queue: (() => void)[] = [];
  const store = new Map<string, Uint8Array>();
  const stored: StoredPayload[] = [];
  let time = 1_000;
  const has = (defect: BusDefect): boolean => defects.has(defect);
  const transports: BusTransport[] = [];

  const inRange = ({ from, to }: TimeRange, at: number): boolean =>
    has("query-exclusive-ends") ? at > from && at < to : at >= from && at <= to;

  class BusTransport implements Transport {
    readonly maxPayloadBytes = LIMIT;
    readonly connectivity: TransportConnectivity;
    readonly #connectivityListeners = new Set<ConnectivityListener>();
    readonly #index: number;
    readonly #listeners = new Set<TransportListener>();
    #started = false;
    #everStopped = false;
    #stops = 0;
    #frozen: TransportListener[] | undefined;

    constructor(index: number) {
      this.#index = index;
      const listeners = this.#connectivityListeners;
      const transport = this;
      this.connectivity = {
        get online() {
          if (has("online-before-start") && !transport.#everStopped) return true;
          return transport.#started || (has("online-after-stop") && transport.#everStopped);
        },
        onChange(listener) {
          listeners.add(listener);
          return () => {
            if (!has("connectivity-no-unsubscribe")) listeners.delete(listener);
          };
        },
      };
    }

    async start(): Promise<void> {
      if (has("no-restart") && this.#everStopped) return;
      const was = this.#started;
      this.#started = true;
      if (has("ignore-late-listeners")) this.#frozen = [...this.#listeners];
      if (!was || has("connectivity-repeats")) this.#connectivityChanged(true);
    }

    async stop(): Promise<void> {
      this.#stops++;
      if (has("stop-twice-throws") && this.#stops === 2) throw new Error("already stopped");
      const was = this.#started;
      this.#started = false;
      this.#everStopped = true;
      if (was) this.#connectivityChanged(false);
    }

    #connectivityChanged(online: boolean): void {
      if (has("connectivity-silent")) return;
      for (const listener of [...this.#connectivityListeners]) listener(online);
    }

    async publish(bytes: Uint8Array, options: PublishOptions = {}): Promise<PublishResult> {
      if (!has("ignore-abort")) options.signal?.throwIfAborted();
      if (!this.#started && !has("publish-before-start")) throw new NotStartedError();
      const limit = has("limit-off-by-one") ? LIMIT - 1 : LIMIT;
      if (bytes.length > limit && !has("accept-oversize")) {
        throw has("oversize-transient")
          ? new TransientTransportError()
          : new PayloadTooLargeError(bytes.length, limit);
      }
      if (has("one-way") && this.#index === 1) return {};
      const sent = has("no-copy") ? bytes : bytes.slice();
      const hint = hash(sent);
      store.set(Buffer.from(hint).toString("hex"), sent.slice());
      time++;
      stored.push({ retrievalHint: hint, bytes: sent.slice(), storedAt: time });
      for (const to of transports) {
        if (to === this && !echo && !has("echo-anyway")) continue;
        if (to.#index >= 2 && has("skip-third-peer")) continue;
        queue.push(() => to.#deliver(sent, has("wrong-meta-hint") ? hash(hint) : hint));
      }
      return { retrievalHint: hint };
    }

    subscribe(listener: TransportListener): () => void {
      this.#listeners.add(listener);
      return () => {
        if (!has("no-unsubscribe")) this.#listeners.delete(listener);
      };
    }

    async retrieve(hints: readonly Uint8Array[]): Promise<RetrievedPayload[]> {
      if (has("retrieve-publisher-only") && this.#index !== 0) return [];
      return hints.flatMap((hint) => {
        const bytes = store.get(Buffer.from(hint).toString("hex"));
        if (bytes !== undefined) return [{ retrievalHint: hint, bytes: bytes.slice() }];
        return has("retrieve-unknown-junk") ? [{ retrievalHint: hint, bytes: new Uint8Array(1) }] : [];
      });
    }

    queryRange(range: TimeRange, options: QueryRangeOptions = {}): AsyncIterable<readonly StoredPayload[]> {
      const { signal, pageSize = 2 } = options;
      return {
        async *[Symbol.asyncIterator]() {
          if (!has("query-ignore-abort")) signal?.throwIfAborted();
          const matches = stored.filter((p) => inRange(range, p.storedAt));
          if (has("query-newest-first")) matches.reverse();
          for (let i = 0; i < matches.length; i += pageSize) {
            const page = matches.slice(has("query-page-overlap") && i > 0 ? i - 1 : i, i + pageSize);
            yield page.map((p) => ({ ...p, bytes: p.bytes.slice() }));
            if (has("query-first-page-only")) return;
          }
        },
      };
    }

    #deliver(bytes: Uint8Array, hint: Uint8Array): void {
      if (!this.#started && !has("deliver-after-stop")) return;
      let listeners = this.#frozen ?? [...this.#listeners];
      if (has("first-listener-only")) listeners = listeners.slice(0, 1);
      for (const listener of listeners) listener(bytes.slice(), { retrievalHint: hint });
    }
  }

  for (let i = 0; i < peers; i++) transports.push(new BusTransport(i));
  return {
    transports,
    async settle() {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) next();
    },
    close: async () => undefined,
    echo,
    receiveTimeoutMs: 0,
    now: () => time,
  };
}
