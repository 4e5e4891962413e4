import type { HistoryEntry, MessageId, ParticipantId, SdsMessage } from "@reliable-channel/interfaces";
import type { WireProfile } from "@reliable-channel/sds";

/** A message the core delivered to us, in causal order. */
export interface CoreDelivered {
  readonly messageId: MessageId;
  readonly senderId: ParticipantId;
  readonly lamportTimestamp: bigint;
  readonly content: Uint8Array;
  readonly retrievalHint?: Uint8Array;
  readonly bytes: Uint8Array;
  /** Dependencies it was released without (declared lost or irretrievable, or from before the join). */
  readonly skippedDependencies?: readonly MessageId[];
  /** Present (true) when it is from before our join point (history the app asked for). */
  readonly history?: true;
}

/** What the core made of received bytes. */
export interface CoreReceiveResult {
  readonly outcome: string;
  readonly reason?: string;
  /** The decoded message, when decoding succeeded. */
  readonly message?: SdsMessage;
  readonly delivered: readonly CoreDelivered[];
  readonly missing: readonly HistoryEntry[];
  readonly acknowledged: readonly MessageId[];
  readonly possiblyAcknowledged: readonly { readonly messageId: MessageId; readonly count: number }[];
  /** Dependencies the core declared lost now because one of its caps was hit (dependents in `delivered`). */
  readonly lost?: readonly HistoryEntry[];
}

/** An encoded message built by the core. */
export interface CoreBuilt {
  readonly message: SdsMessage;
  readonly bytes: Uint8Array;
}

/**
 * The part of `SdsCore` (from `@reliable-channel/sds`) the channel drives. Declared structurally so that
 * the channel's components depend on what they use only; `createSdsCore(...)` satisfies it.
 */
export interface ChannelCore {
  /** Throws `PayloadTooLargeError`, changing nothing, when the encoded message would exceed `maxBytes`. */
  send(
    content: Uint8Array,
    opts: { now: number; nonce: Uint8Array; maxBytes?: number },
  ): CoreBuilt & { readonly sequence: bigint };
  /** Leaves out the filter, then the repair requests, when the message would exceed `maxBytes`. */
  sync(opts: { now: number; maxBytes?: number }): CoreBuilt;
  ephemeral(content: Uint8Array, opts: { nonce: Uint8Array }): CoreBuilt;
  receive(bytes: Uint8Array, opts: { now: number; retrievalHint?: Uint8Array }): CoreReceiveResult;
  sweep(opts: { now: number; declareLost?: boolean }): {
    readonly delivered: readonly CoreDelivered[];
    readonly missing: readonly HistoryEntry[];
    readonly lost: readonly HistoryEntry[];
  };
  markIrretrievable(
    ids: readonly MessageId[],
    opts: { now: number },
  ): { readonly delivered: readonly CoreDelivered[] };
  recordRetrievalHint(messageId: MessageId, hint: Uint8Array): void;
  wantHistoryFrom(lamportTimestamp: bigint): void;
  missing(): readonly HistoryEntry[];
  readonly lamportTimestamp: bigint;
  /** The join point (Lamport time, in `wire.lamportUnitMs`), once known. */
  readonly joinedAt: bigint | undefined;
  /** The wire the core speaks: its decoder and the length of a Lamport tick of wall time. */
  readonly wire: Pick<WireProfile, "decode" | "lamportUnitMs">;
}
