import type { Libp2p } from "@libp2p/interface";
import {
  FILTER_SUBSCRIBE_CODEC,
  LIGHT_PUSH_V2_CODEC,
  LIGHT_PUSH_V3_CODEC,
  METADATA_CODEC,
  STORE_V3_CODEC,
} from "./codecs.js";
import { createFilterService } from "./filter-service.js";
import { createLightPushService } from "./light-push-service.js";
import { createMessagePipeline } from "./message-pipeline.js";
import { createMetadataService } from "./metadata-service.js";
import { createRelaySink, joinRelay, type RelayPubSub } from "./relay-service.js";
import { type InboundHandler, type ServiceContext, trackedHandler } from "./service-context.js";
import { createStoreService } from "./store-service.js";

/** Most concurrent inbound streams per protocol and connection. @default 100 (streams) */
export const MAX_INBOUND_STREAMS = 100;

/**
 * Builds the node's services over `context` and registers their protocol handlers on `libp2p`: metadata,
 * light push v3 and v2, filter v2 (and its pushes), Store v3, and relay when `relay` is given.
 */
export async function mountServices(
  context: ServiceContext,
  libp2p: Libp2p,
  relay: RelayPubSub | undefined,
): Promise<void> {
  const filter = createFilterService(context, (peerId, protocol, signal) =>
    libp2p.dialProtocol(peerId, protocol, { signal }),
  );
  const sinks = relay === undefined ? [filter] : [filter, createRelaySink(context, relay)];
  const pipeline = createMessagePipeline(context, sinks);
  if (relay !== undefined) joinRelay(context, relay, pipeline);
  const lightPush = createLightPushService(context, pipeline);
  const handlers: ReadonlyArray<readonly [string, InboundHandler]> = [
    [METADATA_CODEC, createMetadataService(context)],
    [LIGHT_PUSH_V3_CODEC, lightPush.v3],
    [LIGHT_PUSH_V2_CODEC, lightPush.v2],
    [FILTER_SUBSCRIBE_CODEC, filter.handleSubscribe],
    [STORE_V3_CODEC, createStoreService(context, pipeline)],
  ];
  for (const [codec, handler] of handlers) {
    await libp2p.handle(codec, trackedHandler(context, handler), { maxInboundStreams: MAX_INBOUND_STREAMS });
  }
  libp2p.addEventListener("peer:disconnect", (event) => filter.forgetPeer(event.detail));
}
