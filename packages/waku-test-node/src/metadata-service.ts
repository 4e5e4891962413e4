import type { IncomingStreamData } from "@libp2p/interface";
import { proto_metadata } from "@waku/proto";
import { boundedSignal, type ServiceContext } from "./service-context.js";
import { requestExchange } from "./stream-io.js";

/**
 * Creates the metadata handler (`/vac/waku/metadata/1.0.0`): answers with the node's cluster id and
 * shards. Like nwaku, it closes the connection of a peer that announces another cluster.
 */
export function createMetadataService(context: ServiceContext) {
  return async ({ stream, connection }: IncomingStreamData): Promise<void> => {
    const io = requestExchange(stream, boundedSignal(context, context.config.requestTimeoutMs));
    const request = proto_metadata.WakuMetadataRequest.decode(await io.read());
    context.stats.metadataRequests++;
    const { clusterId, shards } = context.config;
    await io.respond(proto_metadata.WakuMetadataResponse.encode({ clusterId, shards: [...shards] }));
    if (request.clusterId !== undefined && request.clusterId !== clusterId) await connection.close();
  };
}
