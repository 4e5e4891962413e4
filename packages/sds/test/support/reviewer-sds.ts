// Shared by the reviewer tests of the SDS core (reviewer-sds-*.test.ts): members, seeded shuffles, a storage model.
import {
  createSeededRandom,
  type IncomingEntry,
  type LogEntry,
  type MessageId,
  type OutboxEntry,
  type SeededRandom,
  type StorageOp,
  type StoredChannelState,
} from "@reliable-channel/interfaces";
import { compactBloom, createSdsCore, type SdsCore, type SdsCoreInit } from "@reliable-channel/sds";

export const encoder = new TextEncoder();
export const decoder = new TextDecoder();
export const text = (s: string): Uint8Array => encoder.encode(s);
export const str = (b: Uint8Array): string => decoder.decode(b);
export const nonceOf = (n: number): Uint8Array =>
  new Uint8Array([n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff]);

/** A founding participant of channel "review" (waits for every dependency), compact filter. */
export function member(participantId: string, extra: Partial<SdsCoreInit> = {}): SdsCore {
  return createSdsCore({
    channelId: "review",
    participantId,
    bloom: compactBloom(),
    joinedAt: 0,
    joinFrontier: false,
    ...extra,
  });
}

/** Runs `body` with `seed`; a failure says which seed to replay. */
export function withSeed(seed: number, body: (random: SeededRandom) => void): void {
  try {
    body(createSeededRandom(seed));
  } catch (error) {
    throw new Error(`seed ${seed}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

export function shuffle<T>(random: SeededRandom, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** A reviewer's own model of a storage port: applies ops as the port's contract says, loads ordered. */
export function ownStore() {
  const outbox = new Map<MessageId, OutboxEntry>();
  const log = new Map<MessageId, LogEntry>();
  const incoming = new Map<MessageId, IncomingEntry>();
  const handled = new Set<MessageId>();
  const meta = new Map<string, Uint8Array>();
  let lamportTimestamp = 0n;
  let sequence = 0n;
  const byBytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));
  return {
    apply(ops: readonly StorageOp[]): void {
      for (const op of ops) {
        switch (op.type) {
          case "outbox-put":
            outbox.set(op.entry.messageId, op.entry);
            break;
          case "outbox-delete":
            outbox.delete(op.messageId);
            break;
          case "log-put":
            log.set(op.entry.messageId, op.entry);
            break;
          case "log-delete":
            log.delete(op.messageId);
            break;
          case "incoming-put":
            incoming.set(op.entry.messageId, op.entry);
            break;
          case "incoming-delete":
            incoming.delete(op.messageId);
            break;
          case "handled-add":
            handled.add(op.messageId);
            break;
          case "handled-delete":
            handled.delete(op.messageId);
            break;
          case "meta-put":
            meta.set(op.key, op.value.slice());
            break;
          case "meta-delete":
            meta.delete(op.key);
            break;
          case "counters":
            if ((op.counters.lamportTimestamp ?? 0n) > lamportTimestamp)
              lamportTimestamp = op.counters.lamportTimestamp ?? 0n;
            if ((op.counters.sequence ?? 0n) > sequence) sequence = op.counters.sequence ?? 0n;
            break;
        }
      }
    },
    load(): StoredChannelState {
      return {
        outbox: [...outbox.values()].sort((a, b) => (a.sequence < b.sequence ? -1 : 1)),
        log: [...log.values()].sort((a, b) =>
          a.lamportTimestamp === b.lamportTimestamp
            ? byBytes(a.messageId, b.messageId)
            : a.lamportTimestamp < b.lamportTimestamp
              ? -1
              : 1,
        ),
        incoming: [...incoming.values()].sort((a, b) =>
          a.receivedAt === b.receivedAt ? byBytes(a.messageId, b.messageId) : a.receivedAt - b.receivedAt,
        ),
        handled: [...handled],
        counters: { lamportTimestamp, sequence },
        meta: Object.fromEntries(meta),
      };
    },
    meta,
  };
}
