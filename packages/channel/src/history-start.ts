import type { ChannelId, Encryption, SdsMessage, TimeRange, Transport } from "@reliable-channel/interfaces";
import { sdsMessageKind } from "@reliable-channel/sds";
import type { ChannelCore } from "./core-port.js";

/** What {@link historyStart} uses. */
export interface HistoryStartComponents {
  readonly channelId: ChannelId;
  readonly core: Pick<ChannelCore, "joinedAt" | "wire">;
  readonly transport: Pick<Transport, "queryRange">;
  readonly encryption: Encryption | undefined;
}

/**
 * Where the last `count` messages of the channel from before the join start (their oldest Lamport
 * timestamp), from one pass over the store in `range`; undefined when `count` is 0 or the store holds none.
 * Keeps only the newest `count` timestamps in memory. Payloads that do not decrypt or decode, belong to
 * another channel or are not content are skipped.
 */
export async function historyStart(
  ctx: HistoryStartComponents,
  range: TimeRange,
  count: number,
  signal: AbortSignal,
): Promise<bigint | undefined> {
  const joinedAt = ctx.core.joinedAt;
  const queryRange = ctx.transport.queryRange;
  if (count === 0 || joinedAt === undefined || queryRange === undefined) return undefined;
  const newest = new Map<string, bigint>();
  let oldestKept: { readonly id: string; readonly lamport: bigint } | undefined;
  for await (const page of queryRange.call(ctx.transport, range, { signal })) {
    for (const { bytes } of page) {
      const message = await decode(ctx, bytes);
      const lamport = message?.lamportTimestamp;
      // A sync is not content: on the nim-sds wire it carries an empty content field.
      if (message === undefined || lamport === undefined || sdsMessageKind(message) !== "content") continue;
      if (message.channelId !== ctx.channelId || lamport >= joinedAt || newest.has(message.messageId))
        continue;
      if (newest.size >= count && oldestKept !== undefined && lamport <= oldestKept.lamport) continue;
      newest.set(message.messageId, lamport);
      if (newest.size > count && oldestKept !== undefined) newest.delete(oldestKept.id);
      oldestKept = oldest(newest);
    }
  }
  return oldestKept?.lamport;
}

async function decode(ctx: HistoryStartComponents, bytes: Uint8Array): Promise<SdsMessage | undefined> {
  try {
    const plain = ctx.encryption === undefined ? bytes : await ctx.encryption.decrypt(bytes);
    return ctx.core.wire.decode(plain);
  } catch {
    return undefined;
  }
}

function oldest(
  kept: ReadonlyMap<string, bigint>,
): { readonly id: string; readonly lamport: bigint } | undefined {
  let found: { id: string; lamport: bigint } | undefined;
  for (const [id, lamport] of kept)
    if (found === undefined || lamport < found.lamport) found = { id, lamport };
  return found;
}
