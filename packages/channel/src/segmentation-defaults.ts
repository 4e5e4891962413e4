/** The segment payload size of the channel's default profile (bytes): room for the SDS envelope, encryption and an RLN proof under Waku's 150 KB. */
export const DEFAULT_SEGMENT_SIZE = 100_000;
/** How long a partial message waits for its missing segments before it is dropped (ms), as nim-segmentation. */
export const DEFAULT_REASSEMBLY_TIMEOUT_MS = 300_000;
/** Partial messages kept per sender; a new one beyond it drops the sender's oldest. */
export const DEFAULT_MAX_PARTIAL_MESSAGES_PER_SENDER = 4;
/** Partial messages kept in all (nim-segmentation's 100 sets); a new one beyond it drops the oldest. */
export const DEFAULT_MAX_PARTIAL_MESSAGES = 100;
/** Segment bytes kept in partial messages per sender (32 MiB, nim-segmentation's buffer). */
export const DEFAULT_MAX_PARTIAL_BYTES_PER_SENDER = 33_554_432;

/** The storage namespace of a channel's partial messages (its own `Storage.open`). */
export function reassemblyStorageId(channelId: string): string {
  return `${channelId}#segments`;
}
