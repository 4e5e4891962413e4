import type { Transport } from "@reliable-channel/interfaces";
import type { ChannelCore } from "./core-port.js";
import type { Emit } from "./emit.js";
import type { Receiver } from "./receiver.js";
import type { RepairPlugin } from "./repair-port.js";
import type { RetrievalPolicy } from "./retrieval-tracker.js";
import type { TimedPartComponents } from "./timed-part.js";

/** What a `Retrieval` uses. */
export interface RetrievalComponents extends TimedPartComponents {
  readonly core: Pick<ChannelCore, "missing" | "markIrretrievable" | "sweep">;
  /** Its store: `retrieve` (lookups by hint), `queryRange` (gap scans), `retention`. */
  readonly transport: Pick<Transport, "retrieve" | "queryRange" | "retention">;
  /**
   * Where what the store returns goes (the normal receive path), and who announces the messages the core
   * released when dependencies were given up.
   */
  readonly receiver: Pick<Receiver, "receiveRetrieved" | "deliver">;
  /** SDS-Repair, when the channel has it: a message it is still asking for is not given up. */
  readonly repair: Pick<RepairPlugin, "isRepairing"> | undefined;
  /** Emits once everything enqueued so far is committed. */
  readonly emitAfterCommit: Emit;
  /** The missing / lost counts changed. */
  readonly onCountsChanged: () => void;
  /**
   * Missing dependencies that a store lookup by hint cannot find (no hint, or the store did not have it): a
   * catch-up may settle whether they are from before the join.
   */
  readonly onNotFound: () => void;
  /** Whether the transport is online now (no store query is made while offline). */
  readonly online: () => boolean;
  /**
   * Whether dependencies may be given up now: not while the catch-up since the last (re)connect is under
   * way, which may still bring them.
   */
  readonly mayGiveUp: () => boolean;
}

/** Options of a `Retrieval` (resolved by the channel). */
export interface RetrievalInit {
  readonly retrieval: RetrievalPolicy;
  /** Margin (ms) a gap scan reaches past now, for clock skew. */
  readonly catchUpMarginMs: number;
}
