import { createEncoder, utils, waku } from "@waku/sdk";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeWakuMessage, sealEnvelope } from "../src/envelope.js";
import { FAKE_NETWORK } from "./fake-waku.js";

const SEED = 0xe5e;

describe("sealEnvelope", () => {
  it(`says an envelope may exceed a limit exactly when its encoding does (fast-check seed ${SEED})`, async () => {
    const topic = fc.string({ unit: "binary", minLength: 1, maxLength: 30 }).map((t) => `/app/1/${t}/proto`);
    await fc.assert(
      fc.asyncProperty(
        topic,
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        fc.option(fc.uint8Array({ maxLength: 40 }), { nil: undefined }),
        fc.integer({ min: 1, max: 500 }),
        async (contentTopic, payload, meta, limit) => {
          const routingInfo = utils.createRoutingInfo(FAKE_NETWORK, { contentTopic: "/app/1/x/proto" });
          const base = createEncoder({ contentTopic, routingInfo });
          const encoder = Object.assign(Object.create(base), {
            toProtoObj: async (m: { payload: Uint8Array }) => ({
              ...(await base.toProtoObj(m)),
              ...(meta === undefined ? {} : { meta }),
            }),
          });
          const sealed = await sealEnvelope(encoder, payload, 1_700_000_000_000);
          if (sealed === undefined) throw new Error("declined");
          const wire = encodeWakuMessage(sealed.proto).length;
          expect(sealed.wireBytes()).toBe(wire);
          expect(sealed.mayExceed(limit)).toBe(wire > limit);
          expect(sealed.hash()).toEqual(waku.messageHash(base.pubsubTopic, sealed.proto));
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});
