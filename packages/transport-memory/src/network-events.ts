import { TypedEmitter } from "@reliable-channel/interfaces";

/** Why a delivery (one publish to one peer) did not reach the peer's listeners. */
export type DropReason = "loss" | "partition" | "offline" | "stopped";

/**
 * Events of a memory network (`network.events`), for tracing, live progress and assertions. Listeners run
 * synchronously inside the clock's timers; byte arrays in payloads are the network's own (do not mutate them).
 */
export interface MemoryNetworkEvents {
  /** A payload was published and stored; once per successful publish. */
  published: {
    readonly at: number;
    readonly from: string;
    readonly retrievalHint: Uint8Array;
    readonly size: number;
  };
  /** A delivery reached a started, online peer's listeners; once per delivery (a duplicate is a second one). */
  delivered: {
    readonly at: number;
    readonly from: string;
    readonly to: string;
    readonly retrievalHint: Uint8Array;
    /** Whether this is the extra copy made by the duplication fault. */
    readonly duplicate: boolean;
  };
  /** A delivery was dropped (when sent, or on arrival for `offline` / `stopped`); once per dropped delivery. */
  dropped: {
    readonly at: number;
    readonly from: string;
    readonly to: string;
    readonly retrievalHint: Uint8Array;
    readonly reason: DropReason;
  };
  /** A publish was rejected because the peer is offline or by `failNextPublish`; once per rejected publish. */
  "publish-failed": {
    readonly at: number;
    readonly from: string;
    readonly permanent: boolean;
    readonly reason: string;
  };
}

/** Counters of a memory network since it was created. */
export interface MemoryNetworkStats {
  /** Successful publishes. */
  readonly published: number;
  /** Publishes rejected (offline peer or injected failure). */
  readonly publishFailed: number;
  /** Deliveries that reached a peer's listeners (duplicates included). */
  readonly delivered: number;
  /** Extra copies made by the duplication fault. */
  readonly duplicated: number;
  /** Dropped deliveries by reason. */
  readonly dropped: Readonly<Record<DropReason, number>>;
  /** Payloads returned by `retrieve`. */
  readonly retrieved: number;
  /** Store requests made (each `retrieve` request and each page of a range query), refused ones included. */
  readonly storeRequests: number;
}

/** The emitter behind `network.events`; `emit` is reachable by the network only (internal). */
export class NetworkEventEmitter extends TypedEmitter<MemoryNetworkEvents> {
  /** Emits `type` (callers on hot paths check `listenerCount` first, to build no payload for nobody). */
  dispatch<K extends keyof MemoryNetworkEvents>(type: K, detail: MemoryNetworkEvents[K]): void {
    this.emit(type, detail);
  }
}
