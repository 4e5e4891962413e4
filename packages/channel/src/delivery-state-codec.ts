import type { MessageId, ParticipantId, StabilityWatermark } from "@reliable-channel/interfaces";
import type { OwnDelivery } from "./delivery-state.js";

/** The storage `meta` key of the delivery state (a channel with a roster only). */
export const DELIVERY_STATE_KEY = "delivery-state";

/**
 * Most pending messages of ours whose delivery state is stored (the newest); with more, the older ones are
 * not restored after a restart and the watermark stops below them. @default 1_000 (messages)
 */
export const MAX_STORED_PENDING_DELIVERIES = 1_000;

/** What a restart restores: our pending messages and the watermark. */
export interface StoredDeliveryState {
  readonly own: readonly OwnDelivery[];
  readonly watermark: StabilityWatermark | undefined;
  /** Some pending message's state was lost (dropped at a cap, or not stored): the watermark stays put. */
  readonly blocked: boolean;
}

interface Row {
  readonly i: MessageId;
  readonly l: string;
  readonly e: number;
  readonly x: readonly ParticipantId[];
  readonly h: readonly MessageId[];
  readonly k: readonly ParticipantId[];
}

interface Doc {
  readonly v: 1;
  readonly own: readonly Row[];
  readonly w?: { readonly i: MessageId; readonly l: string; readonly s: number };
  readonly b: boolean;
}

/** The stored form (JSON) of the newest {@link MAX_STORED_PENDING_DELIVERIES} pending messages and the rest. */
export function encodeDeliveryState(state: StoredDeliveryState): Uint8Array {
  const kept = state.own.slice(-MAX_STORED_PENDING_DELIVERIES);
  const w = state.watermark;
  const doc: Doc = {
    v: 1,
    own: kept.map((o) => ({
      i: o.messageId,
      l: o.lamportTimestamp.toString(),
      e: o.epoch,
      x: o.expected,
      h: o.history,
      k: [...o.known],
    })),
    ...(w === undefined ? {} : { w: { i: w.messageId, l: w.lamportTimestamp.toString(), s: w.stable } }),
    b: state.blocked || kept.length < state.own.length,
  };
  return new TextEncoder().encode(JSON.stringify(doc));
}

/** The state stored by {@link encodeDeliveryState}, or `undefined` for bytes it did not write. */
export function decodeDeliveryState(bytes: Uint8Array): StoredDeliveryState | undefined {
  try {
    const doc = JSON.parse(new TextDecoder().decode(bytes)) as Doc;
    if (doc.v !== 1 || !Array.isArray(doc.own)) return undefined;
    const own = doc.own.map(
      (row, order): OwnDelivery => ({
        messageId: row.i,
        lamportTimestamp: BigInt(row.l),
        order,
        epoch: row.e,
        expected: row.x,
        history: row.h,
        known: new Set(row.k),
        possibly: new Set(),
        positions: undefined,
        done: false,
      }),
    );
    const w = doc.w;
    const watermark =
      w === undefined ? undefined : { messageId: w.i, lamportTimestamp: BigInt(w.l), stable: w.s };
    return { own, watermark, blocked: doc.b === true };
  } catch {
    return undefined;
  }
}
