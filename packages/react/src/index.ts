/**
 * React hooks for the reliable channel: a channel that lives with a component (StrictMode-safe, never
 * leaked), the received messages in order, each sent message's state, and the sync status.
 * @packageDocumentation
 */

export {
  type ChannelView,
  type ChannelViewInit,
  DEFAULT_EARLY_UPDATES_LIMIT,
  type WatchedChannel,
} from "./channel-view.js";
export {
  NotReadyError,
  type SentMessages,
  useConversation,
  useReceivedMessages,
  useSentMessage,
  useSentMessages,
  useSyncStatus,
} from "./hooks.js";
export {
  type CreateChannel,
  type ReliableChannelHandle,
  useReliableChannel,
} from "./use-reliable-channel.js";
export type {
  ConversationEntry,
  ReceivedMessage,
  SendState,
  SentDelivery,
  SentMessage,
  SyncView,
} from "./view-types.js";
export { watchChannel } from "./watch-channel.js";
