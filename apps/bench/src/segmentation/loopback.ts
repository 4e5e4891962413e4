import { createReliableChannel, type ReliableChannel } from "@reliable-channel/channel";
import type { SegmentationProfile } from "@reliable-channel/segmentation";
import { wakuTransport } from "@reliable-channel/transport-waku";
import { startWakuTestNode } from "@reliable-channel/waku-test-node";
import type { LightNode } from "@waku/sdk";
import { connect, guard } from "../waku-latency/harness.js";

/** Failure guard of one send → delivered measurement (real time on loopback). */
export const SEGMENTATION_LOOPBACK_GUARD_MS = 300_000;

/**
 * Send → delivered time (ms) of one `payload` between two of our channels on real `@waku/sdk` light nodes
 * over the loopback test node: from the `send` call to the reader's `message-received` of the reassembled
 * payload. NaN when the guard expires.
 */
export async function loopbackSendToDelivered(
  profile: SegmentationProfile,
  payload: Uint8Array,
): Promise<number> {
  const service = await startWakuTestNode();
  const lights: LightNode[] = [];
  const channels: ReliableChannel[] = [];
  try {
    const contentTopic = "/reliable-channel/1/segmentation-bench/proto";
    for (const participantId of ["writer", "reader"]) {
      const node = await connect(service);
      lights.push(node);
      channels.push(
        await createReliableChannel({
          channelId: "segmentation-bench",
          participantId,
          transport: wakuTransport({ node, contentTopic }),
          sds: { joinFrontier: false },
          segmentation: { profile },
        }),
      );
    }
    const [writer, reader] = channels;
    if (writer === undefined || reader === undefined) throw new Error("channels");
    const delivered = reader.once("message-received");
    const started = performance.now();
    await writer.send(payload);
    return await guard(
      delivered.then(() => performance.now() - started),
      SEGMENTATION_LOOPBACK_GUARD_MS,
    );
  } finally {
    await Promise.all(channels.map((c) => c.stop()));
    await Promise.all(lights.map((l) => l.stop()));
    await service.stop();
  }
}
