import type { IncomingStreamData, PeerId } from "@libp2p/interface";
import { proto_filter_v2 } from "@waku/proto";
import type { MessageAcceptedEvent } from "./events.js";
import {
  createFilterSubscriptions,
  type FilterSubscriptions,
  MAX_CONTENT_TOPICS_PER_REQUEST,
} from "./filter-subscriptions.js";
import type { MessageSink } from "./message-pipeline.js";
import { createPushStreams, type DialProtocol } from "./push-streams.js";
import { boundedSignal, type ServiceContext } from "./service-context.js";
import { requestExchange } from "./stream-io.js";
import { type Refusal, resolvePubsubTopic } from "./topic-policy.js";

const RequestType = proto_filter_v2.FilterSubscribeRequest.FilterSubscribeType;
type Request = proto_filter_v2.FilterSubscribeRequest;

/** Filter v2 status codes (nwaku's). */
export const FilterStatus = { OK: 200, BAD_REQUEST: 400, NOT_FOUND: 404, TOO_MANY_REQUESTS: 429 } as const;

const notFound: Refusal = { statusCode: FilterStatus.NOT_FOUND, statusDesc: "peer has no subscriptions" };
const ok: Refusal = { statusCode: FilterStatus.OK, statusDesc: "OK" };

/** The content topics of a request grouped by pubsub topic (autosharded when the request has none). */
function criteriaOf(context: ServiceContext, request: Request): Map<string, string[]> | Refusal {
  if (request.contentTopics.length === 0)
    return { statusCode: FilterStatus.BAD_REQUEST, statusDesc: "no content topics" };
  if (request.contentTopics.length > MAX_CONTENT_TOPICS_PER_REQUEST) {
    return {
      statusCode: FilterStatus.BAD_REQUEST,
      statusDesc: `more than ${MAX_CONTENT_TOPICS_PER_REQUEST} content topics`,
    };
  }
  const grouped = new Map<string, string[]>();
  for (const contentTopic of request.contentTopics) {
    const topic = resolvePubsubTopic(context.config, request.pubsubTopic, contentTopic);
    if (typeof topic !== "string")
      return { statusCode: FilterStatus.BAD_REQUEST, statusDesc: topic.statusDesc };
    grouped.set(topic, [...(grouped.get(topic) ?? []), contentTopic]);
  }
  return grouped;
}

function apply(
  context: ServiceContext,
  subscriptions: FilterSubscriptions,
  peerId: PeerId,
  request: Request,
): Refusal {
  switch (request.filterSubscribeType) {
    case RequestType.SUBSCRIBER_PING:
      return subscriptions.has(peerId) ? ok : notFound;
    case RequestType.UNSUBSCRIBE_ALL:
      return subscriptions.unsubscribeAll(peerId) ? ok : notFound;
    case RequestType.SUBSCRIBE:
    case RequestType.UNSUBSCRIBE: {
      const criteria = criteriaOf(context, request);
      if (!(criteria instanceof Map)) return criteria;
      let changed = false;
      for (const [topic, contentTopics] of criteria) {
        if (request.filterSubscribeType === RequestType.UNSUBSCRIBE)
          changed = subscriptions.unsubscribe(peerId, topic, contentTopics) || changed;
        else if (subscriptions.subscribe(peerId, topic, contentTopics)) changed = true;
        else return { statusCode: FilterStatus.TOO_MANY_REQUESTS, statusDesc: "subscription limit reached" };
      }
      return changed ? ok : notFound;
    }
    default:
      return { statusCode: FilterStatus.BAD_REQUEST, statusDesc: "unknown request type" };
  }
}

/** The filter service: subscription management, and pushes to subscribers (a message sink). */
export interface FilterService extends MessageSink {
  /** Handles `/vac/waku/filter-subscribe/2.0.0-beta1`. */
  handleSubscribe(data: IncomingStreamData): Promise<void>;
  /** Forgets a peer's subscriptions (it disconnected). */
  forgetPeer(peerId: PeerId): void;
  readonly subscriptions: FilterSubscriptions;
}

/** Creates the filter service; pushes go through `dial`, in order per subscriber. */
export function createFilterService(context: ServiceContext, dial: DialProtocol): FilterService {
  const subscriptions = createFilterSubscriptions();
  const pushStreams = createPushStreams(dial, (work) => context.track(work));
  const queues = new Map<string, Promise<void>>();

  const push = async (peerId: PeerId, event: MessageAcceptedEvent): Promise<void> => {
    const peer = peerId.toString();
    const { hashHex, pubsubTopic, message } = event;
    if (context.faults.shouldDropFilterPush({ peerId: peer, pubsubTopic, message, hashHex })) {
      context.stats.filterPushesDropped++;
      context.events.dispatch("filter-push", { peerId: peer, hashHex, outcome: "dropped" });
      return;
    }
    try {
      const signal = boundedSignal(context, context.config.pushTimeoutMs);
      const frame = proto_filter_v2.MessagePush.encode({ wakuMessage: message, pubsubTopic });
      await pushStreams.write(peerId, frame, signal);
      context.stats.filterPushes++;
      context.events.dispatch("filter-push", { peerId: peer, hashHex, outcome: "delivered" });
    } catch (error) {
      context.stats.filterPushesFailed++;
      context.events.dispatch("filter-push", { peerId: peer, hashHex, outcome: "failed", error });
    }
  };

  const enqueue = (peerId: PeerId, event: MessageAcceptedEvent): void => {
    const peer = peerId.toString();
    const next = (queues.get(peer) ?? Promise.resolve()).then(() => push(peerId, event));
    queues.set(peer, next);
    context.track(next.finally(() => queues.get(peer) === next && queues.delete(peer)));
  };

  return {
    subscriptions,
    forward(event) {
      const peers = subscriptions.subscribers(event.pubsubTopic, event.message.contentTopic);
      for (const peerId of peers) enqueue(peerId, event);
      return peers.length;
    },
    forgetPeer(peerId) {
      subscriptions.unsubscribeAll(peerId);
      pushStreams.forget(peerId);
    },
    async handleSubscribe({ stream, connection }) {
      const io = requestExchange(stream, boundedSignal(context, context.config.requestTimeoutMs));
      const bytes = await io.read();
      context.stats.filterRequests++;
      let request: Request | undefined;
      try {
        request = proto_filter_v2.FilterSubscribeRequest.decode(bytes);
      } catch {
        request = undefined;
      }
      const { statusCode, statusDesc } =
        request === undefined
          ? { statusCode: FilterStatus.BAD_REQUEST, statusDesc: "cannot decode request" }
          : apply(context, subscriptions, connection.remotePeer, request);
      context.events.dispatch("filter-request", {
        peerId: connection.remotePeer.toString(),
        type: request?.filterSubscribeType ?? "UNDECODABLE",
        statusCode,
        ...(request?.pubsubTopic === undefined ? {} : { pubsubTopic: request.pubsubTopic }),
        contentTopics: request?.contentTopics ?? [],
      });
      await io.respond(
        proto_filter_v2.FilterSubscribeResponse.encode({
          requestId: request?.requestId ?? "N/A",
          statusCode,
          statusDesc,
        }),
      );
    },
  };
}
