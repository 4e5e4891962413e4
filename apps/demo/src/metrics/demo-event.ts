import type { MessageId, ParticipantId } from "@reliable-channel/interfaces";

/**
 * One observation of a demo run, translated from a channel event (or a fault the scenario injected).
 * `at` is the run's clock in ms since the run started (virtual time on the memory transport).
 */
export type DemoEvent =
  /** `participant` sent `messageId` (the channel accepted it). */
  | {
      readonly kind: "sent";
      readonly at: number;
      readonly participant: ParticipantId;
      readonly messageId: MessageId;
    }
  /** `participant` delivered `messageId` (sent by `sender`) to the app. */
  | {
      readonly kind: "delivered";
      readonly at: number;
      readonly participant: ParticipantId;
      readonly messageId: MessageId;
      readonly sender: ParticipantId;
    }
  /** A copy of an already-seen message reached `participant` and was suppressed. */
  | { readonly kind: "duplicate"; readonly at: number; readonly participant: ParticipantId }
  /** `participant` fetched `messageId` from the store by its hint. */
  | {
      readonly kind: "retrieved";
      readonly at: number;
      readonly participant: ParticipantId;
      readonly messageId: MessageId;
    }
  /** `participant` got `messageId` from another participant's repair rebroadcast (SDS-R). */
  | {
      readonly kind: "repaired";
      readonly at: number;
      readonly participant: ParticipantId;
      readonly messageId: MessageId;
    }
  /** The sender `participant` learned that `messageId` was acknowledged. */
  | {
      readonly kind: "acknowledged";
      readonly at: number;
      readonly participant: ParticipantId;
      readonly messageId: MessageId;
    }
  /** The sender `participant` learned that every member of the roster has `messageId`. */
  | {
      readonly kind: "delivered-to-all";
      readonly at: number;
      readonly participant: ParticipantId;
      readonly messageId: MessageId;
    }
  /** `participant` gave up on `messageId` as a dependency (gone from the store and from peers). */
  | {
      readonly kind: "irretrievable";
      readonly at: number;
      readonly participant: ParticipantId;
      readonly messageId: MessageId;
    }
  /** The sender `participant` was told `messageId` failed. */
  | {
      readonly kind: "send-failed";
      readonly at: number;
      readonly participant: ParticipantId;
      readonly messageId: MessageId;
    }
  /** The scenario injected a fault or lifted it (shown on the plot). */
  | {
      readonly kind: "fault";
      readonly at: number;
      readonly participant?: ParticipantId;
      readonly label: string;
    };

/** The kinds of {@link DemoEvent}. */
export type DemoEventKind = DemoEvent["kind"];
