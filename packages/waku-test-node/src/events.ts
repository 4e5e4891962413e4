import { TypedEmitter } from "@reliable-channel/interfaces";
import type { WakuMessage } from "./waku-message.js";

/** Fires once per new message accepted by the node (light push or relay), after archiving, before pushes. */
export interface MessageAcceptedEvent {
  readonly hashHex: string;
  readonly pubsubTopic: string;
  readonly message: WakuMessage;
  readonly via: "light-push" | "relay";
  /** Whether the archive kept it (not ephemeral, timestamp within the allowed drift). */
  readonly archived: boolean;
}

/** Fires for every light push request the node answered, successful or not. */
export interface LightPushEvent {
  readonly peerId: string;
  readonly protocol: string;
  readonly statusCode: number;
  readonly statusDesc: string;
  /** The message's hash when the request carried a decodable message. */
  readonly hashHex?: string;
}

/** Fires for every filter subscribe/ping/unsubscribe request answered. */
export interface FilterRequestEvent {
  readonly peerId: string;
  readonly type: string;
  readonly statusCode: number;
  readonly pubsubTopic?: string;
  readonly contentTopics: readonly string[];
}

/** Fires once per (message, subscriber) pair when the push is settled. */
export interface FilterPushEvent {
  readonly peerId: string;
  readonly hashHex: string;
  readonly outcome: "delivered" | "dropped" | "failed";
  readonly error?: unknown;
}

/** What a store query asked for. */
export interface StoreQuerySummary {
  /** How many message hashes it looked up (0: a content-filtered query). */
  readonly messageHashes: number;
  readonly contentTopics: readonly string[];
  /** The pubsub topic, when the request carried the field at all (even empty). */
  readonly pubsubTopic?: string;
  /** Whether it carried a time range (start or end). */
  readonly timeRange: boolean;
}

/** Fires for every store query answered. */
export interface StoreQueryEvent {
  readonly peerId: string;
  readonly statusCode: number;
  readonly messages: number;
  /** What it asked for (absent when the request could not be decoded). */
  readonly request?: StoreQuerySummary;
}

/** The events of a `WakuTestNode`: wait on them in tests instead of sleeping. */
export interface WakuTestNodeEvents {
  "message-accepted": MessageAcceptedEvent;
  "light-push": LightPushEvent;
  "filter-request": FilterRequestEvent;
  "filter-push": FilterPushEvent;
  "store-query": StoreQueryEvent;
}

/** The emitter the node's services dispatch through. */
export class WakuTestNodeEmitter extends TypedEmitter<WakuTestNodeEvents> {
  /** Dispatches `detail` to the listeners of `type`. */
  dispatch<K extends keyof WakuTestNodeEvents>(type: K, detail: WakuTestNodeEvents[K]): void {
    this.emit(type, detail);
  }
}
