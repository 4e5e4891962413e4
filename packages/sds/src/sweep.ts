import type { HistoryEntry, MessageId } from "@reliable-channel/interfaces";
import { compareOrdered } from "./compare.js";
import type { CoreState } from "./core-state.js";
import { touchJoinPoint } from "./core-state.js";
import type { SweepOptions } from "./core-types.js";
import type { Collected } from "./delivery.js";
import { collected, forceRelease, releaseDependencies } from "./delivery.js";
import type { BufferedMessage } from "./incoming-buffer.js";
import { releaseHeld } from "./receive.js";
import type { SweepResult as FullResult } from "./results.js";

/** A sweep result before the core adds its storage changes. */
type SweepResult = Omit<FullResult, "changes">;

/**
 * Whether `m` waits, directly or through buffered messages, for a dependency nobody has: then it is not
 * stuck in a cycle but behind a gap, and the gap's own timeout releases it in order. `memo` holds the
 * answers (and `false` for the messages on the current path, which closes cycles).
 */
function behindGap(state: CoreState, m: BufferedMessage, memo: Map<string, boolean>): boolean {
  const known = memo.get(m.messageId);
  if (known !== undefined) return known;
  memo.set(m.messageId, false);
  let gap = false;
  for (const dep of m.deps) {
    if (state.buffer.isMissing(dep)) gap = true;
    else {
      const buffered = state.buffer.get(dep);
      if (buffered !== undefined && behindGap(state, buffered, memo)) gap = true;
    }
    if (gap) break;
  }
  memo.set(m.messageId, gap);
  return gap;
}

/**
 * Buffered messages that waited longer than the timeout although none of their deps is missing, not even
 * through the buffered messages they wait for (cycles). A message behind a gap is not stuck: releasing it
 * early would deliver it before a buffered dependency that is here.
 */
function releaseStuck(state: CoreState, now: number, out: Collected): void {
  const timeout = state.config.lostDependencyTimeoutMs;
  const stuck: BufferedMessage[] = [];
  const memo = new Map<string, boolean>();
  for (const m of state.buffer.values()) {
    if (m.receivedAt + timeout <= now && m.notBefore <= now && !behindGap(state, m, memo)) stuck.push(m);
  }
  stuck.sort(compareOrdered);
  for (const m of stuck) {
    if (state.buffer.has(m.messageId)) forceRelease(state, m, now, out);
  }
}

/**
 * Declares lost the missing dependencies older than the timeout (unless `declareLost` is false), then
 * releases stuck messages.
 */
export function sweep(state: CoreState, opts: SweepOptions): SweepResult {
  const { now } = opts;
  touchJoinPoint(state, now);
  const out = collected();
  releaseHeld(state, now, out);
  const timeout = state.config.lostDependencyTimeoutMs;
  const lost: HistoryEntry[] = [];
  if (opts.declareLost !== false)
    for (const rec of state.buffer.missing()) if (rec.since + timeout <= now) lost.push(rec.entry);
  lost.sort((a, b) => (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0));
  out.lost.push(...lost);
  releaseDependencies(state, lost, now, out);
  releaseStuck(state, now, out);
  return { delivered: out.delivered, missing: [], lost: out.lost };
}

/** Releases the dependents of `ids` now (see {@link SdsCore.markIrretrievable}). */
export function markIrretrievable(
  state: CoreState,
  ids: readonly MessageId[],
  opts: { readonly now: number },
): { readonly delivered: SweepResult["delivered"] } {
  const out = collected();
  const entries = ids
    .filter((id) => !state.handled.has(id) && !state.buffer.has(id))
    .map((id) => state.buffer.missingEntry(id) ?? { messageId: id });
  releaseDependencies(state, entries, opts.now, out);
  return { delivered: out.delivered };
}
