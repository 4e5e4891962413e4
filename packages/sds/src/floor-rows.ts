import {
  type ParticipantId,
  StorageCorruptionError,
  type StorageOp,
  type StoredChannelState,
} from "@reliable-channel/interfaces";
import type { DeliveredFloorsState, FloorRecord, FloorsRoll } from "./delivered-floors.js";
import { decodeState, encodeState } from "./state-codec.js";

/**
 * The delivered floors (see `delivered-floors.ts`) as `meta` rows, written by the operation that changed
 * them, so a crash between checkpoints keeps them as exactly as the delivered ids they stand for:
 * - `sds/floor/<sender>`: `[ordinal, lamport]`, the sender's floor and when it was last raised;
 * - `sds/origin/<generation>/<sender>`: the sender's highest delivered Lamport time in that generation of
 *   the dedupe window, as 8 big-endian bytes (rewritten as it rises, deleted when the generation leaves);
 * - `sds/generation`: the number of the window's current generation (rewritten when it rolls).
 * At most `maxKnownSenders` rows of each kind per generation: bounded whatever the dedupe window.
 */
export const FLOOR_KEYS = {
  floor: "sds/floor/",
  origin: "sds/origin/",
  generation: "sds/generation",
} as const;

const originKey = (generation: number, senderId: ParticipantId): string =>
  `${FLOOR_KEYS.origin}${generation}/${senderId}`;

/**
 * The row of a sender's new maximum in the current generation (see `DeliveredFloors.note`). Written on
 * nearly every delivery, so its value is the Lamport time as 8 big-endian bytes (a decoded message's
 * Lamport time is a uint64), not the generic state encoding.
 */
export function originPut(generation: number, senderId: ParticipantId, lamport: bigint): StorageOp {
  const value = new Uint8Array(8);
  new DataView(value.buffer).setBigUint64(0, BigInt.asUintN(64, lamport));
  return { type: "meta-put", key: originKey(generation, senderId), value };
}

/** The Lamport time of an origin row, or undefined when the row is not 8 bytes. */
function originLamport(value: Uint8Array): bigint | undefined {
  if (value.length !== 8) return undefined;
  return new DataView(value.buffer, value.byteOffset, 8).getBigUint64(0);
}

/** The rows a roll of the dedupe window changes. */
export function rollOps(roll: FloorsRoll): StorageOp[] {
  const { forgotten, raised, evicted, generation } = roll;
  return [
    ...forgotten.senders.map(
      (s): StorageOp => ({ type: "meta-delete", key: originKey(forgotten.generation, s) }),
    ),
    ...raised.map(
      (f): StorageOp => ({
        type: "meta-put",
        key: FLOOR_KEYS.floor + f.senderId,
        value: encodeState([f.ordinal, f.lamport]),
      }),
    ),
    ...evicted.map((s): StorageOp => ({ type: "meta-delete", key: FLOOR_KEYS.floor + s })),
    { type: "meta-put", key: FLOOR_KEYS.generation, value: encodeState(generation) },
  ];
}

function fail(what: string): never {
  throw new StorageCorruptionError(`stored SDS state is damaged: ${what}`);
}

function isFloorValue(v: unknown): v is [number, bigint] {
  return (
    Array.isArray(v) && v.length === 2 && Number.isSafeInteger(v[0]) && v[0] >= 0 && typeof v[1] === "bigint"
  );
}

/**
 * The floors stored as rows, in the order `DeliveredFloors.exportState` gives (absent rows: no floor, generation 0, as a core that never rolled or a
 * checkpoint format without floors).
 * @throws StorageCorruptionError when a row does not decode or names a generation no longer in the window.
 */
export function readFloorRows(meta: StoredChannelState["meta"]): DeliveredFloorsState {
  const stored = meta[FLOOR_KEYS.generation];
  const generation = stored === undefined ? 0 : decodeState(stored);
  if (typeof generation !== "number" || !Number.isSafeInteger(generation)) fail("floor generation");
  const floors: FloorRecord[] = [];
  const current: [ParticipantId, bigint][] = [];
  const previous: [ParticipantId, bigint][] = [];
  for (const [key, value] of Object.entries(meta)) {
    if (key.startsWith(FLOOR_KEYS.floor)) {
      const v = decodeState(value);
      if (!isFloorValue(v)) fail(`${key} is no floor`);
      floors.push({ senderId: key.slice(FLOOR_KEYS.floor.length), lamport: v[1], ordinal: v[0] });
    } else if (key.startsWith(FLOOR_KEYS.origin)) {
      const rest = key.slice(FLOOR_KEYS.origin.length);
      const slash = rest.indexOf("/");
      const of = Number(rest.slice(0, slash));
      const lamport = originLamport(value);
      if (slash < 0 || lamport === undefined) fail(`${key} is no origin`);
      const senderId = rest.slice(slash + 1);
      if (of === generation) current.push([senderId, lamport]);
      else if (of === generation - 1) previous.push([senderId, lamport]);
      else fail(`${key} is of a generation no longer in the window`);
    }
  }
  const bySender = (a: readonly [string, bigint], b: readonly [string, bigint]): number =>
    a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
  return {
    generation,
    floors: floors.sort((a, b) => a.ordinal - b.ordinal),
    current: current.sort(bySender),
    previous: previous.sort(bySender),
  };
}
