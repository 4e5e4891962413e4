import type { MessageId, ParticipantId } from "@reliable-channel/interfaces";

/** The numbers of one participant (or of all of them, in {@link DemoMetrics.total}). */
export interface ParticipantMetrics {
  /** The participant's id, or `"total"`. */
  readonly participant: string;
  /** Messages this participant sent. */
  readonly sent: number;
  /** Messages it should deliver: everything the others sent. */
  readonly expected: number;
  /** Distinct messages delivered to the app. */
  readonly delivered: number;
  /** Copies of already-seen messages that were suppressed. */
  readonly duplicates: number;
  /** Messages fetched from the store by hint. */
  readonly retrieved: number;
  /** Messages received from other participants' repair rebroadcasts. */
  readonly repaired: number;
  /** Own messages this participant learned were acknowledged. */
  readonly acknowledged: number;
  /**
   * Own messages every member of the roster is known to have (`delivered-to-all`); absent when the run had
   * no roster.
   */
  readonly deliveredToAll?: number;
  /** Dependencies given up as irretrievable. */
  readonly irretrievable: number;
  /** Own messages the channel reported as failed. */
  readonly sendFailed: number;
  /** Median send→delivered latency (ms) of the messages this participant delivered. */
  readonly latencyP50?: number;
  /** 95th percentile send→delivered latency (ms). */
  readonly latencyP95?: number;
}

/** A fault as shown in the report. */
export interface FaultMark {
  readonly at: number;
  readonly participant?: ParticipantId;
  readonly label: string;
}

/** Everything the final table, the report and the live view show. */
export interface DemoMetrics {
  readonly participants: readonly ParticipantMetrics[];
  readonly total: ParticipantMetrics;
  /** Run clock (ms) of the latest event. */
  readonly lastEventAt: number;
  /** Run clock (ms) of every delivery, ascending. */
  readonly deliveryTimes: readonly number[];
  /** Run clock (ms) of every acknowledgement, ascending. */
  readonly acknowledgementTimes: readonly number[];
  readonly faults: readonly FaultMark[];
}

/** What the guarantee checks read: who sent what, who delivered what in which order, what was acked. */
export interface DeliveryTrace {
  readonly participants: readonly ParticipantId[];
  /** Sender of each sent message, in send order. */
  readonly sent: ReadonlyMap<MessageId, ParticipantId>;
  /** Each participant's deliveries in the order the app saw them (repeats kept, to be caught). */
  readonly deliveries: ReadonlyMap<ParticipantId, readonly MessageId[]>;
  /** Messages their sender saw acknowledged. */
  readonly acknowledged: ReadonlySet<MessageId>;
  /** Messages their sender was told failed. */
  readonly failed: ReadonlySet<MessageId>;
  /** Per participant, dependencies it declared irretrievable. */
  readonly irretrievable: ReadonlyMap<ParticipantId, ReadonlySet<MessageId>>;
}
