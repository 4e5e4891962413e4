import type { PublishKind, ReliableChannelEvents } from "@reliable-channel/interfaces";
import type { CommitQueue } from "./commit-queue.js";
import type { ChannelCore } from "./core-port.js";
import type { ReliableChannelComponents, ResolvedOptions } from "./options.js";
import type { RepairPlugin } from "./repair-port.js";
import type { TimerSet } from "./timer-set.js";

/** Emits one channel event. */
export type Emit = <K extends keyof ReliableChannelEvents>(type: K, detail: ReliableChannelEvents[K]) => void;

/**
 * What the parts of a running channel share for one `start()`…`stop()` session. `signal` aborts when the
 * session stops: every in-flight publish and retrieval is abandoned and no timer survives.
 */
export interface SessionContext extends ReliableChannelComponents {
  readonly core: ChannelCore;
  readonly repair: RepairPlugin | undefined;
  readonly options: ResolvedOptions;
  readonly timers: TimerSet;
  readonly queue: CommitQueue;
  readonly signal: AbortSignal;
  /** Emits once everything enqueued so far is committed, keeping events in commit order. */
  readonly emitAfterCommit: Emit;
  /** Emits at once. */
  readonly emit: Emit;
}

/**
 * Encrypts (when configured) and publishes encoded SDS bytes on the session's transport; `kind` tells a
 * rate limit manager in front of the transport what they are.
 */
export async function publishEncoded(
  ctx: SessionContext,
  bytes: Uint8Array,
  kind: PublishKind,
): Promise<Uint8Array | undefined> {
  const payload = ctx.encryption === undefined ? bytes : await ctx.encryption.encrypt(bytes);
  ctx.signal.throwIfAborted();
  const result = await ctx.transport.publish(payload, { signal: ctx.signal, kind });
  return result.retrievalHint;
}

/** The most bytes an SDS envelope may take: the transport's limit less what encryption adds. */
export function envelopeLimit(ctx: SessionContext): number | undefined {
  const limit = ctx.transport.maxPayloadBytes;
  if (limit === undefined || !Number.isFinite(limit)) return undefined;
  return Math.max(1, Math.floor(limit) - ctx.options.encryptionOverheadBytes);
}
