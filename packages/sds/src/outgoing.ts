import type { HistoryEntry, MessageId, ParticipantId } from "@reliable-channel/interfaces";
import { falsePositiveRate, hasAllBits, popCount } from "./bloom-bits.js";
import type { BloomHasher } from "./bloom-hash.js";
import type { BloomProfile } from "./bloom-profile.js";
import { bloomPositions } from "./bloom-profile.js";
import { MAX_BLOOM_HITS_PER_MESSAGE, MAX_EVIDENCE_FALSE_POSITIVE_RATE } from "./defaults.js";
import type { OutgoingEntry, PossibleAck } from "./results.js";
import type { ReceivedFilter } from "./wire-profile.js";

/** Settings of the ack rules. */
export interface AckRules {
  readonly profile: BloomProfile;
  /** The string hash behind positions. @default js-waku's MurmurHash3 */
  readonly hash?: BloomHasher;
  readonly minParticipants: number;
  readonly falsePositiveTarget: number;
  readonly capacity: number;
}

interface Pending {
  readonly entry: Omit<OutgoingEntry, "state">;
  readonly positions: Uint32Array;
  /** Distinct participants whose filter hit, with the lowest false-positive rate seen from each. */
  readonly hits: Map<ParticipantId, number>;
}

/** What one received message did to the outgoing set. */
export interface AckReview {
  readonly acknowledged: MessageId[];
  readonly possiblyAcknowledged: PossibleAck[];
}

/** The persisted form of one outgoing message. */
export interface OutgoingState {
  readonly entry: Omit<OutgoingEntry, "state">;
  readonly hits: readonly (readonly [ParticipantId, number])[];
}

/**
 * Our unacknowledged messages and the ack rules:
 * - named in a received causal history → acknowledged;
 * - set in a received bloom filter → possibly acknowledged, remembering the sender and the filter's
 *   false-positive rate f = (set bits / m)^k;
 * - promoted to acknowledged once at least `minParticipants` distinct other participants have hit and the
 *   product of their f is at most `falsePositiveTarget`. A saturated filter (f above
 *   {@link MAX_EVIDENCE_FALSE_POSITIVE_RATE}) adds no evidence and is not recorded; at most
 *   {@link MAX_BLOOM_HITS_PER_MESSAGE} hits are kept per message (the strongest).
 */
export interface OutgoingTracker {
  add(entry: Omit<OutgoingEntry, "state">): void;
  /** Acks by `history`, and bloom hits in `filter` (read with its own size and hash count). */
  review(
    sender: ParticipantId,
    history: readonly HistoryEntry[],
    filter: ReceivedFilter | undefined,
  ): AckReview;
  list(): OutgoingEntry[];
  readonly size: number;
  exportState(): OutgoingState[];
}

/**
 * Whether a new hit of rate `f` may be recorded: always below {@link MAX_BLOOM_HITS_PER_MESSAGE} hits;
 * at the cap only in place of the weakest one, when it is stronger (which is dropped here).
 */
function makeRoom(hits: Map<ParticipantId, number>, f: number): boolean {
  if (hits.size < MAX_BLOOM_HITS_PER_MESSAGE) return true;
  let weakest: ParticipantId | undefined;
  let weakestRate = f;
  for (const [participant, rate] of hits)
    if (rate > weakestRate) {
      weakest = participant;
      weakestRate = rate;
    }
  if (weakest === undefined) return false;
  hits.delete(weakest);
  return true;
}

function promoted(hits: Map<ParticipantId, number>, rules: AckRules): boolean {
  if (hits.size < rules.minParticipants) return false;
  let product = 1;
  for (const f of hits.values()) product *= f;
  return product <= rules.falsePositiveTarget;
}

/** Creates an {@link OutgoingTracker}; `initial` restores a persisted one. */
export function createOutgoingTracker(
  rules: AckRules,
  initial: readonly OutgoingState[] = [],
): OutgoingTracker {
  const pending = new Map<MessageId, Pending>();
  const put = (entry: Omit<OutgoingEntry, "state">, hits: Map<ParticipantId, number>): void => {
    pending.set(entry.messageId, {
      entry,
      positions: bloomPositions(rules.profile, entry.messageId, rules.hash),
      hits,
    });
    if (pending.size > rules.capacity) {
      const oldest = pending.keys().next();
      if (oldest.done !== true) pending.delete(oldest.value);
    }
  };

  const reviewFilter = (sender: ParticipantId, received: ReceivedFilter, out: AckReview): void => {
    const { filter, bits, hashes } = received;
    // A filter of another shape (a nim-sds peer whose filter rolled to a new size) needs its own positions.
    const ours = bits === rules.profile.bits && hashes === rules.profile.hashes;
    const f = falsePositiveRate(popCount(filter), bits, hashes);
    // A saturated filter adds no evidence: nothing to record.
    if (!(f <= MAX_EVIDENCE_FALSE_POSITIVE_RATE)) return;
    for (const [id, p] of pending) {
      const positions = ours ? p.positions : bloomPositions(received, id, rules.hash);
      if (!hasAllBits(filter, positions)) continue;
      const before = p.hits.get(sender);
      if (before !== undefined && before <= f) continue;
      if (before === undefined && !makeRoom(p.hits, f)) continue;
      p.hits.set(sender, f);
      if (promoted(p.hits, rules)) {
        pending.delete(id);
        out.acknowledged.push(id);
      } else if (before === undefined) {
        out.possiblyAcknowledged.push({ messageId: id, count: p.hits.size });
      }
    }
  };

  for (const saved of initial) put(saved.entry, new Map(saved.hits));

  return {
    add: (entry) => put(entry, new Map()),
    review(sender, history, filter) {
      const out: AckReview = { acknowledged: [], possiblyAcknowledged: [] };
      if (pending.size === 0) return out;
      for (const h of history) {
        if (pending.delete(h.messageId)) out.acknowledged.push(h.messageId);
      }
      if (filter !== undefined && pending.size > 0) {
        reviewFilter(sender, filter, out);
      }
      return out;
    },
    list: () =>
      [...pending.values()].map((p) => ({
        ...p.entry,
        state: p.hits.size > 0 ? ("possibly-acknowledged" as const) : ("unacknowledged" as const),
      })),
    get size() {
      return pending.size;
    },
    exportState: () => [...pending.values()].map((p) => ({ entry: p.entry, hits: [...p.hits] })),
  };
}
