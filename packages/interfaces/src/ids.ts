/** A channel's identifier, shared by all its participants (any string; usually human-chosen). */
export type ChannelId = string;

/** A participant's identifier inside a channel (any non-empty string, unique per participant). */
export type ParticipantId = string;

/**
 * A message identifier. Ours are 64 lowercase hex characters, unique per `send` and stable across retries
 * and restarts; identifiers received from other implementations are accepted as any non-empty string.
 */
export type MessageId = string;
