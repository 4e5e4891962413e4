import type { IncomingStreamData } from "@libp2p/interface";
import { proto_store } from "@waku/proto";
import type { StoreQuerySummary } from "./events.js";
import type { MessagePipeline } from "./message-pipeline.js";
import { boundedSignal, type ServiceContext } from "./service-context.js";
import { answerStoreQuery, StoreStatus } from "./store-query.js";
import { requestExchange } from "./stream-io.js";

/** What a store query asked for (the `store-query` event's `request`). */
function summary(request: proto_store.StoreQueryRequest): StoreQuerySummary {
  return {
    messageHashes: request.messageHashes.length,
    contentTopics: request.contentTopics,
    ...(request.pubsubTopic === undefined ? {} : { pubsubTopic: request.pubsubTopic }),
    timeRange: request.timeStart !== undefined || request.timeEnd !== undefined,
  };
}

/** Creates the Store v3 handler (`/vac/waku/store-query/3.0.0`) over the context's archive. */
export function createStoreService(context: ServiceContext, pipeline: MessagePipeline) {
  return async ({ stream, connection }: IncomingStreamData): Promise<void> => {
    const io = requestExchange(stream, boundedSignal(context, context.config.requestTimeoutMs));
    const bytes = await io.read();
    context.stats.storeQueries++;
    pipeline.expire();
    let response: proto_store.StoreQueryResponse;
    let request: proto_store.StoreQueryRequest | undefined;
    try {
      request = proto_store.StoreQueryRequest.decode(bytes);
      response = answerStoreQuery(context.archive, request, {
        allowTopicInHashQueries: context.config.allowTopicInHashQueries,
      });
    } catch {
      response = {
        requestId: "N/A",
        statusCode: StoreStatus.BAD_REQUEST,
        statusDesc: "cannot decode request",
        messages: [],
      };
    }
    context.events.dispatch("store-query", {
      peerId: connection.remotePeer.toString(),
      statusCode: response.statusCode ?? StoreStatus.OK,
      messages: response.messages.length,
      ...(request === undefined ? {} : { request: summary(request) }),
    });
    await io.respond(proto_store.StoreQueryResponse.encode(response));
  };
}
