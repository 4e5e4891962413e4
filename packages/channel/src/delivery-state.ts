import type { MessageId, ParticipantId, SdsMessage } from "@reliable-channel/interfaces";
import type { BloomCheck } from "./bloom-check.js";
import { DEFAULT_MAX_PENDING_DELIVERIES } from "./defaults.js";

/**
 * Most messages of others whose causal history is kept to follow knowledge back through them (the oldest
 * are forgotten first). @default 10_000 (messages)
 */
export const DEFAULT_DELIVERY_GRAPH_LIMIT = 10_000;

/** One of our messages and who has it. */
export interface OwnDelivery {
  readonly messageId: MessageId;
  readonly lamportTimestamp: bigint;
  /** Its place among our tracked messages (send order). */
  readonly order: number;
  /** The roster epoch it was sent in. */
  readonly epoch: number;
  /** The members other than us when it was sent: the ones expected to have it. */
  readonly expected: readonly ParticipantId[];
  readonly history: readonly MessageId[];
  /** Members known to have it (from causal histories). */
  readonly known: Set<ParticipantId>;
  /** Members whose bloom filter has it, not (yet) known. */
  readonly possibly: Set<ParticipantId>;
  /** Its bloom positions, once needed. */
  positions: Uint32Array | undefined;
  /** `delivered-to-all` was decided. */
  done: boolean;
}

interface OtherNode {
  history: readonly MessageId[] | undefined;
  readonly known: Set<ParticipantId>;
}

/** What a {@link DeliveryTracker} is built with. */
export interface DeliveryTrackerInit {
  readonly self: ParticipantId;
  /** @default {@link DEFAULT_MAX_PENDING_DELIVERIES} */
  readonly maxPending?: number;
  /** @default {@link DEFAULT_DELIVERY_GRAPH_LIMIT} */
  readonly graphLimit?: number;
  /** Reads bloom filters for `possibly`; without it no member is ever `possibly`. */
  readonly bloom?: BloomCheck;
}

/**
 * Per message of ours, which members have it. Pure: no timers, no events; it returns what became complete.
 *
 * A member has a message when one of its messages names it in its causal history, or names a message
 * whose causal history (followed back through every message whose history we saw: ours, and those we
 * received) names it: the member delivered that message, and causal delivery put its dependencies first.
 * A bloom hit only makes a member `possibly` have it.
 */
export class DeliveryTracker {
  readonly #self: ParticipantId;
  readonly #maxPending: number;
  readonly #graphLimit: number;
  readonly #bloom: BloomCheck | undefined;
  /** Ours, in send order, until the watermark passes them. */
  readonly #own = new Map<MessageId, OwnDelivery>();
  readonly #others = new Map<MessageId, OtherNode>();
  /** Ours whose `known` or `possibly` grew since the last {@link DeliveryTracker.takeChanged}. */
  readonly #changed = new Set<OwnDelivery>();
  #evicted = 0;
  #sent = 0;

  constructor(init: DeliveryTrackerInit) {
    this.#self = init.self;
    this.#maxPending = init.maxPending ?? DEFAULT_MAX_PENDING_DELIVERIES;
    this.#graphLimit = init.graphLimit ?? DEFAULT_DELIVERY_GRAPH_LIMIT;
    this.#bloom = init.bloom;
  }

  /** Messages of ours tracked now. */
  get size(): number {
    return this.#own.size;
  }

  /** Messages of others whose histories are kept now. */
  get graphSize(): number {
    return this.#others.size;
  }

  /** Pending messages dropped at the cap so far (their state is unknown). */
  get evicted(): number {
    return this.#evicted;
  }

  /** Our tracked message `id`. */
  get(id: MessageId): OwnDelivery | undefined {
    return this.#own.get(id);
  }

