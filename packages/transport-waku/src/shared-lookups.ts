import { toHex } from "@reliable-channel/hash";
import type { RetrievedPayload } from "@reliable-channel/interfaces";
import type { IDecodedMessage, IDecoder, QueryRequestParams } from "@waku/sdk";
import type { RequestGate } from "./node-gates.js";
import { STORE_HASHES_PER_QUERY, type WakuTransportStore } from "./options.js";
import { type FoundPayload, lookupByHash } from "./store-lookup.js";

/** One transport's hash lookup, handed to the node's {@link SharedLookups}. */
export interface LookupRequest {
  readonly hints: readonly Uint8Array[];
  /** The transport's decoder (its content topic and pubsub topic). */
  readonly decoder: IDecoder<IDecodedMessage>;
  /**
   * Decoders with the same key decode alike, so one can decode for all (the transport's plain or marked
   * decoder); undefined for a decoder of the caller's own (e.g. Waku-level encryption), shared with none.
   */
  readonly decoderKey: string | undefined;
  /** The store peer to ask (the first request of a batch chooses). */
  readonly peerId: QueryRequestParams["peerId"] | undefined;
  /** Whether the caller gave up waiting; a query all of whose callers gave up stops asking. */
  readonly isCancelled: () => boolean;
}

/** Runs `callback` once after `delayMs` (ms); returns the function that cancels it. */
export type ScheduleOnce = (callback: () => void, delayMs: number) => () => void;

/** Options of {@link SharedLookups}. */
export interface SharedLookupsInit {
  readonly store: WakuTransportStore;
  /** The node's gate of store requests in flight: one batch holds one slot. */
  readonly gate: RequestGate;
  /** How long (ms) a batch collects lookups before its query goes out; 0: every lookup is its own query. */
  readonly windowMs: number;
  /** @default an `unref`'d platform timer */
  readonly schedule?: ScheduleOnce;
}

interface Waiter {
  readonly request: LookupRequest;
  readonly resolve: (found: RetrievedPayload[]) => void;
  readonly reject: (error: unknown) => void;
}

interface Batch {
  /** One decoder per content topic, with its key. */
  readonly decoders: Map<
    string,
    { readonly key: string | undefined; readonly decoder: IDecoder<IDecodedMessage> }
  >;
  readonly hints: Map<string, Uint8Array>;
  readonly waiters: Waiter[];
  cancelTimer?: () => void;
}

/**
 * The hash lookups of every transport on one node, shared: lookups made within `windowMs` of the first go
 * out together as one Store v3 hash query per pubsub topic (several if over {@link STORE_HASHES_PER_QUERY}
 * hashes; a full batch goes at once), decoded with one decoder per content topic, and each caller gets the
 * messages of its own content topic among the hashes it asked for. A hundred channels that each miss a
 * message make one query instead of a hundred. A batch whose query fails fails every caller in it.
 */
export class SharedLookups {
  readonly #init: SharedLookupsInit;
  readonly #schedule: ScheduleOnce;
  /** The batch collecting lookups, per pubsub topic. */
  readonly #open = new Map<string, Batch>();

  constructor(init: SharedLookupsInit) {
    this.#init = init;
    this.#schedule = init.schedule ?? platformTimer;
  }

  /** Looks `request.hints` up, in the next query of the node; resolves with what was found of them. */
  lookup(request: LookupRequest): Promise<RetrievedPayload[]> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { request, resolve, reject };
      if (this.#init.windowMs <= 0) {
        const batch = newBatch();
        add(batch, waiter);
        void this.#run(batch);
        return;
      }
      const group = request.decoder.pubsubTopic;
      let batch = this.#open.get(group);
      if (batch !== undefined && !fits(batch, request)) {
        this.#flush(group, batch);
        batch = undefined;
      }
      if (batch === undefined) {
        const created = newBatch();
        created.cancelTimer = this.#schedule(() => this.#flush(group, created), this.#init.windowMs);
        this.#open.set(group, created);
        batch = created;
      }
      add(batch, waiter);
      if (batch.hints.size >= STORE_HASHES_PER_QUERY) this.#flush(group, batch);
    });
  }

  #flush(group: string, batch: Batch): void {
    if (this.#open.get(group) === batch) this.#open.delete(group);
    batch.cancelTimer?.();
    void this.#run(batch);
  }

  async #run(batch: Batch): Promise<void> {
    const cancelled = (): boolean => batch.waiters.every((waiter) => waiter.request.isCancelled());
    let release: (() => void) | undefined;
    try {
      release = await this.#init.gate.acquire();
      const source = {
        store: this.#init.store,
        decoders: [...batch.decoders.values()].map(({ decoder }) => decoder),
        peerId: batch.waiters[0]?.request.peerId,
      };
      const found = cancelled() ? [] : await lookupByHash(source, [...batch.hints.values()], cancelled);
      for (const waiter of batch.waiters)
        waiter.resolve(share(found, waiter.request, batch.waiters.length > 1));
    } catch (error) {
      for (const waiter of batch.waiters) waiter.reject(error);
    } finally {
      release?.();
    }
  }
}

function newBatch(): Batch {
  return { decoders: new Map(), hints: new Map(), waiters: [] };
}

/** Whether `request` can join `batch`: no other decoder for its content topic is in it. */
function fits(batch: Batch, request: LookupRequest): boolean {
  const known = batch.decoders.get(request.decoder.contentTopic);
  if (known === undefined || known.decoder === request.decoder) return true;
  return known.key !== undefined && known.key === request.decoderKey;
}

function add(batch: Batch, waiter: Waiter): void {
  const { decoder, decoderKey, hints } = waiter.request;
  if (!batch.decoders.has(decoder.contentTopic))
    batch.decoders.set(decoder.contentTopic, { key: decoderKey, decoder });
  for (const hint of hints) batch.hints.set(toHex(hint), hint);
  batch.waiters.push(waiter);
}

/**
 * What `request` gets of `found`: the messages of its content topic among its hints, each under its own
 * hint bytes, copied when others get them too.
 */
function share(found: readonly FoundPayload[], request: LookupRequest, copy: boolean): RetrievedPayload[] {
  const asked = new Map<string, Uint8Array>();
  for (const hint of request.hints) asked.set(toHex(hint), hint);
  const mine: RetrievedPayload[] = [];
  for (const payload of found) {
    if (payload.contentTopic !== request.decoder.contentTopic) continue;
    const hint = asked.get(toHex(payload.retrievalHint));
    if (hint === undefined) continue;
    mine.push({ retrievalHint: hint, bytes: copy ? payload.bytes.slice() : payload.bytes });
  }
  return mine;
}

function platformTimer(callback: () => void, delayMs: number): () => void {
  const handle = setTimeout(callback, delayMs);
  if (typeof handle === "object" && "unref" in handle) handle.unref();
  return () => clearTimeout(handle);
}

const byNode = new WeakMap<object, Map<number, SharedLookups>>();

/** The shared lookups of `node` for `windowMs`, created by the first transport that asks. */
export function sharedLookupsOf(node: object, init: SharedLookupsInit): SharedLookups {
  let byWindow = byNode.get(node);
  if (byWindow === undefined) {
    byWindow = new Map();
    byNode.set(node, byWindow);
  }
  let lookups = byWindow.get(init.windowMs);
  if (lookups === undefined) {
    lookups = new SharedLookups(init);
    byWindow.set(init.windowMs, lookups);
  }
  return lookups;
}
