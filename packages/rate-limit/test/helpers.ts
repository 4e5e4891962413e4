import type { PublishKind, Transport } from "@reliable-channel/interfaces";

/** One publish that reached the inner transport. */
export interface Published {
  readonly at: number;
  readonly kind: PublishKind | undefined;
  readonly text: string;
}

/** `inner` with every publish that reaches it recorded (time, kind, payload as text). */
export function recording(inner: Transport, now: () => number, log: Published[]): Transport {
  return {
    start: () => inner.start(),
    stop: () => inner.stop(),
    subscribe: (listener) => inner.subscribe(listener),
    publish: (bytes, options) => {
      log.push({ at: now(), kind: options?.kind, text: new TextDecoder().decode(bytes) });
      return inner.publish(bytes, options);
    },
  };
}

/** The number of publishes in each epoch of `epochMs`, by epoch start. */
export function perEpoch(log: readonly Published[], epochMs: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (const { at } of log) {
    const start = Math.floor(at / epochMs) * epochMs;
    counts.set(start, (counts.get(start) ?? 0) + 1);
  }
  return counts;
}

/** One turn of the event loop (no wall-clock wait). */
export function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Encodes text. */
export const text = (value: string): Uint8Array => new TextEncoder().encode(value);
