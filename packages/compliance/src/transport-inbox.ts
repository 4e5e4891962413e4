import type { IncomingMeta, Transport } from "@reliable-channel/interfaces";
import { chai } from "vitest";

/** Payloads made by the suite start with this, so that anything else on the topic is ignored. */
export const SUITE_PAYLOAD_PREFIX = "rc-compliance:";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A payload of the suite: the prefix, `label`, then `size - label length` filler bytes (when `size` is given).
 * The label must be unique within a test.
 */
export function suitePayload(label: string, size?: number): Uint8Array {
  const head = encoder.encode(`${SUITE_PAYLOAD_PREFIX}${label}|`);
  if (size === undefined) return head;
  const bytes = new Uint8Array(size);
  bytes.set(head.subarray(0, size));
  for (let i = head.length; i < size; i++) bytes[i] = (i * 31 + 7) & 0xff;
  return bytes;
}

/** The label of a suite payload, or `undefined` for foreign bytes. */
export function payloadLabel(bytes: Uint8Array): string | undefined {
  const text = decoder.decode(bytes.subarray(0, 200));
  if (!text.startsWith(SUITE_PAYLOAD_PREFIX)) return undefined;
  const end = text.indexOf("|");
  return end < 0 ? undefined : text.slice(SUITE_PAYLOAD_PREFIX.length, end);
}

/** One received payload. */
export interface Received {
  readonly label: string;
  readonly bytes: Uint8Array;
  readonly meta: IncomingMeta;
}

/** Records what one transport receives and waits (by event, with a deadline) for expected labels. */
export interface Inbox {
  /** Suite payloads received so far, in arrival order. */
  readonly received: readonly Received[];
  /** The labels received so far (duplicates included). */
  labels(): string[];
  /**
   * Resolves once every label of `labels` was received; rejects after `timeoutMs` (real ms) saying which are
   * missing. With `timeoutMs <= 0` it decides at once, without any timer.
   */
  waitFor(labels: readonly string[], timeoutMs: number): Promise<void>;
  /** Stops recording. */
  close(): void;
}

/** Subscribes an {@link Inbox} to `transport`. */
export function createInbox(transport: Transport, name: string): Inbox {
  const received: Received[] = [];
  const waiters = new Set<() => void>();
  const unsubscribe = transport.subscribe((bytes, meta) => {
    const label = payloadLabel(bytes);
    if (label === undefined) return;
    received.push({ label, bytes, meta });
    for (const check of [...waiters]) check();
  });
  const missing = (labels: readonly string[]): string[] => {
    const have = new Set(received.map((r) => r.label));
    return labels.filter((label) => !have.has(label));
  };
  return {
    received,
    labels: () => received.map((r) => r.label),
    waitFor(labels, timeoutMs) {
      const failure = (): Error =>
        new chai.AssertionError(
          `${name} did not receive [${missing(labels).join(", ")}] within ${timeoutMs} ms`,
        );
      if (missing(labels).length === 0) return Promise.resolve();
      // A harness whose settle() delivers everything says 0: decide now, with no timer at all.
      if (timeoutMs <= 0) return Promise.reject(failure());
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (missing(labels).length > 0) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(failure());
        }, timeoutMs);
        waiters.add(check);
      });
    },
    close: unsubscribe,
  };
}
