import type { IncomingStreamData } from "@libp2p/interface";
import { proto_lightpush } from "@waku/proto";
import { LIGHT_PUSH_V2_CODEC, LIGHT_PUSH_V3_CODEC } from "./codecs.js";
import { createLightPushMeter } from "./light-push-quota.js";
import type { MessagePipeline } from "./message-pipeline.js";
import { boundedSignal, type ServiceContext } from "./service-context.js";
import { requestExchange } from "./stream-io.js";
import { checkMessage, LightPushStatus, resolvePubsubTopic } from "./topic-policy.js";
import type { WakuMessage } from "./waku-message.js";

/** The answer to one light push, before it is encoded for v2 or v3. */
interface PushOutcome {
  readonly statusCode: number;
  readonly statusDesc: string;
  readonly relayPeerCount?: number;
  readonly hashHex?: string;
}

function decide(
  context: ServiceContext,
  pipeline: MessagePipeline,
  peerId: string,
  pubsubTopic: string | undefined,
  message: WakuMessage | undefined,
): PushOutcome {
  const { stats } = context;
  if (message === undefined) {
    stats.lightPushesRejected++;
    return { statusCode: LightPushStatus.BAD_REQUEST, statusDesc: "request has no message" };
  }
  const topic = resolvePubsubTopic(context.config, pubsubTopic, message.contentTopic);
  const refusal = typeof topic === "string" ? checkMessage(context.config, message) : topic;
  if (refusal !== undefined || typeof topic !== "string") {
    stats.lightPushesRejected++;
    return refusal ?? { statusCode: LightPushStatus.BAD_REQUEST, statusDesc: "bad request" };
  }
  const failure = context.faults.lightPushFailure({ peerId, pubsubTopic: topic, message });
  if (failure !== undefined) {
    stats.lightPushesFailed++;
    return failure;
  }
  const result = pipeline.accept(topic, message, "light-push");
  return {
    statusCode: LightPushStatus.SUCCESS,
    statusDesc: "OK",
    relayPeerCount: result.recipients,
    hashHex: result.hashHex,
  };
}

/** What nwaku answers a light push client over its request rate limit (`TooManyRequestsMessage`). */
const TOO_MANY_REQUESTS = "TOO_MANY_REQUESTS";

/** Light push v3 and v2 (legacy) handlers over the message pipeline. */
export function createLightPushService(context: ServiceContext, pipeline: MessagePipeline) {
  const meter = createLightPushMeter(context.config.lightPushQuota);
  /** Over the quota: counted and answered before the request is read, as nwaku's rate limiter does. */
  const overQuota = (peerId: string): boolean => {
    if (meter.admit(peerId, context.config.now())) return false;
    context.stats.lightPushesRateLimited++;
    return true;
  };
  const answer = (peerId: string, protocol: string, outcome: PushOutcome): void => {
    const { hashHex, statusCode, statusDesc } = outcome;
    context.events.dispatch("light-push", {
      peerId,
      protocol,
      statusCode,
      statusDesc,
      ...(hashHex === undefined ? {} : { hashHex }),
    });
  };
  return {
    /** Handles `/vac/waku/lightpush/3.0.0`. */
    async v3({ stream, connection }: IncomingStreamData): Promise<void> {
      const io = requestExchange(stream, boundedSignal(context, context.config.requestTimeoutMs));
      const bytes = await io.read();
      context.stats.lightPushRequests++;
      const peerId = connection.remotePeer.toString();
      if (overQuota(peerId)) {
        const outcome = { statusCode: LightPushStatus.TOO_MANY_REQUESTS, statusDesc: TOO_MANY_REQUESTS };
        await io.respond(proto_lightpush.LightPushResponseV3.encode({ requestId: "N/A", ...outcome }));
        answer(peerId, LIGHT_PUSH_V3_CODEC, outcome);
        return;
      }
      let request: proto_lightpush.LightPushRequestV3 | undefined;
      try {
        request = proto_lightpush.LightPushRequestV3.decode(bytes);
      } catch {
        context.stats.lightPushesRejected++;
      }
      const outcome =
        request === undefined
          ? { statusCode: LightPushStatus.BAD_REQUEST, statusDesc: "cannot decode request" }
          : decide(context, pipeline, peerId, request.pubsubTopic, request.message);
      const { statusCode, statusDesc, relayPeerCount } = outcome;
      await io.respond(
        proto_lightpush.LightPushResponseV3.encode({
          requestId: request?.requestId ?? "N/A",
          statusCode,
          statusDesc,
          ...(relayPeerCount === undefined ? {} : { relayPeerCount }),
        }),
      );
      answer(peerId, LIGHT_PUSH_V3_CODEC, outcome);
    },
    /** Handles `/vac/waku/lightpush/2.0.0-beta1`. */
    async v2({ stream, connection }: IncomingStreamData): Promise<void> {
      const io = requestExchange(stream, boundedSignal(context, context.config.requestTimeoutMs));
      const bytes = await io.read();
      context.stats.lightPushRequests++;
      const peerId = connection.remotePeer.toString();
      if (overQuota(peerId)) {
        const outcome = { statusCode: LightPushStatus.TOO_MANY_REQUESTS, statusDesc: TOO_MANY_REQUESTS };
        const response = { isSuccess: false, info: TOO_MANY_REQUESTS };
        await io.respond(proto_lightpush.PushRpc.encode({ requestId: "N/A", response }));
        answer(peerId, LIGHT_PUSH_V2_CODEC, outcome);
        return;
      }
      let rpc: proto_lightpush.PushRpc | undefined;
      try {
        rpc = proto_lightpush.PushRpc.decode(bytes);
      } catch {
        context.stats.lightPushesRejected++;
      }
      const outcome =
        rpc === undefined
          ? { statusCode: LightPushStatus.BAD_REQUEST, statusDesc: "cannot decode request" }
          : decide(context, pipeline, peerId, rpc.request?.pubsubTopic, rpc.request?.message);
      const isSuccess = outcome.statusCode === LightPushStatus.SUCCESS;
      await io.respond(
        proto_lightpush.PushRpc.encode({
          requestId: rpc?.requestId ?? "N/A",
          response: { isSuccess, info: outcome.statusDesc },
        }),
      );
      answer(peerId, LIGHT_PUSH_V2_CODEC, outcome);
    },
  };
}
