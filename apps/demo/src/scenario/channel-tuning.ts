import type { ReliableChannelOptions } from "@reliable-channel/channel";

/**
 * Channel timings for the demo: a conversation of seconds, not hours, so retries, syncs and store
 * lookups run much sooner than the library defaults (which suit a long-lived chat). Sync messages spread
 * acknowledgements on a quiet channel; with many participants they are spaced further apart so the
 * channel's total sync traffic stays about the same.
 */
export function demoChannelOptions(participants: number): ReliableChannelOptions {
  return {
    retryBaseDelayMs: 1_000,
    retryMaxDelayMs: 4_000,
    retrievalBaseDelayMs: 500,
    retrievalMaxDelayMs: 2_000,
    syncIntervalMs: Math.max(1_500, participants * 300),
    syncMinDelayMs: 300,
  };
}
