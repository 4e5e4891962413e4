import type { ParticipantId } from "@reliable-channel/interfaces";

/** One sender's floor: the Lamport time at or below which its messages count as delivered. */
export interface FloorRecord {
  readonly senderId: ParticipantId;
  readonly lamport: bigint;
  /** When it was last raised (a counter): the floor raised longest ago is forgotten first. */
  readonly ordinal: number;
}

/** Per sender, the highest Lamport time of its messages delivered in one generation of the dedupe window. */
export type GenerationOrigins = readonly (readonly [ParticipantId, bigint])[];

/** Everything needed to resume the delivered floors of a core (see `floor-rows.ts` for how it is stored). */
export interface DeliveredFloorsState {
  /** The number of the dedupe window's current generation; its previous one is `generation - 1`. */
  readonly generation: number;
  /** The floors, least recently raised first. */
  readonly floors: readonly FloorRecord[];
  /** The origins of the delivered ids in the window's current generation. */
  readonly current: GenerationOrigins;
  /** The origins of the delivered ids in the window's previous generation. */
  readonly previous: GenerationOrigins;
}

/** What one roll of the dedupe window changed (each item is a storage row to write or delete). */
export interface FloorsRoll {
  /** The generation that left the window, and the senders it had origins for. */
  readonly forgotten: { readonly generation: number; readonly senders: readonly ParticipantId[] };
  /** Floors raised (or re-raised) by it. */
  readonly raised: readonly FloorRecord[];
  /** Senders whose floor was forgotten to keep at most `maxSenders`. */
  readonly evicted: readonly ParticipantId[];
  /** The number of the new current generation. */
  readonly generation: number;
}

/**
 * Exactly-once beyond the dedupe window: per sender, the Lamport time at or below which its messages that
 * left the window were delivered (its floor). A content message at or below its sender's floor that is
 * neither in the window nor awaited as missing is a re-send of a delivered one: a flood that rolls the
 * window does not make a late retry deliverable again.
 *
 * The window forgets a whole generation at a time, so no per-id origin is needed: for each of its two
 * generations the highest Lamport time delivered per sender is kept, and when a generation leaves the
 * window its maxima raise the floors. Each generation keeps at most `maxSenders` senders (a later new
 * sender raises no floor); floors are kept for at most `maxSenders` senders, the one raised longest ago
 * forgotten first. Internal.
 */
export interface DeliveredFloors {
  /**
   * A message of `senderId` at `lamport` was delivered into the window's current generation; returns the
   * sender's new maximum in it when it rose (a row to write), else undefined.
   */
  note(senderId: ParticipantId, lamport: bigint): bigint | undefined;
  /** The window's current generation became its previous one, and the previous one left it. */
  roll(): FloorsRoll;
  /** Whether `senderId`'s message at `lamport` is at or below the sender's floor. */
  covers(senderId: ParticipantId, lamport: bigint): boolean;
  /** The number of the window's current generation. */
  readonly generation: number;
  /** Senders with a floor. */
  readonly senders: number;
  exportState(): DeliveredFloorsState;
}

/** A generation's origins in sender order (a canonical form: restored rows come in any order). */
function sorted(origins: ReadonlyMap<ParticipantId, bigint>): GenerationOrigins {
  return [...origins].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Creates {@link DeliveredFloors} keeping at most `maxSenders` senders per map, resumed from `saved`. */
export function createDeliveredFloors(maxSenders: number, saved?: DeliveredFloorsState): DeliveredFloors {
  let generation = saved?.generation ?? 0;
  let current = new Map<ParticipantId, bigint>(saved?.current);
  let previous = new Map<ParticipantId, bigint>(saved?.previous);
  /** Insertion order is raise order: the first is the one raised longest ago. */
  const floors = new Map<ParticipantId, FloorRecord>();
  let nextOrdinal = 0;
  for (const f of [...(saved?.floors ?? [])].sort((a, b) => a.ordinal - b.ordinal)) {
    floors.set(f.senderId, f);
    nextOrdinal = f.ordinal + 1;
  }
  const raise = (senderId: ParticipantId, lamport: bigint): FloorRecord => {
    const floor = floors.get(senderId)?.lamport;
    const record = {
      senderId,
      lamport: floor === undefined || lamport > floor ? lamport : floor,
      ordinal: nextOrdinal++,
    };
    floors.delete(senderId); // re-inserted last: the most recently raised
    floors.set(senderId, record);
    return record;
  };
  return {
    note(senderId, lamport) {
      const max = current.get(senderId);
      if (max !== undefined ? lamport <= max : current.size >= maxSenders) return undefined;
      current.set(senderId, lamport);
      return lamport;
    },
    roll() {
      const raised = [...previous].map(([senderId, lamport]) => raise(senderId, lamport));
      const evicted: ParticipantId[] = [];
      for (const oldest of floors.keys()) {
        if (floors.size <= maxSenders) break;
        floors.delete(oldest);
        evicted.push(oldest);
      }
      const forgotten = { generation: generation - 1, senders: [...previous.keys()] };
      previous = current;
      current = new Map();
      generation += 1;
      return {
        forgotten,
        raised: raised.filter((r) => floors.get(r.senderId) === r),
        evicted,
        generation,
      };
    },
    covers(senderId, lamport) {
      const floor = floors.get(senderId);
      return floor !== undefined && lamport <= floor.lamport;
    },
    get generation() {
      return generation;
    },
    get senders() {
      return floors.size;
    },
    exportState: () => ({
      generation,
      floors: [...floors.values()],
      current: sorted(current),
      previous: sorted(previous),
    }),
  };
}
