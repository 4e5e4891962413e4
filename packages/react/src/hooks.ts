import type { MessageId } from "@reliable-channel/interfaces";
import { useCallback } from "react";
import type { ChannelView } from "./channel-view.js";
import { useViewPart } from "./use-view.js";
import type { ConversationEntry, ReceivedMessage, SentMessage, SyncView } from "./view-types.js";

const NONE: readonly never[] = [];

/**
 * Others' messages in delivery order (each exactly once, never before what it depends on). Re-renders when
 * a message is delivered; messages delivered in one task render once. Empty while `view` is undefined.
 */
export function useReceivedMessages(view: ChannelView | undefined): readonly ReceivedMessage[] {
  return useViewPart(view, (v) => v.received, NONE);
}

/** Ours and others' messages in local order: ours as sent, others' as delivered. */
export function useConversation(view: ChannelView | undefined): readonly ConversationEntry[] {
  return useViewPart(view, (v) => v.conversation, NONE);
}

/** What {@link useSentMessages} returns. */
export interface SentMessages {
  /** Ours in send order, each with its state (`sending`, `sent`, `acknowledged`, `failed`). */
  readonly messages: readonly SentMessage[];
  /**
   * Sends `payload`; resolves with its id once it is durable in the outbox (it then shows in `messages`).
   * Rejects as the channel's `send` does, or with `NotReadyError` while there is no view.
   */
  readonly send: (payload: Uint8Array) => Promise<MessageId>;
}

/** Thrown by `send` of {@link useSentMessages} while the channel is not ready. */
export class NotReadyError extends Error {
  constructor(message = "the channel is not ready yet", options?: ErrorOptions) {
    super(message, options);
    this.name = "NotReadyError";
  }
}

/**
 * Our messages and their states, and a `send` that adds to them. Re-renders when any of them changes; on a
 * channel with a roster each message's `delivery` says who is known to have it and whether every member
 * does (updated on `delivery-state` and `delivered-to-all`).
 */
export function useSentMessages(view: ChannelView | undefined): SentMessages {
  const messages = useViewPart(view, (v) => v.sent, NONE);
  const send = useCallback(
    (payload: Uint8Array) => (view === undefined ? Promise.reject(new NotReadyError()) : view.send(payload)),
    [view],
  );
  return { messages, send };
}

/**
 * The channel's sync status (`offline`, `catching-up`, `syncing`, `synced`, with counts) and the ids of
 * missing, retrieved, lost and recovered messages. Re-renders when any of them changes. `undefined` while
 * there is no view.
 */
export function useSyncStatus(view: ChannelView | undefined): SyncView | undefined {
  return useViewPart(view, (v) => v.sync, undefined);
}

/**
 * One of our messages by id (`undefined` until `send` resolved, or while there is no view), for a component
 * per message: it re-renders only when that message changes (its state, or who has it — `delivery`), not
 * when another one does.
 */
export function useSentMessage(view: ChannelView | undefined, messageId: MessageId): SentMessage | undefined {
  return useViewPart(view, (v) => v.sent.findLast((m) => m.messageId === messageId), undefined);
}
