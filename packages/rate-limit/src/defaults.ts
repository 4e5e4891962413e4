/**
 * Share of the epoch's quota past which ephemeral messages are dropped instead of published: with 10
 * messages per epoch, ephemerals use at most 9 and the last slot stays for content.
 * @default 0.9 (a fraction of `messagesPerEpoch`)
 */
export const DEFAULT_EPHEMERAL_THRESHOLD = 0.9;

/**
 * How many times in a row one queued publish may be refused by the network for rate reasons before the
 * refusal is passed to the caller. Each refusal holds the queue until the next epoch (or the wait the
 * network named), so a network that keeps refusing cannot hold a publish forever.
 * @default 3 (refusals)
 */
export const DEFAULT_MAX_RATE_REJECTIONS = 3;

/**
 * The id under which {@link storageUsageStore} opens its own state in a `Storage` (beside the channels'
 * states; one per RLN membership).
 * @default "rate-limit"
 */
export const DEFAULT_USAGE_STORAGE_ID = "rate-limit";
