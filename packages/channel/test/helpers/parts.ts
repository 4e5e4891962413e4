import type { PublishKind, ReliableChannelEvents, StorageOp } from "@reliable-channel/interfaces";
import type { VirtualClock } from "@reliable-channel/transport-memory";
import type { Emit } from "../../src/emit.js";
import type { EnvelopePublisher } from "../../src/envelope-publisher.js";

/** One event a part emitted, with the virtual time it was emitted at and whether it waited for a commit. */
export interface EmittedEvent {
  readonly type: keyof ReliableChannelEvents;
  readonly detail: unknown;
  readonly at: number;
  readonly afterCommit: boolean;
}

/** Records what a part emits, at once (`emit`) or after a commit (`emitAfterCommit`, recorded at once too). */
export function eventLog(clock: VirtualClock): {
  readonly events: EmittedEvent[];
  readonly emit: Emit;
  readonly emitAfterCommit: Emit;
  of: <K extends keyof ReliableChannelEvents>(type: K) => ReliableChannelEvents[K][];
} {
  const events: EmittedEvent[] = [];
  return {
    events,
    emit: (type, detail) => events.push({ type, detail, at: clock.now(), afterCommit: false }),
    emitAfterCommit: (type, detail) => events.push({ type, detail, at: clock.now(), afterCommit: true }),
    of: <K extends keyof ReliableChannelEvents>(type: K) =>
      events.filter((event) => event.type === type).map((event) => event.detail as ReliableChannelEvents[K]),
  };
}

/**
 * A commit queue that records every op enqueued (each `enqueue` resolves at once) and holds what waits for
 * the pending commits (`afterPending`) until {@link RecordingQueue.commit}.
 */
export interface RecordingQueue {
  readonly ops: StorageOp[];
  enqueue(ops: readonly StorageOp[]): Promise<void>;
  afterPending(after: () => void): void;
  /** Runs what waited for the commits so far, in order. */
  commit(): void;
}

/** Creates a {@link RecordingQueue}. */
export function recordingQueue(): RecordingQueue {
  const ops: StorageOp[] = [];
  const waiting: (() => void)[] = [];
  return {
    ops,
    enqueue: async (added) => {
      ops.push(...added);
    },
    afterPending: (after) => waiting.push(after),
    commit: () => {
      for (const after of waiting.splice(0)) after();
    },
  };
}

/** One publish a part made. */
export interface Published {
  readonly bytes: Uint8Array;
  readonly kind: PublishKind;
  readonly at: number;
}

/**
 * A publisher that records every publish; `fail` (when set) decides per publish whether it rejects, with
 * the error it returns.
 */
export function recordingPublisher(
  clock: VirtualClock,
  init: { envelopeLimit?: number; fail?: (published: Published) => Error | undefined } = {},
): EnvelopePublisher & { readonly published: Published[] } {
  const published: Published[] = [];
  return {
    published,
    async publish(bytes, kind) {
      const entry = { bytes, kind, at: clock.now() };
      published.push(entry);
      const error = init.fail?.(entry);
      if (error !== undefined) throw error;
      return Uint8Array.of(published.length);
    },
    envelopeLimit: () => init.envelopeLimit,
  };
}
