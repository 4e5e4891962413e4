import type { RetrievedPayload } from "@reliable-channel/interfaces";

/** Points where the child waits for the parent's go-ahead, so the parent can SIGKILL it exactly there. */
export type GateKind = "before-commit" | "publish" | "in-handler";

/** Messages from the crash-test child to the parent (IPC, advanced serialization: bytes and bigints pass). */
export type ChildMessage =
  | {
      readonly t: "restarted";
      readonly lamportTimestamp: bigint;
      readonly sequence: bigint;
      /** The ids stored as handed to the app. */
      readonly handled: readonly string[];
    }
  | { readonly t: "ready" }
  | { readonly t: "gate"; readonly id: number; readonly kind: GateKind; readonly bytes?: Uint8Array }
  | { readonly t: "committed" }
  | { readonly t: "sent"; readonly n: number; readonly messageId: string }
  | { readonly t: "delivered"; readonly messageId: string; readonly senderId: string }
  | { readonly t: "retrieve"; readonly id: number; readonly hints: readonly Uint8Array[] };

/** Messages from the parent to the child. */
export type ParentMessage =
  | { readonly t: "send"; readonly n: number }
  | { readonly t: "deliver"; readonly bytes: Uint8Array; readonly hint: Uint8Array }
  | { readonly t: "go"; readonly id: number; readonly hint?: Uint8Array }
  | { readonly t: "retrieved"; readonly id: number; readonly payloads: readonly RetrievedPayload[] };

/** Channel tuning for the crash test: short real-time delays so recovery takes milliseconds, not minutes. */
export const FAST_CHANNEL = {
  retryBaseDelayMs: 30,
  retryMaxDelayMs: 200,
  maxSendAttempts: 1_000_000,
  retrievalBaseDelayMs: 30,
  retrievalMaxDelayMs: 200,
  maxRetrievalAttempts: 1_000,
  missingTimeoutMs: 600_000,
  syncIntervalMs: 100,
  syncMinDelayMs: 20,
} as const;

/** The crash test's channel id. */
export const CHANNEL_ID = "crash-test";
