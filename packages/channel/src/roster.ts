import {
  InvalidArgumentError,
  type MembershipChange,
  type ParticipantId,
} from "@reliable-channel/interfaces";

/**
 * The roster of a channel: who the app says the members are. The app's group layer (e.g. MLS) decides;
 * the channel only applies its decisions, in the order they were made, each one a new epoch. Without a
 * roster (`active` false) the channel tracks no delivery state at all.
 */
export class Roster {
  readonly #self: ParticipantId;
  #members: readonly ParticipantId[] = [];
  #set = new Set<ParticipantId>();
  #epoch = 0;

  /** A roster of `self`'s channel, empty (inactive) until the first {@link Roster.apply}. */
  constructor(self: ParticipantId) {
    this.#self = self;
  }

  /** Whether the app has given a roster (epoch 1 or later). */
  get active(): boolean {
    return this.#epoch > 0;
  }

  /** The current epoch: 0 before the first roster, then one more per change. */
  get epoch(): number {
    return this.#epoch;
  }

  /** The current members, as the app listed them (duplicates dropped). */
  get members(): readonly ParticipantId[] {
    return this.#members;
  }

  /** The current members other than this participant: those a message of ours is expected to reach. */
  others(): ParticipantId[] {
    return this.#members.filter((id) => id !== this.#self);
  }

  /** Whether `id` is a current member. */
  has(id: ParticipantId): boolean {
    return this.#set.has(id);
  }

  /**
   * Makes `ids` the members from now on and returns the change (a new epoch, even when nobody changed: the
   * app said so, and an encryption may want to rotate anyway).
   * @throws InvalidArgumentError when `ids` is not an array of non-empty strings.
   */
  apply(ids: readonly ParticipantId[]): MembershipChange {
    const members = validMembers(ids);
    const next = new Set(members);
    const added = members.filter((id) => !this.#set.has(id));
    const removed = this.#members.filter((id) => !next.has(id));
    this.#members = members;
    this.#set = next;
    this.#epoch += 1;
    return { epoch: this.#epoch, members, added, removed };
  }
}

/** `ids` without duplicates, checked. */
export function validMembers(ids: unknown): ParticipantId[] {
  if (!Array.isArray(ids)) throw new InvalidArgumentError("members must be an array of participant ids");
  const out: ParticipantId[] = [];
  const seen = new Set<string>();
  for (const id of ids) {
    if (typeof id !== "string" || id.length === 0)
      throw new InvalidArgumentError("members must be non-empty strings");
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
  }
  return out;
}
