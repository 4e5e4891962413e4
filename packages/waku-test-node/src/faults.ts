import { createSeededRandom, InvalidArgumentError } from "@reliable-channel/interfaces";
import type { WakuMessage } from "./waku-message.js";

/** What a filter-push fault predicate sees: one message about to be pushed to one subscriber. */
export interface FilterPushContext {
  readonly peerId: string;
  readonly pubsubTopic: string;
  readonly message: WakuMessage;
  /** The message's Waku hash as 64 lowercase hex characters. */
  readonly hashHex: string;
}

/** What a light-push fault predicate sees: one request from one client. */
export interface LightPushContext {
  readonly peerId: string;
  readonly pubsubTopic: string;
  readonly message: WakuMessage;
}

/** How a failed light push is answered. */
export interface LightPushFailure {
  /** Light push v3 status code. @default 503 (service unavailable) */
  readonly statusCode?: number;
  /** @default "injected failure" */
  readonly statusDesc?: string;
}

/** The status code of an injected light-push failure when none is given. @default 503 */
export const DEFAULT_FAILED_LIGHT_PUSH_STATUS = 503;

/** Removes the fault it was returned for. */
export type RemoveFault = () => void;

/** Fault injection, for tests: every rule applies until removed or `clear()`. */
export interface WakuTestNodeFaults {
  /**
   * Drops filter pushes: those the predicate accepts, or a seeded fraction `rate` in [0, 1] of them
   * (the node's `seed`, or `options.seed`). Dropped pushes are still archived (the store has them).
   */
  dropFilterPush(
    rule: number | ((push: FilterPushContext) => boolean),
    options?: { readonly seed?: number },
  ): RemoveFault;
  /**
   * Fails light pushes: those the predicate accepts, or the next `count` ones. A failed push is answered
   * with an error status and its message is neither archived nor pushed.
   */
  failLightPush(
    rule: number | ((push: LightPushContext) => boolean),
    failure?: LightPushFailure,
  ): RemoveFault;
  /** Removes every fault. */
  clear(): void;
}

/** The node's side of the faults: decisions per push. */
export interface FaultDecisions extends WakuTestNodeFaults {
  shouldDropFilterPush(push: FilterPushContext): boolean;
  lightPushFailure(push: LightPushContext): Required<LightPushFailure> | undefined;
}

type LightPushRule = {
  readonly matches: (push: LightPushContext) => boolean;
  readonly failure: Required<LightPushFailure>;
};

function rateRule(rate: number, seed: number): () => boolean {
  if (!(rate >= 0 && rate <= 1)) throw new InvalidArgumentError(`drop rate must be in [0, 1], got ${rate}`);
  const random = createSeededRandom(seed);
  return () => random.next() < rate;
}

function countRule(count: number): () => boolean {
  if (!Number.isInteger(count) || count < 0)
    throw new InvalidArgumentError(`failure count must be a non-negative integer, got ${count}`);
  let left = count;
  return () => {
    if (left === 0) return false;
    left--;
    return true;
  };
}

/** Creates the fault controls of a node; `seed` drives every rate-based rule that has no seed of its own. */
export function createFaults(seed: number): FaultDecisions {
  const dropRules = new Set<(push: FilterPushContext) => boolean>();
  const failRules = new Set<LightPushRule>();
  return {
    dropFilterPush(rule, options = {}) {
      const matches = typeof rule === "number" ? rateRule(rule, options.seed ?? seed) : rule;
      dropRules.add(matches);
      return () => void dropRules.delete(matches);
    },
    failLightPush(rule, failure = {}) {
      const entry: LightPushRule = {
        matches: typeof rule === "number" ? countRule(rule) : rule,
        failure: {
          statusCode: failure.statusCode ?? DEFAULT_FAILED_LIGHT_PUSH_STATUS,
          statusDesc: failure.statusDesc ?? "injected failure",
        },
      };
      failRules.add(entry);
      return () => void failRules.delete(entry);
    },
    clear() {
      dropRules.clear();
      failRules.clear();
    },
    shouldDropFilterPush(push) {
      let drop = false;
      for (const matches of dropRules) drop = matches(push) || drop;
      return drop;
    },
    lightPushFailure(push) {
      for (const rule of failRules) if (rule.matches(push)) return rule.failure;
      return undefined;
    },
  };
}
