import type { MessageId, ParticipantId } from "@reliable-channel/interfaces";

/**
 * Exactly-once beyond the dedupe window: per sender, the Lamport time at or below which its messages that
 * left the window were delivered (its floor). A content message at or below its sender's floor that is
 * neither in the window nor awaited as missing is a re-send of a delivered one: a flood that rolls the
 * window does not make a late retry deliverable again. The origin (sender, Lamport time) of each id in the
 * window is kept until the id leaves it; floors are kept for at most `maxSenders` senders, the one raised
 * longest ago forgotten first. Internal.
 */
export interface DeliveredFloors {
  /** Remembers where the delivered `id` came from, while it is in the dedupe window. */
  note(id: MessageId, senderId: ParticipantId, lamport: bigint): void;
  /** `ids` left the dedupe window: each raises its sender's floor to its Lamport time. */
  forget(ids: readonly MessageId[]): void;
  /** Whether `senderId`'s message at `lamport` is at or below the sender's floor. */
  covers(senderId: ParticipantId, lamport: bigint): boolean;
  /** Senders with a floor. */
  readonly senders: number;
}

interface Origin {
  readonly senderId: ParticipantId;
  readonly lamport: bigint;
}

/** Creates {@link DeliveredFloors} keeping floors for at most `maxSenders` senders. */
export function createDeliveredFloors(maxSenders: number): DeliveredFloors {
  const origins = new Map<MessageId, Origin>();
  const floors = new Map<ParticipantId, bigint>();
  const raise = ({ senderId, lamport }: Origin) => {
    const floor = floors.get(senderId);
    floors.delete(senderId); // re-inserted last: the most recently raised
    floors.set(senderId, floor === undefined || lamport > floor ? lamport : floor);
    for (const oldest of floors.keys()) {
      if (floors.size <= maxSenders) break;
      floors.delete(oldest);
    }
  };
  return {
    note(id, senderId, lamport) {
      origins.set(id, { senderId, lamport });
    },
    forget(ids) {
      for (const id of ids) {
        const origin = origins.get(id);
        if (origin === undefined) continue;
        origins.delete(id);
        raise(origin);
      }
    },
    covers(senderId, lamport) {
      const floor = floors.get(senderId);
      return floor !== undefined && lamport <= floor;
    },
    get senders() {
      return floors.size;
    },
  };
}
