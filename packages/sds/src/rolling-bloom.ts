import { setBit } from "./bloom-bits.js";
import type { BloomHasher } from "./bloom-hash.js";
import type { BloomProfile } from "./bloom-profile.js";
import { bloomPositions } from "./bloom-profile.js";

/** The persisted form of a {@link RollingBloom}. */
export interface RollingBloomState {
  /** Ids inserted into the current generation. */
  readonly count: number;
  readonly current: Uint8Array;
  readonly previous: Uint8Array;
}

/**
 * A two-generation bloom filter: ids go into the current generation; when it holds
 * `profile.generationCapacity` ids it becomes the previous one and a fresh generation starts.
 * The filter sent on the wire is the union of both, so it always holds the last
 * `generationCapacity`..`2 × generationCapacity` ids and never saturates.
 */
export interface RollingBloom {
  readonly profile: BloomProfile;
  /**
   * Adds `id` to the current generation (rolling first when it is full). The bits are set lazily, in
   * insertion order, when the filter is next read ({@link view}, {@link exportState}) or after
   * {@link BLOOM_PENDING_MAX} inserts: a receive or a send does not pay for hashing into a filter that
   * is sent only now and then.
   */
  insert(id: string): void;
  /** The union of both generations, in the wire layout. Owned by the filter: copy before keeping it. */
  view(): Uint8Array;
  exportState(): RollingBloomState;
}

/** The most inserts a {@link RollingBloom} holds before it sets their bits. */
export const BLOOM_PENDING_MAX = 256;

/**
 * Creates an empty rolling filter of `profile`, or one restored from `state` (ignored when sizes differ),
 * hashing with `hash` (js-waku's MurmurHash3 unless told; see `bloomPositions`).
 */
export function createRollingBloom(
  profile: BloomProfile,
  state?: RollingBloomState,
  hash?: BloomHasher,
): RollingBloom {
  const size = profile.byteLength;
  const fits = state !== undefined && state.current.length === size && state.previous.length === size;
  let current = fits ? state.current.slice() : new Uint8Array(size);
  let previous = fits ? state.previous.slice() : new Uint8Array(size);
  let count = fits ? state.count : 0;
  const union = new Uint8Array(size);
  for (let i = 0; i < size; i++) union[i] = (current[i] ?? 0) | (previous[i] ?? 0);

  const roll = (): void => {
    previous = current;
    current = new Uint8Array(size);
    union.set(previous);
    count = 0;
  };
  const apply = (id: string): void => {
    if (count >= profile.generationCapacity) roll();
    for (const p of bloomPositions(profile, id, hash)) {
      setBit(current, p);
      setBit(union, p);
    }
    count++;
  };
  let pending: string[] = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    const ids = pending;
    pending = [];
    for (const id of ids) apply(id);
  };

  return {
    profile,
    insert(id) {
      pending.push(id);
      if (pending.length >= BLOOM_PENDING_MAX) flush();
    },
    view: () => {
      flush();
      return union;
    },
    exportState: () => {
      flush();
      return { count, current: current.slice(), previous: previous.slice() };
    },
  };
}
