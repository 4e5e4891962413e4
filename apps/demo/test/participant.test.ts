import type { Transport, TransportListener } from "@reliable-channel/interfaces";
import { decodeSdsMessage } from "@reliable-channel/sds";
import { describe, expect, it } from "vitest";
import type { DemoEvent } from "../src/metrics/demo-event.js";
import { demoChannelOptions } from "../src/scenario/channel-tuning.js";
import type { DemoEnvironment } from "../src/scenario/environment.js";
import { createMemoryEnvironment } from "../src/scenario/memory-environment.js";
import { createDemoParticipant, type ParticipantContext } from "../src/scenario/participant.js";
import { createWireLedger } from "../src/scenario/wire-ledger.js";

/** One turn of the event loop: commits, and the events that wait for them, run. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The memory environment, where the transport of a participant that connects later hands it everything
 * published so far while it starts, and lets that be committed before its start resolves: as Waku filter
 * pushes reach a light node while it subscribes.
 */
function pushedWhileStarting(env: DemoEnvironment): DemoEnvironment {
  const published: Uint8Array[] = [];
  return {
    ...env,
    async connect(participantId) {
      const connection = await env.connect(participantId);
      const inner = connection.transport;
      const listeners: TransportListener[] = [];
      const transport: Transport = {
        async start() {
          await inner.start();
          for (const bytes of published) for (const listener of listeners) listener(bytes.slice(), {});
          await turn();
        },
        stop: () => inner.stop(),
        async publish(bytes, options) {
          published.push(bytes.slice());
          return inner.publish(bytes, options);
        },
        subscribe(listener) {
          listeners.push(listener);
          return inner.subscribe(listener);
        },
      };
      return { ...connection, transport };
    },
  };
}

describe("createDemoParticipant", () => {
  it("records what its channel delivers while it starts (seed 3)", async () => {
    const env = pushedWhileStarting(createMemoryEnvironment({ seed: 3, loss: 0 }));
    const events: DemoEvent[] = [];
    const context: ParticipantContext = {
      env,
      channelId: "demo-3",
      ledger: createWireLedger(decodeSdsMessage),
      record: (event) => events.push(event),
      participantCount: 2,
      seed: 3,
      channelOptions: demoChannelOptions(2),
    };
    const p1 = await createDemoParticipant(context, 0, false);
    const sent = await p1.send("before p2 started");
    const p2 = await createDemoParticipant(context, 1, false);
    expect(events).toContainEqual({
      kind: "delivered",
      at: expect.any(Number),
      participant: "p2",
      messageId: sent,
      sender: "p1",
    });
    await p1.stop();
    await p2.stop();
    await env.close();
  });
});
