import { InvalidArgumentError } from "@reliable-channel/interfaces";
import type { Callback, IDecodedMessage, IDecoder, IEncoder, IMessage, LightPushSDKResult } from "@waku/sdk";
import type { WakuTransportMode, WakuTransportNode } from "./options.js";

/** Removes a subscription made by {@link WakuRoute.subscribe}. */
export type RouteUnsubscribe = () => Promise<void>;

/** The two directions the transport needs from the node, whatever protocols carry them. */
export interface WakuRoute {
  readonly mode: WakuTransportMode;
  send(encoder: IEncoder, message: IMessage): Promise<LightPushSDKResult>;
  /** Resolves once the subscription request has been answered (`confirmed` = some peer accepted). */
  subscribe(
    decoder: IDecoder<IDecodedMessage>,
    callback: Callback<IDecodedMessage>,
  ): Promise<{ readonly confirmed: boolean; readonly unsubscribe: RouteUnsubscribe }>;
}

/**
 * Picks light push + filter or relay on `node`. Throws `InvalidArgumentError` when the node lacks
 * the protocols of the requested (or any) mode.
 */
export function selectRoute(node: WakuTransportNode, mode: WakuTransportMode | undefined): WakuRoute {
  const { lightPush, filter, relay } = node;
  const wanted = mode ?? (lightPush !== undefined && filter !== undefined ? "light" : "relay");
  if (wanted === "light") {
    if (lightPush === undefined || filter === undefined) {
      throw new InvalidArgumentError("mode 'light' needs a node with light push and filter (a LightNode)");
    }
    return {
      mode: "light",
      // The channel owns retries (with backoff and a give-up event): the sdk's own retry queue re-sends
      // even successful messages and outlives stop(), so it stays off.
      send: (encoder, message) => lightPush.send(encoder, message, { autoRetry: false }),
      subscribe: async (decoder, callback) => {
        const confirmed = await filter.subscribe(decoder, callback);
        return {
          confirmed,
          unsubscribe: async () => {
            await filter.unsubscribe(decoder);
          },
        };
      },
    };
  }
  if (relay === undefined) {
    throw new InvalidArgumentError("mode 'relay' needs a node with relay (a RelayNode)");
  }
  return {
    mode: "relay",
    send: (encoder, message) => relay.send(encoder, message),
    subscribe: async (decoder, callback) => {
      const unsubscribe = await relay.subscribeWithUnsubscribe(decoder, callback);
      return {
        confirmed: true,
        unsubscribe: async () => {
          await unsubscribe();
        },
      };
    },
  };
}
