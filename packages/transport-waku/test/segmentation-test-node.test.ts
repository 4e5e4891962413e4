import { createReliableChannel, type ReliableChannel } from "@reliable-channel/channel";
import type { LogFields, Logger, MessageReceivedEvent } from "@reliable-channel/interfaces";
import { createSdsRepair, type SdsRepair } from "@reliable-channel/sds-repair";
import type { LightNode } from "@waku/sdk";
import { afterEach, describe, expect, it } from "vitest";
import { wakuTransport } from "../src/index.js";
import { guard } from "./loopback.js";
import { createLoopbackFixture } from "./loopback-fixture.js";

const contentTopic = "/reliable-channel/1/segmentation/proto";
const PAYLOAD_BYTES = 5_000_000;
const DROP_RATE = 0.1;
const DROP_SEED = 5;
/** Failure guard for the whole exchange (real time on loopback). */
const EXCHANGE_GUARD_MS = 240_000;

interface Member {
  readonly light: LightNode;
  readonly channel: ReliableChannel;
  readonly repair: SdsRepair;
  readonly received: MessageReceivedEvent[];
  readonly retrieved: Set<string>;
  readonly missing: Set<string>;
  readonly dropped: string[];
  readonly warnings: string[];
}

/** A logger that keeps the warnings and errors (shown when the exchange fails). */
function warningsInto(into: string[]): Logger {
  const keep = (message: string, fields?: LogFields) =>
    void into.push(fields === undefined ? message : `${message} ${JSON.stringify(fields)}`);
  return { debug: () => {}, info: () => {}, warn: keep, error: keep };
}

describe("segmentation over real @waku/sdk light nodes and the loopback test node", () => {
  const loopback = createLoopbackFixture();
  afterEach(() => loopback.stop());

  it("a 5 MB payload with 12.5 % parity reaches every participant while 10 % of filter pushes are dropped", async () => {
    const node = await loopback.startNode();
    node.faults.dropFilterPush(DROP_RATE, { seed: DROP_SEED });
    const lights = await loopback.lightNodes(node, 3);
    const members = await Promise.all(
      lights.map(async (light, index) => {
        const participantId = `p${index}`;
        const repair = createSdsRepair({ participantId });
        const warnings: string[] = [];
        const channel = await createReliableChannel({
          repair: () => repair,
          channelId: "segmentation-e2e",
          participantId,
          transport: wakuTransport({ node: light, contentTopic }),
          syncIntervalMs: 500,
          syncMinDelayMs: 20,
          retrievalBaseDelayMs: 200,
          retryBaseDelayMs: 1_000,
          logger: warningsInto(warnings),
          sds: { joinFrontier: false },
          // The default profile: status-go, segments of 100 000 bytes, ⌊data × 0.125⌋ parity.
        });
        loopback.track(channel);
        const member: Member = {
          light,
          channel,
          repair,
          received: [],
          retrieved: new Set(),
          missing: new Set(),
          dropped: [],
          warnings,
        };
        channel.on("message-received", (event) => member.received.push(event));
        channel.on("retrieved", ({ messageId }) => member.retrieved.add(messageId));
        channel.on("missing", ({ missing }) => {
          for (const entry of missing) member.missing.add(entry.messageId);
        });
        channel.on("message-dropped", ({ reason, detail }) => member.dropped.push(`${reason}: ${detail}`));
        return member;
      }),
    );
    const [sender, ...readers] = members;
    if (sender === undefined) throw new Error("no sender");
    const payload = Uint8Array.from({ length: PAYLOAD_BYTES }, (_, i) => (i * 131 + 7) % 251);
    const id = await sender.channel.send(payload);

    const delivered = readers.map(
      (reader) =>
        new Promise<void>((resolve) => {
          if (reader.received.length > 0) resolve();
          else reader.channel.once("message-received").then(() => resolve());
        }),
    );
    await guard(Promise.all(delivered), `the 5 MB message (drop seed ${DROP_SEED})`, EXCHANGE_GUARD_MS).catch(
      (error: unknown) => {
        const state = readers.map(
          (r) =>
            `${r.channel.participantId}: missing ${r.missing.size}, retrieved ${r.retrieved.size}, status ${JSON.stringify(r.channel.syncStatus)}, dropped ${r.dropped.join("; ")}, last warnings ${r.warnings.slice(-5).join(" | ")}`,
        );
        throw new Error(`${String(error)}\n${state.join("\n")}\nservice: ${JSON.stringify(node.stats)}`);
      },
    );

    const report = readers.map((reader) => {
      expect(reader.received).toHaveLength(1);
      const [message] = reader.received;
      expect(message?.messageId).toBe(id);
      expect(message?.payload).toEqual(payload);
      expect(reader.dropped).toEqual([]);
      return {
        participant: reader.channel.participantId,
        data: message?.segments?.data,
        parityKnown: message?.segments?.parity,
        rebuiltFromParity: message?.segments?.rebuilt,
        missingReported: reader.missing.size,
        fetchedFromStore: reader.retrieved.size,
        repairRequestsSatisfied: reader.repair.stats().requestsSatisfied,
      };
    });
    expect(node.stats.filterPushesDropped, `drop seed ${DROP_SEED}`).toBeGreaterThan(0);
    console.log(
      `segmentation over loopback Waku: filter pushes dropped ${node.stats.filterPushesDropped}; SDS-R responses sent ${JSON.stringify(members.map((m) => [m.channel.participantId, m.repair.stats().responsesSent]))}; ${JSON.stringify(report)}`,
    );
  }, 360_000);
});
