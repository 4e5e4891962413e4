import { createHook } from "node:async_hooks";

/** Marks js-waku's own files (@waku/sdk, @waku/core, ...) in pnpm's store path. */
const WAKU_PATH = /@waku\+[a-z]+@/;

/** A pending timer created by js-waku code. */
export interface WakuTimer {
  /** The js-waku frame that called setTimeout/setInterval. */
  readonly createdAt: string;
  /** Whether it keeps the process alive. */
  readonly refed: boolean;
}

/**
 * Tracks the timers (setTimeout/setInterval) that js-waku code creates itself (its own frame is the caller),
 * from now on, and which of them are still pending: neither fired nor cleared.
 */
export function trackWakuTimers(): { live(): Promise<WakuTimer[]>; disable(): void } {
  const live = new Map<number, { readonly createdAt: string; readonly resource: object }>();
  const hook = createHook({
    init(asyncId, type, _trigger, resource) {
      if (type !== "Timeout") return;
      const createdAt = callerFrame();
      if (WAKU_PATH.test(createdAt)) live.set(asyncId, { createdAt, resource });
    },
    destroy(asyncId) {
      live.delete(asyncId);
    },
  });
  hook.enable();
  return {
    // Node delivers destroy hooks in a batch on a later turn: let one turn pass before reading.
    live: async () => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      return [...live.values()].map(({ createdAt, resource }) => ({ createdAt, refed: isRefed(resource) }));
    },
    disable: () => {
      hook.disable();
    },
  };
}

/** The first stack frame outside Node's internals and this file: who asked for the timer. */
function callerFrame(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 20;
  const stack = new Error("timer created").stack ?? "";
  Error.stackTraceLimit = limit;
  const frames = stack.split("\n").slice(1);
  const caller = frames.find((line) => !line.includes("node:") && !line.includes("sdk-timers.ts")) ?? "";
  return caller.trim();
}

function isRefed(resource: object): boolean {
  return "hasRef" in resource && typeof resource.hasRef === "function" ? Boolean(resource.hasRef()) : true;
}