  /** The oldest tracked message of ours. */
  oldest(): OwnDelivery | undefined {
    for (const own of this.#own.values()) return own;
    return undefined;
  }

  /** Our tracked messages, in send order. */
  pending(): OwnDelivery[] {
    return [...this.#own.values()];
  }

  /** Tracks messages restored from storage (before any other), in their order. */
  load(restored: readonly OwnDelivery[]): void {
    for (const own of restored) this.#own.set(own.messageId, { ...own, order: this.#sent++ });
  }

  /**
   * Our tracked messages whose `known` or `possibly` grew since the last call (from `observe`), in send
   * order; forgets them.
   */
  takeChanged(): OwnDelivery[] {
    const changed = [...this.#changed].filter((own) => this.#own.get(own.messageId) === own);
    this.#changed.clear();
    return changed.sort((a, b) => a.order - b.order);
  }

  /** Stops tracking `id` (it is below the watermark). */
  forget(id: MessageId): void {
    this.#own.delete(id);
  }

  /**
   * Tracks a message we just built; `expected` are the members other than us. Returns it when it is
   * complete at once (nobody else expected), and whether an older pending message was dropped at the cap.
   */
  sent(
    message: Pick<SdsMessage, "messageId" | "lamportTimestamp" | "causalHistory">,
    epoch: number,
    expected: readonly ParticipantId[],
  ): { readonly done: OwnDelivery[]; readonly evicted: boolean } {
    const own: OwnDelivery = {
      messageId: message.messageId,
      lamportTimestamp: message.lamportTimestamp ?? 0n,
      order: this.#sent++,
      epoch,
      expected,
      history: message.causalHistory.map((entry) => entry.messageId),
      known: new Set(),
      possibly: new Set(),
      positions: undefined,
      done: false,
    };
    this.#own.set(own.messageId, own);
    let evicted = false;
    if (this.#own.size > this.#maxPending) {
      const oldest = this.oldest();
      if (oldest !== undefined) this.#own.delete(oldest.messageId);
      this.#evicted += 1;
      evicted = true;
    }
    return { done: this.#complete([own], () => true), evicted };
  }

  /**
   * Learns from a received message (content or sync) what its sender has, when the sender is a member
   * (`isMember` says who counts now). Returns our messages that became complete.
   */
  observe(message: SdsMessage, isMember: (id: ParticipantId) => boolean): OwnDelivery[] {
    const sender = message.senderId;
    if (sender === this.#self) return [];
    const touched = new Set<OwnDelivery>();
    const history = message.causalHistory.map((entry) => entry.messageId);
    // Content and syncs alike: a later message may name a sync (nim-sds logs them), so its history counts.
    if (message.lamportTimestamp !== undefined) this.#record(message.messageId, history, touched);
    // What a non-member has is never asked: its messages only lend their histories to the chains.
    if (isMember(sender)) {
      this.#learn(sender, message.lamportTimestamp !== undefined ? [message.messageId] : history, touched);
      if (message.bloomFilter !== undefined) this.#bloomHits(sender, message.bloomFilter);
    }
    return this.#complete(
      [...touched].sort((a, b) => a.order - b.order),
      isMember,
    );
  }

  /** After a roster change: our pending messages that are complete now (a removed member stops counting). */
  recheck(isMember: (id: ParticipantId) => boolean): OwnDelivery[] {
    return this.#complete(this.#own.values(), isMember);
  }

  #complete(candidates: Iterable<OwnDelivery>, isMember: (id: ParticipantId) => boolean): OwnDelivery[] {
    const done: OwnDelivery[] = [];
    for (const own of candidates) {
      if (own.done) continue;
      if (own.expected.every((id) => own.known.has(id) || !isMember(id))) {
        own.done = true;
        done.push(own);
      }
    }
    return done;
  }

  /** Keeps the causal history of another's message; members already known to have it get its history. */
  #record(id: MessageId, history: readonly MessageId[], touched: Set<OwnDelivery>): void {
    if (this.#own.has(id)) return;
    let node = this.#others.get(id);
    if (node === undefined) {
      node = { history, known: new Set() };
      this.#putOther(id, node);
      return;
    }
    if (node.history !== undefined) return;
    node.history = history;
    for (const member of node.known) this.#learn(member, history, touched);
  }

  #putOther(id: MessageId, node: OtherNode): void {
    this.#others.set(id, node);
    if (this.#others.size <= this.#graphLimit) return;
    for (const oldest of this.#others.keys()) {
      this.#others.delete(oldest);
      break;
    }
  }

  /** `member` has every message in `ids` and everything their histories name, as far as we saw them. */
  #learn(member: ParticipantId, ids: readonly MessageId[], touched: Set<OwnDelivery>): void {
    const stack = [...ids];
    for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
      const own = this.#own.get(id);
      if (own !== undefined) {
        if (own.known.has(member)) continue;
        own.known.add(member);
        own.possibly.delete(member);
        touched.add(own);
        this.#changed.add(own);
        stack.push(...own.history);
      } else {
        let node = this.#others.get(id);
        if (node === undefined) {
          node = { history: undefined, known: new Set() };
          this.#putOther(id, node);
        }
        if (node.known.has(member)) continue;
        node.known.add(member);
        if (node.history !== undefined) stack.push(...node.history);
      }
    }
  }

  /** Bloom hits of `member` on our pending messages it is not known to have: `possibly`. */
  #bloomHits(member: ParticipantId, filter: Uint8Array): void {
    const bloom = this.#bloom;
    const test = bloom?.reader(filter);
    if (bloom === undefined || test === undefined) return;
    for (const own of this.#own.values()) {
      if (own.done || own.known.has(member) || own.possibly.has(member)) continue;
      if (!own.expected.includes(member)) continue;
      own.positions ??= bloom.positions(own.messageId);
      if (test(own.messageId, own.positions)) {
        own.possibly.add(member);
        this.#changed.add(own);
      }
    }
  }
}
