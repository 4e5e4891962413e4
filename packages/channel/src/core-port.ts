import type { DeliveredMessage, ReceiveResult, SdsCore } from "@reliable-channel/sds";

/** A message the core delivered to us, in causal order (the core's own type). */
export type CoreDelivered = DeliveredMessage;

/** What the core made of received bytes (the core's own type). */
export type CoreReceiveResult = ReceiveResult;

/**
 * The part of `SdsCore` (from `@reliable-channel/sds`) the channel drives, with the core's own types. Every
 * operation's `changes` are committed by the session as they come (see `committingCore`).
 */
export type ChannelCore = Pick<
  SdsCore,
  | "send"
  | "sync"
  | "ephemeral"
  | "receive"
  | "sweep"
  | "markIrretrievable"
  | "recordRetrievalHint"
  | "wantHistoryFrom"
  | "missing"
  | "checkpoint"
  | "lamportTimestamp"
  | "joinedAt"
  | "wire"
>;
